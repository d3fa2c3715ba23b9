"""Reading a page: which of its lines are chrome, headline, byline, article and credits.

Every format ends here as blocks of visible text (`html_text.Block`): a Jekyll body, a Markdown
archive, a scraped HTML page and a plain-text page alike. So one reader serves them all:

1. **Chrome** anywhere: lines that match `chrome.json`, navigation (lines that are all links),
   menus, breadcrumbs, language switches and buttons. A cut marker (`相关新闻`, `上一篇`,
   `免责声明`) drops everything after it once the article has begun.
2. **Head** (`head.py`): the lines before the article's first sentence. The headline is the
   first heading there (plain text has none: the line before the byline, or the first line
   that reads as a headline); what stands before it is page header; bylines after it are
   read and dropped.
3. **Foot**: from the end back to the last sentence of the article: credits, the article's own
   link, editor lines and chrome are read and dropped.
4. **Lead**: a dateline opening the first paragraph is read (and dropped when it is a line of
   its own); a `> digest` that repeats the lead is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from newsarc.ingest.byline import (
    URL_BARE,
    URL_OWN,
    URL_SOURCE,
    is_date_only,
    strip_tail_byline,
)
from newsarc.ingest.chrome import default_rules
from newsarc.ingest.credit import (
    copyright_holder,
    parse_credit_line,
    parse_credit_phrase,
    strip_tail_credit,
)
from newsarc.ingest.dateline import parse_dateline
from newsarc.ingest.head import HEAD_LINES, is_masthead, read_head, take_meta
from newsarc.ingest.html_text import Block
from newsarc.ingest.lines import (
    MAX_CHROME_LINE,
    Line,
    PageParts,
    is_chrome,
    is_sentence,
    lines_of,
    meta_of,
    normal,
    own_link,
    source_link,
)
from newsarc.ingest.names import is_media_link
from newsarc.ingest.outlets import OutletRegistry

FOOT_LINES = 12


def read_page(
    blocks: list[Block], registry: OutletRegistry, *, title: str = "", title_hint: str = ""
) -> PageParts:
    """Read a page's blocks. `title` is a headline already known (front matter): a line
    repeating it is dropped rather than kept as text, and no other is taken for it.
    `title_hint` (a page's <title>) is preferred where a line repeats it."""
    lines = lines_of(blocks)
    _keep_a_timelines_dates(lines)
    parts = PageParts()
    keep = [True] * len(lines)
    for index, line in enumerate(lines):
        credit = parse_credit_line(line.text)
        if credit:  # `（文章来源：上海证券报）` wherever it stands
            parts.credit = parts.credit or credit
            parts.offer_url(source_link(line), URL_SOURCE)
            keep[index] = False
        elif is_chrome(line):
            # chrome that names the site: © X, 返回搜狐，查看更多, A10版采写/新京报记者…
            meta = meta_of(line, registry)
            site = copyright_holder(line.text, registry) or (meta.outlet if meta else "")
            parts.copyright = parts.copyright or site
            keep[index] = False
        elif len(line.text) <= MAX_CHROME_LINE and (signed := registry.signature(line.text)):
            parts.masthead = parts.masthead or signed  # a site's signature: (XYS20251031)
            keep[index] = False
    _cut_at_markers(lines, keep, parts, registry)
    _drop_header_quote(lines, keep)
    start = read_head(lines, keep, parts, registry, title, title_hint)
    _drop_footer_after_rule(lines, keep, parts, registry, start)
    _read_foot(lines, keep, parts, registry, start)
    _read_edges(lines, keep, parts, registry, start)
    _drop_lead_captions(lines, keep, start)
    _read_lead(lines, keep, parts, registry, start)
    parts.paragraphs, quoted = _paragraphs(lines, keep)
    parts.quotations = {parts.paragraphs[i] for i in quoted}
    _drop_repeated_digest(lines, keep, parts)
    if parts.paragraphs:
        parts.paragraphs[-1] = default_rules().strip_glued_tail(parts.paragraphs[-1])
        parts.paragraphs[-1], credit = strip_tail_credit(parts.paragraphs[-1], registry)
        parts.tail_credit = credit
        parts.paragraphs[-1], names = strip_tail_byline(parts.paragraphs[-1])
        parts.add_authors(names)
        if len(parts.paragraphs) > 1:
            parts.paragraphs[0], _ = strip_tail_credit(parts.paragraphs[0], registry)
        parts.paragraphs = [p.strip() for p in parts.paragraphs if p.strip()]
    return parts


TIMELINE_DATES = 3  # lines that are only a date, from which a page is a chronology
_DATE_START = frozenset("0123456789０１２３４５６７８９〇零一二三四五六七八九十([（【")


def _keep_a_timelines_dates(lines: list[Line]) -> None:
    """A chronology's lines that are only a date (2002-11-01 / what happened / 2003-02-09 /
    …) are its text: none of them is read as a date line, at the top, the end or anywhere."""
    dated = [
        line
        for line in lines
        if len(line.text) <= 40 and line.text[:1] in _DATE_START and is_date_only(line.text)
    ]
    if len(dated) >= TIMELINE_DATES:
        for line in dated:
            line.mark_not_meta()


# ---- chrome ------------------------------------------------------------------------------


def _cut_at_markers(
    lines: list[Line], keep: list[bool], parts: PageParts, registry: OutletRegistry
) -> None:
    rules = default_rules()
    seen_text = False
    for index, line in enumerate(lines):
        if (
            seen_text
            and len(line.text) <= MAX_CHROME_LINE
            and rules.cut_from_line.search(line.text)
        ):
            parts.copyright = parts.copyright or copyright_holder(line.text, registry)
            for rest in range(index, len(lines)):
                keep[rest] = False
            return
        if keep[index] and is_sentence(line.text):
            seen_text = True


def _drop_header_quote(lines: list[Line], keep: list[bool]) -> None:
    """A quotation at the top holding a repost's header line (`字数 1017，阅读大约需 6 分钟`)
    is the header, with the reposter's remarks in it: all of it goes."""
    rules = default_rules()
    for index in range(min(len(lines), HEAD_LINES)):
        line = lines[index]
        if line.kind != "quote":
            if keep[index] and is_sentence(line.text):
                return  # the article has begun
            continue
        if rules.header_quote.search(line.text):
            start = end = index
            while start > 0 and lines[start - 1].kind == "quote":
                start -= 1
            while end + 1 < len(lines) and lines[end + 1].kind == "quote":
                end += 1
            for inside in range(start, end + 1):
                keep[inside] = False
            return


# ---- foot --------------------------------------------------------------------------------


def _read_foot(
    lines: list[Line], keep: list[bool], parts: PageParts, registry: OutletRegistry, start: int
) -> None:
    """From the end back to the article's last sentence: credits, own link, editors, chrome.
    Names are taken in the page's order (作者 before 编辑), though the lines are read up."""
    seen = 0
    names: list[list[str]] = []
    for index in range(len(lines) - 1, start - 1, -1):
        if not keep[index]:
            continue
        line = lines[index]  # credit lines are gone already: read_page took them all
        labelled = own_link(line)
        if labelled:
            parts.offer_url(labelled, URL_OWN)
            keep[index] = False
            continue
        meta = meta_of(line, registry)
        if meta is not None:
            if meta.url and meta.url_rank == URL_BARE and is_media_link(meta.url):
                break  # a video or a post linked at the end is the article's content
            take_meta(replace(meta, authors=[]), parts)
            names.append(meta.authors)
            keep[index] = False
            continue
        if is_masthead(line.text, registry):  # 每日经济新闻 alone under the text
            parts.credit = parts.credit or line.text
            keep[index] = False
            continue
        seen += 1
        if seen >= 1 and (is_sentence(line.text) or seen >= FOOT_LINES):
            break
    for group in reversed(names):
        parts.add_authors(group)


FOOTER_SHARE = 0.25  # of the article's text: more than this after a rule is article, not footer
FOOTER_CHARS = 400


def _drop_footer_after_rule(
    lines: list[Line], keep: list[bool], parts: PageParts, registry: OutletRegistry, start: int
) -> None:
    """A short part after the page's last rule (`---`, <hr>) is the site's footer: a
    subscription plea, an author's bio, feed links. Its credits and links are read first."""
    kept = [i for i in range(start, len(lines)) if keep[i]]
    rules = [i for i in kept if lines[i].after_rule]
    if not rules or rules[-1] == kept[0]:
        return
    tail = [i for i in kept if i >= rules[-1]]
    tail_chars = sum(len(lines[i].text) for i in tail)
    total = sum(len(lines[i].text) for i in kept)
    if tail_chars > FOOTER_CHARS or tail_chars > FOOTER_SHARE * total:
        return
    for index in tail:
        meta = meta_of(lines[index], registry)
        if meta is not None:
            parts.offer_url(meta.url, meta.url_rank)
            parts.credit = parts.credit or meta.outlet
            parts.add_authors(meta.authors)
        keep[index] = False


# ---- edges and lead ----------------------------------------------------------------------


def _read_edges(
    lines: list[Line], keep: list[bool], parts: PageParts, registry: OutletRegistry, start: int
) -> None:
    """Author lines (`每经记者 X    每经编辑 Y`, `作者：X`) and repost credits (`本文转载自X`)
    in the first and last few lines."""
    kept = [i for i in range(start, len(lines)) if keep[i]]
    edges = kept[:6] + kept[-4:]
    for index in edges:
        credit = parse_credit_phrase(lines[index].text, registry)
        if credit is not None:
            name, whole_line = credit
            parts.credit = parts.credit or name
            line = lines[index]
            parts.offer_url(line.link_named(name) or line.only_link(), URL_SOURCE)
            if whole_line:
                keep[index] = False
    for index in edges:
        text = lines[index].text
        if not keep[index] or len(text) > 60 or is_sentence(text):
            continue
        meta = meta_of(lines[index], registry)
        if meta is not None and (meta.authors or meta.date or meta.outlet or not meta.url):
            take_meta(meta, parts)
            keep[index] = False


LEAD_LINES = 5  # a dateline opens one of the first few paragraphs (after a summary, a photo)


def _drop_lead_captions(lines: list[Line], keep: list[bool], start: int) -> None:
    """Photo captions (<figcaption>) before the article's first paragraph are the lead
    photo's, not the text; those further down stay where the article put them."""
    for index in range(start, len(lines)):
        if not keep[index]:
            continue
        if lines[index].kind != "caption":
            return
        keep[index] = False


def _read_lead(
    lines: list[Line], keep: list[bool], parts: PageParts, registry: OutletRegistry, start: int
) -> None:
    leads = [i for i in range(start, len(lines)) if keep[i]][:LEAD_LINES]
    found = ((i, parse_dateline(lines[i].text, registry)) for i in leads)
    first, dateline = next(((i, d) for i, d in found if d is not None), (0, None))
    if dateline is None:
        return
    parts.outlet = parts.outlet or dateline.outlet
    parts.date = parts.date or dateline.date
    parts.add_authors(dateline.authors)
    if dateline.end >= len(lines[first].text.rstrip("：: ")):
        keep[first] = False  # the dateline is a line of its own


def _paragraphs(lines: list[Line], keep: list[bool]) -> tuple[list[str], set[int]]:
    """The kept lines as paragraphs, and which of them are quotations."""
    paragraphs: list[str] = []
    quoted: set[int] = set()
    last_block = -1
    for line, kept in zip(lines, keep, strict=True):
        if not kept:
            last_block = -1
            continue
        if line.block == last_block and paragraphs:
            paragraphs[-1] += "\n" + line.text
        else:
            paragraphs.append(line.text)
            if line.kind == "quote":
                quoted.add(len(paragraphs) - 1)
        last_block = line.block
    return paragraphs, quoted


def _drop_repeated_digest(lines: list[Line], keep: list[bool], parts: PageParts) -> None:
    """A `> digest` that repeats the lead word for word is kept once (a distinct one stays)."""
    paras = parts.paragraphs
    first_kept = next((line for line, k in zip(lines, keep, strict=True) if k), None)
    if len(paras) < 2 or first_kept is None or first_kept.kind != "quote":
        return
    digest, lead = normal(paras[0]), normal(paras[1])
    if digest and (lead.startswith(digest) or digest.startswith(lead)):
        del paras[0]
