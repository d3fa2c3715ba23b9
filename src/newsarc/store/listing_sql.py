"""The listing's SQL (store/listing.py): its tables and indexes, the row of a record, the
statements that add and remove rows and keep the log of changes, and the triggers that keep
the tallies the summaries read. A change to the tables bumps SCHEMA_VERSION: the file is
derived, and one of another version is laid out again and rebuilt from the catalog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

import orjson

from newsarc.store.record import Record

SCHEMA_VERSION = "11"
# Changes remembered for other derived indexes (the search index catches up with them, not
# with the whole listing); past CHANGES_KEPT the oldest go, and an index that had not seen
# them compares everything once.
CHANGES_KEPT = 200_000


def new_epoch(db: sqlite3.Connection) -> None:
    """The rows are laid out anew: the changes so far say nothing about them."""
    import secrets

    db.execute("DELETE FROM changes")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('epoch', ?)", (secrets.token_hex(8),))
    (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence").fetchone()
    db.execute("INSERT OR REPLACE INTO meta VALUES ('changes_after', ?)", (str(last),))


def forget_old_changes(db: sqlite3.Connection) -> None:
    (first, last) = db.execute("SELECT min(seq), max(seq) FROM changes").fetchone()
    if first is None or last - first < CHANGES_KEPT:
        return
    keep_from = last - CHANGES_KEPT // 2
    db.execute("DELETE FROM changes WHERE seq < ?", (keep_from,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('changes_after', ?)", (str(keep_from - 1),))


def delete_rows(db: sqlite3.Connection, ids: Iterable[str]) -> None:
    gone = [(i,) for i in ids]
    db.executemany("DELETE FROM records WHERE n = (SELECT n FROM articles WHERE id = ?)", gone)
    db.executemany("DELETE FROM articles WHERE id = ?", gone)


def append_rows(db: sqlite3.Connection, records: list[tuple[str, Record]]) -> None:
    """Rows for articles not in the tables. They get new, increasing numbers, so they are
    appended to their tables and only the indexes take inserts all over: keyed by the
    (random) id itself, a batch of 20k rewrote most of the file. 100k articles in
    import-sized batches took 7.3-8.4 s that way, 4.3-4.6 s this way, in a file a fifth
    smaller."""
    records = sorted(records, key=lambda e: str(e[1]["id"]))  # neighbouring ids share pages
    (last,) = db.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()
    numbers = range(last + 1, last + 1 + len(records))
    db.executemany(
        "INSERT INTO articles(n, id, day, date, title, source, source_name, feed, "
        "feed_name, tags, pack, lang, content, linked, shard) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(n, *row_of(r), shard) for n, (shard, r) in zip(numbers, records, strict=True)],
    )
    db.executemany(
        "INSERT INTO records(n, record) VALUES (?, ?)",
        [(n, orjson.dumps(r)) for n, (_, r) in zip(numbers, records, strict=True)],
    )


def row_of(record: Record) -> tuple[Any, ...]:
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
        record.get("lang", ""),
        record.get("_content"),
        1 if record.get("url") else 0,
    )


# Per slug: articles published (source), carried as a feed, and the name printed most often
# (ties: the first stored), a publisher's name before a feed's; from the tallies, so its
# cost follows the outlets, not the articles.
OUTLET_COUNTS = """
    WITH pub AS (SELECT key AS slug, name, n AS c, first FROM tallies WHERE kind = 'source'),
    fd AS (SELECT key AS slug, name, n AS c, first FROM tallies WHERE kind = 'feed'),
    published AS (SELECT slug, sum(c) AS n FROM pub GROUP BY slug),
    fed AS (SELECT slug, sum(c) AS n FROM fd GROUP BY slug),
    spelled AS (
        SELECT slug, name, 0 AS as_feed, c, first FROM pub WHERE name != ''
        UNION ALL
        SELECT slug, name, 1, c, first FROM fd WHERE name != ''),
    named AS (SELECT slug, name FROM (SELECT slug, name, row_number() OVER (
        PARTITION BY slug ORDER BY as_feed, c DESC, first) AS rank FROM spelled) WHERE rank = 1),
    slugs AS (SELECT slug FROM published UNION SELECT slug FROM fed)
    SELECT slugs.slug, named.name, coalesce(published.n, 0) AS p, coalesce(fed.n, 0) AS f
    FROM slugs LEFT JOIN published USING (slug) LEFT JOIN fed USING (slug)
    LEFT JOIN named USING (slug)
    ORDER BY p DESC, f DESC, slugs.slug
