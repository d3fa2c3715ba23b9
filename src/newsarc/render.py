"""Articles to the terminal. Article text is data, never instructions to the terminal:
control characters, escape sequences and bidi overrides are neutralised, and text is
handed to rich as Text objects, so `[bold]` in a title prints as it is written."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from newsarc.model import Article
from newsarc.stats import month_grid

if TYPE_CHECKING:
    from rich.console import RenderableType

    from newsarc.stats import Summary

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi embeddings,
# overrides and isolates that can make text display in a different order than it is stored.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]"
)
# Whole escape sequences first, so no stray `[2J` remains once ESC is gone.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def sanitize(text: str, *, single_line: bool = False) -> str:
    """Text safe to print: escape sequences removed, other controls dropped."""
    text = _ANSI.sub("", text)
    text = _UNSAFE.sub("", text)
    return " ".join(text.split()) if single_line else text.replace("\t", "    ")


def article_for_terminal(article: Article) -> Article:
    """The article with every text field sanitised (newlines kept): what an export in a
    readable format may print on a terminal."""
    from dataclasses import fields, replace

    changes: dict[str, object] = {}
    for spec in fields(article):
        value = getattr(article, spec.name)
        if isinstance(value, str):
            changes[spec.name] = sanitize(value)
        elif isinstance(value, list):
            changes[spec.name] = [sanitize(v) if isinstance(v, str) else v for v in value]
    return replace(article, **changes)  # type: ignore[arg-type]


def original_for_terminal(data: bytes) -> str:
    """An original file's bytes as text a terminal can show: decoded as the import would
    (GB18030, Big5, UTF-16…), then sanitised."""
    from newsarc.errors import UnreadableFile
    from newsarc.ingest.decode import decode_bytes

    try:
        text, _ = decode_bytes(data)
    except UnreadableFile:  # empty, or not text at all: shown as UTF-8, garbage replaced
        text = data.decode("utf-8", "replace")
    return sanitize(text)


def display_date(date: str | None, *, with_time: bool = True) -> str:
    if not date:
        return "—"
    if with_time and len(date) >= 16:
        return date[:10] + " " + date[11:16]
    return date[:10]


def outlet_label(article: Article) -> str:
    name = article.source_name or article.source
    if article.feed and article.feed != article.source:
        return f"{name} via {article.feed}" if name else article.feed
    return name


def header_lines(article: Article) -> list[tuple[str, str]]:
    """(label, value) pairs shown above an article's text."""
    outlet = article.source_name or ""
    if article.source:
        outlet = f"{outlet} ({article.source})" if outlet else article.source
    rows = [("outlet", outlet or "unknown"), ("date", article.date or "unknown")]
    if article.feed and article.feed != article.source:
        rows.append(("feed", article.feed))
    if article.tags:
        rows.append(("tags", ", ".join(article.tags)))
    if article.authors:
        rows.append(("authors", ", ".join(article.authors)))
    if article.url:
        rows.append(("link", article.url))
    rows.append(("id", article.id))
    return [(label, sanitize(value, single_line=True)) for label, value in rows]


def article_plain(article: Article) -> str:
    """The article as plain text, for pipes."""
    lines = [sanitize(article.title, single_line=True)]
    lines += [f"{label}: {value}" for label, value in header_lines(article)]
    return "\n".join(lines) + "\n\n" + sanitize(article.text) + "\n"


def article_renderable(article: Article, width: int = 80) -> RenderableType:
    """The article for a terminal `width` cells wide: bold title, dim header, text wrapped
    by the Unicode line-breaking rules (wrap_lines)."""
    from rich.console import Group
    from rich.text import Text

    title = Text(
        "\n".join(wrap_lines(sanitize(article.title, single_line=True), width)), style="bold"
    )
    header = Text()
    for label, value in header_lines(article):
        header.append(f"{label}: ", style="dim")
        header.append(value + "\n")
    body = Text("\n".join(wrap_lines(sanitize(article.text), width)), no_wrap=True)
    return Group(title, header, body)


def wrap_lines(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells, broken where UAX #14 (Unicode line breaking,
    as uniseg implements it) allows: never before `、，。」` and the like, never after `“（《`,
    never inside a Latin word or a number. Each line of `text` is wrapped apart; empty
    lines stay."""
    from uniseg.wrap import tt_wrap

    wrapped: list[str] = []
    for line in text.split("\n"):
        if display_width(line) <= width:
            wrapped.append(line)
            continue
        wrapped += [part.rstrip() for part in tt_wrap(line, max(width, 2))]
    return wrapped


def display_width(text: str) -> int:
    """Terminal cells: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def stats_plain(summary: Summary, top: int = 10) -> str:
    lines = [
        f"articles: {summary.articles} ({summary.dated} dated)",
        f"date range: {summary.first_day or '—'} … {summary.last_day or '—'}",
        "scripts: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.per_lang.items())),
        "",
        "per month:",
    ]
    lines[-1] = "per month:\t" + "\t".join(MONTHS) + "\ttotal"
    lines += [
        f"{year}\t" + "\t".join(map(str, months)) + f"\t{sum(months)}"
        for year, months in month_grid(summary.per_month)
    ]
    lines += ["", "per outlet:"]
    for outlet in summary.per_outlet[:top]:
        name = sanitize(outlet.name, single_line=True)
        lines.append(f"{outlet.slug or '(unknown)'}\t{name}\t{outlet.articles}")
    return "\n".join(lines)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LEVELS = "▁▂▃▄▅▆▇█"


def _month_chart(per_month: dict[str, int]) -> RenderableType:
    """Years as rows, months as cells shaded by how many articles (relative to the busiest
    month), a month with none as `·`, each year's total at the end: ten years in ten lines,
    under 60 columns."""
    from rich.table import Table
    from rich.text import Text

    grid = month_grid(per_month)
    busiest = max((n for _, months in grid for n in months), default=0) or 1
    table = Table(title="per month", box=None, pad_edge=False, title_justify="left")
    table.add_column("", no_wrap=True)
    for name in MONTHS:
        table.add_column(name[0], no_wrap=True, justify="center")
    table.add_column("total", justify="right", no_wrap=True)
    for year, months in grid:
        cells = [
            Text(_LEVELS[min(7, (n * 8 - 1) // busiest)] * 2, style="cyan") if n else Text("·")
            for n in months
        ]
        table.add_row(str(year), *cells, f"{sum(months):,}")
    return table


def stats_renderable(summary: Summary, top: int = 10) -> RenderableType:
    """Totals, then a bar per month and per outlet, scaled to the largest."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    head = Text(
        f"{summary.articles} articles, {summary.dated} dated, "
        f"{summary.first_day or '—'} … {summary.last_day or '—'}\n",
        style="bold",
    )

    def bars(title: str, rows: list[tuple[str, int]]) -> Table:
        table = Table(
            title=title, box=None, pad_edge=False, show_header=False, title_justify="left"
        )
        table.add_column(no_wrap=True)
        table.add_column(justify="right")
        table.add_column(no_wrap=True)
        biggest = max((n for _, n in rows), default=1)
        for label, n in rows:
            table.add_row(
                Text(label), str(n), Text("█" * max(1, round(30 * n / biggest)), style="cyan")
            )
        return table

    months = _month_chart(summary.per_month)
    outlets = bars(
        "per outlet",
        [
            (sanitize(o.name or o.slug or "(unknown)", single_line=True), o.articles)
            for o in summary.per_outlet[:top]
        ],
    )
    return Group(head, months, Text(""), outlets)
