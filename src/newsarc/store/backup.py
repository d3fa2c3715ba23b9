"""Catalog backups, taken before operations that change many records at once (`rm`,
`reindex`, `doctor --compact`, `doctor --restore`, migration), so a regretted change can be
undone with `newsarc doctor --restore NAME`.

A backup is a copy of the catalog's manifest (store/catalog.py): shard files are never
changed, only replaced, and a replaced file that a backup's manifest names is kept. So a
backup copies nothing but the manifest, and what it keeps is exactly the shards the change
after it replaced. `catalog-*-migration.json` is a whole layout-2 catalog (the one migrated
from), restored by writing its records anew.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import orjson

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import atomic_write_bytes
from newsarc.store.catalog import BACKUPS, Catalog, backup_manifest
from newsarc.store.record import Record

KEEP = 5  # backups kept at least…
KEEP_DAYS = 7  # …and all those younger than this, however many
_STAMP = "%Y%m%dT%H%M%S%fZ"


def backup_catalog(catalog: Catalog, reason: str, *, rotate: bool = True) -> Path | None:
    """Copy the manifest aside; keep the newest KEEP backups. Under the archive's lock."""
    if not catalog.exists():
        return None
    target = _new_name(catalog, reason)
    atomic_write_bytes(target, catalog.manifest().to_json())
    if rotate:
        _rotate(catalog)
    return target


def keep_legacy_catalog(catalog: Catalog, reason: str) -> Path:
    """Move layout 2's catalog.json into the backups."""
    target = _new_name(catalog, reason)
    target.parent.mkdir(parents=True, exist_ok=True)
    catalog.legacy_path.replace(target)
    _rotate(catalog)
    return target


def _new_name(catalog: Catalog, reason: str) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime(_STAMP)
    return catalog.backups / f"catalog-{stamp}-{reason}.json"


def _rotate(catalog: Catalog) -> None:
    """Drop backups past the newest KEEP that are also older than KEEP_DAYS: a burst of
    changes in one afternoon never rotates away the morning's."""
    now = dt.datetime.now(dt.timezone.utc)
    old_enough = now - dt.timedelta(days=KEEP_DAYS)
    past_count = list_backups(catalog.backups.parent)[KEEP:]
    dropped = [b for b in past_count if backup_time(b) < old_enough]
    for old in dropped:
        old.unlink(missing_ok=True)
    if dropped:
        catalog.collect_garbage()  # the shards only they kept


def backup_time(path: Path) -> dt.datetime:
    """When a backup was taken: from its name, or its file's time for an odd name."""
    try:
        stamp = path.name.removeprefix("catalog-").split("-", 1)[0]
        return dt.datetime.strptime(stamp, _STAMP).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)


def backup_reason(path: Path) -> str:
    """The command that took it: rm, reindex, compact, before-restore, migration."""
    return path.stem.removeprefix("catalog-").split("-", 1)[-1]


def list_backups(root: Path) -> list[Path]:
    """Newest first."""
    return sorted((root / "backups").glob(BACKUPS), reverse=True)


def restore_backup(catalog: Catalog, backup: Path) -> Path:
    """Put a backup in place of the catalog (under the archive's lock); the catalog it
    replaces is backed up first."""
    manifest = backup_manifest(backup)
    if manifest is not None:
        aside = backup_catalog(catalog, "before-restore", rotate=False)
        catalog.install(manifest)
    else:
        records = _whole_catalog(backup)
        aside = backup_catalog(catalog, "before-restore", rotate=False)
        catalog.replace_all(records.values())
    _rotate(catalog)  # only now: the backup restored may be the oldest
    return aside or catalog.manifest_path


def articles_backed_up(catalog: Catalog) -> dict[str, set[str]]:
    """The articles each pack holds for some backup: {pack: ids}. A compaction keeps them, so
    that restoring a backup taken before it still finds every text it names."""
    current = catalog.manifest().files()  # its records are the catalog's own: live anyway
    files: set[str] = set()
    tables: list[dict[str, Record]] = []
    for path in list_backups(catalog.backups.parent):
        manifest = backup_manifest(path)
        if manifest is None:
            tables.append(_whole_catalog(path))
        else:
            files |= manifest.files() - current  # a shard most backups share is read once
    tables += [catalog.read_file(name) for name in sorted(files)]
    kept: dict[str, set[str]] = {}
    for table in tables:
        for record in table.values():
            kept.setdefault(str(record.get("_pack", "")), set()).add(str(record["id"]))
    return kept


def _whole_catalog(path: Path) -> dict[str, Record]:
    """The records of a layout-2 catalog kept as a backup."""
    try:
        records: dict[str, Record] = orjson.loads(path.read_bytes())["articles"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise StoreCorrupted(f"{path} is not a catalog backup") from exc
    return records


def copy_aside(path: Path) -> Path:
    """A copy of a damaged file beside it, for whoever wants to look at it later; the file
    itself stays until what replaces it is committed."""
    target = aside_path(path)
    shutil.copy2(path, target)
    return target


def aside_path(path: Path) -> Path:
    """Where a damaged file is kept, beside where it was."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.damaged-{stamp}")
