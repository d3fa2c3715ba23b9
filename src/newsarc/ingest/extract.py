"""One file's bytes → one article's fields. Pure: no store, no terminal.

The stages, in order: decode → front matter → body format by content (a whole HTML page,
Markdown with or without HTML, or plain text) → blocks of visible text → read the page
(`page.py`: chrome, headline, bylines, credits) → identify (title, date, outlet, link, id,
script). Each stage is a plain function; every format meets the same page reader.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from newsarc.errors import NotAnArticle
from newsarc.ingest.credit import outlet_name
from newsarc.ingest.dates import (
    date_from_filename,
    date_from_url,
    find_date,
    normalize_date,
)
from newsarc.ingest.decode import decode_bytes
from newsarc.ingest.front_matter import (
    PAGE_NAMES,
    PostMeta,
    feed_outlet,
    has_front_matter,
    read_post_meta,
    split_front_matter,
)
from newsarc.ingest.html_text import Block, html_blocks, is_whole_page, read_html_page
from newsarc.ingest.identity import article_id, content_key
from newsarc.ingest.lines import PageParts, normal
from newsarc.ingest.markdown import markdown_to_html
from newsarc.ingest.names import CJK_RE, words
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.page import read_page
from newsarc.ingest.region import around
from newsarc.ingest.script import (
    CJK_CLASS,
    cjk_share_at_least,
    detect_script,
    strip_pinyin_glosses,
)
from newsarc.ingest.title import clean_page_title, title_from_filename, title_from_text

# Share of CJK among letters below which a front-matter-less file is not a Chinese article
# (a README in the posts folder mentions 东财滚动新闻 but is English).
MIN_CJK_SHARE = 0.3
# Markup that makes a file without front matter Markdown (and HTML inside it) rather than
# plain text: a heading, a quote, a link, emphasis, a table, a fence, or HTML tags.
_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6}[ \t]+\S|^>[ \t]?\S|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)|\*\*[^*\n]{1,200}\*\*"
    r"|~~[^~\n]{1,200}~~|^\|.*\|[ \t]*$|^```"
    r"|</?(?:p|div|br|span|a|img|h[1-6]|ul|ol|li|table|tr|td|strong|b|em|blockquote|section"
    r"|article|figure|font|center|iframe)\b[^>\n]{0,500}>|&(?:nbsp|amp|lt|gt|quot|#\d{2,5});",
    re.M | re.I,
)


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
    content: str = ""  # the content key (ingest.identity), whatever the id is made from

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
    """How a file is read, by content: 'jekyll' (front matter), 'html' (a whole page),
    'markdown' (Markdown, HTML fragments among it) or 'plaintext'."""
    if has_front_matter(text):
        return "jekyll"
    if is_whole_page(text):
        return "html"
    sample = text[:50_000]
    if any(ch in sample for ch in "#>[*~|`<&") and _MARKDOWN_SIGNS.search(sample):
        return "markdown"
    return "plaintext"


@dataclass
class _Body:
    blocks: list[Block]
    page_title: str = ""
    site_name: str = ""
    url: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)


def _read_body(kind: str, body: str, registry: OutletRegistry) -> _Body:
    if kind == "html":
        page = read_html_page(body)
        if page.list_page:
            raise NotAnArticle(page.list_page)
        title, site = clean_page_title(page.title, html=True)
        blocks = around(page.blocks, registry, title)  # the article and its bylines
        return _Body(blocks, title, page.site_name or site, page.url, page.date, page.authors)
    if kind == "plaintext":
        return _Body(_text_blocks(body))
    from newsarc.ingest.chrome import default_rules

    source = _strip_template_syntax(default_rules().strip_html(body))
    return _Body(html_blocks(markdown_to_html(source)))


# Jekyll runs Liquid before Markdown, and kramdown reads attribute lists; neither is text.
# Nor are a wiki link's brackets (`[[zh:美团]]`, `[[页面|显示的字]]`: MediaWiki, Obsidian,
# GitHub wikis), which CommonMark leaves as they are.
_WIKI_LINK = re.compile(
    r"\[\[(?:[a-z]{2,3}(?:-[a-z]{2,4})?:)?([^\[\]|\n]{1,80}?)(?:\|([^\[\]\n]{1,80}))?\]\]"
)
_LIQUID_LINK = re.compile(r"\{%-?\s*(?:link|post_url)\s[^%]*-?%\}")
_LIQUID = re.compile(r"\{%-?.*?-?%\}|\{\{.*?\}\}", re.S)
_KRAMDOWN_IAL = re.compile(r"\{:[^}\n]*\}")


def _strip_template_syntax(source: str) -> str:
    if "[[" in source:
        source = _WIKI_LINK.sub(lambda m: m[2] or m[1], source)
    if "{" not in source:
        return source
    source = _LIQUID_LINK.sub("#", source)
    return _KRAMDOWN_IAL.sub("", _LIQUID.sub("", source))


def _text_blocks(text: str) -> list[Block]:
    if "&" in text:
        text = html.unescape(text)
    # Glosses go in one pass over the page (the reader's per-line pass then finds none).
    text = strip_pinyin_glosses(text)
    return [Block(line) for line in text.split("\n") if line.strip()]


def _decoded(data: bytes) -> tuple[str, str, dict[str, Any], str, list[str]]:
    """(format, encoding, front matter, body, warnings) of a file's bytes."""
    text, encoding = decode_bytes(data)
    kind = detect_format(text)
    if kind != "jekyll":
        return kind, encoding, {}, text, []
    raw_meta, body, warnings = split_front_matter(text)
    return kind, encoding, raw_meta, body, warnings


