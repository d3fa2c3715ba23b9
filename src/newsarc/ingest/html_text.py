"""HTML (a post body, Markdown rendered to HTML, or a whole scraped page) → blocks of text.

lxml parses the HTML and the tree is walked iteratively, so hostile nesting depth cannot
exhaust the stack. Each block keeps its kind (heading, quote, list, table row) and its links,
which the page reader (`ingest/page.py`) needs to tell a headline from a nav line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from newsarc.ingest.names import CJK_RE

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "img",
        "svg",
        "noscript",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "button",
        "input",
        "select",
        "textarea",
        "map",
    ]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BR = "\u2028"  # stands for <br> while source whitespace is folded
_CELL = "\ue000"  # stands for a table cell's start (private use: no regex takes it for space)
_SPACE_RUN = re.compile(r"[ \t\n\r\f\v\u00a0\u200b\ufeff]+")
_CJK_OR_PUNCT = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A soft line break between two CJK characters is no space (Chinese has none between words).
_CJK_SOFT_BREAK = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \t\u00a0]*\n\s*(?={_CJK_OR_PUNCT})")


@lru_cache(maxsize=1)
def _html_parser() -> lxml_html.HTMLParser:
    # Made once: a parser costs as much to set up as a short article costs to parse.
    return lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


@dataclass(frozen=True)
class Block:
    """One block of visible text: a paragraph, heading, quote, list, table row or <pre>.

    `kind` is "p", "h1"…"h6", "quote", "caption" (<figcaption>), "item" (consecutive list
    items, one per line), "row" (a table row, cells two spaces apart) or "pre". `links` are
    the hrefs of its links and `link_chars` how much of its text is link text: a line that is
    all links is navigation.
    """

    text: str
    kind: str = "p"
    links: tuple[str, ...] = ()
    link_chars: int = 0
    after_rule: bool = False  # the first block after an <hr> (Markdown's ---)
    link_texts: tuple[str, ...] = ()  # the text of each link, beside `links`
    in_article: bool = False  # on a whole page, inside the article's elements (region.py)


@dataclass
class HtmlPage:
    """A whole page's visible blocks and what its <head> says about it."""

    blocks: list[Block]
    title: str = ""
    url: str | None = None
    date: str | None = None
    site_name: str = ""
    authors: list[str] = field(default_factory=list)
    list_page: str = ""  # why the page is a list of posts, not one (region.py)


_WHOLE_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
# Page regions that are never the article, by element or by class/id (readability's
# "unlikely candidates", narrowed to words seen on Chinese news sites' templates)…
_CHROME_TAGS = frozenset(["nav", "aside", "footer", "form", "menu"])
_CHROME_CLASS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|comments?|related"
    r"|recommend|copyright|toolbar|login|advert|ads?|banner|pagination|pager|hotnews|ranking)"
    r"(?:$|[-_\s\d])",
    re.I,
)
# …and by words that also name wrappers of the article itself (`js_img_share_area` holds
# a whole 凤凰网 article, to share a selection of it): chrome only when they hold little text.
_SMALL_CHROME_CLASS = re.compile(
    r"(?:^|[-_\s])(?:share|sharing|social|qrcode|weixin|wechat|subscribe)(?:$|[-_\s\d])", re.I
)
SMALL_CHROME_TEXT = 200  # characters of Chinese
# …unless the class says it holds the article.
_CONTENT_CLASS = re.compile(r"article|content|main|post|entry|detail|text|body|story", re.I)


def html_blocks(source: str) -> list[Block]:
    """The visible blocks of an HTML fragment (a post body, or Markdown rendered to HTML)."""
    if not source.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(source, create_parent="div", parser=_html_parser())
    except (etree.ParserError, ValueError):
        return []
    return _walk(root)


def html_to_paragraphs(source: str) -> list[str]:
    """Paragraphs of text, in order; consecutive list items form one paragraph, one per line."""
    return [block.text for block in html_blocks(source)]


def is_whole_page(source: str) -> bool:
    return _WHOLE_PAGE.search(source, 0, 4096) is not None


def read_html_page(source: str) -> HtmlPage:
    """A whole HTML page: its body's blocks (page chrome regions left out) and its head."""
    try:
        doc = lxml_html.document_fromstring(source, parser=_html_parser())
    except (etree.ParserError, ValueError):
        return HtmlPage(blocks=[])
    from newsarc.ingest.page_meta import read_page_meta
    from newsarc.ingest.region import ListPage, article_elements

    page = HtmlPage(blocks=[])
    read_page_meta(doc, source, page)
    body = doc.find("body")
    root = body if body is not None else doc
    try:
        article = frozenset(article_elements(root, _skipped))
    except ListPage as why:
        page.list_page = str(why)
        article = frozenset()
    page.blocks = _walk(root, article)
    return page


def _is_chrome_region(element: Any, tag: str) -> bool:
    if tag == "form":  # a search box, a comment form; or (ASP.NET) the whole page
        return element.find(".//p") is None
    if tag in _CHROME_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".strip()
    if not names or _CONTENT_CLASS.search(names):
        return False
    if _CHROME_CLASS.search(names):
        return True
    return bool(_SMALL_CHROME_CLASS.search(names)) and (
        len(CJK_RE.findall(element.text_content())) < SMALL_CHROME_TEXT
    )


