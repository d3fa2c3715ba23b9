"""Counts over the archive: outlets, tags, months, scripts. Metadata only: for the whole
archive from the tallies the derived listing keeps (store/listing.py), for a selection from
its rows; no record is parsed, no text read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsarc.store.listing import Listing, Selection


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


def outlet_counts(listing: Listing) -> list[OutletCount]:
    """Outlets by articles published (source), with how many each carried as a feed."""
    return [OutletCount(*row) for row in listing.outlet_counts()]


def tag_counts(listing: Listing) -> list[tuple[str, int]]:
    return listing.tag_counts()


def summarize(listing: Listing, query: Selection | None = None) -> Summary:
    """The whole archive from the tallies; the articles a query selects (its filters, its
    search turned into ids: Archive.narrowed_by_search) from their rows."""
    if query is not None:
        total, dated, first, last, months, langs, outlets = listing.counts_of(query)
        return Summary(
            articles=total,
            dated=dated,
            first_day=first,
            last_day=last,
            per_month=months,
            per_outlet=[OutletCount(slug, name, n) for slug, name, n in outlets],
            per_lang=langs,
        )
    articles, dated, first_day, last_day, per_month = listing.date_counts()
    return Summary(
        articles=articles,
        dated=dated,
        first_day=first_day,
        last_day=last_day,
        per_month=per_month,
        per_outlet=outlet_counts(listing),
        per_lang=listing.lang_counts(),
    )
