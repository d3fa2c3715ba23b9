"""How a derived index (search.sqlite, stories.sqlite) keeps up with the listing: it
ATTACHes the listing as `listing`, remembers in its own `meta` the listing stamp and the
entry of the listing's log of changes it last caught up with, and next time asks only for
the ids logged since (store/listing.py keeps the log)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsarc.store.derived import open_derived

if TYPE_CHECKING:
    from newsarc.store.store import Store


@dataclass(frozen=True)
class ChangeLog:
    """The listing's log of changes: its epoch, its last entry, and the entry up to which
    it forgot the older ones."""

    epoch: str | None
    last: int
    kept_after: int

    @classmethod
    def of(cls, db: sqlite3.Connection) -> ChangeLog:
        meta = dict(db.execute("SELECT key, value FROM listing.meta"))
        (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM listing.changes").fetchone()
        return cls(meta.get("epoch"), int(last), int(meta.get("changes_after", 0)))

    def changed_since_seen(self, db: sqlite3.Connection) -> bool:
        """Fill temp.changed with the ids the listing changed since the index last caught
        up; False when the log cannot tell (a new index, a listing laid out anew, changes
        forgotten): compare everything."""
        row = db.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
        if row is None or self.epoch is None:
            return False
        epoch, _, seen = str(row[0]).partition(":")
        if epoch != self.epoch or not seen.isdigit():
            return False
        seen_to = int(seen)
        if seen_to < self.kept_after or seen_to > self.last:
            return False
        db.execute("CREATE TEMP TABLE IF NOT EXISTS changed(id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM temp.changed")
        db.execute(
            "INSERT OR IGNORE INTO temp.changed SELECT id FROM listing.changes WHERE seq > ?",
            (seen_to,),
        )
        return True

    def mark_seen(self, db: sqlite3.Connection, listing_stamp: str) -> None:
        """The index is up to date with the listing of this stamp and this log."""
        db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (listing_stamp,))
        if self.epoch is not None:  # where the index caught up to: epoch:seq
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('changes', ?)", (f"{self.epoch}:{self.last}",)
            )


def is_current(db: sqlite3.Connection, listing_stamp: str) -> bool:
    """Nothing changed in the archive since the index last caught up."""
    synced = db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
    return bool(synced == (listing_stamp,))


class FollowingIndex:
    """What the search index and the stories index share: a derived SQLite file of this
    store that ATTACHes the listing, catches up with it (`_sync`, each index its own), right
    after a commit when that is cheap (`follow`) or when asked (`catch_up`)."""

    FILE = ""  # its name in the store's derived folder
    SCHEMA = ""  # laid out afresh when its version changes

    def __init__(self, store: Store, attach: Mapping[str, Path] | None = None) -> None:
        self._store = store
        self.path = store.derived / self.FILE
        self._attach = dict(attach or {})  # more databases a query's SQL reads (stories)
        self._listing_stamp = ""

    def version(self) -> str:
        raise NotImplementedError

    def _sync(
        self,
        db: sqlite3.Connection,
        given: Mapping[str, Any] | None = None,
        *,
        only_partial: bool = False,
    ) -> bool:
        raise NotImplementedError

    def follow(self, given: Mapping[str, Any]) -> bool:
        """Catch up right after a commit that stored these articles, with what the import's
        workers made beside each text (`given`: search tokens, signatures), so that the
        next read has nothing to do. Only when that costs what the commit changed: an index
        that is missing while the archive holds more than these articles, or one that only
        a comparison of everything could bring up to date, is left to the next read. True
        when the index is up to date."""
        if not self.path.exists() and self._store.listing.count() > len(given):
            return False
        try:
            with contextlib.closing(self._connect()) as db:
                return self._sync(db, given, only_partial=True)
        except (sqlite3.Error, OSError):
            return False  # after a commit that stands: the next read catches up instead

    def catch_up(self, *, create: bool = False) -> None:
        """Bring the index up to date now (not at the next read); with create, also build
        a missing one (doctor --repair)."""
        if create or self.path.exists():
            with contextlib.closing(self._connect()) as db:
                self._sync(db)

    def _connect(self) -> sqlite3.Connection:
        listing, self._listing_stamp = self._store.listing.fresh_path()
        db = open_derived(self.path, self.version(), self.SCHEMA)
        db.execute("ATTACH DATABASE ? AS listing", (str(listing),))
        for name, path in self._attach.items():
            db.execute(f"ATTACH DATABASE ? AS {name}", (str(path),))
        return db