def _skipped(element: Any, tag: str) -> bool:
    """No text of the page at all: scripts and media, hidden elements, chrome regions."""
    if not tag or tag in _SKIP_TAGS:
        return True
    style = element.get("style")
    if style and _HIDDEN_STYLE.search(style):
        # WeChat hides an article's body (visibility: hidden) until its script shows it
        names = f"{element.get('class', '')} {element.get('id', '')}"
        return "display" in style.lower() or not _CONTENT_CLASS.search(names)
    return _is_chrome_region(element, tag)


def _walk(root: Any, article: frozenset[Any] = frozenset()) -> list[Block]:
    """The blocks under `root`; those inside an element of `article` are marked so."""
    builder = _BlockBuilder()
    skipped: set[Any] = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or (element is not root and _skipped(element, tag)):
                # iterwalk still reports the end of a skipped element; its tail is added there.
                walker.skip_subtree()
                skipped.add(element)
                continue
            if element in article:
                builder.flush()
                builder.inside += 1
            if tag in _BLOCK_TAGS:
                builder.flush()
                builder.enter(tag)
                if tag == "hr":
                    builder.rule()
            elif tag == "br":
                builder.add(_BR)
            elif tag in ("td", "th"):
                builder.add(_CELL)
            elif tag == "a":
                builder.link(element)
            builder.add(element.text)
        else:
            if element in skipped:
                builder.add(element.tail)
                continue
            if tag in _BLOCK_TAGS:
                builder.flush()
                builder.leave(tag)
            if element in article:
                builder.flush()
                builder.inside -= 1
            if element is not root:
                tail = element.tail
                if tag == "a" and tail and not tail.strip():
                    tail = " "  # two links on two source lines stay two (来源：X 举报)
                builder.add(tail)
    builder.flush()
    return builder.blocks


_KIND_OF_TAG = {
    "h1": "h1",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h5",
    "h6": "h6",
    "blockquote": "quote",
    "figcaption": "caption",
    "li": "item",
    "pre": "pre",
    "tr": "row",
}


class _BlockBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._open: list[str] = []
        self._links: list[str] = []
        self._link_texts: list[str] = []
        self._link_chars = 0
        self._list_depth = 0
        self._last_was_item = False
        self._after_rule = False
        self.inside = 0  # depth in the article's elements: blocks flushed now are its

    def rule(self) -> None:
        self._after_rule = True

    def add(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def link(self, element: Any) -> None:
        href = (element.get("href") or "").strip()
        text = element.text_content().strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            self._links.append(href)
            self._link_texts.append(text)
        self._link_chars += len(text)

    def enter(self, tag: str) -> None:
        self._open.append(tag)
        if tag in ("ul", "ol"):
            self._list_depth += 1

    def leave(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()
        elif tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag)]
        if tag in ("ul", "ol"):
            self._list_depth -= 1
            self._last_was_item = self._list_depth > 0 and self._last_was_item

    def _kind(self) -> str:
        kind = "p"
        for tag in self._open:
            kind = _KIND_OF_TAG.get(tag, kind) if kind == "p" or tag[0] == "h" else kind
        return kind

    def flush(self) -> None:
        if not self._buffer:
            return  # every block's start and end flushes; most find nothing new
        text = normalize_inline("".join(self._buffer))
        links, link_chars = tuple(self._links), self._link_chars
        link_texts = tuple(self._link_texts)
        self._buffer.clear()
        self._links.clear()
        self._link_texts.clear()
        self._link_chars = 0
        if not text:
            return
        in_list = self._list_depth > 0
        inside = self.inside > 0
        if in_list and self._last_was_item and self.blocks and self.blocks[-1].in_article == inside:
            last = self.blocks[-1]
            self.blocks[-1] = Block(
                last.text + "\n" + text,
                last.kind,
                last.links + links,
                last.link_chars + link_chars,
                last.after_rule,
                last.link_texts + link_texts,
                inside,
            )
        else:
            kind = "item" if in_list else self._kind()
            self.blocks.append(
                Block(text, kind, links, link_chars, self._after_rule, link_texts, inside)
            )
            self._after_rule = False
        self._last_was_item = in_list


def normalize_inline(text: str) -> str:
    """Fold source whitespace like a browser, keep <br> as a line break, join CJK soft breaks;
    a table row's cells stand two spaces apart."""
    lines = []
    for line in text.split(_BR):
        if "\n" in line:
            line = _CJK_SOFT_BREAK.sub("", line)
        if _CELL in line:
            cells = (_SPACE_RUN.sub(" ", cell).strip(" \u3000") for cell in line.split(_CELL))
            folded = "  ".join(cell for cell in cells if cell)
        else:
            folded = _SPACE_RUN.sub(" ", line).strip(" \u3000")
        if folded:
            lines.append(folded)
    return "\n".join(lines)
