"""The lines of a page as the page reader sees them, and what a line is: chrome, a sentence of
the article, a byline (with the link it carries), the article's own link.

`page.py` reads a page with these; `Line` keeps each line's block kind and links, and
`PageParts` collects what the reading finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsarc.ingest.byline import URL_OWN, URL_SOURCE, Meta, body_label, parse_meta_line
from newsarc.ingest.chrome import default_rules
from newsarc.ingest.html_text import Block
from newsarc.ingest.names import CJK_RE, words
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.script import strip_pinyin_glosses

_SENTENCE = re.compile(r"[。！？!?；;]|[，,].*[，,。]")
_MENU_SEPARATORS = re.compile(r"\s*[|｜•·]\s*|\s{2,}|\s+/\s+")
_CRUMB_SEPARATORS = re.compile(r"\s*(?:>>|[>＞»›→])\s*")
_MARKDOWN_RESIDUE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|~~(?=\S)(.+?)(?<=\S)~~")
_MARKS_LEFT = re.compile(r"\*{2,}|~~")
# A link Markdown would not make (a javascript: target): its text is the text.
_UNMADE_LINK = re.compile(
    r"\[([^\[\]\n]{1,200})\]\((?:javascript:[^()\s]*(?:\([^()]*\))?[^()\s]*|#[^()\s]*)\)"
)


@dataclass
class Line:
    text: str
    block: int
    kind: str
    links: tuple[str, ...] = ()
    link_share: float = 0.0
    after_rule: bool = False
    link_texts: tuple[str, ...] = ()
    # What parse_meta_line made of the line, once: the head, foot and edges all ask.
    meta_memo: list[Meta | None] = field(default_factory=list, repr=False, compare=False)

    def mark_not_meta(self) -> None:
        """The line is text, whatever parse_meta_line would make of it (a chronology's date)."""
        self.meta_memo[:] = [None]

    def link_named(self, name: str) -> str | None:
        """The link whose text is `name` (or ends it: 施夏明的新浪博客 → 新浪博客)."""
        for text, href in zip(self.link_texts, self.links, strict=False):
            if text and (text == name or text.endswith(name) or name.endswith(text)):
                return href if href.startswith(_WEB) else None
        return None

    def only_link(self) -> str | None:
        """The line's link when it has exactly one (`转载自“X”网站的“[这个链接](…)”`)."""
        web = [href for href in self.links if href.startswith(_WEB)]
        return web[0] if len(web) == 1 else None


_WEB = ("http://", "https://")  # a link to a page; `javascript:…`, `#top`, `../a.md` are not


_HOME_PAGE = re.compile(r"^(?:https?:)?//[^/?#]+/?$")


@dataclass
class PageParts:
    """What the reader found; fields the page does not give are empty."""

    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    date: str | None = None
    outlet: str = ""  # named in a byline or dateline
    masthead: str = ""  # an outlet's name standing above the headline
    copyright: str = ""  # the outlet a copyright line names (`© X for 中国数字时代`)
    title_site: str = ""  # what a page's <title> adds after its headline (`标题|游民星空`)
    credit: str = ""  # credited publisher (来源：X): wins over the byline
    tail_credit: str = ""  # a bare （X） closing the text: after bylines and datelines
    authors: list[str] = field(default_factory=list)
    quotations: set[str] = field(default_factory=set)  # paragraphs quoted (`> …`), not said
    _urls: dict[int, str] = field(default_factory=dict)

    @property
    def url(self) -> str | None:
        """The best of the links offered as the article's own (byline.URL_* ranks)."""
        return self._urls[min(self._urls)] if self._urls else None

    @property
    def labelled_url(self) -> str | None:
        """A link the page labels as the original's (原文地址：): it beats a page's own."""
        return self._urls.get(URL_OWN)

    def offer_url(self, url: str | None, rank: int) -> None:
        """A link offered as the article's own; a site's home page (http://x.cn/) never is."""
        if url and _HOME_PAGE.match(url):
            return
        if url and rank not in self._urls:
            self._urls[rank] = url

    def add_authors(self, names: list[str]) -> None:
        for name in names:
            if name and name not in self.authors:
                self.authors.append(name)


def lines_of(blocks: list[Block]) -> list[Line]:
    lines: list[Line] = []
    for index, block in enumerate(blocks):
        share = block.link_chars / max(len(block.text.replace("\n", "")), 1)
        rule = block.after_rule
        for raw in block.text.split("\n"):
            text = _clean_line(raw)
            if text:
                lines.append(
                    Line(text, index, block.kind, block.links, share, rule, block.link_texts)
                )
                rule = False
    return lines


def _clean_line(text: str) -> str:
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")  # soft hyphens: invisible, and they hide a dateline
    text = strip_pinyin_glosses(text).strip(" \t\u3000\u200b\ufeff")
    if text[:1] in "正內内全文新" and (label := body_label().match(text)):
        text = text[label.end() :]
    if "**" in text or "~~" in text:
        # Markdown inside an HTML block is not rendered (CommonMark), and `**▲ **` is no
        # emphasis to it; either way the marks are no text.
        text = _MARKDOWN_RESIDUE.sub(lambda m: m.group(1) or m.group(2), text)
        text = _MARKS_LEFT.sub("", text).strip()
    if "](" in text:
        text = _UNMADE_LINK.sub(r"\1", text)
    return text


MAX_CHROME_LINE = 160  # chrome is short: longer lines are text and skip the patterns


def is_chrome(line: Line) -> bool:
    if len(line.text) > MAX_CHROME_LINE:
        return False
    if default_rules().drop_line.search(line.text):
        return True
    if _is_navigation(line):
        return True
    return _is_menu(line.text) or _is_breadcrumb(line.text)


def _is_navigation(line: Line) -> bool:
    """A line that is (nearly) all links: a nav bar, `[首页](…) | [国际](…)`."""
    if line.link_share < 0.7 or not line.links:
        return False
    if line.kind == "item" and max(map(len, _MENU_SEPARATORS.split(line.text))) >= 10:
        return False  # one headline of a list of them (a day's digest): content, not a menu
    if len(line.links) >= 2:
        return True
    # One link: navigation when short and not the article's own link (`[查看原文](…)`).
    return len(line.text) <= 12 and line.text not in words().link_texts and line.kind[0] != "h"


def _is_menu(text: str) -> bool:
    """`时政|经济|社会|国际`, `首页 新闻 体育 娱乐 财经`: three or more short items."""
    if len(text) > 80 or not _MENU_SEPARATORS.search(text) or _SENTENCE.search(text):
        return False
    items = [i for i in _MENU_SEPARATORS.split(text) if i]
    if len(items) < 3:
        return False
    return all(len(i) <= 8 for i in items) and sum(map(len, items)) <= 60


def _is_breadcrumb(text: str) -> bool:
    """`首頁 > 金融 > 正文`, `当前位置：首页 » 新闻`."""
    if len(text) > 80 or not _CRUMB_SEPARATORS.search(text) or _SENTENCE.search(text):
        return False
    items = [i for i in _CRUMB_SEPARATORS.split(text) if i]
    return (
        len(items) >= 2
        and len(_CRUMB_SEPARATORS.findall(text)) >= 1
        and all(len(i) <= 20 for i in items)
        and (
            len(items) >= 3
            or bool(
                re.match(
                    r"(首页|首頁|主页|主頁|当前位置|當前位置|您的位置|您现在的位置|Home)", text
                )
            )
        )
    )


def is_sentence(text: str) -> bool:
    """Article text rather than a label: a CJK sentence that ends, or a long one with clauses."""
    if not CJK_RE.search(text):
        return False
    return (len(text) >= 10 and text.endswith("。")) or (
        len(text) >= 20 and bool(_SENTENCE.search(text))
    )


def meta_of(line: Line, registry: OutletRegistry) -> Meta | None:
    """What a byline, credit or link line says, with the link it carries: 来源：[新华网](…),
    `本文转自：[标题](…)（新浪财经）`, `原文[在此](…)`."""
    if not line.meta_memo:
        line.meta_memo.append(_read_meta(line, registry))
    return line.meta_memo[0]


def _read_meta(line: Line, registry: OutletRegistry) -> Meta | None:
    meta = parse_meta_line(line.text, registry)
    if meta is None:
        if line.links and line.text.startswith(words().link_labels) and len(line.text) <= 160:
            return Meta(url=line.links[0], url_rank=URL_OWN) if _own_line(line) else None
        return None
    if meta.outlet:
        meta.outlet = _first_link_text(meta.outlet, line.link_texts)
    if meta.outlet and not meta.url:
        meta.url, meta.url_rank = line.link_named(meta.outlet) or source_link(line), URL_SOURCE
    return meta


def _first_link_text(name: str, link_texts: tuple[str, ...]) -> str:
    """A credited name run on into the next link's text (来源：[求是网][参与互动] reads
    求是网参与互动): the first link's text."""
    for text in link_texts:
        rest = name[len(text) :]
        if (
            len(text) >= 2
            and name.startswith(text)
            and rest
            and any(
                other and (other.startswith(rest) or rest.startswith(other))
                for other in link_texts
                if other != text
            )
        ):
            return text
    return name


def _own_line(line: Line) -> bool:
    """`原文[在此](…)`: the line is the label and its link (anything after it is a remark)."""
    first = line.link_texts[0] if line.link_texts else ""
    label = next(w for w in words().link_labels if line.text.startswith(w))
    return line.text[len(label) :].lstrip(" :：").startswith(first)


def is_meta(line: Line, registry: OutletRegistry) -> bool:
    return meta_of(line, registry) is not None


def normal(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


def source_link(line: Line) -> str | None:
    """来源：[新华网](link): a credit's one link to an article (not to a site's home page) is
    where the article was published."""
    links = set(line.links)
    if len(links) != 1 or line.link_share < 0.4:
        return None  # a link on a word of the name (a stock quote on 证券) is no source
    link = links.pop()
    path = link.split("://", 1)[-1].partition("/")[2]
    return link if link.startswith(("http://", "https://")) and path.strip("/") else None


def own_link(line: Line) -> str | None:
    """`[查看原文](url)`: a line that is only a link named like the original."""
    if len(line.links) == 1 and line.text in words().link_texts:
        return line.links[0]
    return None
