"""The catalog: TinyDB holding one metadata record per article, keyed by article id.

TinyDB reads and writes its whole file at once. Its storage here parses the file once per
open (with orjson, several times faster than the stdlib and without \\u escapes for CJK),
keeps it in memory, and writes only when the archive commits, atomically.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import atomic_write_bytes

ARTICLES = "articles"
META = "meta"
# 1: text and originals in objects/ab/ID.gz, one file per article (development only).
# 2: text and originals in zip packs named by each record's `_pack`.
LAYOUT_VERSION = 2


def file_stamp(path: Path) -> str:
    """Changes whenever the file is replaced (every commit renames a new file into place)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "none"
    return f"{info.st_ino}-{info.st_mtime_ns}-{info.st_size}"


class _CachedOrjsonStorage(Storage):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, Any] | None = None
        self.dirty = False
        self.stamp = ""  # of the file the data in memory came from, or was written to

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            stamp = file_stamp(self.path)
            self._data = _load(self.path)
            self.stamp = stamp
        return self._data

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self.dirty = True

    def flush(self) -> None:
        if self.dirty and self._data is not None:
            atomic_write_bytes(self.path, orjson.dumps(self._data))
            self.stamp = file_stamp(self.path)
            self.dirty = False

    def reload(self) -> None:
        """Forget the data in memory unless it is exactly what is on disk (no re-parse of an
        unchanged catalog: 100k records take most of a second)."""
        if self.dirty or self._data is None or file_stamp(self.path) != self.stamp:
            self._data = None
            self.dirty = False

    def close(self) -> None:
        pass


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise StoreCorrupted(f"cannot read {path}: {exc.strerror}") from exc
    try:
        data = orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupted(
            f"{path} is damaged ({exc}); it was left as it is: "
            "`newsarc doctor --repair` rebuilds it from the stored articles"
        ) from exc
    if not isinstance(data, dict):
        raise StoreCorrupted(
            f"{path} is not a newsarc catalog; it was left as it is: "
            "`newsarc doctor --repair` rebuilds it from the stored articles"
        )
    return data


class _IdKeyedTable(Table):
    # Documents are keyed by the article's hex id rather than TinyDB's counter. TinyDB
    # supports this (document_id_class), though its type hints say int; hence the ignores.
    document_id_class = str  # type: ignore[assignment]


class _CatalogDB(TinyDB):
    table_class = _IdKeyedTable


class Catalog:
    """Metadata records by article id; changes are kept in memory until `commit`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = _CatalogDB(path, storage=_CachedOrjsonStorage)
        storage = self._db.storage
        assert isinstance(storage, _CachedOrjsonStorage)
        self._storage = storage
        self._articles = self._db.table(ARTICLES, cache_size=0)

    def _read_checked(self) -> dict[str, Any]:
        fresh = not self._storage.loaded
        data = self._storage.read() or {}
        if fresh:
            self._check_layout(data)
        return data

    def layout_version(self) -> int:
        """The layout the archive on disk was written in (the current one if it is new)."""
        meta = self._read_checked().get(META, {}).get("layout") or {}
        if "version" in meta:
            return int(meta["version"])
        return 1 if self._raw() else LAYOUT_VERSION

    def _check_layout(self, data: dict[str, Any]) -> None:
        meta = data.get(META, {}).get("layout") or {}
        if meta.get("version", 0) > LAYOUT_VERSION:
            raise StoreCorrupted(
                f"{self.path} was written by a newer newsarc (layout {meta['version']}); "
                "upgrade newsarc to read it"
            )

    def _raw(self) -> dict[str, dict[str, Any]]:
        data = self._read_checked()
        table: dict[str, dict[str, Any]] = data.get(ARTICLES, {})
        return table

    def __len__(self) -> int:
        return len(self._raw())

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._raw()

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self._raw().get(article_id)

    def ids(self) -> list[str]:
        return list(self._raw())

    def records(self) -> Iterator[dict[str, Any]]:
        yield from self._raw().values()

    def put_many(self, records: list[dict[str, Any]]) -> None:
        """Insert or replace records (in memory until `commit`)."""
        if not records:
            return
        self.remove([r["id"] for r in records])
        self._articles.insert_multiple([_document(r) for r in records])

    def remove(self, article_ids: list[str]) -> None:
        present = [i for i in article_ids if i in self._raw()]
        if present:
            self._articles.remove(doc_ids=present)  # type: ignore[arg-type]

    @property
    def stamp(self) -> str:
        """The on-disk catalog's stamp as of the data in memory (see file_stamp)."""
        return self._storage.stamp

    def reload(self) -> None:
        """Forget the in-memory copy: the next read sees what other processes committed."""
        self._storage.reload()
        self._articles.clear_cache()

    def replace_all(self, records: dict[str, dict[str, Any]]) -> None:
        """Replace the whole catalog (a repair); written on `commit`."""
        self._storage.write({ARTICLES: records, META: {"layout": {"version": LAYOUT_VERSION}}})
        self._articles.clear_cache()

    def commit(self) -> None:
        if self._storage.dirty:
            self._db.table(META, cache_size=0).upsert(
                _meta_document({"version": LAYOUT_VERSION}), cond=None
            )
        self._storage.flush()


def _document(record: dict[str, Any]) -> Document:
    return Document(record, doc_id=record["id"])


def _meta_document(value: dict[str, Any]) -> Document:
    return Document(value, doc_id="layout")  # type: ignore[arg-type]
