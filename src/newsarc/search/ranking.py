"""A search's matches in `list`'s date order, among the articles a query's filters select,
reading no more of them than a limited search shows (SearchIndex.search calls this)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newsarc.query import date_order

if TYPE_CHECKING:
    from newsarc.store.listing import Selection

# Matches up to this many are put in order whole; past it, a term is common enough that
# walking the articles in order and looking each up finds a screenful sooner (the share of
# matching articles is then above FEW / archive size).
FEW = 10_000


def in_order(
    db: sqlite3.Connection,
    table: str,
    expression: str,
    within: Selection | None,
    limit: int | None,
) -> Iterator[tuple[int, str]]:
    """(rowid, id) of the articles whose row in `table` matches, in `list`'s date order,
    among those `within` selects."""
    params: list[Any] = []
    where = within.where_sql(db, params).removeprefix(" WHERE ") if within else ""
    match = f"SELECT rowid FROM {table} WHERE {table} MATCH ?"
    if limit:
        first = db.execute(f"{match} LIMIT ?", (expression, FEW + 1)).fetchall()
        if len(first) > FEW:
            yield from _walk(db, table, expression, where, params)
            return
    else:
        first = db.execute(match, (expression,)).fetchall()
    db.execute("CREATE TEMP TABLE IF NOT EXISTS matched(rowid INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.matched")
    db.executemany("INSERT INTO temp.matched VALUES (?)", first)
    yield from db.execute(
        "SELECT (SELECT rowid FROM docs WHERE docs.id = articles.id), id "
        "FROM listing.articles WHERE id IN (SELECT docs.id FROM temp.matched "
        f"CROSS JOIN docs ON docs.rowid = matched.rowid){' AND ' + where if where else ''} "
        f"ORDER BY {date_order()}",
        params,
    ).fetchall()


def _walk(
    db: sqlite3.Connection, table: str, expression: str, where: str, params: list[Any]
) -> Iterator[tuple[int, str]]:
    """The articles `where` selects, newest first (down the index on day, then the undated),
    each looked up in `table`: for a term in many articles, a screenful comes after a few
    hundred lookups, where ordering every match took seconds at 1M articles."""
    also = f" AND {where}" if where else ""
    for part, order in (
        ("day IS NOT NULL", "day DESC, date DESC, id DESC"),
        ("day IS NULL", "id DESC"),
    ):
        articles = db.execute(
            "SELECT (SELECT rowid FROM docs WHERE docs.id = articles.id), id "
            f"FROM listing.articles WHERE {part}{also} ORDER BY {order}",
            params,
        )
        for rowid, article_id in articles:
            if rowid is not None and matches(db, table, expression, rowid):
                yield rowid, article_id


def matches(db: sqlite3.Connection, table: str, expression: str, rowid: int) -> bool:
    found = db.execute(
        f"SELECT 1 FROM {table} WHERE {table} MATCH ? AND rowid = ?", (expression, rowid)
    ).fetchone()
    return found is not None


def count(db: sqlite3.Connection, expression: str, within: Selection | None) -> int:
    """How many articles match in `fts` (title or text), among those `within` selects."""
    match = "SELECT docs.id FROM fts CROSS JOIN docs ON docs.rowid = fts.rowid WHERE fts MATCH ?"
    params: list[Any] = [expression]
    where = within.where_sql(db, params).removeprefix(" WHERE ") if within else ""
    if not where:
        return int(db.execute(f"SELECT count(*) FROM ({match})", params).fetchone()[0])
    sql = f"SELECT count(*) FROM listing.articles WHERE id IN ({match}) AND {where}"
    return int(db.execute(sql, params).fetchone()[0])
