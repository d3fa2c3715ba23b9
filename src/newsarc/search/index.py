"""The search index (search.sqlite): how it is laid out and how it keeps up with the archive.

The index is derived: it lives in search.sqlite beside the catalog and can be deleted at
any time. The import (and reindex) keep it up to date batch by batch, with tokens their
worker processes made beside each text; anything else that changes the archive (`edit`,
`tag`, `rm`) is caught up with before the next search, for just the articles the listing's
log of changes names. New articles are added; an article removed or changed (a new title or
text) is taken out one by one: a contentless FTS5 table forgets a document when given the
tokens it was indexed with, so they are made again from its old title (kept in `docs.sig`)
and its old text (still in its pack until the pack is compacted). Where that old text
cannot be read, the index is built again.

A search with a limit costs what it shows, however common the term: few matches are put in
date order whole; many are found by walking the articles newest first (search/ranking.py).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsarc.errors import StoreCorrupted
from newsarc.search.ranking import count, in_order, matches
from newsarc.search.terms import SearchQuery, text_tokens
from newsarc.store.derived import transaction
from newsarc.store.following import ChangeLog, FollowingIndex, is_current
from newsarc.store.objects import read_texts
from newsarc.store.store import INDEX_FILE

if TYPE_CHECKING:
    from pathlib import Path

    from newsarc.progress import Progress
    from newsarc.store.listing import Selection
    from newsarc.store.store import Store

# What an article was indexed from, and what it is now: its pack and title. A change of
# either (a new text is a new pack) re-indexes it.
_SIG = "(a.pack || '|' || a.title)"
# Indexed articles that were removed or changed since.
_STALE = (
    "SELECT docs.rowid, docs.id, docs.sig FROM docs LEFT JOIN listing.articles AS a "
    f"ON a.id = docs.id WHERE a.id IS NULL OR docs.sig IS NOT {_SIG}"
)
_CHANGED = (
    "SELECT count(*) FROM docs JOIN listing.articles AS a ON a.id = docs.id "
    f"WHERE docs.sig IS NOT {_SIG}"
)
# The same, for the ids in temp.changed only: what changed since the index last caught up,
# from the listing's log of changes (a search after one `rm` compares one id, not 500k).
# CROSS JOIN keeps SQLite's planner from scanning docs to meet a small temp.changed.
_STALE_OF_CHANGED = (
    "SELECT docs.rowid, docs.id, docs.sig FROM temp.changed AS c CROSS JOIN docs ON docs.id = c.id "
    "LEFT JOIN listing.articles AS a ON a.id = docs.id "
    f"WHERE a.id IS NULL OR docs.sig IS NOT {_SIG}"
)
_CHANGED_OF_CHANGED = (
    "SELECT count(*) FROM temp.changed AS c CROSS JOIN docs ON docs.id = c.id CROSS JOIN "
    f"listing.articles AS a ON a.id = docs.id WHERE docs.sig IS NOT {_SIG}"
)
_MISSING_OF_CHANGED = (
    "SELECT a.id, a.title, a.pack FROM temp.changed AS c CROSS JOIN listing.articles "
    "AS a ON a.id = c.id LEFT JOIN docs ON docs.id = a.id WHERE docs.id IS NULL"
)
_FORGET_FTS = "INSERT INTO fts(fts, rowid, title, body, tails) VALUES ('delete', ?, ?, ?, ?)"
_FORGET_TITLE = "INSERT INTO titles(titles, rowid, title, tails) VALUES ('delete', ?, ?, ?)"
# Articles not indexed yet.
_MISSING = (
    "SELECT a.id, a.title, a.pack FROM listing.articles AS a "
    "LEFT JOIN docs ON docs.id = a.id WHERE docs.id IS NULL"
)
# Two contentless FTS5 tables share each article's rowid: `fts` holds title and text (what a
# search matches), `titles` the title alone (title matches rank first, and finding them in
# `fts` meant walking every article that has the term anywhere). Rowids are given in the
# order articles are indexed: small steps between them keep the index small (rowids that
# carried the day made it 80% bigger). `hashsize`: FTS5 writes its pending terms out as a new
# segment whenever they pass 1 MB by default, which made an import's 2,000 articles some
# forty segments to merge; at 64 MB they are one (inserts 0.22 → 0.16 ms an article).
# `automerge` 16 (default 4) merges segments less often: inserts a third cheaper again, a
# search of a common term 4.2 → 5.0 ms on 20k articles.
_SCHEMA = """
    DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS titles; DROP TABLE IF EXISTS docs;
    DROP TABLE IF EXISTS meta;
    CREATE VIRTUAL TABLE fts USING fts5(title, body, tails, content='',
        tokenize='unicode61 remove_diacritics 0');
    CREATE VIRTUAL TABLE titles USING fts5(title, tails, content='',
        tokenize='unicode61 remove_diacritics 0');
    INSERT INTO fts(fts, rank) VALUES ('hashsize', 67108864);
    INSERT INTO fts(fts, rank) VALUES ('automerge', 16);
    CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, sig TEXT);
