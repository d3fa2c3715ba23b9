"""Query: the filters, sort and limit that `list` and `export` share.

Filters of one kind OR together, different kinds AND. Dates compare on the article's own
calendar day. Outlet words match a source or a feed: a slug prefix (xinhua → xinhuawang), a
substring of the name (新华, script-insensitive) or a known alias (nbd, xinhuanet).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from newsarc.ingest.dates import parse_day_bound
from newsarc.ingest.outlets import OutletRegistry

SORT_KEYS = ("date", "title", "source")


@dataclass
class Query:
    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    ids: list[str] = field(default_factory=list)
    search: str | None = None  # full-text terms, see newsarc.search.SearchQuery
    sort: str = "date"
    reverse: bool = False
    limit: int | None = None
    # Each story once: copies of a story (newsarc.stories) other than its earliest are left
    # out. In SQL only (where_sql), over the stories index attached as `stories`.
    collapse: bool = False

    def __post_init__(self) -> None:
        # Validate early so a bad value is a usage error before any work is done.
        self.since_day = parse_day_bound(self.since, end=False) if self.since else None
        self.until_day = parse_day_bound(self.until, end=True) if self.until else None
        if self.sort not in SORT_KEYS:
            from newsarc.errors import UsageError

            raise UsageError(f"cannot sort by {self.sort!r}: use one of {', '.join(SORT_KEYS)}")
        self._outlets = [_OutletWord(word) for word in self.sources if word.strip()]
        self._tags = {_fold(tag) for tag in self.tags if tag.strip()}
        self._ids = set(self.ids)
        if self.search is not None:
            from newsarc.search import SearchQuery

            self.parsed_search: SearchQuery | None = SearchQuery.parse(self.search)
        else:
            self.parsed_search = None

    @property
    def id_set(self) -> set[str]:
        return self._ids

    def outlet_matches(self, slug: str, name: str) -> bool:
        """Does an outlet (slug, name as printed) match any --source word? True if none."""
        return not self._outlets or any(word.matches_pair(slug, name) for word in self._outlets)

    def tag_matches(self, tag: str) -> bool:
        return not self._tags or _fold(tag) in self._tags

    @property
    def filters_outlets(self) -> bool:
        return bool(self._outlets)

    @property
    def filters_tags(self) -> bool:
        return bool(self._tags)

    def has_filters(self) -> bool:
        return bool(
            self._outlets
            or self._tags
            or self._ids
            or self.since_day
            or self.until_day
            or self.collapse
        )

    def restricted_to(self, ids: Iterable[str]) -> Query:
        """The same query, narrowed to these ids (search hits)."""
        allowed = set(ids) if not self._ids else self._ids.intersection(ids)
        # "-" is no article's id: with no hits, nothing may match.
        return replace(self, ids=sorted(allowed) or ["-"], search=None)

    def matches(self, record: dict[str, Any]) -> bool:
        if self._ids and record["id"] not in self._ids:
            return False
        if self.since_day or self.until_day:
            day = (record.get("date") or "")[:10]
            if not day:
                return False
            if self.since_day and day < self.since_day:
                return False
            if self.until_day and day > self.until_day:
                return False
        if self._tags and not self._tags.intersection(_fold(t) for t in record.get("tags", [])):
            return False
        return not self._outlets or any(word.matches(record) for word in self._outlets)

    def select(self, records: Iterable[dict[str, Any]]) -> list[str]:
        """Ids of the matching records, sorted and limited."""
        hits = [r for r in records if self.matches(r)]
        hits.sort(key=_sort_key(self.sort), reverse=(self.sort == "date") != self.reverse)
        if self.limit is not None:
            hits = hits[: max(self.limit, 0)]
        return [r["id"] for r in hits]

    # -- the same, as SQL over the listing's columns (newsarc.store.listing) ----------------

    def where_sql(self, db: sqlite3.Connection, params: list[Any]) -> str:
        """The WHERE clause of the filters (their parameters appended to `params`). Outlets
        and tags are matched here, in Python, against the distinct values the listing
        holds, so SQL gets plain IN lists."""
        where: list[str] = []
        if self.since_day:
            where.append("day >= ?")
            params.append(self.since_day)
        if self.until_day:
            where.append("day <= ?")
            params.append(self.until_day)
        if self.id_set:
            where.append(_in_many("id", sorted(self.id_set), params))
        if self.filters_outlets:
            # the listing's tallies hold each (slug, name) once: no walk over the articles
            pairs = db.execute("SELECT key, name FROM tallies WHERE kind = 'source'")
            sources = sorted({s for s, n in pairs if s and self.outlet_matches(s, n or "")})
            feed_pairs = db.execute("SELECT key, name FROM tallies WHERE kind = 'feed'")
            feeds = sorted({f for f, n in feed_pairs if self.outlet_matches(f, n or "")})
            where.append(f"({_in('source', sources, params)} OR {_in('feed', feeds, params)})")
        if self.filters_tags:
            known = db.execute("SELECT key FROM tallies WHERE kind = 'tag'")
            tags = sorted({t for (t,) in known if self.tag_matches(t)})
            tagged = _in("value", tags, params)
            where.append(f"EXISTS (SELECT 1 FROM json_each(articles.tags) WHERE {tagged})")
        if self.collapse:
            from newsarc.stories.index import NOT_A_COPY_SQL

            where.append(NOT_A_COPY_SQL)
        return " WHERE " + " AND ".join(where) if where else ""

    def order_sql(self) -> str:
        """ORDER BY that agrees with `select`: newest first (undated last), or A→Z."""
        if self.sort == "date":
            return date_order("ASC" if self.reverse else "DESC")
        way = "DESC" if self.reverse else "ASC"
        if self.sort == "title":
            return f"title {way}, id {way}"
        return f"(CASE WHEN source = '' THEN '~' ELSE source END) {way}, title {way}, id {way}"


def date_order(way: str = "DESC") -> str:
    """ORDER BY of the listing by date: newest first, undated last (DESC), or the reverse;
    `list` and a search's matches are ordered by it."""
    return f"(date IS NOT NULL) {way}, day {way}, date {way}, id {way}"


