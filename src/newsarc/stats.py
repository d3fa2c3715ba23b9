"""Counts over the archive: outlets, tags, months, scripts. Metadata only: for the whole
archive from the tallies the derived listing keeps (store/listing.py), for a selection from
its rows; no record is parsed, no text read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

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


LONG_SPAN = 30  # years: past it, a month grid keeps the years that have articles


def month_grid(per_month: dict[str, int]) -> list[tuple[int, list[int]]]:
    """Articles per month as years × 12 months, every month of every year from the first
    to the last included (a month with none is 0); over a span longer than LONG_SPAN
    years (a stray date of 1863), only the years with articles."""
    years = sorted({int(month[:4]) for month in per_month if month[:4].isdigit()})
    if not years:
        return []
    if years[-1] - years[0] < LONG_SPAN:
        years = list(range(years[0], years[-1] + 1))
    return [
        (year, [per_month.get(f"{year:04d}-{m:02d}", 0) for m in range(1, 13)]) for year in years
    ]


def rows_of(summary: Summary, top: int | None = None) -> list[tuple[str, str, str, int]]:
    """The summary as (kind, key, name, articles) rows: every month of the grid (empty
    ones too), then outlets, then scripts; for CSV."""
    rows = [
        ("month", f"{year:04d}-{m:02d}", "", n)
        for year, months in month_grid(summary.per_month)
        for m, n in enumerate(months, 1)
    ]
    rows += [("outlet", o.slug, o.name, o.articles) for o in summary.per_outlet[:top]]
    rows += [("script", lang, "", n) for lang, n in sorted(summary.per_lang.items())]
    return rows


def write_csv(summary: Summary, out: IO[str]) -> None:
    """`stats --format csv`: rows_of, under a header, cells neutralised as export's are."""
    from newsarc.export import csv_writer

    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["kind", "key", "name", "articles"])
    writer.writerows(rows_of(summary))
