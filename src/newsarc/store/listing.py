"""A derived, indexed copy of the catalog in SQLite, so reading commands never parse it.

The catalog (TinyDB, JSON) is the store of record, and TinyDB reads a whole file at once:
100k records parse in most of a second and take hundreds of MB. `list`, `show` and `export`
read this copy instead: one row per article with the columns filters need, and the whole
record as JSON. Each row set is stamped with the catalog file it came from (inode, mtime,
size). Writers update it right after committing the catalog; if that did not happen (a crash
in between, an older newsarc), the stamp no longer matches and it is rebuilt from the catalog
on the next read. Deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from newsarc.store.catalog import Catalog, file_stamp

LISTING_FILE = "listing.sqlite"
SCHEMA_VERSION = "2"
# What filters and sorting need; the rest stays in the record blob.
LIGHT = ("id", "date", "title", "source", "source_name", "feed", "_feed_name", "tags")


class Listing:
    def __init__(self, path: Path, catalog: Catalog) -> None:
        self.path = path
        self._catalog = catalog
        self._db: sqlite3.Connection | None = None

    # -- reading ----------------------------------------------------------------------------

    def count(self) -> int:
        return int(self._fresh().execute("SELECT count(*) FROM articles").fetchone()[0])

    def get(self, article_id: str) -> dict[str, Any] | None:
        row = (
            self._fresh()
            .execute("SELECT record FROM articles WHERE id = ?", (article_id,))
            .fetchone()
        )
        return orjson.loads(row[0]) if row else None

    def get_many(self, ids: list[str]) -> list[dict[str, Any]]:
        """Records in the order of `ids` (unknown ids are skipped)."""
        db = self._fresh()
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, blob in db.execute(
                f"SELECT id, record FROM articles WHERE id IN ({marks})", chunk
            ):
                found[article_id] = orjson.loads(blob)
        return [found[i] for i in ids if i in found]

    def packs(self, ids: list[str]) -> dict[str, str]:
        """The pack holding each article's text."""
        db = self._fresh()
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(db.execute(f"SELECT id, pack FROM articles WHERE id IN ({marks})", chunk))
        return found

    def with_prefix(self, prefix: str, limit: int = 50) -> list[str]:
        rows = self._fresh().execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [r[0] for r in rows]

    def ids(self) -> list[str]:
        return [r[0] for r in self._fresh().execute("SELECT id FROM articles ORDER BY id")]

    def light_records(self, since: str | None, until: str | None) -> Iterator[dict[str, Any]]:
        """The fields filters and sorting need, for articles whose day is in range."""
        sql = "SELECT id, date, title, source, source_name, feed, feed_name, tags FROM articles"
        clauses, params = [], []
        if since:
            clauses.append("day >= ?")
            params.append(since)
        if until:
            clauses.append("day <= ?")
            params.append(until)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        for row in self._fresh().execute(sql, params):
            record = dict(zip(LIGHT, row, strict=True))
            record["tags"] = orjson.loads(record["tags"])
            yield record

    def all_records(self) -> Iterator[dict[str, Any]]:
        for (blob,) in self._fresh().execute("SELECT record FROM articles"):
            yield orjson.loads(blob)

    # -- writing ----------------------------------------------------------------------------

    def apply(
        self, records: list[dict[str, Any]], removed: Iterable[str], before: str, after: str
    ) -> None:
        """After a catalog commit: bring the copy along, if it matched the catalog before."""
        db = self._connect()
        with _transaction(db):
            if self._stamp(db) != before:
                return  # stale already: the next read rebuilds it
            db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in removed])
            db.executemany(_INSERT, [_row(r) for r in records])
            db.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (after,))

    # -- keeping fresh ----------------------------------------------------------------------

    def ensure_fresh(self) -> bool:
        """Bring the copy up to date with the catalog; True if that meant reading it."""
        db = self._connect()
        stamp = file_stamp(self._catalog.path)
        if self._stamp(db) == stamp:
            return False
        with _transaction(db):
            if self._stamp(db) != stamp:  # another process may have rebuilt it meanwhile
                self._rebuild(db)
        return True

    def _fresh(self) -> sqlite3.Connection:
        self.ensure_fresh()
        return self._connect()

    def _rebuild(self, db: sqlite3.Connection) -> None:
        self._catalog.reload()
        records = list(self._catalog.records())  # parses the catalog, checking its layout
        stamp = self._catalog.stamp
        db.execute("DELETE FROM articles")
        db.executemany(_INSERT, [_row(r) for r in records])
        db.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (stamp,))

    def _stamp(self, db: sqlite3.Connection) -> str:
        row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        return str(row[0]) if row else ""

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = _open(self.path)
            except sqlite3.DatabaseError:
                self.path.unlink(missing_ok=True)  # derived data: start again
                self._db = _open(self.path)
        return self._db

    def fresh_path(self) -> Path:
        """The SQLite file, up to date: for other derived indexes to ATTACH."""
        self.ensure_fresh()
        return self.path

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


_INSERT = (
    "INSERT OR REPLACE INTO articles(id, day, date, title, source, source_name, feed, "
    "feed_name, tags, pack, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _row(record: dict[str, Any]) -> tuple[Any, ...]:
    date = record.get("date")
    return (
        record["id"],
        date[:10] if date else None,
        date,
        record.get("title", ""),
        record.get("source", ""),
        record.get("source_name", ""),
        record.get("feed"),
        record.get("_feed_name", ""),
        orjson.dumps(record.get("tags", [])).decode(),
        record.get("_pack", ""),
        orjson.dumps(record),
    )


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # derived data: a lost update means a rebuild
    version = None
    with contextlib.suppress(sqlite3.OperationalError):  # a new file has no tables yet
        version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    if version != (SCHEMA_VERSION,):
        db.executescript(
            """
            DROP TABLE IF EXISTS articles; DROP TABLE IF EXISTS meta;
            CREATE TABLE articles(id TEXT PRIMARY KEY, day TEXT, date TEXT, title TEXT,
                source TEXT, source_name TEXT, feed TEXT, feed_name TEXT, tags TEXT,
                pack TEXT, record BLOB) WITHOUT ROWID;
            CREATE INDEX articles_day ON articles(day);
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            INSERT INTO meta VALUES ('stamp', '');
            """
        )
        db.execute("INSERT INTO meta VALUES ('version', ?)", (SCHEMA_VERSION,))
    return db


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
