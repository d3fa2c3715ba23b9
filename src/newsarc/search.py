"""Full-text search that ignores script and needs no word breaks.

Chinese has no spaces, so text is indexed as overlapping character pairs (bigrams) of each
run of CJK characters — 习近平 → 习近 近平 — plus the last character of each run, in a
SQLite FTS5 table (stdlib, no server). A query term is the same pairs as an adjacent phrase,
so a term matches where its characters stand together, at any length from one character up.
Text and queries are folded to simplified script (OpenCC) and lower case first, so 習近平
finds 习近平.

The index is derived: it lives in search.sqlite beside the catalog and can be deleted at
any time. The import (and reindex) keep it up to date batch by batch, with tokens their
worker processes made beside each text; anything else that changes the archive (`edit`,
`tag`, `rm`) is caught up with before the next search, for just the articles the listing's
log of changes names. New articles are added; an article removed or changed (a new title,
date or text) is taken out one by one: a contentless FTS5 table forgets a document when
given the tokens it was indexed with, so they are made again from its old title (kept in
`docs.sig`) and its old text (still in its pack until the pack is compacted). Where that old
text cannot be read, the index is built again.

A search with a limit costs what it shows, however common the term: few matches are put in
date order whole; many are found by walking the articles newest first (see _in_order).
"""

from __future__ import annotations

import contextlib
import operator
import re
import shlex
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsarc.errors import StoreCorrupted, UsageError
from newsarc.ingest.script import CJK_CLASS
from newsarc.store.derived import open_derived, transaction
from newsarc.store.objects import read_texts

if TYPE_CHECKING:
    from newsarc.store.listing import Selection
    from newsarc.store.store import Store

_RUNS = re.compile(f"([{CJK_CLASS}]+)|[^{CJK_CLASS}]+")  # group 1: a run of CJK characters
_IS_CJK = re.compile(f"[{CJK_CLASS}]")
INDEX_FILE = "search.sqlite"
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


@lru_cache(maxsize=1)
def index_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        folding = version("opencc")
    except PackageNotFoundError:  # pragma: no cover - installed as newsarc's dependency
        folding = "?"
    return f"{INDEX_VERSION}+opencc{folding}"


_ADD_DOC = "INSERT INTO docs(id, sig) VALUES (?, ?)"
_ADD_FTS = "INSERT INTO fts(rowid, title, body, tails) VALUES (?, ?, ?, ?)"
_ADD_TITLE = "INSERT INTO titles(rowid, title, tails) VALUES (?, ?, ?)"


def fold(text: str) -> str:
    from newsarc.ingest.script import fold_script

    return fold_script(text.lower())


def index_tokens(folded: str) -> tuple[str, str]:
    """(bigram stream, tails) for folded text: see the module docstring."""
    stream: list[str] = []
    tails: list[str] = []
    for match in _RUNS.finditer(folded):
        run = match[1]
        if run is None:
            stream.append(match[0])
        else:
            stream.extend(_pairs(run))
            tails.append(run[-1])
    return " ".join(stream), " ".join(tails)


def text_tokens(text: str) -> tuple[str, str]:
    """A text's tokens for the index; the import's worker processes make them, beside the
    text, so that the import can index what it stores."""
    return index_tokens(fold(text))


def _pairs(run: str) -> Iterable[str]:
    """习近平 → 习近 近平; a lone character stands for itself."""
    # map over two slices runs in C: a generator of slices took half of an index build
    return map(operator.add, run, run[1:]) if len(run) > 1 else (run,)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def term_query(term: str, columns: str = "title body") -> str:
    """An FTS5 expression matching documents where the folded term's characters stand
    together, in the given columns (a lone character may also end a run: `tails`)."""
    folded = fold(term)
    parts: list[str] = []
    for match in _RUNS.finditer(folded):
        if match[1] is None:
            parts.extend(re.findall(r"\w+", match[0]))
        else:
            parts.extend(_pairs(match[1]))
    if not parts:
        raise UsageError(f"search term {term!r} has no letters or characters to look for")
    if len(parts) == 1 and len(parts[0]) == 1 and _IS_CJK.match(parts[0]):
        char = _quote(parts[0])
        return f"({{{columns}}} : {char}* OR tails : {char})"
    phrase = " + ".join(_quote(p) for p in parts)  # FTS5: `+` joins tokens into a phrase
    return f"({{{columns}}} : {phrase})"


