"""Article objects: each article's clean text and its original file's bytes, in zip packs.

Kept out of the catalog so that `list` never reads article text, and kept at all so that
nothing is lost when the original file is deleted and a better extractor can re-read it.

One pack (a zip file, members deflated) is written per committed batch: one file and one
fsync per batch instead of per article, and no 4 KiB disk block wasted per small article.
The catalog record of an article names its pack. A pack is written whole to a temp file,
fsynced and renamed into place, and only then does a catalog that names it get committed.

Each pack also carries the catalog records it was written with (`ID.json`) and markers for
articles removed (`ID.removed`); pack names sort in the order they were written. So the
catalog can always be rebuilt from the packs alone (`newsarc doctor --repair`).
"""

from __future__ import annotations

import os
import time
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import fsync_dir

_TEXT = ".txt"
_ORIGINAL = ".raw"
_RECORD = ".json"
_REMOVED = ".removed"
MAX_OPEN_PACKS = 128


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[str, zipfile.ZipFile] = {}

    def write_pack(
        self,
        items: Iterable[tuple[dict[str, Any], str | None, bytes | None]],
        removed: Iterable[str] = (),
    ) -> str:
        """Write (record, text, original) items and removal markers as one new pack.

        Returns the pack's name. Text and original may be None for a change of metadata only.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"pack-{time.time_ns():020d}-{os.getpid()}-{os.urandom(4).hex()}.zip"
        tmp = self.root / f".{name}.tmp"
        try:
            with open(tmp, "wb") as handle:
                with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as pack:
                    for record, text, original in items:
                        article_id = record["id"]
                        meta = {k: v for k, v in record.items() if k != "_pack"}
                        pack.writestr(article_id + _RECORD, orjson.dumps(meta))
                        if text is not None:
                            pack.writestr(article_id + _TEXT, text.encode("utf-8"))
                        if original is not None:
                            pack.writestr(article_id + _ORIGINAL, original)
                    for article_id in removed:
                        pack.writestr(article_id + _REMOVED, b"")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(self.root)
        return name

    def rebuild_records(self) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """The catalog as the packs tell it: (records by id, problems found)."""
        records: dict[str, dict[str, Any]] = {}
        text_pack: dict[str, str] = {}
        problems: list[str] = []
        for pack in self.packs():
            try:
                names = self._zip(pack).namelist()
            except StoreCorrupted as exc:
                problems.append(str(exc))
                continue
            for member in names:
                article_id, _, kind = member.rpartition(".")
                if kind == _RECORD[1:]:
                    records[article_id] = orjson.loads(self._read(pack, member))
                elif kind == _TEXT[1:]:
                    text_pack[article_id] = pack
                elif kind == _REMOVED[1:]:
                    records.pop(article_id, None)
                    text_pack.pop(article_id, None)
        complete: dict[str, dict[str, Any]] = {}
        for article_id, record in records.items():
            if article_id in text_pack:
                complete[article_id] = {**record, "_pack": text_pack[article_id]}
            else:
                problems.append(f"article {article_id}: its text is in no readable pack")
        return complete, problems

    def members(self, pack: str) -> set[str]:
        return set(self._zip(pack).namelist())

    def text(self, pack: str, article_id: str) -> str:
        return self._read(pack, article_id + _TEXT).decode("utf-8")

    def original(self, pack: str, article_id: str) -> bytes:
        return self._read(pack, article_id + _ORIGINAL)

    def packs(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("pack-*.zip"))

    def remove_pack(self, pack: str) -> None:
        self._close(pack)
        (self.root / pack).unlink(missing_ok=True)

    def close(self) -> None:
        for pack in list(self._open):
            self._close(pack)

    def _read(self, pack: str, member: str) -> bytes:
        try:
            return self._zip(pack).read(member)
        except KeyError as exc:
            raise StoreCorrupted(
                f"{self.root / pack} lacks {member}: that article's text is lost; "
                "re-import its file with --update"
            ) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise StoreCorrupted(f"{self.root / pack} is damaged: {exc}") from exc

    def _zip(self, pack: str) -> zipfile.ZipFile:
        if pack not in self._open:
            if len(self._open) >= MAX_OPEN_PACKS:
                self._close(next(iter(self._open)))
            path = self.root / pack
            try:
                self._open[pack] = zipfile.ZipFile(path)
            except FileNotFoundError as exc:
                raise StoreCorrupted(
                    f"{path} is missing: the texts stored in it are lost; "
                    "re-import their files with --update"
                ) from exc
            except (zipfile.BadZipFile, OSError) as exc:
                raise StoreCorrupted(f"{path} is damaged: {exc}") from exc
        return self._open[pack]

    def _close(self, pack: str) -> None:
        handle = self._open.pop(pack, None)
        if handle is not None:
            handle.close()