"""

# Counts the summaries need, kept by triggers as rows come and go: `stats`, `sources` and
# `tags` read a few hundred rows, not a million (at 1M articles `stats` scanned the rows in
# 0.75 s). kind: month (YYYY-MM, '' undated), lang, source (key slug, name), feed, tag.
# `first` is the row number that first brought a key, for ties.
_TALLY = """
    INSERT INTO tallies(kind, key, name, n, first) VALUES ({kind}, {key}, {name}, 1, NEW.n)
    ON CONFLICT (kind, key, name) DO UPDATE SET n = n + 1;
"""
_UNTALLY = """
    UPDATE tallies SET n = n - 1 WHERE kind = {kind} AND key = {key} AND name = {name};
"""
_TALLIED = [  # kind, key, name, for one article row (NEW or OLD)
    ("'month'", "coalesce(substr({row}.day, 1, 7), '')", "''"),
    ("'lang'", "coalesce({row}.lang, '')", "''"),
    ("'source'", "coalesce({row}.source, '')", "coalesce({row}.source_name, '')"),
]


def _tally_trigger(name: str, event: str, row: str, template: str, extra: str) -> str:
    each = "".join(
        template.format(kind=k, key=key.format(row=row), name=name.format(row=row))
        for k, key, name in _TALLIED
    )
    return f"CREATE TRIGGER {name} AFTER {event} ON articles BEGIN {each}{extra}END"


TALLY_IN = _tally_trigger(
    "tally_in",
    "INSERT",
    "NEW",
    _TALLY,
    """
        INSERT INTO tallies(kind, key, name, n, first)
            SELECT 'feed', NEW.feed, coalesce(NEW.feed_name, ''), 1, NEW.n
            WHERE NEW.feed IS NOT NULL AND NEW.feed != ''
            ON CONFLICT (kind, key, name) DO UPDATE SET n = n + 1;
        INSERT INTO tallies(kind, key, name, n, first)
            SELECT DISTINCT 'tag', value, '', 1, NEW.n FROM json_each(NEW.tags) WHERE true
            ON CONFLICT (kind, key, name) DO UPDATE SET n = n + 1;
    """,
)
TALLY_OUT = _tally_trigger(
    "tally_out",
    "DELETE",
    "OLD",
    _UNTALLY,
    """
        UPDATE tallies SET n = n - 1
            WHERE kind = 'feed' AND key = OLD.feed AND name = coalesce(OLD.feed_name, '');
        UPDATE tallies SET n = n - 1
            WHERE kind = 'tag' AND name = '' AND key IN (SELECT value FROM json_each(OLD.tags));
        DELETE FROM tallies WHERE n <= 0;
    """,
)
_TALLIES = f"""
    CREATE TABLE tallies(kind TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,
        n INTEGER NOT NULL, first INTEGER, PRIMARY KEY (kind, key, name)) WITHOUT ROWID;
    {TALLY_IN};
    {TALLY_OUT};
"""


SCHEMA = (
    """
    DROP TABLE IF EXISTS articles; DROP TABLE IF EXISTS records; DROP TABLE IF EXISTS meta;
    DROP TABLE IF EXISTS changes; DROP TABLE IF EXISTS tallies;
    CREATE TABLE articles(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, day TEXT,
        date TEXT, title TEXT, source TEXT, source_name TEXT, feed TEXT, feed_name TEXT,
        tags TEXT, pack TEXT, lang TEXT, shard TEXT, content TEXT, linked INTEGER);
    CREATE INDEX articles_day ON articles(day, date);
    CREATE INDEX articles_source ON articles(source, source_name);
    CREATE INDEX articles_feed ON articles(feed, feed_name);
    -- `stats` counts by script: an index scan, not a table scan (0.19 → 0.03 s at 500k)
    CREATE INDEX articles_lang ON articles(lang);
    -- an import finds an article it has by its content key, whatever the article's id
    CREATE INDEX articles_content ON articles(content, linked);
    -- whole records apart, so scans of the columns above stay small; n is articles.n
    CREATE TABLE records(n INTEGER PRIMARY KEY, record BLOB);
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
    INSERT INTO meta VALUES ('stamp', '');
    -- ids changed (added, replaced, removed) since the rows were last laid out, in order
    CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL);
    INSERT INTO meta VALUES ('epoch', lower(hex(randomblob(8))));
    INSERT INTO meta VALUES ('changes_after', '0');
"""
    + _TALLIES
)