@dataclass
class SearchQuery:
    """Terms that must all match, and terms that must not; parsed from what a user types:
    `习近平 "一带一路 倡议" -股市` (quoted text is one exact phrase, `-` excludes)."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        try:
            words = shlex.split(text)
        except ValueError as exc:
            raise UsageError(f"bad search {text!r}: {exc}") from exc
        query = cls()
        for word in words:
            if word.startswith("-") and len(word) > 1:
                query.exclude.append(word[1:])
            elif word.strip():
                query.include.append(word)
        if not query.include:
            raise UsageError("a search needs at least one term to look for (not only -terms)")
        return query

    def fts(self) -> str:
        """The FTS5 expression for the `fts` table: every term, in title or text, and none
        of the excluded ones."""
        expression = " AND ".join(term_query(t) for t in self.include)
        if self.exclude:
            expression = f"({expression}) NOT ({self.excluded()})"
        return expression

    def in_titles(self) -> str:
        """For the `titles` table: every term in the title (excluded terms are checked in
        `fts`, which also has the text)."""
        return " AND ".join(term_query(t, "title") for t in self.include)

    def excluded(self) -> str:
        return " OR ".join(term_query(t) for t in self.exclude)


@dataclass
class Hit:
    id: str
    in_title: bool


class SearchIndex:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.path = store.root / INDEX_FILE

    def search(
        self, query: SearchQuery, limit: int | None = None, *, within: Selection | None = None
    ) -> list[Hit]:
        """Matching ids, title matches first, then as `list` sorts by date (newest first,
        undated last, then by time and id); only those `within` selects (the filters of a
        Query), if given. With a limit, a term in many articles is not ordered whole: the
        articles are walked newest first and each is looked up in the index until the limit
        is reached (see _in_order)."""
        hits: list[Hit] = []
        taken: set[str] = set()
        with contextlib.closing(self._connect()) as db:
            self._sync(db)
            passes = ((True, "titles", query.in_titles()), (False, "fts", query.fts()))
            for in_title, table, expression in passes:
                for rowid, article_id in _in_order(db, table, expression, within, limit):
                    if article_id in taken:
                        continue
                    if in_title and query.exclude and _matches(db, "fts", query.excluded(), rowid):
                        continue
                    hits.append(Hit(article_id, in_title))
                    taken.add(article_id)
                    if limit and len(hits) >= limit:
                        return hits
        return hits

    def pending(self) -> int:
        """How many articles the next search must index first (0 when it is up to date)."""
        with contextlib.closing(self._connect()) as db:
            synced = db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
            if synced == (self._listing_stamp,):
                return 0
            if self._changes(db, _Log.of(db)):
                missing = db.execute(f"SELECT count(*) FROM ({_MISSING_OF_CHANGED})")
                changed = db.execute(_CHANGED_OF_CHANGED)
                return int(missing.fetchone()[0]) + int(changed.fetchone()[0])
            missing = db.execute(f"SELECT count(*) FROM ({_MISSING})").fetchone()[0]
            # a changed article goes out under its old tokens and in under its new ones
            return int(missing + db.execute(_CHANGED).fetchone()[0])

    def follow(self, tokens: Mapping[str, tuple[str, str]]) -> bool:
        """Catch up right after a commit that stored these articles, with their texts'
        tokens (text_tokens) already made: the import and reindex call this for every
        batch, so the first search after them has nothing to do. Only when that costs what
        the commit changed: an index that is missing while the archive holds more than
        these articles, or one that only a comparison of everything could bring up to date,
        is left to the next search. True when the index is up to date."""
        if not self.path.exists() and self._store.listing.count() > len(tokens):
            return False
        try:
            with contextlib.closing(self._connect()) as db:
                return self._sync(db, tokens, only_partial=True)
        except (sqlite3.Error, OSError):
            return False  # after a commit that stands: the next search catches up instead

    def _changes(self, db: sqlite3.Connection, log: _Log) -> bool:
        """Fill temp.changed with the ids the listing changed since this index last caught
        up; False when the log cannot tell (a new index, a listing laid out anew, changes
        forgotten): compare everything."""
        row = db.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
        if row is None or log.epoch is None:
            return False
        epoch, _, seen = str(row[0]).partition(":")
        if epoch != log.epoch or not seen.isdigit():
            return False
        seen_to = int(seen)
        if seen_to < log.kept_after or seen_to > log.last:
            return False
        db.execute("CREATE TEMP TABLE IF NOT EXISTS changed(id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM temp.changed")
        db.execute(
            "INSERT OR IGNORE INTO temp.changed SELECT id FROM listing.changes WHERE seq > ?",
            (seen_to,),
        )
        return True

    def catch_up(self, *, create: bool = False) -> None:
        """Bring the index up to date with the archive now (not at the next search); with
        create, also build a missing one (doctor --repair)."""
        if create or self.path.exists():
            with contextlib.closing(self._connect()) as db:
                self._sync(db)

    # -- keeping up with the catalog ------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        listing, self._listing_stamp = self._store.listing.fresh_path()
        db = open_derived(self.path, index_version(), _SCHEMA)
        db.execute("ATTACH DATABASE ? AS listing", (str(listing),))
        return db

    def _sync(
        self,
        db: sqlite3.Connection,
        tokens: Mapping[str, tuple[str, str]] | None = None,
        *,
        only_partial: bool = False,
    ) -> bool:
        synced = db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
        if synced == (self._listing_stamp,):
            return True  # nothing changed in the archive since the index last caught up
        with transaction(db):  # one process brings the index up to date at a time
            log = _Log.of(db)
            new = db.execute("SELECT count(*) FROM docs").fetchone() == (0,)
            partial = self._changes(db, log)
            if only_partial and not partial and not new:
                return False  # see follow()
            stale = db.execute(_STALE_OF_CHANGED if partial else _STALE).fetchall()
            if stale and not self._forget(db, stale):
                db.execute("DELETE FROM docs")  # start again: see the module's docstring
                db.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                db.execute("INSERT INTO titles(titles) VALUES ('delete-all')")
                partial = False
            missing = db.execute(_MISSING_OF_CHANGED if partial else _MISSING).fetchall()
            # Each new rowid is above the last (docs' INTEGER PRIMARY KEY gives max + 1): FTS5
            # writes its pending terms out as a segment whenever a rowid is not, which made a
            # segment of every article when rowids were not in order (1.25 ms an article).
            for rows in self._rows_to_index(missing, tokens or {}):
                for article_id, sig, title, title_tails, body, body_tails in rows:
                    rowid = db.execute(_ADD_DOC, (article_id, sig)).lastrowid
                    db.execute(_ADD_FTS, (rowid, title, body, f"{title_tails} {body_tails}"))
                    db.execute(_ADD_TITLE, (rowid, title, title_tails))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (self._listing_stamp,))
            if log.epoch is not None:  # where the index caught up to: epoch:seq
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('changes', ?)",
                    (f"{log.epoch}:{log.last}",),
                )
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
            _, _, title, title_tails, body, body_tails = row
            db.execute(_FORGET_FTS, (rowid, title, body, f"{title_tails} {body_tails}"))
            db.execute(_FORGET_TITLE, (rowid, title, title_tails))
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


# Matches up to this many are put in order whole; past it, a term is common enough that
# walking the articles in order and looking each up finds a screenful sooner (the share of
# matching articles is then above FEW / archive size).
FEW = 10_000
_DATE_ORDER = "(date IS NOT NULL) DESC, day DESC, date DESC, id DESC"  # Query.order_sql's


def _in_order(
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
        f"ORDER BY {_DATE_ORDER}",
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
            if rowid is not None and _matches(db, table, expression, rowid):
                yield rowid, article_id


def _matches(db: sqlite3.Connection, table: str, expression: str, rowid: int) -> bool:
    found = db.execute(
        f"SELECT 1 FROM {table} WHERE {table} MATCH ? AND rowid = ?", (expression, rowid)
    ).fetchone()
    return found is not None


@dataclass(frozen=True)
class _Log:
    """The listing's log of changes (store/listing.py): its epoch, its last entry, and the
    entry up to which it forgot the older ones."""

    epoch: str | None
    last: int
    kept_after: int

    @classmethod
    def of(cls, db: sqlite3.Connection) -> _Log:
        meta = dict(db.execute("SELECT key, value FROM listing.meta"))
        (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM listing.changes").fetchone()
        return cls(meta.get("epoch"), int(last), int(meta.get("changes_after", 0)))


Doc = tuple[str, str, str]  # id, title, pack: what an article is indexed from
# id, sig, title pairs, title tails, text pairs, text tails
IndexRow = tuple[str, str, str, str, str, str]
REBUILD_SHARE = 0.3  # of the index changed, from which building it again costs less
FORGET_AT_LEAST = 1000  # …but this many are always taken out one by one
INDEX_CHUNK = 500
PARALLEL_INDEXING = 2000  # articles to index, from which worker processes do it


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


def snippet(text: str, terms: Iterable[str], width: int = 60) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt around the first match, and the (start, end) of each match in it.

    Folding keeps one character for one in almost all text, so positions found in the folded
    text stand for the same characters in the original."""
    needles = [fold(t) for t in terms if t]
    flat = " ".join(text.split())
    folded = fold(flat)
    starts = [at for at in (folded.find(n) for n in needles) if at >= 0]
    begin = max(0, min(starts) - width // 3) if starts else 0
    excerpt = flat[begin : begin + width]
    folded_excerpt = folded[begin : begin + width]
    marks: list[tuple[int, int]] = []
    for needle in needles:
        at = folded_excerpt.find(needle)
        while at >= 0:
            marks.append((at, at + len(needle)))
            at = folded_excerpt.find(needle, at + len(needle))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if begin + width < len(flat) else ""
    shift = len(prefix)
    return prefix + excerpt + suffix, sorted((a + shift, b + shift) for a, b in marks)