def content_key_of(data: bytes) -> str:
    """The content key (ingest.identity) of a file's bytes, as extract_article reads it."""
    return content_key(_decoded(data)[3])


def extract_article(
    data: bytes,
    filename: str = "",
    *,
    default_source: str = "",
    registry: OutletRegistry | None = None,
) -> Extracted:
    """Extract one article from a file's bytes; raises UnreadableFile with the reason."""
    registry = registry or OutletRegistry.default()
    kind, encoding, raw_meta, text, warnings = _decoded(data)
    content = content_key(text)
    post = PostMeta()
    if kind == "jekyll":
        post = read_post_meta(raw_meta, filename, registry)
        post.warnings = warnings
        kind_of_body = "html" if is_whole_page(text) else "markdown"
    else:
        kind_of_body = kind
        _check_is_data(text)
    body = _read_body(kind_of_body, text, registry)
    if kind != "jekyll":
        _check_is_news(body.blocks, filename)
    elif post.is_page and not post.date and not date_from_filename(filename):
        raise NotAnArticle("a site page (no date), not an article")
    elif post.is_template:
        raise NotAnArticle("a post template (dated 0000-00-00), not an article")
    parts = read_page(body.blocks, registry, title=post.title, title_hint=body.page_title)
    if kind != "jekyll":
        _check_page_is_news(parts, filename)
    titled = kind == "jekyll" or parts.headline or post.title
    if not parts.paragraphs and not titled:
        raise NotAnArticle("no article text (only page chrome)")
    if not parts.paragraphs or _only_title_and_author_card(
        parts, post.title or parts.headline, post.authors
    ):
        raise NotAnArticle("no article text (a title without a body)")
    found = _identify(post, body, parts, filename, registry, default_source)
    if encoding.endswith(("replaced)", "cut)")):
        post.warnings.append(f"not valid {encoding}")
    text_out = "\n\n".join(parts.paragraphs)
    return Extracted(
        id=article_id(found["url"], content),
        content=content,
        title=found["title"],
        source=found["source"],
        source_name=found["source_name"],
        feed=post.feed,
        date=found["date"],
        tags=post.tags,
        url=found["url"],
        authors=found["authors"],
        text=text_out,
        lang=detect_script(found["title"] + text_out),
        format=kind,
        encoding=encoding,
        feed_name=found["feed_name"],
        warnings=post.warnings,
    )


AUTHOR_CARD = 20  # a line this short naming the post's author is its author card


