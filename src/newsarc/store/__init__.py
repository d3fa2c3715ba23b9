"""On-disk layout of an archive folder.

    catalog/manifest.json   names the catalog's shards: the store of record's one entry point
    catalog/NNNNNN.G.json   TinyDB shards of at most 1,000 metadata records (no text)
    objects/pack-*.zip      per committed batch: each article's clean text and original bytes
    backups/catalog-*.json  manifests of the catalog before sweeping changes
    listing.sqlite, search.sqlite   derived indexes, rebuilt when lost
    lock                    file lock held by writers

Every file is written atomically (temp file, fsync, rename), objects before the catalog that
points at them, so a crash leaves the previous state or the new one, never a torn file.
"""

from newsarc.store.atomic import atomic_write_bytes
from newsarc.store.catalog import Catalog
from newsarc.store.objects import ObjectStore

__all__ = ["Catalog", "ObjectStore", "atomic_write_bytes"]
