"""Markdown and HTML bodies → paragraphs of plain text.

Jekyll renders a post body as Markdown with HTML passing through, so bodies go through a
CommonMark parser (markdown-it-py, html enabled) and the resulting HTML through lxml. Walking
the tree is iterative, so hostile nesting depth cannot exhaust the stack.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml import html as lxml_html

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
        "td",
        "th",
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
_SPACE_RUN = re.compile(r"[ \t\n\r\f\v\u00a0\u200b\ufeff]+")
_CJK_OR_PUNCT = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
# A soft line break between two CJK characters is no space (Chinese has none between words).
_CJK_SOFT_BREAK = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \t\u00a0]*\n\s*(?={_CJK_OR_PUNCT})")


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


@lru_cache(maxsize=1)
def _html_parser() -> lxml_html.HTMLParser:
    # Made once: a parser costs as much to set up as a short article costs to parse.
    return lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def markdown_to_html(source: str) -> str:
    return str(_markdown().render(source))


def html_to_paragraphs(source: str) -> list[str]:
    """Paragraphs of text, in order; consecutive list items form one paragraph, one per line."""
    if not source.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(source, create_parent="div", parser=_html_parser())
    except (etree.ParserError, ValueError):
        return []
    builder = _ParagraphBuilder()
    skipped: set[Any] = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            style = element.get("style")
            if not tag or tag in _SKIP_TAGS or (style and _HIDDEN_STYLE.search(style)):
                # iterwalk still reports the end of a skipped element; its tail is added there.
                walker.skip_subtree()
                skipped.add(element)
                continue
            if tag in _BLOCK_TAGS:
                builder.flush()
                builder.enter(tag)
            elif tag == "br":
                builder.add(_BR)
            builder.add(element.text)
        else:
            if element in skipped:
                builder.add(element.tail)
                continue
            if tag in _BLOCK_TAGS:
                builder.flush()
                builder.leave(tag)
            if element is not root:
                builder.add(element.tail)
    builder.flush()
    return builder.paragraphs


class _ParagraphBuilder:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._list_depth = 0
        self._last_was_item = False

    def add(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def enter(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._list_depth += 1

    def leave(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._list_depth -= 1
            self._last_was_item = self._list_depth > 0 and self._last_was_item

    def flush(self) -> None:
        if not self._buffer:
            return  # every block's start and end flushes; most find nothing new
        text = normalize_inline("".join(self._buffer))
        self._buffer.clear()
        if not text:
            return
        in_list = self._list_depth > 0
        if in_list and self._last_was_item and self.paragraphs:
            self.paragraphs[-1] += "\n" + text
        else:
            self.paragraphs.append(text)
        self._last_was_item = in_list


def normalize_inline(text: str) -> str:
    """Fold source whitespace like a browser, keep <br> as a line break, join CJK soft breaks."""
    lines = []
    for line in text.split(_BR):
        if "\n" in line:
            line = _CJK_SOFT_BREAK.sub("", line)
        folded = _SPACE_RUN.sub(" ", line).strip(" \u3000")
        if folded:
            lines.append(folded)
    return "\n".join(lines)
