"""Bringing an archive written in an earlier layout up to the current one.

Layout 1 kept each article's text and original in `objects/ab/ID.gz`; layout 2 keeps them in
zip packs. Migration copies them into packs, commits the catalog once (so a crash leaves the
old layout intact and the migration simply runs again), then removes the old files.
"""

from __future__ import annotations

import contextlib
import gzip
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsarc.errors import StoreCorrupted
from newsarc.store.objects import pack_article

if TYPE_CHECKING:
    from newsarc.archive import Archive

_LAYOUT1_MAGIC = b"newsarc-object 1\n"
CHUNK = 2000


def read_layout1_object(path: Path) -> tuple[str, bytes]:
    try:
        payload = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error) as exc:
        raise StoreCorrupted(f"{path} cannot be read for migration: {exc}") from exc
    if not payload.startswith(_LAYOUT1_MAGIC):
        raise StoreCorrupted(f"{path} is not a newsarc object")
    header_end = payload.index(b"\n", len(_LAYOUT1_MAGIC))
    length = int(payload[len(_LAYOUT1_MAGIC) : header_end])
    start = header_end + 1
    return payload[start : start + length].decode("utf-8"), payload[start + length :]


def migrate_to_packs(archive: Archive) -> int:
    """Move layout-1 objects into packs; returns how many articles were moved."""
    archive.backup("migration")
    with archive.writing() as writer:
        catalog = archive.catalog
        if catalog.layout_version() >= 2:
            return 0
        legacy = [r for r in catalog.records() if "_pack" not in r]
        old_files: list[Path] = []
        updated: list[dict[str, Any]] = []
        for start in range(0, len(legacy), CHUNK):
            chunk = legacy[start : start + CHUNK]
            items: list[tuple[dict[str, Any], bytes | None]] = []
            for record in chunk:
                path = archive.objects.root / record["id"][:2] / f"{record['id']}.gz"
                items.append((record, pack_article(*read_layout1_object(path))))
                old_files.append(path)
            pack = archive.objects.write_pack(items)
            updated.extend({**record, "_pack": pack} for record in chunk)
        writer.replace_records(updated)
    for path in old_files:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # the folder still holds other objects
            path.parent.rmdir()
    return len(updated)
