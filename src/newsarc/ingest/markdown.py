"""Markdown as GitHub and Jekyll users write it, rendered to HTML.

markdown-it-py with its GFM-like preset (tables, ~~strikethrough~~; `<…>` autolinks are
CommonMark's own) and raw HTML passing through, as Jekyll and GitHub render post bodies. Two
changes for Chinese news:

- **Emphasis next to CJK punctuation.** CommonMark's flanking rules do not close `**` in
  `…议题。**他们…**这样` (the run is preceded by punctuation and followed by a letter). The
  CJK-friendly amendment (tats-u/markdown-cjk-friendly, proposed for CommonMark and used by
  markdown-it's JS plugin) treats CJK characters as compatible with punctuation on the side
  that allows a run and not on the side that blocks it. No maintained Python package carries
  it without patching markdown-it globally, so the rule is here, wrapped around markdown-it's
  own emphasis and strikethrough tokenizers for this parser only.
- **No indented code blocks.** Scraped pages indent paragraphs (and HTML) by four spaces; in
  news that is never code, and as code it would keep its tags in the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from types import MethodType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.state_inline import Scanned


def is_cjk(char: str) -> bool:
    """CJK ideographs, kana, CJK and full-width punctuation: East Asian wide characters."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def _scan_delims_cjk(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """markdown-it's scanDelims with the CJK-friendly flanking rule."""
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
    from markdown_it.rules_inline.state_inline import Scanned

    marker = state.src[start]
    pos = start
    while pos < state.posMax and state.src[pos] == marker:
        pos += 1
    last = state.src[start - 1] if start > 0 else " "
    after = state.src[pos] if pos < state.posMax else " "

    def punct(ch: str) -> bool:
        return isMdAsciiPunct(ord(ch)) or isPunctChar(ch)

    # CJK counts as punctuation where that lets a run open or close, never where it stops one.
    last_blocks, next_blocks = punct(last) and not is_cjk(last), punct(after) and not is_cjk(after)
    last_allows, next_allows = punct(last) or is_cjk(last), punct(after) or is_cjk(after)
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(after))
    left = not next_space and (not next_blocks or last_space or last_allows)
    right = not last_space and (not last_blocks or next_space or next_allows)
    if can_split_word:
        return Scanned(left, right, pos - start)
    return Scanned(
        left and (not right or last_allows), right and (not left or next_allows), pos - start
    )


def _with_cjk_flanking(tokenize: Any) -> Any:
    def rule(state: StateInline, silent: bool) -> bool:
        # An attribute of this state only: other parsers keep markdown-it's own rule.
        state.scanDelims = MethodType(_scan_delims_cjk, state)  # type: ignore[method-assign]
        return bool(tokenize(state, silent))

    return rule


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import emphasis, strikethrough

    # GFM's bare-URL autolinks (linkify) are left off: a bare URL is the same text with or
    # without an <a> around it, and linkify-it cost a fifth of rendering.
    md = MarkdownIt("gfm-like", {"html": True, "linkify": False, "typographer": False})
    md.disable("code")
    md.inline.ruler.at("emphasis", _with_cjk_flanking(emphasis.tokenize))
    md.inline.ruler.at("strikethrough", _with_cjk_flanking(strikethrough.tokenize))
    normalize_link = md.normalizeLink

    def plain_links_as_they_are(url: str) -> str:
        return url if _PLAIN_URL.fullmatch(url) else normalize_link(url)

    md.normalizeLink = plain_links_as_they_are  # type: ignore[method-assign]
    return md


# A web link markdown-it's normalizeLink (mdurl's parse, format and encode: 50 µs a link, a
# tenth of rendering a post) gives back unchanged: an ASCII host and only characters that
# need no escaping. tests/test_markdown.py checks both give the same on real and made-up links.
_PLAIN_URL = re.compile(
    r"(?:https?:)?//[A-Za-z0-9][A-Za-z0-9.-]*(?::\d+)?"
    r"(?:[/?#](?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)?"
)


# CommonMark's HTML blocks of kind 6: a line opening with one of these tags starts a block of
# raw HTML that runs to the next blank line, untouched by Markdown.
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details"
    "|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head"
    "|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p"
    "|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_HTML_CHUNK = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:[\s/>]|$)", re.I)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
_MARK = "<!--newsarc:{}-->"
MIN_PASS_THROUGH = 512  # shorter HTML is not worth the splitting


def markdown_to_html(source: str) -> str:
    """Render like markdown-it, but hand long HTML blocks through without scanning them
    character by character in Python (markdown-it's block state does): an HTML block at the
    start of a line after a blank line ends at the next blank line and is passed through
    unchanged by CommonMark, so it is cut out, replaced by a comment, and put back."""
    if len(source) < MIN_PASS_THROUGH * 2 or _FENCE.search(source):
        return str(markdown_parser().render(source))
    chunks = _BLANK_LINES.split(source)
    kept: list[str] = []
    held: list[str] = []
    for chunk in chunks:
        if len(chunk) >= MIN_PASS_THROUGH and _HTML_CHUNK.match(chunk):
            kept.append(_MARK.format(len(held)))
            held.append(chunk)
        else:
            kept.append(chunk)
    if not held:
        return str(markdown_parser().render(source))
    rendered = str(markdown_parser().render("\n\n".join(kept)))
    for index, chunk in enumerate(held):
        rendered = rendered.replace(_MARK.format(index), chunk, 1)
    return rendered
