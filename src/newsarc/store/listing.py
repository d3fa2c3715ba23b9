"""A derived, indexed copy of the catalog in SQLite, so reading commands never parse it.

The catalog (TinyDB shards, store/catalog.py) is the store of record. `list`, `show`,
`export` and the summaries read this copy instead: one row per article with the columns
filters need, the catalog shard that holds its record (so a writer finds it without reading
the others), and the whole record as JSON. The rows are stamped with the catalog manifest
they came from (inode, mtime, size). Writers update it right after committing the catalog;
if that did not happen (a crash in between), the stamp no longer matches and it is rebuilt
from the shards on the next read. Deleting it is always safe. Its tables, triggers and
statements are in store/listing_sql.py.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import orjson

from newsarc.store.catalog import Catalog
from newsarc.store.derived import open_derived, rows_in, transaction
from newsarc.store.listing_sql import (
    OUTLET_COUNTS,
    SCHEMA,
    SCHEMA_VERSION,
    TALLY_OUT,
    append_rows,
    delete_rows,
    forget_old_changes,
    new_epoch,
)
from newsarc.store.record import Record


class Selection(Protocol):
    """What the listing selects by (newsarc.query.Query): filters as SQL, an order, a limit."""

    limit: int | None

    def where_sql(self, db: sqlite3.Connection, params: list[Any]) -> str: ...

    def order_sql(self) -> str: ...


LISTING_FILE = "listing.sqlite"


class Listing:
    def __init__(self, path: Path, catalog: Catalog) -> None:
        self.path = path
        self._catalog = catalog
        self._db: sqlite3.Connection | None = None

    # -- reading ----------------------------------------------------------------------------

    def count(self) -> int:
        """How many articles, from the tallies (count(*) walks every row)."""
        db = self._fresh()
        (n,) = db.execute("SELECT coalesce(sum(n), 0) FROM tallies WHERE kind = 'lang'").fetchone()
        return int(n)

    def get(self, article_id: str) -> Record | None:
        row = (
            self._fresh()
            .execute(
                "SELECT record FROM articles JOIN records USING (n) WHERE id = ?", (article_id,)
            )
            .fetchone()
        )
        return orjson.loads(row[0]) if row else None

    def get_many(self, ids: list[str]) -> list[Record]:
        """Records in the order of `ids` (unknown ids are skipped)."""
        sql = "SELECT id, record FROM articles JOIN records USING (n) WHERE id IN ({})"
        found = {article_id: orjson.loads(blob) for article_id, blob in self._in(sql, ids)}
        return [found[i] for i in ids if i in found]

    def packs(self, ids: list[str]) -> dict[str, str]:
        """The pack holding each article's text."""
        return self._column("pack", ids)

    def _column(self, column: str, ids: list[str]) -> dict[str, str]:
        return dict(self._in(f"SELECT id, {column} FROM articles WHERE id IN ({{}})", ids))

    def with_content(self, keys: list[str], *, unlinked: bool = False) -> dict[str, str]:
        """The first stored article with each of these content keys (with `unlinked`, the
        first of those without a link): key → id. One id a key, however many articles share
        it (a wire story's copies at other links): an import asks this for every file."""
        also = " AND linked = 0" if unlinked else ""
        sql = (
            f"SELECT content, id, min(n) FROM articles WHERE content IN ({{}}){also} "
            "GROUP BY content"
        )
        return {key: article_id for key, article_id, _ in self._in(sql, keys)}

    def _in(self, sql: str, values: list[str]) -> Iterator[tuple[Any, ...]]:
        """The rows of `sql`, whose `{}` is an IN list, for all of `values`, 500 at a time
        (SQLite limits how many parameters one statement takes)."""
        return rows_in(self._fresh(), sql, values)

    def without_content(self) -> list[str]:
        """Articles stored before content keys (ingest.identity), which need theirs."""
        sql = "SELECT id FROM articles WHERE content IS NULL"
        return [r[0] for r in self._fresh().execute(sql)]

    def with_prefix(self, prefix: str, limit: int = 50) -> list[str]:
        rows = self._fresh().execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [r[0] for r in rows]

    def select_ids(self, query: Selection) -> list[str]:
        """The ids a query selects, filtered, sorted and limited in SQL (same order as
        Query.select): no need to load every record to list twenty."""
        db = self._fresh()
        params: list[Any] = []
        sql = "SELECT id FROM articles" + query.where_sql(db, params)
        sql += " ORDER BY " + query.order_sql()
        if query.limit is not None:
            sql += " LIMIT ?"
            params.append(max(query.limit, 0))
        return [row[0] for row in db.execute(sql, params)]

    def count_matching(self, query: Selection) -> int:
        """How many articles the query's filters select, whatever its limit."""
        db = self._fresh()
        params: list[Any] = []
        where = query.where_sql(db, params)
        if not where:
            return self.count()
        sql = "SELECT count(*) FROM articles" + where
        return int(db.execute(sql, params).fetchone()[0])

    # -- summaries: SQL aggregates over the columns, never a record parsed -----------------

    def outlet_counts(self) -> list[tuple[str, str, int, int]]:
        """(slug, name, articles published, articles carried as a feed) for every outlet,
        most published first. The name is the one its articles print most often (as a
        publisher; for an outlet that is only a feed, as a feed)."""
        rows = self._fresh().execute(OUTLET_COUNTS).fetchall()
        return [(slug, name or "", published, fed) for slug, name, published, fed in rows]

    def tag_counts(self) -> list[tuple[str, int]]:
        """Tags with how many articles carry each, most carried first, then A→Z."""
        rows = self._fresh().execute(
            "SELECT key, n FROM tallies WHERE kind = 'tag' ORDER BY n DESC, key"
        )
        return [(str(tag), int(count)) for tag, count in rows]

    def date_counts(self) -> tuple[int, int, str | None, str | None, dict[str, int]]:
        """(articles, dated, first day, last day, articles per month in order)."""
        db = self._fresh()
        months = dict(
            db.execute("SELECT key, n FROM tallies WHERE kind = 'month' ORDER BY key").fetchall()
        )
        undated = months.pop("", 0)
        dated = sum(months.values())
        # one aggregate each, so that each is one step down the index on day
        (first,) = db.execute("SELECT min(day) FROM articles").fetchone()
        (last,) = db.execute("SELECT max(day) FROM articles").fetchone()
        return dated + undated, dated, first, last, months

    def counts_of(
        self, query: Selection
    ) -> tuple[int, int, str | None, str | None, dict[str, int], dict[str, int], list[Any]]:
        """What date_counts, lang_counts and outlet_counts give, for the articles a query's
        filters select: aggregates over their rows (the tallies count the whole archive).
        Outlets as (slug, name, articles), names as their articles print them most."""
        db = self._fresh()
        params: list[Any] = []
        where = query.where_sql(db, params)
        rows = f"FROM articles{where}"
        total, dated, first, last = db.execute(
            f"SELECT count(*), count(day), min(day), max(day) {rows}", params
        ).fetchone()
        months = dict(
            db.execute(
                f"SELECT substr(day, 1, 7) AS m, count(*) {rows}{' AND' if where else ' WHERE'} "
                "day IS NOT NULL GROUP BY m ORDER BY m",
                params,
            ).fetchall()
        )
        langs = dict(db.execute(f"SELECT coalesce(lang, ''), count(*) {rows} GROUP BY 1", params))
        names = db.execute(
            f"SELECT coalesce(source, ''), coalesce(source_name, ''), count(*), min(n) {rows} "
            "GROUP BY 1, 2",
            params,
        ).fetchall()
        outlets: dict[str, list[Any]] = {}
        for slug, name, n, _ in sorted(names, key=lambda r: (-r[2], r[3])):
            entry = outlets.setdefault(slug, [slug, name, 0])
            entry[2] += n
        ranked = sorted(outlets.values(), key=lambda e: (-e[2], e[0]))
        return int(total), int(dated), first, last, months, langs, ranked

    def lang_counts(self) -> dict[str, int]:
        rows = self._fresh().execute("SELECT key, n FROM tallies WHERE kind = 'lang'")
        return {lang: count for lang, count in rows}

    def ids(self) -> list[str]:
        return [r[0] for r in self._fresh().execute("SELECT id FROM articles ORDER BY id")]

    # -- writing ----------------------------------------------------------------------------

    def shards(self, ids: list[str]) -> dict[str, str]:
        """The catalog shard holding each stored article's record."""
        return self._column("shard", ids)

    def apply(
        self,
        records: list[tuple[str, Record]],
        removed: Iterable[str],
        before: str,
        after: str,
    ) -> None:
        """After a catalog commit of (shard, record) pairs and removals: bring the copy
        along, if it matched the catalog before."""
        db = self._connect()
        with transaction(db):
            if self._stamp(db) != before:
                return  # stale already: the next read rebuilds it
            # A replaced article's rows go too: it is appended again like a new one.
            changed = [*removed, *sorted(str(r["id"]) for _, r in records)]
            delete_rows(db, changed)
            append_rows(db, records)
            db.executemany("INSERT INTO changes(id) VALUES (?)", [(i,) for i in changed])
            forget_old_changes(db)
            db.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (after,))

    # -- keeping fresh ----------------------------------------------------------------------

    def ensure_fresh(self) -> bool:
        """Bring the copy up to date with the catalog; True if that meant reading it."""
        db = self._connect()
        stamp = self._catalog.stamp_on_disk()
        if self._stamp(db) == stamp:
            return False
        with transaction(db):
            if self._stamp(db) != stamp:  # another process may have rebuilt it meanwhile
                self._rebuild(db)
        return True

    def _fresh(self) -> sqlite3.Connection:
        self.ensure_fresh()
        return self._connect()

    def _rebuild(self, db: sqlite3.Connection) -> None:
        self._catalog.reload()
        stamp = self._catalog.stamp
        # Every row goes, and the counts with them at once: with the delete trigger in place,
        # emptying the table took a quarter of a rebuild (0.38 of 1.55 s at 20k articles).
        db.execute("DROP TRIGGER tally_out")
        db.execute("DELETE FROM articles")
        db.execute("DELETE FROM records")
        db.execute("DELETE FROM tallies")
        db.execute(TALLY_OUT)
        new_epoch(db)
        entries = self._catalog.entries()  # a shard at a time, each checked
        while chunk := list(itertools.islice(entries, 20_000)):
            append_rows(db, chunk)
        db.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (stamp,))

    def _stamp(self, db: sqlite3.Connection) -> str:
        row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        return str(row[0]) if row else ""

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = open_derived(self.path, SCHEMA_VERSION, SCHEMA)
        return self._db

    def fresh_path(self) -> tuple[Path, str]:
        """The SQLite file, up to date, and its stamp: for other derived indexes to ATTACH."""
        self.ensure_fresh()
        return self.path, self._stamp(self._connect())

    def attach(self, name: str, path: Path) -> None:
        """Another derived database (the stories index) for the SQL of a query to read."""
        db = self._fresh()
        if name not in {row[1] for row in db.execute("PRAGMA database_list")}:
            db.execute(f"ATTACH DATABASE ? AS {name}", (str(path),))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
