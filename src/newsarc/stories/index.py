"""The stories index (stories.sqlite): which articles are copies of one story.

Derived like the search index: it can be deleted at any time and is built again from the
texts. Each article has a row in `docs` with its signature (stories/signature.py); each
signature's LSH bands are rows of `bands`, so a new article meets the few stored ones that
share a band with it (an index lookup per band, never a pass over the archive) and is
compared with those. Articles whose signatures agree on SIMILAR of their values are linked;
a story is a set of linked articles (linked through others too). Its stands-for article,
`rep`, is its earliest (undated ones last, then by id); the others are its copies.

The import and reindex keep it up to date batch by batch with the signatures their workers
made; `rm`, `edit` and `tag` are caught up with at the next read, for the ids the listing
logged. An article leaving a story (removed, or its text changed) has the story's remaining
articles compared again among themselves: it may have been the one link between two parts.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsarc.errors import StoreCorrupted
from newsarc.store.derived import rows_in, transaction
from newsarc.store.following import ChangeLog, FollowingIndex, is_current
from newsarc.store.objects import read_texts
from newsarc.store.store import STORIES_FILE
from newsarc.stories.groups import Groups, Signed, earliest_key
from newsarc.stories.signature import SIGNATURE_VERSION, SIMILAR, text_signature

if TYPE_CHECKING:
    from pathlib import Path

    from newsarc.progress import Progress
    from newsarc.store.listing import Selection
    from newsarc.store.store import Store

STORIES_VERSION = "1"
CHUNK = 2000  # articles added at once when building
PARALLEL = 2000  # articles to sign, from which worker processes do it

_SCHEMA = """
    DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS bands; DROP TABLE IF EXISTS stories;
    DROP TABLE IF EXISTS meta;
    CREATE TABLE docs(n INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, pack TEXT, sig BLOB,
        story INTEGER, copy INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX docs_story ON docs(story) WHERE story IS NOT NULL;
    CREATE INDEX docs_copies ON docs(id) WHERE copy = 1;
    CREATE TABLE bands(key INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, n))
        WITHOUT ROWID;
    CREATE TABLE stories(story INTEGER PRIMARY KEY AUTOINCREMENT, rep INTEGER NOT NULL,
        size INTEGER NOT NULL);
