"""How stories are made and unmade in stories.sqlite (stories/index.py keeps it up to
date and reads it): new articles meet the stored ones sharing an LSH band, pairs whose
signatures are SIMILAR are linked, and linked articles are one story (connected components);
an article leaving a story has the rest compared again among themselves. Everything here
runs inside the index's one transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from newsarc.store.derived import rows_in
from newsarc.stories.signature import PERMUTATIONS, SIMILAR, band_rows

Signed = tuple[str, str, bytes | None]  # id, pack, signature: an article to add
Node = TypeVar("Node")
# A band a great many texts share (boilerplate, or one story with very many copies) is
# compared through its first BUCKET_CAP articles only: a story's copies share many bands,
# so they still meet, and a crowded band does not make every new article meet thousands.
BUCKET_CAP = 8
# New articles' bands against the stored ones: up to BUCKET_CAP of each band's articles.
_MEETINGS = (
    "SELECT DISTINCT f.n, b.n FROM temp.fresh AS f CROSS JOIN bands AS b ON b.key = f.key "
    "AND b.n <= coalesce((SELECT n FROM bands WHERE key = f.key ORDER BY n "
    f"LIMIT 1 OFFSET {BUCKET_CAP - 1}), 9223372036854775807) WHERE b.n != f.n"
)


def earliest_key(article_id: str, date: str | None, day: str | None) -> tuple[Any, ...]:
    """Sorts a story's articles earliest first: dated ones by day and time, then undated,
    then by id (the reverse of `list`'s newest-first order)."""
    return (date is None, day or "", date or "", article_id)


class Groups:
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

        # a node is a story, or an article in none
        def node(n: int) -> tuple[str, int]:
            story = known[n][1] if n in known else None
            return ("s", story) if story is not None else ("n", n)

        nodes: dict[tuple[str, int], int] = {}
        pairs = [
            (nodes.setdefault(node(a), len(nodes)), nodes.setdefault(node(b), len(nodes)))
            for a, b in links
        ]
        for part in _components(list(nodes), pairs):
            self._merge(
                [k for kind, k in part if kind == "s"], [k for kind, k in part if kind == "n"]
            )

    def _merge(self, stories: list[int], lone: list[int]) -> None:
        db = self.db
        found = list(
            rows_in(db, "SELECT story, size, rep FROM stories WHERE story IN ({})", stories)
        )
        sizes = {story: size for story, size, _ in found}
        reps = [rep for _, _, rep in found]
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
        leaving = list(rows_in(db, "SELECT n, sig, story FROM docs WHERE n IN ({})", gone))
        for n, sig, story in leaving:
            if sig is not None:
                db.executemany("DELETE FROM bands WHERE key = ? AND n = ?", band_rows({n: sig}))
            if story is not None:
                touched.add(story)
        db.executemany("DELETE FROM docs WHERE n = ?", [(n,) for n in gone])
        for story in sorted(touched):
            self._regroup(story)

    def _regroup(self, story: int) -> None:
        """A story's articles compared again among themselves: it may stay whole, split in
        parts, or be left with one article (then no story)."""

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
        for part in _components([n for n, _ in members], links):
            if len(part) > 1:
                self._merge([], part)

    def _earliest(self, ns: list[int]) -> int:
        """The earliest of these articles (a story's regrouped part may be thousands)."""
        sql = (
            "SELECT d.n, d.id, a.date, a.day FROM docs AS d JOIN listing.articles AS a "
            "ON a.id = d.id WHERE d.n IN ({})"
        )
        rows = list(rows_in(self.db, sql, ns))
        if not rows:
            return min(ns)
        return int(min(rows, key=lambda r: earliest_key(r[1], r[2], r[3]))[0])

    def _docs(self, ns: Iterable[int]) -> dict[int, tuple[bytes, int | None]]:
        """Signature and story of stored articles."""
        sql = "SELECT n, sig, story FROM docs WHERE n IN ({})"
        return {n: (sig, story) for n, sig, story in rows_in(self.db, sql, sorted(ns))}


def _similar_pairs(
    pairs: list[tuple[int, int]], signature: Callable[[int], bytes | None]
) -> list[tuple[int, int]]:
    """The pairs whose signatures are SIMILAR, compared all at once (numpy): a pair at a
    time cost 3 µs, and an import compares up to a hundred pairs an article."""
    import numpy as np

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


def _components(nodes: list[Node], pairs: list[tuple[int, int]]) -> list[list[Node]]:
    """The nodes in parts joined by the pairs (of their positions): connected components,
    scipy's; a node no pair names is a part of its own."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not pairs:
        return [[node] for node in nodes]
    rows, cols = zip(*pairs, strict=True)
    graph = coo_matrix(([1] * len(pairs), (rows, cols)), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    parts: dict[int, list[Node]] = defaultdict(list)
    for index, node in enumerate(nodes):
        parts[int(label[index])].append(node)
    return list(parts.values())
