"""On-disk layout of an archive folder.

    catalog.json      TinyDB (orjson): one metadata record per article, keyed by id — what
                      `list` needs, without any article text, so it opens fast.
    objects/pack-*.zip  per committed batch: each article's clean text and original bytes.
    lock              file lock held by writers.

Every file is written atomically (temp file, fsync, rename), objects before the catalog that
points at them, so a crash leaves the previous state or the new one, never a torn file.
"""

from newsarc.store.atomic import atomic_write_bytes
from newsarc.store.catalog import Catalog
from newsarc.store.objects import ObjectStore

__all__ = ["Catalog", "ObjectStore", "atomic_write_bytes"]
