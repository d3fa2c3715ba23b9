"""SQLite files of derived data (the listing copy, the search index): rebuilt, never repaired.

Each carries a schema version; a file of another version, or one SQLite cannot read, is
started afresh, since everything in it can be computed again from the catalog and packs.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any


def open_derived(path: Path, version: str, schema: str) -> sqlite3.Connection:
    """Open, creating or recreating as needed. Several newsarc processes may open the same
    new archive at once, and only one may lay out or replace the file: that happens under a
    file lock. A file already in this version (every `list` and `show` after the first)
    opens without it, since its version row is written last; that also spares importing
    filelock, a third of `show`'s own time."""
    current = _open_if_current(path, version)
    if current is not None:
        return current
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=120):
        try:
            return _open(path, version, schema)
        except sqlite3.OperationalError:
            raise  # locked, disk I/O, …: not a reason to throw the file away
        except sqlite3.DatabaseError:
            path.unlink(missing_ok=True)  # not a database (damaged): derived, start again
            return _open(path, version, schema)


def _open_if_current(path: Path, version: str) -> sqlite3.Connection | None:
    if not path.exists():
        return None
    db: sqlite3.Connection | None = None
    try:
        db = _connect(path)
        found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError:  # no such table yet, damaged, busy: the locked way decides
        found = None
    if db is not None and found == (version,):
        return db
    if db is not None:
        db.close()
    return None


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # derived data: a lost update means a rebuild
    # Articles arrive in random id order, so a batch touches pages all over the file: with
    # SQLite's 2 MiB default cache and 4 MiB between checkpoints, a batch of 20k into 100k
    # took 1.5 s; with these, 0.9 s. Both are ceilings, not allocations.
    db.execute("PRAGMA cache_size=-65536")  # KiB
    db.execute("PRAGMA wal_autocheckpoint=10000")  # pages
    return db


def _open(path: Path, version: str, schema: str) -> sqlite3.Connection:
    db = _connect(path)
    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise  # busy or failing: never a reason to lay the file out again
        found = None  # a new file
    if found != (version,):
        db.executescript(schema)
        db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
    return db


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE: one process changes the file at a time; rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


IN_CHUNK = 500  # values a statement's IN list takes at once


def rows_in(db: sqlite3.Connection, sql: str, values: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql`, whose `{}` is an IN list, for all of `values`, IN_CHUNK at a time
    (SQLite limits how many parameters one statement takes)."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        yield from db.execute(sql.format(",".join("?" * len(chunk))), chunk)
