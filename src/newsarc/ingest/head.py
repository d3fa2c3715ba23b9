"""The head of a page: its headline and what stands above it (a masthead, a site's header),
and the bylines between the headline and the article's first sentence. Read by `page.py`,
whose docstring says how a page is read as a whole.
"""

from __future__ import annotations

import re

from newsarc.ingest.byline import URL_BARE, URL_HEADLINE, Meta
from newsarc.ingest.lines import (
    Line,
    PageParts,
    is_meta,
    is_sentence,
    meta_of,
    normal,
)
from newsarc.ingest.names import CJK_RE, is_media_link
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.title import clean_page_title, headline_in_title, title_site

HEAD_LINES = 40  # the article starts within this many lines of a page, or the page has no head


def _is_headline_like(line: Line) -> bool:
    text = line.text
    if not 4 <= len(text) <= 80 or not CJK_RE.search(text):
        return False
    if text.endswith(("。", "：", ":", "，", ",")) or re.search(r"[。；;]", text[:-1]):
        return False
    return len(CJK_RE.findall(text)) >= 4


def read_head(
    lines: list[Line],
    keep: list[bool],
    parts: PageParts,
    registry: OutletRegistry,
    title: str,
    title_hint: str,
) -> int:
    """Find the headline and bylines at the top; returns the index where the article starts."""
    limit = min(len(lines), HEAD_LINES)
    first_sentence = next(
        (
            i
            for i in range(limit)
            if keep[i] and is_sentence(lines[i].text) and not is_meta(lines[i], registry)
        ),
        limit,
    )
    head = range(first_sentence)
    if not title:  # a crawler's record: 标题：X
        labelled = (meta_of(lines[i], registry) for i in head if keep[i])
        labelled_title = next((m.title for m in labelled if m is not None and m.title), "")
        if labelled_title:  # its site rides along: `标题 | 猎云网`, `标题|关键词|关键词`
            title, site = clean_page_title(labelled_title)
            parts.headline, parts.masthead = title, parts.masthead or _site_name(site, registry)
    headline_at = _find_headline(lines, keep, head, range(limit), registry, title, title_hint)
    # A known title's heading goes when anything follows it; a guessed headline needs a line
    # of text after it.
    least = 1 if title else 8
    if headline_at is not None and not any(
        keep[i] and len(CJK_RE.findall(lines[i].text)) >= least
        for i in range(headline_at + 1, len(lines))
    ):
        headline_at = None  # a post whose one paragraph is its title: the text stays
    if headline_at is not None:
        headline = lines[headline_at]
        parts.headline = headline.text
        parts.title_site = title_site(headline.text, title_hint)
        keep[headline_at] = False
        # A saved page shows its headline above the article and again atop its body; an
        # opening sentence that echoes the headline (立叔走了。) is the article's.
        for index in range(headline_at + 1, min(len(lines), headline_at + 1 + REPEAT_LINES)):
            text = lines[index].text
            if keep[index] and text == headline.text and not text.endswith(_SENTENCE_ENDS):
                keep[index] = False
        if len(set(headline.links)) == 1 and headline.link_share >= 0.9:
            parts.offer_url(headline.links[0], URL_HEADLINE)
        for index in range(headline_at):
            if keep[index] and len(lines[index].text) <= 40:
                _take_masthead(lines[index].text, parts, registry)
                keep[index] = False
    for index in head:
        if not keep[index]:
            continue
        meta = meta_of(lines[index], registry)
        if meta is not None and meta.url_rank == URL_BARE and is_media_link(meta.url or ""):
            continue  # a video linked at the top is the post itself
        if meta is not None:
            take_meta(meta, parts)
            keep[index] = False
        elif headline_at is None and index == 0 and len(lines) > 2:
            _take_masthead(lines[index].text, parts, registry, drop=keep, at=index)
    return headline_at + 1 if headline_at is not None else 0


REPEAT_LINES = 6  # lines under the headline where a repeat of it is looked for
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "…")


def _find_headline(
    lines: list[Line],
    keep: list[bool],
    head: range,
    top_lines: range,
    registry: OutletRegistry,
    title: str,
    title_hint: str,
) -> int | None:
    for known in (title, title_hint):
        norm = normal(known)
        if not norm:
            continue
        for index in top_lines:
            text = lines[index].text
            if abs(len(text) - len(known)) <= 12 and normal(text) == norm:
                return index
        if known == title:
            return None
        for index in top_lines:  # <title> is the headline and the site's name: `标题|游民星空`
            if keep[index] and headline_in_title(lines[index].text, known):
                return index
    headings = [
        i
        for i in top_lines
        if keep[i]
        and lines[i].kind[0] == "h"
        and len(lines[i].kind) == 2
        and not is_masthead(lines[i].text, registry)
    ]
    if headings:
        top = min(int(lines[i].kind[1]) for i in headings)
        return next(i for i in headings if int(lines[i].kind[1]) == top)
    # Plain text: the line before the first byline, else the first line that reads as one.
    for index in head:
        if keep[index] and is_meta(lines[index], registry):
            for before in range(index - 1, -1, -1):
                if keep[before] and _is_headline_like(lines[before]):
                    return before
            break
    for index in head:
        if keep[index] and _is_headline_like(lines[index]) and not is_meta(lines[index], registry):
            if is_masthead(lines[index].text, registry):
                continue  # a masthead, not a headline
            return index
    return None


def _site_name(text: str, registry: OutletRegistry) -> str:
    return text if registry.looks_like_outlet(text) else ""


def is_masthead(text: str, registry: OutletRegistry) -> bool:
    name = text.strip()
    return registry.by_name(name) is not None or (
        len(name) <= 12
        and registry.looks_like_outlet(name)
        and not re.search(r"[，,。：:\s]", name)
    )


def _take_masthead(
    text: str,
    parts: PageParts,
    registry: OutletRegistry,
    drop: list[bool] | None = None,
    at: int = 0,
) -> None:
    """A short line above the headline naming an outlet (每日经济新闻) is the masthead."""
    if is_masthead(text, registry):
        parts.masthead = parts.masthead or text.strip()
        if drop is not None:
            drop[at] = False


def take_meta(meta: Meta, parts: PageParts) -> None:
    parts.date = parts.date or meta.date
    parts.outlet = parts.outlet or meta.outlet
    parts.offer_url(meta.url, meta.url_rank)
    parts.add_authors(meta.authors)
