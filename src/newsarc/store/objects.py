"""Article objects: each article's clean text and its original file's bytes, in zip packs.

Kept out of the catalog so that `list` never reads article text, and kept at all so that
nothing is lost when the original file is deleted and a better extractor can re-read it.

One pack (a zip file, members deflated) is written per committed batch: one file and one
fsync per batch instead of per article, and no 4 KiB disk block wasted per small article.
The catalog record of an article names its pack. A pack is written whole to a temp file,
fsynced and renamed into place, and only then does a catalog that names it get committed.

The members' format is in store/members.py; reading the packs whole (a repair's view) is in
store/pack_view.py.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, NamedTuple, TypeVar, overload

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import fsync_dir
from newsarc.store.members import (
    ARTICLE,
    LOCAL_MAGIC,
    ORIGINAL,
    RECORDS,
    REMOVED,
    TEXT,
    member_at,
    members_of,
    record_line,
    split_member,
    unpack_article,
    unpack_text,
)
from newsarc.store.record import Record

if TYPE_CHECKING:
    from newsarc.store.pack_view import PackView

MAX_OPEN_PACKS = 128
T = TypeVar("T")
COMPRESS_LEVEL = 1  # of deflate, for records.jsonl


class _Member(NamedTuple):
    offset: int  # of its local header
    size: int  # compressed
    method: int  # zipfile.ZIP_STORED or ZIP_DEFLATED
    crc: int


class ObjectStore:
    """Packs in a folder. A pack's directory (member → where it lies) is read once per
    process and kept, a few dozen bytes a member, while at most MAX_OPEN_PACKS files stay
    open: reading texts in date order jumps between all the packs of an archive, and
    parsing a directory again for each read cost an export of 500k articles minutes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._directories: dict[str, dict[str, _Member]] = {}
        self._files: dict[str, BinaryIO] = {}

    def write_pack(
        self,
        items: Iterable[tuple[Record, bytes | None]],
        removed: Iterable[str] = (),
    ) -> str:
        """Write (record, article) items and removal markers as one new pack; returns its name.

        An article is what pack_article made of its text and original, or None for a change
        of metadata only.
        """

        def fill(pack: zipfile.ZipFile) -> None:
            records: list[bytes] = []
            for record, article in items:
                records.append(record_line(record))
                if article is not None:
                    pack.writestr(record["id"] + ARTICLE, article, compress_type=zipfile.ZIP_STORED)
            if records:
                pack.writestr(RECORDS, b"\n".join(records) + b"\n")
            for article_id in removed:
                pack.writestr(article_id + REMOVED, b"")

        return self._write_zip(fill)

    def rewrite_pack(
        self,
        pack: str,
        records: list[Record],
        also: Iterable[str] = (),
        removed: Iterable[str] = (),
    ) -> None:
        """Replace `pack`, under its own name, with one holding only the articles of these
        records and of the ids `also` (their members copied one at a time), as its records
        these, and markers for the ids `removed` (of those `also`, the articles no longer
        in the catalog, so that a rebuild from the packs knows them removed): what a
        compaction keeps. The rename is atomic: a reader or a crash
        sees the old pack or the new one, and a record naming the pack still finds its
        article (a backup's too)."""
        directory = self._directory(pack)
        names = set(directory)
        ids = list(dict.fromkeys([*(str(r["id"]) for r in records), *also]))

        def fill(new: zipfile.ZipFile) -> None:
            for article_id in ids:
                for member in members_of(article_id, names):
                    kind = directory[member].method
                    new.writestr(member, self._read(pack, member), compress_type=kind)
            if records:
                new.writestr(RECORDS, b"\n".join(map(record_line, records)) + b"\n")
            for article_id in sorted(removed):
                new.writestr(article_id + REMOVED, b"")

        self._write_zip(fill, name=pack)
        self._close(pack)
        self._directories.pop(pack, None)

    def holds_only(
        self,
        pack: str,
        records: list[Record],
        also: Iterable[str] = (),
        removed: Iterable[str] = (),
    ) -> bool:
        """Whether the pack holds exactly what rewrite_pack would keep: nothing a compaction
        would reclaim."""
        names = set(self._directory(pack))
        ids = [*(str(r["id"]) for r in records), *also]
        wanted = {m for i in ids for m in members_of(i, names)}
        wanted |= {i + REMOVED for i in removed} | ({RECORDS} if records else set())
        if names != wanted:
            return False
        if not records:
            return True
        written = self._read(pack, RECORDS).splitlines()
        return sorted(written) == sorted(map(record_line, records))

    def _write_zip(self, fill: Callable[[zipfile.ZipFile], None], name: str = "") -> str:
        """A pack (new, unless `name` is given), written by `fill` to a temporary file,
        synced and renamed into place."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = name or f"pack-{time.time_ns():020d}-{os.getpid()}-{os.urandom(4).hex()}.zip"
        tmp = self.root / f".{name}.tmp"
        try:
            with open(tmp, "wb") as handle:
                with zipfile.ZipFile(
                    handle, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
                ) as pack:
                    fill(pack)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / name)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(self.root)
        return name

    def view(self) -> PackView:
        """What the packs tell, read whole (store/pack_view.py)."""
        from newsarc.store.pack_view import read_view

        return read_view(self)

    def member_names(self, pack: str) -> list[str]:
        """The pack's members in the order they were written; StoreCorrupted if its
        directory cannot be read."""
        return list(self._directory(pack))

    def read_member(self, pack: str, member: str) -> bytes:
        """A member's bytes, checked against its checksum (StoreCorrupted if not)."""
        return self._read(pack, member)

    def contents(self, pack: str) -> tuple[list[str], list[str]]:
        """(ids of the articles whose texts the pack holds, ids it marks removed)."""
        texts: list[str] = []
        removed: list[str] = []
        for name in self._directory(pack):
            article_id, kind = split_member(name)
            if kind in (ARTICLE, TEXT):
                texts.append(article_id)
            elif kind == REMOVED:
                removed.append(article_id)
        return texts, removed

    def complete_ids(self, pack: str) -> set[str]:
        """Ids of the articles whose text and original are both in the pack."""
        ids: set[str] = set()
        names = set(self._directory(pack))
        for name in names:
            article_id, kind = split_member(name)
            if kind == ARTICLE or (kind == TEXT and article_id + ORIGINAL in names):
                ids.add(article_id)
        return ids

    def damaged_members(self, pack: str) -> list[tuple[str, str]]:
        """(member, why) for each member of the pack that cannot be read back or fails its
        checksum: every byte read (doctor's check)."""
        damaged = []
        for member in self._directory(pack):
            try:
                self._read(pack, member)
            except StoreCorrupted as exc:
                damaged.append((member, str(exc)))
        return damaged

    def text(self, pack: str, article_id: str) -> str:
        found = self._unpack(pack, article_id, unpack_text)
        if found is None:  # a pack written before .article.zst
            return self._read(pack, article_id + TEXT).decode("utf-8")
        return found

    def texts(self, wanted: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Texts by id, for (pack, id) pairs."""
        return {article_id: self.text(pack, article_id) for pack, article_id in wanted}

    def original(self, pack: str, article_id: str) -> bytes:
        found = self._unpack(pack, article_id, unpack_article)
        if found is None:  # a pack written before .article.zst
            return self._read(pack, article_id + ORIGINAL)
        return found[1]

    def _unpack(self, pack: str, article_id: str, unpack: Callable[[bytes], T]) -> T | None:
        """What `unpack` makes of the article's member; None if the pack has none."""
        member = article_id + ARTICLE
        data = self._read(pack, member, missing_ok=True)
        if data is None:
            return None
        try:
            return unpack(data)
        except ValueError as exc:  # UnicodeDecodeError is one too
            raise StoreCorrupted(f"{self.root / pack}: {member} is damaged ({exc})") from exc

    def unreadable_packs(self) -> list[str]:
        """Packs whose directory cannot be read (cut short, overwritten): salvage_pack's."""
        unreadable = []
        for pack in self.packs():
            try:
                self._directory(pack)
            except StoreCorrupted:
                unreadable.append(pack)
        return unreadable

    def salvage_pack(self, pack: str) -> tuple[str | None, int, Path]:
        """The members of a pack whose directory is lost, read by their own headers: each
        whole one (its checksum right) goes into a new pack, in the order written, and the
        damaged file is moved aside, out of the packs. Returns (the new pack, or None when
        nothing was whole; how many members; where the damaged file went)."""
        from newsarc.store.backup import aside_path

        data = (self.root / pack).read_bytes()
        whole: list[tuple[str, bytes, int]] = []
        at = data.find(LOCAL_MAGIC)
        while at != -1:
            member = member_at(data, at)
            if member is None:
                at = data.find(LOCAL_MAGIC, at + 4)
                continue
            whole.append(member[:3])
            at = data.find(LOCAL_MAGIC, member[3])

        def fill(new: zipfile.ZipFile) -> None:
            for name, content, method in whole:
                new.writestr(name, content, compress_type=method)

        salvaged = self._write_zip(fill) if whole else None
        aside = aside_path(self.root / pack)
        self._close(pack)
        self._directories.pop(pack, None)
        os.replace(self.root / pack, aside)
        fsync_dir(self.root)
        return salvaged, len(whole), aside

    def packs(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("pack-*.zip"))

    def remove_pack(self, pack: str) -> None:
        self._close(pack)
        self._directories.pop(pack, None)
        (self.root / pack).unlink(missing_ok=True)

    def close(self) -> None:
        for pack in list(self._files):
            self._close(pack)
        self._directories.clear()

    @overload
    def _read(self, pack: str, member: str) -> bytes: ...
    @overload
    def _read(self, pack: str, member: str, *, missing_ok: Literal[True]) -> bytes | None: ...

    def _read(self, pack: str, member: str, *, missing_ok: bool = False) -> bytes | None:
        found = self._directory(pack).get(member)
        if found is None:
            if missing_ok:
                return None
            raise StoreCorrupted(
                f"{self.root / pack} lacks {member}: that article's text is lost; "
                "re-import its file with --update"
            )
        try:
            handle = self._file(pack)
            handle.seek(found.offset)
            header = handle.read(_LOCAL_HEADER.size)
            if len(header) < _LOCAL_HEADER.size or header[:4] != LOCAL_MAGIC:
                raise zipfile.BadZipFile(f"no local header for {member}")
            _, name_length, extra_length = _LOCAL_HEADER.unpack(header)
            handle.seek(name_length + extra_length, os.SEEK_CUR)
            data = handle.read(found.size)
            if found.method == zipfile.ZIP_DEFLATED:
                data = zlib.decompress(data, -15)
            elif found.method != zipfile.ZIP_STORED:
                raise zipfile.BadZipFile(f"{member} is compressed in a way newsarc never writes")
            if zlib.crc32(data) != found.crc:
                raise zipfile.BadZipFile(f"{member} does not match its checksum")
            return data
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise StoreCorrupted(f"{self.root / pack} is damaged: {exc}") from exc

    def _directory(self, pack: str) -> dict[str, _Member]:
        """The pack's members (in the order written), read from its central directory."""
        directory = self._directories.get(pack)
        if directory is None:
            path = self.root / pack
            try:
                with zipfile.ZipFile(path) as archive:
                    directory = {
                        info.filename: _Member(
                            info.header_offset, info.compress_size, info.compress_type, info.CRC
                        )
                        for info in archive.infolist()
                    }
            except FileNotFoundError as exc:
                raise StoreCorrupted(
                    f"{path} is missing: the texts stored in it are lost; "
                    "re-import their files with --update"
                ) from exc
            except (zipfile.BadZipFile, OSError) as exc:
                raise StoreCorrupted(f"{path} is damaged: {exc}") from exc
            self._directories[pack] = directory
        return directory

    def _file(self, pack: str) -> BinaryIO:
        if pack not in self._files:
            if len(self._files) >= MAX_OPEN_PACKS:
                self._close(next(iter(self._files)))
            try:
                self._files[pack] = open(self.root / pack, "rb")  # noqa: SIM115  # kept open
            except FileNotFoundError as exc:
                raise StoreCorrupted(f"{self.root / pack} is missing") from exc
        return self._files[pack]

    def _close(self, pack: str) -> None:
        handle = self._files.pop(pack, None)
        if handle is not None:
            handle.close()


# A zip member's local header: magic, then fields up to the name's and the extra's lengths.
_LOCAL_HEADER = struct.Struct("<4s22xHH")


# A worker process's open stores, by process and folder: a process forked from one that
# had a store open must not read through its zip files, whose file offset they would share.
_STORES: dict[tuple[int, str], ObjectStore] = {}


def read_texts(job: tuple[str, list[tuple[str, str]]]) -> dict[str, str]:
    """ObjectStore.texts of the store in a folder: a worker process's job."""
    root, wanted = job
    key = (os.getpid(), root)
    store = _STORES.get(key)
    if store is None:
        store = _STORES[key] = ObjectStore(Path(root))
    return store.texts(wanted)
