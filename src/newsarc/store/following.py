"""How a derived index (search.sqlite, stories.sqlite) keeps up with the listing: it
ATTACHes the listing as `listing`, remembers in its own `meta` the listing stamp and the
entry of the listing's log of changes it last caught up with, and next time asks only for
the ids logged since (store/listing.py keeps the log)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


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
