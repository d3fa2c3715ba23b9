"""Full-text search that ignores script and needs no word breaks.

Chinese has no spaces, so text is indexed as overlapping character pairs (bigrams) of each
run of CJK characters — 习近平 → 习近 近平 — plus the last character of each run, in a
SQLite FTS5 table (stdlib, no server). A query term is the same pairs as an adjacent phrase,
so a term matches where its characters stand together, at any length from one character up.
Text and queries are folded to simplified script (OpenCC) and lower case first, so 習近平
finds 习近平.

The index is derived: it lives in search.sqlite beside the catalog, catches up with the
catalog before each search, and can be deleted at any time. New articles are added; an
article removed or changed (a new title, a new text) is taken out one by one: a contentless
FTS5 table forgets a document when given the tokens it was indexed with, so they are made
again from its old title (kept in `docs.sig`) and its old text (still in its pack until the
pack is compacted). Where that old text cannot be read, the index is built again.
"""

from __future__ import annotations

import contextlib
import operator
import re
import shlex
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from newsarc.errors import StoreCorrupted, UsageError
from newsarc.ingest.script import CJK_CLASS
from newsarc.store.derived import open_derived, transaction
from newsarc.store.objects import read_texts

if TYPE_CHECKING:
    from newsarc.store.store import Store

_RUNS = re.compile(f"([{CJK_CLASS}]+)|[^{CJK_CLASS}]+")  # group 1: a run of CJK characters
_IS_CJK = re.compile(f"[{CJK_CLASS}]")
INDEX_FILE = "search.sqlite"
# Indexed articles that were removed or changed since (their pack or title differs).
_STALE = (
    "SELECT docs.rowid, docs.id, docs.sig FROM docs LEFT JOIN listing.articles AS a "
    "ON a.id = docs.id WHERE a.id IS NULL OR docs.sig IS NOT (a.pack || '|' || a.title)"
)
_CHANGED = (
    "SELECT count(*) FROM docs JOIN listing.articles AS a ON a.id = docs.id "
    "WHERE docs.sig IS NOT (a.pack || '|' || a.title)"
)
# The same, for the ids in temp.changed only: what changed since the index last caught up,
# from the listing's log of changes (a search after one `rm` compares one id, not 500k).
# CROSS JOIN keeps SQLite's planner from scanning docs to meet a small temp.changed.
_STALE_OF_CHANGED = (
    "SELECT docs.rowid, docs.id, docs.sig FROM temp.changed AS c CROSS JOIN docs ON docs.id = c.id "
    "LEFT JOIN listing.articles AS a ON a.id = docs.id "
    "WHERE a.id IS NULL OR docs.sig IS NOT (a.pack || '|' || a.title)"
)
_CHANGED_OF_CHANGED = (
    "SELECT count(*) FROM temp.changed AS c CROSS JOIN docs ON docs.id = c.id CROSS JOIN "
    "listing.articles AS a ON a.id = docs.id WHERE docs.sig IS NOT (a.pack || '|' || a.title)"
)
_MISSING_OF_CHANGED = (
    "SELECT a.id, a.title, a.pack FROM temp.changed AS c CROSS JOIN listing.articles AS a "
    "ON a.id = c.id LEFT JOIN docs ON docs.id = a.id WHERE docs.id IS NULL"
)
_FORGET_FTS = "INSERT INTO fts(fts, rowid, title, body, tails) VALUES ('delete', ?, ?, ?, ?)"
# Articles not indexed yet.
_MISSING = (
    "SELECT a.id, a.title, a.pack FROM listing.articles AS a "
    "LEFT JOIN docs ON docs.id = a.id WHERE docs.id IS NULL"
)
_SCHEMA = """
    DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS meta;
    CREATE VIRTUAL TABLE fts USING fts5(title, body, tails, content='',
        tokenize='unicode61 remove_diacritics 0');
    CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, sig TEXT);
"""
INDEX_VERSION = "1"


@lru_cache(maxsize=1)
def _index_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        folding = version("opencc")
    except PackageNotFoundError:  # pragma: no cover - installed as newsarc's dependency
        folding = "?"
    return f"{INDEX_VERSION}+opencc{folding}"


_ADD_DOC = "INSERT INTO docs(id, sig) VALUES (?, ?)"
_ADD_FTS = "INSERT INTO fts(rowid, title, body, tails) VALUES (?, ?, ?, ?)"


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


def _pairs(run: str) -> Iterable[str]:
    """习近平 → 习近 近平; a lone character stands for itself."""
    # map over two slices runs in C: a generator of slices took half of an index build
    return map(operator.add, run, run[1:]) if len(run) > 1 else (run,)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def term_query(term: str, columns: str = "title body") -> str:
    """An FTS5 expression matching documents where the folded term's characters stand
    together, in the title or the text."""
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
        tails = f" OR tails : {char}" if columns != "title" else ""
        return f"({{{columns}}} : {char}*{tails})"
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

    def fts(self, columns: str = "title body") -> str:
        """The FTS5 expression; with columns="title", where all terms are in the title."""
        expression = " AND ".join(term_query(t, columns) for t in self.include)
        for term in self.exclude:
            expression = f"({expression}) NOT {term_query(term)}"
        return expression


@dataclass
class Hit:
    id: str
    in_title: bool


