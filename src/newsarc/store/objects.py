"""Article objects: each article's clean text and its original file's bytes, in zip packs.

Kept out of the catalog so that `list` never reads article text, and kept at all so that
nothing is lost when the original file is deleted and a better extractor can re-read it.

One pack (a zip file, members deflated) is written per committed batch: one file and one
fsync per batch instead of per article, and no 4 KiB disk block wasted per small article.
The catalog record of an article names its pack. A pack is written whole to a temp file,
fsynced and renamed into place, and only then does a catalog that names it get committed.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import fsync_dir

_TEXT = ".txt"
_ORIGINAL = ".raw"
MAX_OPEN_PACKS = 128


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[str, zipfile.ZipFile] = {}

    def write_pack(self, items: Iterable[tuple[str, str, bytes]]) -> str:
        """Write (id, text, original) items as one new pack; returns the pack's name."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"pack-{os.getpid()}-{os.urandom(6).hex()}.zip"
        tmp = self.root / f".{name}.tmp"
        try:
            with open(tmp, "wb") as handle:
                with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as pack:
                    for article_id, text, original in items:
                        pack.writestr(article_id + _TEXT, text.encode("utf-8"))
                        pack.writestr(article_id + _ORIGINAL, original)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(self.root)
        return name

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