def _in_many(column: str, values: list[str], params: list[Any]) -> str:
    """`column IN` a list of any length (a search's hits: 300k at 500k articles), as one JSON
    parameter: a variable each passes SQLite's limit (32,766 on most builds)."""
    if len(values) <= MANY:
        return _in(column, values, params)
    import orjson

    params.append(orjson.dumps(values).decode())
    return f"{column} IN (SELECT value FROM json_each(?))"


MANY = 500  # values from which an IN list goes as one JSON array


def _in(column: str, values: list[str], params: list[Any]) -> str:
    if not values:
        return "0"
    params.extend(values)
    return f"{column} IN ({','.join('?' * len(values))})"


def _sort_key(sort: str) -> Any:
    if sort == "date":
        # Undated articles sort after dated ones, newest first; full times before bare days
        # of the same day would be arbitrary, so the day is the primary key.
        return lambda r: (
            r.get("date") is not None,
            (r.get("date") or "")[:10],
            r.get("date") or "",
            r["id"],
        )
    if sort == "title":
        return lambda r: (r.get("title") or "", r["id"])
    return lambda r: (r.get("source") or "~", r.get("title") or "", r["id"])


class _OutletWord:
    def __init__(self, word: str) -> None:
        self.raw = word.strip()
        self.lower = self.raw.lower()
        self.folded = _fold(self.raw)
        registry = OutletRegistry.default()
        known = registry.resolve(self.raw)
        self.alias_slug = known.slug if known else None

    def matches(self, record: dict[str, Any]) -> bool:
        return self.matches_pair(
            record.get("source") or "", record.get("source_name") or ""
        ) or self.matches_pair(record.get("feed") or "", record.get("_feed_name") or "")

    def matches_pair(self, slug: str, name: str) -> bool:
        if slug and (slug.startswith(self.lower) or slug == self.alias_slug):
            return True
        return bool(name) and self.folded in _fold(name)


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Case- and script-insensitive form for matching (習近平 ~ 习近平)."""
    lowered = text.strip().lower()
    if lowered.isascii():
        return lowered
    from newsarc.ingest.script import fold_script

    return fold_script(lowered)


def shortest_unique_prefixes(
    all_ids: Iterable[str], wanted: Iterable[str], minimum: int = 8
) -> dict[str, str]:
    ordered = sorted(all_ids)
    result: dict[str, str] = {}
    import bisect

    for article_id in wanted:
        at = bisect.bisect_left(ordered, article_id)
        neighbours = [ordered[i] for i in (at - 1, at + 1) if 0 <= i < len(ordered)]
        length = minimum
        for other in neighbours:
            common = 0
            while common < min(len(other), len(article_id)) and other[common] == article_id[common]:
                common += 1
            length = max(length, common + 1)
        result[article_id] = article_id[:length]
    return result