"""
INDEX_VERSION = "3"


def index_version() -> str:
    from newsarc.ingest.script import folding_version

    return f"{INDEX_VERSION}+opencc{folding_version()}"


_ADD_DOC = "INSERT INTO docs(id, sig) VALUES (?, ?)"
_ADD_FTS = "INSERT INTO fts(rowid, title, body, tails) VALUES (?, ?, ?, ?)"
_ADD_TITLE = "INSERT INTO titles(rowid, title, tails) VALUES (?, ?, ?)"


@dataclass
class Hit:
    id: str
    in_title: bool


class SearchIndex(FollowingIndex):
    FILE = INDEX_FILE
    SCHEMA = _SCHEMA

    def __init__(
        self,
        store: Store,
        progress: Progress | None = None,
        *,
        attach: Mapping[str, Path] | None = None,
    ) -> None:
        super().__init__(store, attach)
        self._progress = progress  # told of a build or a long catch-up, article by article

    def version(self) -> str:
        return index_version()

    def search(
        self, query: SearchQuery, limit: int | None = None, *, within: Selection | None = None
    ) -> list[Hit]:
        """Matching ids, title matches first, then as `list` sorts by date (newest first,
        undated last, then by time and id); only those `within` selects (the filters of a
        Query), if given. With a limit, a term in many articles is not ordered whole: the
        articles are walked newest first and each is looked up in the index until the limit
        is reached (search/ranking.py)."""
        hits: list[Hit] = []
        taken: set[str] = set()
        with contextlib.closing(self._connect()) as db:
            self._sync(db)
            passes = ((True, "titles", query.in_titles()), (False, "fts", query.fts()))
            excluded = query.excluded() if query.exclude else None  # folded once, not per hit
            for in_title, table, expression in passes:
                for rowid, article_id in in_order(db, table, expression, within, limit):
                    if article_id in taken:
                        continue
                    if in_title and excluded and matches(db, "fts", excluded, rowid):
                        continue
                    hits.append(Hit(article_id, in_title))
                    taken.add(article_id)
                    if limit and len(hits) >= limit:
                        return hits
        return hits

    def count(self, query: SearchQuery, *, within: Selection | None = None) -> int:
        """How many articles match, among those `within` selects: all of them, whatever
        a search's limit."""
        with contextlib.closing(self._connect()) as db:
            self._sync(db)
            return count(db, query.fts(), within)

    def pending(self) -> int:
        """How many articles the next search must index first (0 when it is up to date)."""
        with contextlib.closing(self._connect()) as db:
            if is_current(db, self._listing_stamp):
                return 0
            if ChangeLog.of(db).changed_since_seen(db):
                missing = db.execute(f"SELECT count(*) FROM ({_MISSING_OF_CHANGED})")
                changed = db.execute(_CHANGED_OF_CHANGED)
                return int(missing.fetchone()[0]) + int(changed.fetchone()[0])
            missing = db.execute(f"SELECT count(*) FROM ({_MISSING})").fetchone()[0]
            # a changed article goes out under its old tokens and in under its new ones
            return int(missing + db.execute(_CHANGED).fetchone()[0])

    def _sync(
        self,
        db: sqlite3.Connection,
        tokens: Mapping[str, tuple[str, str]] | None = None,
        *,
        only_partial: bool = False,
    ) -> bool:
        if is_current(db, self._listing_stamp):
            return True  # nothing changed in the archive since the index last caught up
        with transaction(db):  # one process brings the index up to date at a time
            log = ChangeLog.of(db)
            new = db.execute("SELECT count(*) FROM docs").fetchone() == (0,)
            partial = log.changed_since_seen(db)
            if only_partial and not partial and not new:
                return False  # see follow()
            stale = db.execute(_STALE_OF_CHANGED if partial else _STALE).fetchall()
            if stale and not self._forget(db, stale):
                db.execute("DELETE FROM docs")  # start again: see the module's docstring
                db.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                db.execute("INSERT INTO titles(titles) VALUES ('delete-all')")
                partial = False
            missing = db.execute(_MISSING_OF_CHANGED if partial else _MISSING).fetchall()
            if self._progress:
                self._progress.start(len(missing))
            # Each new rowid is above the last (docs' INTEGER PRIMARY KEY gives max + 1): FTS5
            # writes its pending terms out as a segment whenever a rowid is not, which made a
            # segment of every article when rowids were not in order (1.25 ms an article).
            for rows in self._rows_to_index(missing, tokens or {}):
                for row in rows:
                    rowid = db.execute(_ADD_DOC, row[:2]).lastrowid
                    assert rowid is not None  # an INSERT's
                    _tables(db, rowid, row, forget=False)
                if self._progress:
                    self._progress.advance(len(rows))
            log.mark_seen(db, self._listing_stamp)
        return True

    def _forget(self, db: sqlite3.Connection, stale: list[tuple[int, str, str]]) -> bool:
        """Take removed and changed articles out of the index under the tokens they were
        indexed with; False (nothing done that a rebuild does not undo) when an old text
        cannot be read, or when so many changed that building again costs less."""
        total = int(db.execute("SELECT count(*) FROM docs").fetchone()[0])
        if len(stale) > max(total * REBUILD_SHARE, FORGET_AT_LEAST):
            return False
        old = [(article_id, *_unsig(sig)) for _, article_id, sig in stale]
        try:
            texts = self._store.objects.texts(_where(old))
        except (StoreCorrupted, OSError):
            return False
        for (rowid, _, _), row in zip(stale, _index_rows(old, texts), strict=True):
            _tables(db, rowid, row, forget=True)
        db.executemany("DELETE FROM docs WHERE rowid = ?", [(rowid,) for rowid, _, _ in stale])
        return True

    def _rows_to_index(
        self, missing: list[Doc], tokens: Mapping[str, tuple[str, str]]
    ) -> Iterator[list[IndexRow]]:
        """Rows for docs and the FTS tables, a chunk at a time. Texts whose tokens are at
        hand (the import's) are not read again; the others are read, folded and cut into
        pairs in worker processes when there are many (that is most of the work; SQLite's
        inserts stay here, in the one process that writes)."""
        from newsarc.workers import cores, ordered_map

        ready = [doc for doc in missing if doc[0] in tokens]
        if ready:
            yield [_index_row(doc, tokens[doc[0]]) for doc in ready]
        if len(ready) < len(missing):
            missing = [doc for doc in missing if doc[0] not in tokens]
        else:
            return
        chunks = (missing[i : i + INDEX_CHUNK] for i in range(0, len(missing), INDEX_CHUNK))
        if len(missing) < PARALLEL_INDEXING or cores() < 2:
            for docs in chunks:
                yield _index_rows(docs, self._store.objects.texts(_where(docs)))
        else:
            root = str(self._store.objects.root)
            jobs = ((root, docs) for docs in chunks)
            yield from ordered_map(index_rows, jobs, workers=cores(), in_flight=2 * cores())


