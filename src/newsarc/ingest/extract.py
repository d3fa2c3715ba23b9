"""One file's bytes → one article's fields. Pure: no store, no terminal."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from newsarc.errors import UnreadableFile
from newsarc.ingest.decode import decode_bytes
from newsarc.ingest.jekyll import extract_jekyll, has_front_matter
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.plaintext import extract_plaintext
from newsarc.ingest.script import cjk_share_at_least, detect_script, strip_pinyin_glosses

# Share of CJK among letters below which a front-matter-less file is not a Chinese article
# (a README in the posts folder mentions 东财滚动新闻 but is English).
MIN_CJK_SHARE = 0.3
_HTML_PAGE = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])", re.I)


@dataclass
class Extracted:
    """What extraction found in one file: the article's fields minus path and import time."""

    id: str
    title: str
    source: str
    source_name: str
    feed: str | None
    date: str | None
    tags: list[str]
    url: str | None
    authors: list[str]
    text: str
    lang: str
    format: str
    encoding: str
    feed_name: str = ""
    warnings: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "source_name": self.source_name,
            "feed": self.feed,
            "date": self.date,
            "tags": list(self.tags),
            "url": self.url,
            "authors": list(self.authors),
            "text": self.text,
            "lang": self.lang,
        }


def detect_format(text: str) -> str:
    """'jekyll' or 'plaintext', by content; anything else is refused with a reason."""
    if has_front_matter(text):
        return "jekyll"
    if _HTML_PAGE.match(text):
        raise UnreadableFile("an HTML page without front matter (not a supported format)")
    if not cjk_share_at_least(text, MIN_CJK_SHARE):
        raise UnreadableFile("no Chinese text: not a news article")
    return "plaintext"


def extract_article(
    data: bytes,
    filename: str = "",
    *,
    default_source: str = "",
    registry: OutletRegistry | None = None,
) -> Extracted:
    """Extract one article from a file's bytes; raises UnreadableFile with the reason."""
    registry = registry or OutletRegistry.default()
    text, encoding = decode_bytes(data)
    kind = detect_format(text)
    if kind == "jekyll":
        found = extract_jekyll(text, filename, registry)
    else:
        found = extract_plaintext(strip_pinyin_glosses(text), registry)
    body = "\n\n".join(found["paragraphs"])
    if not body and not found["title"]:
        raise UnreadableFile("no article text found")
    if not found["source"] and default_source:
        found["source"], found["source_name"] = registry.from_user(default_source)
    if encoding.endswith("replaced)"):
        found["warnings"].append(f"not valid {encoding}")
    title = strip_pinyin_glosses(found["title"])
    return Extracted(
        id=article_id(found["url"], found["source"], found["date"], title, body),
        title=title,
        source=found["source"],
        source_name=found["source_name"],
        feed=found["feed"],
        date=found["date"],
        tags=found["tags"],
        url=found["url"],
        authors=found["authors"],
        text=body,
        lang=detect_script(title + body),
        format=kind,
        encoding=encoding,
        feed_name=found["feed_name"],
        warnings=found["warnings"],
    )


def article_id(url: str | None, source: str, date: str | None, title: str, text: str) -> str:
    """Stable id from the article's identity: link, else outlet+date+title, else its text."""
    if url:
        key = "url\0" + url.strip()
    elif title and (source or date):
        key = f"meta\0{source}\0{date or ''}\0{title}"
    else:
        key = "text\0" + text
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
