"""Catalog backups, taken before operations that rewrite many records at once (reindex,
removal, migration), so a regretted change can be undone with `newsarc doctor --restore`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

KEEP = 5


def backup_folder(root: Path) -> Path:
    return root / "backups"


def backup_catalog(root: Path, reason: str) -> Path | None:
    """Copy catalog.json aside (atomically); keep the newest KEEP copies."""
    from newsarc.store.atomic import atomic_write_bytes

    catalog = root / "catalog.json"
    if not catalog.exists():
        return None
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_folder(root) / f"catalog-{stamp}-{reason}.json"
    atomic_write_bytes(target, catalog.read_bytes())
    for old in list_backups(root)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def list_backups(root: Path) -> list[Path]:
    """Newest first."""
    return sorted(backup_folder(root).glob("catalog-*.json"), reverse=True)


def restore_backup(root: Path, backup: Path) -> Path:
    """Put a backup in place of the catalog; the catalog it replaces is kept aside."""
    from newsarc.store.atomic import atomic_write_bytes

    catalog = root / "catalog.json"
    aside = backup_catalog(root, "before-restore")
    atomic_write_bytes(catalog, backup.read_bytes())
    return aside or catalog


def move_aside(path: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.move(str(path), target)
    return target
