"""Plain-text pages scraped from news sites.

Layout seen on 每日经济新闻 pages: masthead line, title, byline `OUTLET YYYY-MM-DD HH:MM`, lead,
`每经记者 X    每经编辑 Y`, indented paragraphs; traditional-script reposts have none of the
header and may date the story in the first sentence (`2018年9月30日,`).
"""

from __future__ import annotations

import re
from typing import Any

from newsarc.ingest.clean import clean_paragraphs, title_from_text
from newsarc.ingest.dates import find_chinese_date, normalize_date
from newsarc.ingest.outlets import OutletRegistry

_BYLINE = re.compile(
    # An outlet name may hold digits (21世纪经济报道) but is not only digits.
    r"^(?P<outlet>(?=\S*[^\s\d])[^\s:：,，。]{2,20})\s+"
    r"(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*$"
)
_HEADLINE_PUNCT = re.compile(r"[。，,；;：:]")
MAX_MASTHEAD = 16
MAX_HEADLINE = 80


def extract_plaintext(text: str, registry: OutletRegistry) -> dict[str, Any]:
    lines = [line.strip(" \t\u3000") for line in text.split("\n")]
    paragraphs = [line for line in lines if line]
    outlet, title, date = "", "", None
    byline_at = _find_byline(paragraphs[:6])
    if byline_at is not None:
        match = _BYLINE.match(paragraphs[byline_at])
        assert match is not None
        outlet = match["outlet"]
        date = normalize_date(match["date"])
        header = paragraphs[:byline_at]
        if header and _is_headline(header[-1]):
            title = header[-1]
            header = header[:-1]
        if header and _is_masthead(header[0], registry):
            outlet = outlet or header[0]
        paragraphs = paragraphs[byline_at + 1 :]
    elif paragraphs and _is_masthead(paragraphs[0], registry) and len(paragraphs) > 2:
        outlet = paragraphs[0]
        if _is_headline(paragraphs[1]):
            title = paragraphs[1]
            paragraphs = paragraphs[2:]
        else:
            paragraphs = paragraphs[1:]
    body = clean_paragraphs(paragraphs, registry)
    if body.credit and not outlet:
        outlet = body.credit
    if date is None and body.paragraphs:
        date = find_chinese_date(body.paragraphs[0][:120])
    return {
        "title": title or title_from_text(body.paragraphs),
        "source": registry.slug_for_name(outlet) if outlet else "",
        "source_name": outlet,
        "feed": None,
        "feed_name": "",
        "date": date,
        "tags": [],
        "url": body.url,
        "authors": body.authors,
        "paragraphs": body.paragraphs,
        "warnings": [],
    }


def _find_byline(head: list[str]) -> int | None:
    for index, line in enumerate(head):
        if _BYLINE.match(line):
            return index
    return None


def _is_headline(line: str) -> bool:
    return len(line) <= MAX_HEADLINE and not line.endswith(("。", "！", "？"))


def _is_masthead(line: str, registry: OutletRegistry) -> bool:
    return (
        len(line) <= MAX_MASTHEAD
        and not _HEADLINE_PUNCT.search(line)
        and registry.looks_like_outlet(line)
    )
