"""Where on a whole saved page the article stands.

A news site's page holds far more than its article: a toolbar and a date strip above it,
related headlines, comments, promotions and disclaimers below, columns of other stories
beside it. The article is the element whose paragraphs hold the most running text
(readability's idea, with Chinese punctuation counted): each paragraph of sentences scores
its parent, half that its grandparent, and itself when it is a container (text between
<br>s) rather than a <p>; the best score is discounted by the share of link text below the
element, and the siblings next to it that hold paragraphs of their own (and open with no
related-articles heading) join it. Only whole pages are read this way (`html_text`); a
post's body is all article.

The page's other lines are not thrown away at once: the headline above the article and
the byline, date and credit lines next to it are kept for the page reader (`page.py`),
which reads them and leaves them out of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from lxml import etree

from newsarc.ingest.byline import parse_meta_line
from newsarc.ingest.chrome import default_rules
from newsarc.ingest.credit import parse_credit_line
from newsarc.ingest.html_text import Block
from newsarc.ingest.names import CJK_RE
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.title import headline_in_title

_SENTENCE_MARK = re.compile(r"[。！？；，,.!?;]")
# Text a paragraph must hold to count (characters of Chinese), and the article's least.
MIN_PARAGRAPH = 12
MIN_ARTICLE = 60
INNERMOST = 0.9  # a child with this share of an element's paragraphs stands for it
SIBLING_SHARE = 0.2  # a sibling with this share of the best score's text is article too
_BLOCKISH = frozenset(
    [
        "p",
        "div",
        "td",
        "li",
        "section",
        "article",
        "blockquote",
        "pre",
        "dd",
        "main",
        "center",
        "font",
        "span",
    ]
)
# Lines next to the article the page reader is shown: above for its headline and byline,
# below for its credit and editors; further away is the page's.
AROUND = 8


def article_elements(body: Any, skipped: Callable[[Any, str], bool]) -> list[Any]:
    """The elements that hold the article, in page order (one, or siblings of it), or []
    when no element holds enough running text to tell. `skipped(element, tag)` says which
    subtrees are no text at all (scripts, hidden, page chrome by class)."""
    score: dict[Any, float] = {}
    own: dict[Any, int] = {}  # an element's own paragraph text, in Chinese characters
    walker = etree.iterwalk(body, events=("start",))
    for _, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if element is not body and (not tag or skipped(element, tag)):
            walker.skip_subtree()
            continue
        if tag not in _BLOCKISH:
            continue
        text = _own_text(element)
        chars = len(CJK_RE.findall(text))
        if chars < MIN_PARAGRAPH or not _SENTENCE_MARK.search(text):
            continue
        own[element] = chars
        weight = float(chars)
        for node, share in _owners(element):
            score[node] = score.get(node, 0.0) + weight * share
    if not score:
        return []
    ranked = sorted(score.items(), key=lambda item: item[1], reverse=True)[:5]
    best, _ = max(
        ((node, value * (1.0 - _link_share(node))) for node, value in ranked),
        key=lambda item: item[1],
    )
    if _text_below(best, own) < MIN_ARTICLE:
        return []
    best = _innermost(best, own)
    if items := _one_of_a_list(best):
        raise ListPage(f"a list of {items} posts, not an article")
    parent = best.getparent()
    if parent is None:
        return [best]
    least = SIBLING_SHARE * _text_below(best, own)
    siblings = list(parent)
    at = siblings.index(best)

    def joins(child: Any) -> bool:
        return (
            _text_below(child, own) >= least
            and _link_share(child) < 0.3
            and not default_rules().cut_from_line.search(_first_words(child))
        )

    first = at
    while first > 0 and joins(siblings[first - 1]):
        first -= 1
    last = at
    while last + 1 < len(siblings) and joins(siblings[last + 1]):
        last += 1
    return siblings[first : last + 1]


def around(page: list[Block], registry: OutletRegistry, title: str = "") -> list[Block]:
    """The page's blocks the reader needs: the article's (`Block.in_article`), and next to
    them the headline (a heading, or the line that is the page's <title>) and the byline,
    date and credit lines, taken line by line (a site may put its headline, date and source
    in one list item). The whole page when no block is marked as the article's."""
    marked = [index for index, block in enumerate(page) if block.in_article]
    if not marked:
        return page
    start, end = marked[0], marked[-1] + 1
    before = [
        kept
        for block in page[max(0, start - AROUND) : start]
        for kept in _bylines(block, registry, title, above=True)
    ]
    after = [kept for block in page[end : end + AROUND] for kept in _bylines(block, registry)]
    return before + [block for block in page[start:end] if block.in_article] + after


def _bylines(
    block: Block, registry: OutletRegistry, title: str = "", *, above: bool = False
) -> list[Block]:
    """What a block next to the article gives the reader: above it, a heading, the line
    that is the headline and byline lines; below it, byline lines only, and no line that
    opens with a date (a list of other stories' times: `2019-09-05 13:40 华为`)."""
    if block.kind[0] == "h":
        return [block] if above else []
    kept: list[Block] = []
    for line in block.text.split("\n"):
        if above and title and headline_in_title(line, title):
            kept.append(Block(line, "h1"))
        elif _is_meta(line, registry) and (above or not line[:1].isdigit()):
            links = [
                (url, words)
                for url, words in zip(block.links, block.link_texts, strict=True)
                if words and words in line
            ]
            kept.append(
                replace(
                    block,
                    text=line,
                    kind="p",
                    links=tuple(url for url, _ in links),
                    link_texts=tuple(words for _, words in links),
                    link_chars=sum(len(words) for _, words in links),
                )
            )
    if len(kept) == 1 and kept[0].text == block.text and kept[0].kind == "p":
        return [block]
    return kept


def _own_text(element: Any) -> str:
    """The text an element holds itself and in its inline children (not in its links, not
    in child elements that are blocks of their own)."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in _BLOCKISH and tag != "a" and tag not in ("script", "style"):
            parts.append(child.text or "")
            parts.extend(grand.tail or "" for grand in child)
        parts.append(child.tail or "")
    return "".join(parts)


def _owners(element: Any) -> list[tuple[Any, float]]:
    """Who a paragraph's text scores for: its parent in full, its grandparent half, and
    itself when it is a container (text under <br>s in one <div>), not when it is a <p>."""
    parent = element.getparent()
    grand = parent.getparent() if parent is not None else None
    owners = [] if element.tag == "p" else [(element, 1.0)]
    if parent is not None:
        owners.append((parent, 1.0))
    if grand is not None:
        owners.append((grand, 0.5))
    return owners


class ListPage(Exception):
    """The page's most text is one item of a list of like items: a forum's or a site's
    list of posts, each with its opening lines."""


LIST_ITEMS = 5  # like items, each with a link, that make the page a list


def _one_of_a_list(element: Any) -> int:
    """How many like items the element holds, or the element or one of its six nearest
    ancestors stands among, when they make a list (items of one tag and class, each with
    a link: a post's title); else 0."""
    if found := _linked_like_items(list(element)):
        return found
    node = element
    for _ in range(7):
        parent = node.getparent()
        if parent is None:
            return 0
        like = [s for s in parent if s.tag == node.tag and s.get("class") == node.get("class")]
        if found := _linked_like_items(like):
            return found
        node = parent
    return 0


def _linked_like_items(items: list[Any]) -> int:
    kinds: dict[tuple[Any, str], int] = {}
    for item in items:
        if item.get("class") and any(a.text_content().strip() for a in item.iter("a")):
            key = (item.tag, item.get("class"))
            kinds[key] = kinds.get(key, 0) + 1
    most = max(kinds.values(), default=0)
    return most if most >= LIST_ITEMS else 0


def _innermost(element: Any, own: dict[Any, int]) -> Any:
    """The element, or the child within it that holds nearly all its paragraphs (a wrapper
    adds the page's header and toolbar to the body it holds)."""
    while True:
        total = _text_below(element, own)
        inner = next(
            (child for child in element if _text_below(child, own) >= INNERMOST * total), None
        )
        if inner is None:
            return element
        element = inner


def _first_words(element: Any) -> str:
    """An element's text up to its first break: its heading, if it opens with one."""
    words = element.text_content().split(None, 1)
    return words[0] if words else ""


def _text_below(element: Any, own: dict[Any, int]) -> int:
    return sum(own.get(node, 0) for node in element.iter())


def _link_share(element: Any) -> float:
    text = len(element.text_content())
    if not text:
        return 1.0
    links = sum(len(a.text_content()) for a in element.iter("a"))
    return links / text


def _is_meta(line: str, registry: OutletRegistry) -> bool:
    line = line.strip()
    return bool(line) and (
        parse_meta_line(line, registry) is not None or parse_credit_line(line) is not None
    )