Doc = tuple[str, str, str]  # id, title, pack: what an article is indexed from
# id, sig, title pairs, title tails, text pairs, text tails
IndexRow = tuple[str, str, str, str, str, str]
REBUILD_SHARE = 0.3  # of the index changed, from which building it again costs less
FORGET_AT_LEAST = 1000  # …but this many are always taken out one by one
INDEX_CHUNK = 500
PARALLEL_INDEXING = 2000  # articles to index, from which worker processes do it


def _tables(db: sqlite3.Connection, rowid: int, row: IndexRow, *, forget: bool) -> None:
    """A document into both FTS5 tables, or out of them (FTS5 needs the very tokens it was
    put in with: one function lays them out both ways)."""
    _, _, title, title_tails, body, body_tails = row
    fts, titles = (_FORGET_FTS, _FORGET_TITLE) if forget else (_ADD_FTS, _ADD_TITLE)
    db.execute(fts, (rowid, title, body, f"{title_tails} {body_tails}"))
    db.execute(titles, (rowid, title, title_tails))


def _unsig(sig: str) -> tuple[str, str]:
    """(title, pack) from a sig (see _SIG)."""
    pack, _, title = sig.partition("|")
    return title, pack


def index_rows(job: tuple[str, list[Doc]]) -> list[IndexRow]:
    """Index rows for (id, title, pack) of the store in a folder: a worker's job."""
    root, docs = job
    return _index_rows(docs, read_texts((root, _where(docs))))


def _where(docs: list[Doc]) -> list[tuple[str, str]]:
    return [(pack, article_id) for article_id, _, pack in docs]


def _index_rows(docs: list[Doc], texts: dict[str, str]) -> list[IndexRow]:
    return [_index_row(doc, text_tokens(texts[doc[0]])) for doc in docs]


def _index_row(doc: Doc, body: tuple[str, str]) -> IndexRow:
    article_id, title, pack = doc
    title_pairs, title_tails = text_tokens(title)
    return article_id, f"{pack}|{title}", title_pairs, title_tails, body[0], body[1]
