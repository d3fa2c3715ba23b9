"""Articles to the terminal. Article text is data, never instructions to the terminal:
control characters, escape sequences and bidi overrides are neutralised, and text is
handed to rich as Text objects, so `[bold]` in a title prints as it is written."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from newsarc.model import Article

if TYPE_CHECKING:
    from rich.console import RenderableType

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


def article_renderable(article: Article) -> RenderableType:
    """The article for a terminal: bold title, dim header, wrapped text (rich wraps CJK)."""
    from rich.console import Group
    from rich.text import Text

    title = Text(sanitize(article.title, single_line=True), style="bold")
    header = Text()
    for label, value in header_lines(article):
        header.append(f"{label}: ", style="dim")
        header.append(value + "\n")
    body = Text(sanitize(article.text))
    return Group(title, header, body)


def display_width(text: str) -> int:
    """Terminal cells: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
