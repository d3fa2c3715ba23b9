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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsarc.errors import StoreCorrupted
from newsarc.store.derived import transaction
from newsarc.store.following import ChangeLog, FollowingIndex, is_current
from newsarc.store.objects import read_texts
from newsarc.store.store import STORIES_FILE
from newsarc.stories.signature import SIGNATURE_VERSION, SIMILAR, band_rows, text_signature

if TYPE_CHECKING:
    from pathlib import Path

    from newsarc.progress import Progress
    from newsarc.store.listing import Selection
    from newsarc.store.store import Store

STORIES_VERSION = "1"
# A band a great many texts share (boilerplate, or one story with very many copies) is
# compared through its first BUCKET_CAP articles only: a story's copies share many bands,
# so they still meet, and a crowded band does not make every new article meet thousands.
BUCKET_CAP = 8
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
# New articles' bands against the stored ones: up to BUCKET_CAP of each band's articles.
_MEETINGS = (
    "SELECT DISTINCT f.n, b.n FROM temp.fresh AS f CROSS JOIN bands AS b ON b.key = f.key "
    "AND b.n <= coalesce((SELECT n FROM bands WHERE key = f.key ORDER BY n "
    f"LIMIT 1 OFFSET {BUCKET_CAP - 1}), 9223372036854775807) WHERE b.n != f.n"
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
Signed = tuple[str, str, bytes | None]  # id, pack, signature


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
            found: dict[str, tuple[str, int]] = {}
            sql = (
                "SELECT d.id, r.id, s.size FROM docs AS d JOIN stories AS s ON s.story = d.story "
                "JOIN docs AS r ON r.n = s.rep WHERE d.id IN ({})"
            )
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for article_id, rep, size in db.execute(
                    sql.format(",".join("?" * len(chunk))), chunk
                ):
                    found[article_id] = (rep, int(size) - 1)
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
                members.sort(key=lambda m: _earliest_key(m[0], m[2], m[3]))
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
                _Groups(db).remove(stale)
            missing = db.execute(_MISSING_OF_CHANGED if partial else _MISSING).fetchall()
            if self._progress:
                self._progress.start(len(missing))
            groups = _Groups(db)
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


def _earliest_key(article_id: str, date: str | None, day: str | None) -> tuple[Any, ...]:
    """Sorts a story's articles earliest first: dated ones by day and time, then undated,
    then by id (the reverse of `list`'s newest-first order)."""
    return (date is None, day or "", date or "", article_id)


class _Groups:
    """The docs, bands and stories tables, changed together inside one transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def add(self, rows: list[Signed]) -> None:
        """New articles in: each meets the stored ones sharing a band, is linked to those
        similar enough, and the stories they link are merged."""
        db = self.db
        (last,) = db.execute("SELECT coalesce(max(n), 0) FROM docs").fetchone()
        numbered = [(last + 1 + i, *row) for i, row in enumerate(rows)]
        db.executemany("INSERT INTO docs(n, id, pack, sig) VALUES (?, ?, ?, ?)", numbered)
        signed = {n: sig for n, _, _, sig in numbered if sig is not None}
        if not signed:
            return
        # in key order: the inserts go down the b-tree of bands in order, not all over it
        keyed = sorted(band_rows(signed))
        db.execute("CREATE TEMP TABLE IF NOT EXISTS fresh(key INTEGER, n INTEGER)")
        db.execute("DELETE FROM temp.fresh")
        db.executemany("INSERT INTO temp.fresh VALUES (?, ?)", keyed)
        db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", keyed)
        met = db.execute(_MEETINGS).fetchall()
        if not met:
            return
        known = self._docs({m for _, m in met})
        # each pair once: two new ones may meet either way round, or (in a crowded band,
        # met through its first articles only) just one way
        met = sorted({(min(n, m), max(n, m)) for n, m in met})
        links = _similar_pairs(met, lambda n: signed.get(n) or known[n][0])
        if links:
            self._link(links, known)

    def _link(
        self, links: list[tuple[int, int]], known: dict[int, tuple[bytes, int | None]]
    ) -> None:
        """Merge the stories and lone articles these links join."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        # a node is a story, or an article in none
        def node(n: int) -> tuple[str, int]:
            story = known[n][1] if n in known else None
            return ("s", story) if story is not None else ("n", n)

        nodes: dict[tuple[str, int], int] = {}
        pairs = [
            (nodes.setdefault(node(a), len(nodes)), nodes.setdefault(node(b), len(nodes)))
            for a, b in links
        ]
        rows, cols = zip(*pairs, strict=True)
        graph = coo_matrix(([1] * len(pairs), (rows, cols)), shape=(len(nodes), len(nodes)))
        _, label = connected_components(graph, directed=False)
        parts: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for key, index in nodes.items():
            parts[int(label[index])].append(key)
        for part in parts.values():
            self._merge(
                [k for kind, k in part if kind == "s"], [k for kind, k in part if kind == "n"]
            )

    def _merge(self, stories: list[int], lone: list[int]) -> None:
        db = self.db
        sizes = dict(
            db.execute(
                f"SELECT story, size FROM stories WHERE story IN ({_marks(stories)})", stories
            ).fetchall()
        )
        reps = [
            r
            for (r,) in db.execute(
                f"SELECT rep FROM stories WHERE story IN ({_marks(stories)})", stories
            )
        ]
        if stories:
            keep = max(stories, key=lambda s: (sizes.get(s, 0), -s))
        else:
            cursor = db.execute("INSERT INTO stories(rep, size) VALUES (0, 0)")
            assert cursor.lastrowid is not None
            keep = cursor.lastrowid
        for other in stories:
            if other != keep:
                db.execute("UPDATE docs SET story = ? WHERE story = ?", (keep, other))
                db.execute("DELETE FROM stories WHERE story = ?", (other,))
        db.executemany("UPDATE docs SET story = ?, copy = 1 WHERE n = ?", [(keep, n) for n in lone])
        rep = self._earliest([*reps, *lone])
        db.executemany("UPDATE docs SET copy = 1 WHERE n = ?", [(n,) for n in reps])
        db.execute("UPDATE docs SET copy = 0 WHERE n = ?", (rep,))
        size = sum(sizes.values()) + len(lone)
        db.execute("UPDATE stories SET rep = ?, size = ? WHERE story = ?", (rep, size, keep))

    def remove(self, gone: list[int]) -> None:
        """Articles out (removed, or to be added again with a new text): their bands and rows
        go, and each story they were in is compared again among those left."""
        db = self.db
        touched: set[int] = set()
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            for n, sig, story in db.execute(
                f"SELECT n, sig, story FROM docs WHERE n IN ({_marks(chunk)})", chunk
            ).fetchall():
                if sig is not None:
                    db.executemany("DELETE FROM bands WHERE key = ? AND n = ?", band_rows({n: sig}))
                if story is not None:
                    touched.add(story)
            db.execute(f"DELETE FROM docs WHERE n IN ({_marks(chunk)})", chunk)
        for story in sorted(touched):
            self._regroup(story)

    def _regroup(self, story: int) -> None:
        """A story's articles compared again among themselves: it may stay whole, split in
        parts, or be left with one article (then no story)."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        db = self.db
        members = db.execute("SELECT n, sig FROM docs WHERE story = ?", (story,)).fetchall()
        db.execute("UPDATE docs SET story = NULL, copy = 0 WHERE story = ?", (story,))
        db.execute("DELETE FROM stories WHERE story = ?", (story,))
        if len(members) < 2:
            return
        # as an import meets them: each article with the first BUCKET_CAP of each band
        buckets: dict[int, list[int]] = defaultdict(list)
        signed = {index: sig for index, (_, sig) in enumerate(members) if sig is not None}
        for key, index in band_rows(signed):
            buckets[key].append(index)
        pairs = {
            (min(a, b), max(a, b))
            for bucket in buckets.values()
            for a in bucket
            for b in bucket[:BUCKET_CAP]
            if a != b
        }
        links = _similar_pairs(sorted(pairs), lambda index: members[index][1])
        if not links:
            return
        rows, cols = zip(*links, strict=True)
        size = len(members)
        graph = coo_matrix(([1] * len(links), (rows, cols)), shape=(size, size))
        _, label = connected_components(graph, directed=False)
        parts: dict[int, list[int]] = defaultdict(list)
        for index, (n, _) in enumerate(members):
            parts[int(label[index])].append(n)
        for part in parts.values():
            if len(part) > 1:
                self._merge([], part)

    def _earliest(self, ns: list[int]) -> int:
        """The earliest of these articles (a story's regrouped part may be thousands: the
        IN list goes 500 at a time)."""
        rows = [
            row
            for start in range(0, len(ns), 500)
            for row in self.db.execute(
                "SELECT d.n, d.id, a.date, a.day FROM docs AS d JOIN listing.articles AS a "
                f"ON a.id = d.id WHERE d.n IN ({_marks(ns[start : start + 500])})",
                ns[start : start + 500],
            )
        ]
        if not rows:
            return min(ns)
        return int(min(rows, key=lambda r: _earliest_key(r[1], r[2], r[3]))[0])

    def _docs(self, ns: Iterable[int]) -> dict[int, tuple[bytes, int | None]]:
        """Signature and story of stored articles."""
        wanted = sorted(ns)
        found: dict[int, tuple[bytes, int | None]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for n, sig, story in self.db.execute(
                f"SELECT n, sig, story FROM docs WHERE n IN ({_marks(chunk)})", chunk
            ):
                found[n] = (sig, story)
        return found


def _similar_pairs(
    pairs: list[tuple[int, int]], signature: Callable[[int], bytes | None]
) -> list[tuple[int, int]]:
    """The pairs whose signatures are SIMILAR, compared all at once (numpy): a pair at a
    time cost 3 µs, and an import compares up to a hundred pairs an article."""
    import numpy as np

    from newsarc.stories.signature import PERMUTATIONS

    if not pairs:
        return []
    ends = np.unique(np.array(pairs, dtype=np.int64))
    matrix = np.zeros((len(ends), PERMUTATIONS), dtype="<u4")
    signed = np.zeros(len(ends), dtype=bool)
    for i, n in enumerate(ends.tolist()):
        sig = signature(n)
        if sig is not None:
            matrix[i] = np.frombuffer(sig, dtype="<u4")
            signed[i] = True
    found: list[tuple[int, int]] = []
    for start in range(0, len(pairs), 50_000):
        chunk = pairs[start : start + 50_000]
        both = np.searchsorted(ends, np.array(chunk, dtype=np.int64))
        left, right = both[:, 0], both[:, 1]
        agree = np.count_nonzero(matrix[left] == matrix[right], axis=1)
        similar = (agree >= SIMILAR * PERMUTATIONS) & signed[left] & signed[right]
        found.extend(chunk[index] for index in np.flatnonzero(similar).tolist())
    return found


def _marks(values: list[Any]) -> str:
    return ",".join("?" * len(values))