def _only_title_and_author_card(parts: PageParts, title: str, authors: list[str]) -> bool:
    """Besides its title the page holds only its author's card (`博客 | 系統管理員`). A flash
    whose one sentence is its title is an article."""
    cards = 0
    for paragraph in parts.paragraphs:
        if normal(paragraph) == normal(title):
            continue
        if len(paragraph) > AUTHOR_CARD or not any(a and a in paragraph for a in authors):
            return False
        cards += 1
    return cards > 0


def _check_is_data(text: str) -> None:
    """A JSON document (a site's data file, an index) holds no article however Chinese."""
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            return
        raise NotAnArticle("a JSON data file, not an article")


_URL_IN_TEXT = re.compile(r"(?:https?:)?//\S+|www\.\S+")
INDEX_LINK_SHARE = 0.5  # of a page's visible text in links: a list of articles, not one
PAGE_LINK_SHARE = 0.25  # the same for a file named like a site page (README, index, about)
PAGE_MIN_CJK = 60  # a page named so with less Chinese than this is a site page


def _check_is_news(blocks: list[Block], filename: str) -> None:
    """Judged on the visible text (links aside): markup never counts for or against."""
    visible = _URL_IN_TEXT.sub("", "\n".join(block.text for block in blocks[:200])[:4000])
    if not cjk_share_at_least(visible, MIN_CJK_SHARE):
        raise NotAnArticle("no Chinese text: not a news article")
    total = sum(len(block.text) for block in blocks) or 1
    link_share = sum(block.link_chars for block in blocks) / total
    links = sum(len(block.links) for block in blocks)
    if link_share >= INDEX_LINK_SHARE and links >= 5 and not date_from_filename(filename):
        # A dated list (a day's headlines, 2024-05-01.md) is that day's digest; an undated
        # one is a site's index.
        raise NotAnArticle(f"a list of links ({links}), not an article")
    page = _site_page_name(filename)
    if page:
        cjk = len(CJK_RE.findall(visible))
        if link_share >= PAGE_LINK_SHARE or cjk < PAGE_MIN_CJK:
            raise NotAnArticle(f"a site page ({page}), not an article")


def _check_page_is_news(parts: PageParts, filename: str) -> None:
    """A README or index page is an article only when it reads as news: a byline, a
    dateline, a credit (a mirror keeps articles as folder/README.md)."""
    page = _site_page_name(filename)
    if page and not (parts.date or parts.credit or parts.outlet or parts.authors):
        raise NotAnArticle(f"a site page ({page}), not an article")


def _site_page_name(filename: str) -> str:
    """The file's name when it is named like a site's page (README.md, index.md) and carries
    no date; "" otherwise."""
    name = PurePosixPath(filename)
    if name.stem.lower() in PAGE_NAMES and not date_from_filename(filename):
        return name.name
    return ""


def _identify(
    post: PostMeta,
    body: _Body,
    parts: PageParts,
    filename: str,
    registry: OutletRegistry,
    default_source: str,
) -> dict[str, Any]:
    title = strip_pinyin_glosses(
        post.title
        or parts.headline
        or body.page_title
        or title_from_filename(filename)
        or title_from_text(parts.paragraphs)
    )
    # a whole page's own link (canonical, og:url, where it was saved from) beats the links
    # its lines hold (a credit's site, a share or report link), not one labelled 原文地址
    url = post.url or parts.labelled_url or body.url or parts.url
    date = (
        post.date
        or parts.date
        or normalize_date(body.date)
        or _date_in_text(body.date or "")
        or date_from_filename(filename)
        or (date_from_url(url) if url else None)
        or date_from_filename(title)
        or _lead_date(parts.paragraphs)
    )
    feed_slug, feed_name = feed_outlet(post.feed, post.tags, registry) if post.feed else ("", "")
    named = post.source_name or parts.credit or parts.outlet or parts.tail_credit
    named = named or parts.masthead or _own_reporters_outlet(parts, registry)
    named = outlet_name(named) if named else ""
    named = named or _title_prefix_outlet(title, registry)
    if named:
        source, source_name = registry.slug_for_name(named), named
    elif feed_slug:
        source, source_name = feed_slug, feed_name
    else:
        source, source_name = _outlet_of_site(url, parts, body, registry)
        if not source and default_source:
            source, source_name = registry.from_user(default_source)
    authors = [a for a in dict.fromkeys(post.authors + parts.authors + body.authors) if a]
    authors = [a for a in authors if a != source_name]
    return {
        "title": title,
        "url": url,
        "date": date,
        "source": source,
        "source_name": source_name,
        "feed_name": feed_name,
        "authors": authors,
    }


