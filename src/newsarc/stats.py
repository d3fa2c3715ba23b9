"""Counts over the catalog: outlets, tags, months. Metadata only: no article text is read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class OutletCount:
    slug: str
    name: str
    articles: int
    as_feed: int = 0  # articles collected under this outlet's feed


@dataclass
class Summary:
    articles: int = 0
    dated: int = 0
    first_day: str | None = None
    last_day: str | None = None
    per_month: dict[str, int] = field(default_factory=dict)  # "2021-12" → count, in order
    per_outlet: list[OutletCount] = field(default_factory=list)
    per_lang: dict[str, int] = field(default_factory=dict)


def outlet_counts(records: Iterable[dict[str, Any]]) -> list[OutletCount]:
    """Outlets by articles published (source), with how many each carried as a feed."""
    names: dict[str, str] = {}
    published: Counter[str] = Counter()
    fed: Counter[str] = Counter()
    for record in records:
        slug = record.get("source") or ""
        published[slug] += 1
        if record.get("source_name"):
            names.setdefault(slug, record["source_name"])
        feed = record.get("feed")
        if feed:
            fed[feed] += 1
            if record.get("_feed_name"):
                names.setdefault(feed, record["_feed_name"])
    slugs = set(published) | set(fed)
    counts = [OutletCount(s, names.get(s, ""), published[s], fed[s]) for s in slugs]
    return sorted(counts, key=lambda c: (-c.articles, -c.as_feed, c.slug))


def tag_counts(records: Iterable[dict[str, Any]]) -> list[tuple[str, int]]:
    counter: Counter[str] = Counter(t for r in records for t in r.get("tags", []))
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def summarize(records: Iterable[dict[str, Any]]) -> Summary:
    rows = list(records)
    days = sorted(r["date"][:10] for r in rows if r.get("date"))
    months = Counter(day[:7] for day in days)
    return Summary(
        articles=len(rows),
        dated=len(days),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        per_month=dict(sorted(months.items())),
        per_outlet=outlet_counts(rows),
        per_lang=dict(Counter(r.get("lang", "") for r in rows)),
    )
