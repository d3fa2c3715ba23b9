"""Bringing an archive written in an earlier layout up to the current one.

Layout 2 kept the whole catalog in one TinyDB file, `catalog.json`; layout 3 keeps it in
shards named by a manifest (store/catalog.py). Migration writes the shards and renames the
manifest into place (the commit: a crash before it leaves catalog.json as it was, and the
migration runs again on the next open), then moves catalog.json into the backups, where
`doctor --restore` can still put it back. Layout 1 (one object file per article) was only
ever written by development versions before 0.1.0 and is refused.
"""

from __future__ import annotations

from typing import cast

import orjson

from newsarc.errors import StoreCorrupted
from newsarc.store.backup import keep_legacy_catalog
from newsarc.store.catalog import LEGACY_CATALOG, Catalog
from newsarc.store.record import Record


def migrate_catalog(catalog: Catalog) -> int:
    """Move a layout-2 catalog.json into shards (under the archive's lock); returns how many
    records were moved (0 if an earlier, interrupted migration had already committed)."""
    if not catalog.needs_migration():
        return 0
    moved = 0
    if not catalog.exists():
        records = read_legacy_catalog(catalog)
        catalog.replace_all(records.values())
        moved = len(records)
    keep_legacy_catalog(catalog, "migration")
    return moved


def read_legacy_catalog(catalog: Catalog) -> dict[str, Record]:
    path = catalog.legacy_path
    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise StoreCorrupted(f"cannot read {path}: {exc.strerror}") from exc
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupted(
            f"{path} is damaged ({exc}); it was left as it is: move it away and run "
            "`newsarc doctor --repair` to rebuild the catalog from the stored articles"
        ) from exc
    records = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(records, dict):
        raise StoreCorrupted(f"{path} is not a newsarc {LEGACY_CATALOG}; it was left as it is")
    version = (data.get("meta", {}).get("layout") or {}).get("version", 1)
    if version < 2 or any("_pack" not in r for r in records.values()):
        raise StoreCorrupted(
            f"{path} is in layout 1, written only by development versions of newsarc before "
            "0.1.0, which this version does not read"
        )
    return cast(dict[str, Record], records)