# 告诉澎湃新闻记者, 接受新京报记者采访, 但澎湃新闻了解到: a story calls its own reporters
# "OUTLET记者" and says what "OUTLET" learned.
_REPORTERS_OF = re.compile(
    rf"(?:告诉|告訴|对|對|向|接受|据|據|经|經|但|，|。|^)(?P<outlet>[{CJK_CLASS}A-Za-z0-9]{{2,8}}?)"
    r"(?:记者|記者|了解到|获悉|獲悉|注意到|查询到|查詢到|采访|採訪|专访|專訪|证实|證實|透露)"
    rf"|(?:告诉|告訴)(?P<told>[{CJK_CLASS}A-Za-z0-9]{{2,8}}?)(?=[，,])",
    re.M,
)


def _own_reporters_outlet(parts: PageParts, registry: OutletRegistry) -> str:
    """The outlet whose reporters the story speaks of, when one outlet is named so at least
    twice, or once in the lead, and it reads as an outlet. Quotations are another's words."""
    counts: dict[str, int] = {}
    for index, paragraph in enumerate(parts.paragraphs[:30]):
        if paragraph in parts.quotations:
            continue
        for match in _REPORTERS_OF.finditer(paragraph):
            name = match["outlet"] or match["told"]
            if registry.looks_like_outlet(name):
                counts[name] = counts.get(name, 0) + (2 if index == 0 else 1)
    if not counts:
        return ""
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count >= 2 else ""


# 德国之声｜黄之锋等密集退会…: reposts name the outlet before the headline.
_TITLE_PREFIX = re.compile(
    r"^(?:【[^【】]{1,12}】\s*)?(?P<name>[^｜|【】\[\]《》“”，,。：:\s]{2,12})\s*(?P<bar>｜|\s\|\s)\s*\S"
)


def _title_prefix_outlet(title: str, registry: OutletRegistry) -> str:
    """`德国之声｜…`, `奴隶社会｜…`: a repost's title names its outlet before a full-width bar;
    column words (专访｜, 独家｜) are not outlets."""
    match = _TITLE_PREFIX.match(title)
    if not match or len(title) - match.end() < 6:
        return ""
    name = match["name"]
    if name in words().column_words:
        return ""
    known = registry.looks_like_outlet(name)
    # A name before a full-width bar counts when short (奴隶社会｜, 评论尸｜); a longer one
    # is more often the headline's own first half (昆曲新星成长记｜…).
    short = match["bar"] == "｜" and len(name) <= 6
    return name if known or name.endswith(words().institution_suffixes) or short else ""


def _outlet_of_site(
    url: str | None, parts: PageParts, body: _Body, registry: OutletRegistry
) -> tuple[str, str]:
    """Where the page names no outlet: the site its own link is on, its copyright line, or
    what its <head> calls the site (og:site_name, or its <title> after the headline)."""
    known = registry.by_url(url) if url else None
    if known and not known.aggregator:
        return known.slug, known.name
    name = parts.copyright or body.site_name or parts.title_site
    return (registry.slug_for_name(name), name) if name else ("", "")


def _date_in_text(text: str) -> str | None:
    found = find_date(text)
    return found[0] if found else None


def _lead_date(paragraphs: list[str]) -> str | None:
    """A full date opening the lead (`2018年9月30日,…`) dates the story; one further in is
    only mentioned."""
    if not paragraphs:
        return None
    found = find_date(paragraphs[0][:40])
    return found[0] if found and found[1] <= 12 else None