class SearchIndex:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.path = store.root / INDEX_FILE

    def search(self, query: SearchQuery, limit: int | None = None) -> list[Hit]:
        """Matching ids, title matches first, then newest first; the first `limit` only,
        if given (the rest are never fetched)."""
        with contextlib.closing(self._connect()) as db:
            self._sync(db)
            db.execute("CREATE TEMP TABLE title_hits(id TEXT PRIMARY KEY)")
            db.execute(
                "INSERT INTO title_hits SELECT docs.id FROM fts JOIN docs "
                "ON docs.rowid = fts.rowid WHERE fts MATCH ?",
                (query.fts(columns="title"),),
            )
            sql = (
                "SELECT docs.id, docs.id IN (SELECT id FROM title_hits) AS in_title "
                "FROM fts JOIN docs ON docs.rowid = fts.rowid "
                "JOIN listing.articles AS a ON a.id = docs.id WHERE fts MATCH ? "
                "ORDER BY in_title DESC, (a.date IS NOT NULL) DESC, a.day DESC, a.date DESC, "
                "a.id DESC"
            )
            params: list[object] = [query.fts()]
            if limit:
                sql += " LIMIT ?"
                params.append(limit)
            return [
                Hit(article_id, bool(in_title)) for article_id, in_title in db.execute(sql, params)
            ]

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

    def catch_up(self) -> None:
        """Bring an existing index up to date with the archive now (not at the next search)."""
        if self.path.exists():
            with contextlib.closing(self._connect()) as db:
                self._sync(db)

    def rebuild(self) -> None:
        self.path.unlink(missing_ok=True)
        with contextlib.closing(self._connect()) as db:
            self._sync(db)

    # -- keeping up with the catalog ------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        listing, self._listing_stamp = self._store.listing.fresh_path()
        db = open_derived(self.path, _index_version(), _SCHEMA)
        db.execute("ATTACH DATABASE ? AS listing", (str(listing),))
        return db

    def _sync(self, db: sqlite3.Connection) -> None:
        synced = db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
        if synced == (self._listing_stamp,):
            return  # nothing changed in the archive since the index last caught up
        with transaction(db):  # one process brings the index up to date at a time
            log = _Log.of(db)
            partial = self._changes(db, log)
            stale = db.execute(_STALE_OF_CHANGED if partial else _STALE).fetchall()
            if stale and not self._forget(db, stale):
                db.execute("DELETE FROM docs")  # start again: see the module's docstring
                db.execute("INSERT INTO fts(fts) VALUES ('delete-all')")
                partial = False
            missing = db.execute(_MISSING_OF_CHANGED if partial else _MISSING).fetchall()
            for rows in self._rows_to_index(missing):
                for article_id, sig, title, body, tails in rows:
                    cursor = db.execute(_ADD_DOC, (article_id, sig))
                    db.execute(_ADD_FTS, (cursor.lastrowid, title, body, tails))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('listing', ?)", (self._listing_stamp,))
            if log.epoch is not None:  # where the index caught up to: epoch:seq
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('changes', ?)",
                    (f"{log.epoch}:{log.last}",),
                )

    def _forget(self, db: sqlite3.Connection, stale: list[tuple[int, str, str]]) -> bool:
        """Take removed and changed articles out of the index under the tokens they were
        indexed with; False (nothing done that a rebuild does not undo) when an old text
        cannot be read, or when so many changed that building again costs less."""
        total = int(db.execute("SELECT count(*) FROM docs").fetchone()[0])
        if len(stale) > max(total * REBUILD_SHARE, FORGET_AT_LEAST):
            return False
        old = []  # (id, old title, old pack): what the article was indexed from
        for _, article_id, sig in stale:
            pack, _, title = sig.partition("|")
            old.append((article_id, title, pack))
        try:
            texts = self._store.objects.texts(_where(old))
        except (StoreCorrupted, OSError):
            return False
        for (rowid, _, _), (_, _, title, body, tails) in zip(
            stale, _index_rows(old, texts), strict=True
        ):
            db.execute(_FORGET_FTS, (rowid, title, body, tails))
        db.executemany("DELETE FROM docs WHERE rowid = ?", [(rowid,) for rowid, _, _ in stale])
        return True

    def _rows_to_index(self, missing: list[tuple[str, str, str]]) -> Iterator[list[IndexRow]]:
        """Rows for docs and fts, a chunk at a time: read, folded and cut into pairs in worker
        processes when there are many (that is most of the work; SQLite's inserts stay here,
        in the one process that writes)."""
        from newsarc.workers import cores, ordered_map

        chunks = (missing[i : i + INDEX_CHUNK] for i in range(0, len(missing), INDEX_CHUNK))
        if len(missing) < PARALLEL_INDEXING or cores() < 2:
            for docs in chunks:
                yield _index_rows(docs, self._store.objects.texts(_where(docs)))
        else:
            root = str(self._store.objects.root)
            jobs = ((root, docs) for docs in chunks)
            yield from ordered_map(index_rows, jobs, workers=cores(), in_flight=2 * cores())


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


IndexRow = tuple[str, str, str, str, str]  # id, sig, title pairs, body pairs, tails
REBUILD_SHARE = 0.3  # of the index changed, from which building it again costs less
FORGET_AT_LEAST = 1000  # …but this many are always taken out one by one
INDEX_CHUNK = 500
PARALLEL_INDEXING = 2000  # articles to index, from which worker processes do it


def index_rows(job: tuple[str, list[tuple[str, str, str]]]) -> list[IndexRow]:
    """Index rows for (id, title, pack) of the store in a folder: a worker process's job."""
    root, docs = job
    return _index_rows(docs, read_texts((root, _where(docs))))


def _where(docs: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    return [(pack, article_id) for article_id, _, pack in docs]


def _index_rows(docs: list[tuple[str, str, str]], texts: dict[str, str]) -> list[IndexRow]:
    rows: list[IndexRow] = []
    for article_id, title, pack in docs:
        title_pairs, title_tails = index_tokens(fold(title))
        body_pairs, body_tails = index_tokens(fold(texts[article_id]))
        rows.append(
            (article_id, f"{pack}|{title}", title_pairs, body_pairs, f"{title_tails} {body_tails}")
        )
    return rows


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