"""
# Stored articles removed, or whose text changed (a new text is a new pack), since.
_STALE = (
    "SELECT d.n FROM docs AS d LEFT JOIN listing.articles AS a ON a.id = d.id "
    "WHERE a.id IS NULL OR d.pack IS NOT a.pack"
)
_STALE_OF_CHANGED = (
    "SELECT d.n FROM temp.changed AS c CROSS JOIN docs AS d ON d.id = c.id "
    "LEFT JOIN listing.articles AS a ON a.id = d.id WHERE a.id IS NULL OR d.pack IS NOT a.pack"
)
_MISSING = (
    "SELECT a.id, a.pack FROM listing.articles AS a LEFT JOIN docs AS d ON d.id = a.id "
    "WHERE d.id IS NULL ORDER BY a.n"
)
_MISSING_OF_CHANGED = (
    "SELECT a.id, a.pack FROM temp.changed AS c CROSS JOIN listing.articles AS a "
    "ON a.id = c.id LEFT JOIN docs AS d ON d.id = a.id WHERE d.id IS NULL ORDER BY a.n"
)
# For a query's --collapse: the article is no copy (not its story's stands-for article).
# SQLite makes the copies a table once and probes it: 0.59 s a query at 500k articles of
# which 340k are copies, where NOT EXISTS looked each row up in docs (1.0 s).
NOT_A_COPY_SQL = "id NOT IN (SELECT id FROM stories.docs WHERE copy = 1)"


def stories_version() -> str:
    from newsarc.ingest.script import folding_version

    # the threshold decides the stories: another one makes them again
    return f"{STORIES_VERSION}+sig{SIGNATURE_VERSION}+at{SIMILAR}+opencc{folding_version()}"


@dataclass
class Story:
    """Articles that are copies of one story: the earliest first, each with its estimated
    similarity to it (1.0 for the earliest itself)."""

    ids: list[str]
    similarities: list[float] = field(default_factory=list)

    @property
    def rep(self) -> str:
        return self.ids[0]


Doc = tuple[str, str]  # id, pack


class StoryIndex(FollowingIndex):
    FILE = STORIES_FILE
    SCHEMA = _SCHEMA

    def __init__(self, store: Store, progress: Progress | None = None) -> None:
        super().__init__(store)
        self._progress = progress  # told of a build, article by article

    def version(self) -> str:
        return stories_version()

    # -- reading ----------------------------------------------------------------------------

    def ready(self) -> Path:
        """The index, up to date, for a reader to ATTACH (its path)."""
        with contextlib.closing(self._connect()) as db:
            self._sync(db)
        return self.path

    def stories_of(self, ids: list[str]) -> dict[str, tuple[str, int]]:
        """For each of these ids: (the id of its story's earliest article, how many other
        articles the story has). An article with no copies stands for itself, with 0."""
        with contextlib.closing(self._connect()) as db:
            self._sync(db)
            sql = (
                "SELECT d.id, r.id, s.size FROM docs AS d JOIN stories AS s ON s.story = d.story "
                "JOIN docs AS r ON r.n = s.rep WHERE d.id IN ({})"
            )
            found = {i: (rep, int(size) - 1) for i, rep, size in rows_in(db, sql, ids)}
        return {i: found.get(i, (i, 0)) for i in ids}

    def stories(
        self,
        within: Selection | None = None,
        *,
        min_similarity: float = 0.0,
        limit: int | None = None,
    ) -> Iterator[Story]:
        """Stories with copies, newest first (by their earliest article, as `list` sorts);
        only those with an article `within` selects, when given. Copies less similar to the
        earliest than `min_similarity` are left out, and a story left with none."""
        from newsarc.stories.signature import similarity

        with contextlib.closing(self._connect()) as db:
            self._sync(db)
            params: list[Any] = []
            chosen = ""
            if within is not None:
                where = within.where_sql(db, params)
                chosen = (
                    " AND s.story IN (SELECT d.story FROM docs AS d WHERE d.story IS NOT NULL "
                    f"AND d.id IN (SELECT id FROM listing.articles{where}))"
                )
            order = "(a.date IS NOT NULL) DESC, a.day DESC, a.date DESC, a.id DESC"
            sql = (
                "SELECT s.story FROM stories AS s JOIN docs AS r ON r.n = s.rep "
                f"JOIN listing.articles AS a ON a.id = r.id WHERE s.size > 1{chosen} "
                f"ORDER BY {order}"
            )
            shown = 0
            for (story,) in db.execute(sql, params).fetchall():
                members = db.execute(
                    "SELECT d.id, d.sig, a.date, a.day FROM docs AS d "
                    "JOIN listing.articles AS a ON a.id = d.id WHERE d.story = ?",
                    (story,),
                ).fetchall()
                members.sort(key=lambda m: earliest_key(m[0], m[2], m[3]))
                first_sig = members[0][1]
                ids, sims = [members[0][0]], [1.0]
                for article_id, sig, _, _ in members[1:]:
                    similar = similarity(first_sig, sig) if first_sig and sig else 0.0
                    if similar >= min_similarity:
                        ids.append(article_id)
                        sims.append(similar)
                if len(ids) < 2:
                    continue
                yield Story(ids, sims)
                shown += 1
                if limit is not None and shown >= limit:
                    return

    def pending(self) -> int:
        """How many articles the next read must sign and compare first (0 when the index
        is up to date): a progress bar's total."""
        with contextlib.closing(self._connect()) as db:
            if is_current(db, self._listing_stamp):
                return 0
            partial = ChangeLog.of(db).changed_since_seen(db)
            missing = _MISSING_OF_CHANGED if partial else _MISSING
            return int(db.execute(f"SELECT count(*) FROM ({missing})").fetchone()[0])

    def _sync(
        self,
        db: sqlite3.Connection,
        signatures: Mapping[str, bytes | None] | None = None,
        *,
        only_partial: bool = False,
    ) -> bool:
        if is_current(db, self._listing_stamp):
            return True
        with transaction(db):
            log = ChangeLog.of(db)
            new = db.execute("SELECT count(*) FROM docs").fetchone() == (0,)
            partial = log.changed_since_seen(db)
            if only_partial and not partial and not new:
                return False
            stale = [n for (n,) in db.execute(_STALE_OF_CHANGED if partial else _STALE)]
            if stale:
                Groups(db).remove(stale)
            missing = db.execute(_MISSING_OF_CHANGED if partial else _MISSING).fetchall()
            if self._progress:
                self._progress.start(len(missing))
            groups = Groups(db)
            for rows in self._signed(missing, signatures or {}):
                groups.add(rows)
                if self._progress:
                    self._progress.advance(len(rows))
            log.mark_seen(db, self._listing_stamp)
        return True

    def _signed(
        self, missing: list[Doc], signatures: Mapping[str, bytes | None]
    ) -> Iterator[list[Signed]]:
        """(id, pack, signature) of the missing articles, a chunk at a time: those the import
        signed as they are, the others from their texts (in worker processes when many)."""
        from newsarc.workers import cores, ordered_map

        ready = [(i, pack, signatures[i]) for i, pack in missing if i in signatures]
        for start in range(0, len(ready), CHUNK):
            yield ready[start : start + CHUNK]
        rest = [doc for doc in missing if doc[0] not in signatures]
        chunks = (rest[i : i + CHUNK] for i in range(0, len(rest), CHUNK))
        if len(rest) < PARALLEL or cores() < 2:
            for docs in chunks:
                yield _sign(docs, self._texts(docs))
        else:
            root = str(self._store.objects.root)
            jobs = ((root, docs) for docs in chunks)
            yield from ordered_map(signed_rows, jobs, workers=cores(), in_flight=2 * cores())

    def _texts(self, docs: list[Doc]) -> dict[str, str]:
        try:
            return self._store.objects.texts([(pack, i) for i, pack in docs])
        except (StoreCorrupted, OSError):
            return {}  # doctor names the damage; these articles are compared with none


def signed_rows(job: tuple[str, list[Doc]]) -> list[Signed]:
    """(id, pack, signature) of articles of the store in a folder: a worker's job."""
    root, docs = job
    try:
        texts = read_texts((root, [(pack, i) for i, pack in docs]))
    except (StoreCorrupted, OSError):
        texts = {}
    return _sign(docs, texts)


def _sign(docs: list[Doc], texts: dict[str, str]) -> list[Signed]:
    return [(i, pack, text_signature(texts[i]) if i in texts else None) for i, pack in docs]
