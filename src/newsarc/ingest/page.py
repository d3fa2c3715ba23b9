"""Reading a page: which of its lines are chrome, headline, byline, article and credits.

Every format ends here as blocks of visible text (`html_text.Block`): a Jekyll body, a Markdown
archive, a scraped HTML page and a plain-text page alike. So one reader serves them all:

1. **Chrome** anywhere: lines that match `chrome.json`, navigation (lines that are all links),
   menus, breadcrumbs, language switches and buttons. A cut marker (`相关新闻`, `上一篇`,
   `免责声明`) drops everything after it once the article has begun.
2. **Head**: the lines before the article's first sentence. The headline is the first heading
   there (plain text has none: the line before the byline, or the first line that reads as a
   headline); what stands before it is page header; bylines after it are read and dropped.
3. **Foot**: from the end back to the last sentence of the article: credits, the article's own
   link, editor lines and chrome are read and dropped.
4. **Lead**: a dateline opening the first paragraph is read (and dropped when it is a line of
   its own); a `> digest` that repeats the lead is dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsarc.ingest.byline import (
    URL_BARE,
    URL_HEADLINE,
    URL_OWN,
    URL_SOURCE,
    Meta,
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
from newsarc.ingest.html_text import Block
from newsarc.ingest.lines import (
    MAX_CHROME_LINE,
    Line,
    PageParts,
    is_chrome,
    is_meta,
    is_sentence,
    lines_of,
    meta_of,
    normal,
    own_link,
    source_link,
)
from newsarc.ingest.names import CJK_RE, is_media_link
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.title import clean_page_title

HEAD_LINES = 40  # the article starts within this many lines of a page, or the page has no head
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
    start = _read_head(lines, keep, parts, registry, title, title_hint)
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
            line.meta_memo[:] = [None]


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


# ---- head --------------------------------------------------------------------------------


def _is_headline_like(line: Line) -> bool:
    text = line.text
    if not 4 <= len(text) <= 80 or not CJK_RE.search(text):
        return False
    if text.endswith(("。", "：", ":", "，", ",")) or re.search(r"[。；;]", text[:-1]):
        return False
    return len(CJK_RE.findall(text)) >= 4


def _read_head(
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
            _take_meta(meta, parts)
            keep[index] = False
        elif headline_at is None and index == 0 and len(lines) > 2:
            _take_masthead(lines[index].text, parts, registry, drop=keep, at=index)
    return headline_at + 1 if headline_at is not None else 0


REPEAT_LINES = 6  # lines under the headline where a repeat of it is looked for
_TITLE_JOINS = " \u3000|｜_-–—·:："


def title_site(headline: str, page_title: str) -> str:
    """What a page's <title> adds after its headline (`标题|游民星空`, `标题 东区办事处`):
    the site's name, when short; else ""."""
    if len(headline) < 6 or not page_title.startswith(headline):
        return ""
    rest = page_title[len(headline) :]
    if not rest or rest[0] not in _TITLE_JOINS:
        return ""
    # its last part (`社會 | 三立新聞網 SETN.COM`: a section, then the site), without a domain
    rest = re.split(r"\s*[|｜_]\s*|\s+[-–—]\s+", rest.strip(_TITLE_JOINS))[-1]
    rest = _DOMAIN.sub("", rest).strip(_TITLE_JOINS)
    return rest if 2 <= len(rest) <= 20 and not _SITE_REST.search(rest) else ""


_SITE_REST = re.compile(r"[。！？，,!?]")
_DOMAIN = re.compile(r"\s+[\w.-]+\.(?:com|net|org|cn|tw|hk)\b.*$", re.I)
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
            if keep[index] and title_site(lines[index].text, known):
                return index
    headings = [
        i
        for i in top_lines
        if keep[i]
        and lines[i].kind[0] == "h"
        and len(lines[i].kind) == 2
        and not _is_masthead(lines[i].text, registry)
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
            if _is_masthead(lines[index].text, registry):
                continue  # a masthead, not a headline
            return index
    return None


def _site_name(text: str, registry: OutletRegistry) -> str:
    return text if registry.looks_like_outlet(text) else ""


def _is_masthead(text: str, registry: OutletRegistry) -> bool:
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
    if _is_masthead(text, registry):
        parts.masthead = parts.masthead or text.strip()
        if drop is not None:
            drop[at] = False


def _take_meta(meta: Meta, parts: PageParts) -> None:
    parts.date = parts.date or meta.date
    parts.outlet = parts.outlet or meta.outlet
    parts.offer_url(meta.url, meta.url_rank)
    parts.add_authors(meta.authors)


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
            _take_meta(replace(meta, authors=[]), parts)
            names.append(meta.authors)
            keep[index] = False
            continue
        if _is_masthead(line.text, registry):  # 每日经济新闻 alone under the text
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
            _take_meta(meta, parts)
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
