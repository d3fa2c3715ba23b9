"""Titles: a page's <title> without its site, and a title for text that has no headline."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from newsarc.ingest.script import CJK_CLASS

# A page title is `headline - section - site`: the parts stand between these.
_TITLE_SEPARATOR = re.compile(
    r"\s+[-–—|｜_]\s+|\s*(?:——|--|_|｜|\|)\s*|(?<![\d\sA-Za-z])-(?![\d\sA-Za-z])"
)
_CJK = re.compile(f"[{CJK_CLASS}]")
# A sentence ends at 。 or ；. A ？ or ！ inside a title-to-be is part of it (`你知道吗？…`).
_SENTENCE_END = re.compile(r"[。；;]")
_CLAUSE_BREAK = re.compile(r"[,，;；:：、]")
TITLE_LIMIT = 48


def clean_page_title(title: str, *, html: bool = False) -> tuple[str, str]:
    """(headline, site) from a page's <title> or a crawler's 标题: short parts at its end are
    the site, its section or keywords (`标题_新闻_新华网`, `标题 | 猎云网`, `标题|动物园|老虎`);
    a long part there is the headline's own (`夜读 | 辅警… | 杭州…`). An HTML page's <title>
    ends with its site's name (`标题|游民星空`): one short name after a bar is the site."""
    parts = [p for p in _TITLE_SEPARATOR.split(title.strip()) if p.strip()]
    if len(parts) <= 1:
        return _cut_spaced_site(title.strip())
    last_bare = _DOMAIN.sub("", parts[-1])
    if _is_site_or_section(last_bare):  # `| 爱活网 Evolife.cn`: the site
        parts[-1] = last_bare
    site = ""
    keywords = _keyword_run(parts)
    while len(parts) > 1 and (keywords > 0 or _is_site_or_section(parts[-1])):
        part = parts.pop().strip()
        keywords -= 1
        if not site and _SITE_WORDS.search(part) and not re.search(r"[,，、]", part):
            site = part
    separators = _TITLE_SEPARATOR.findall(title.strip())
    last = parts[-1].strip()
    bar = separators[len(parts) - 2].strip() if len(parts) > 1 else ""
    if (
        html
        and not site
        and bar in ("|", "｜", "_")
        and _SHORT_NAME.fullmatch(last)
        and len(" ".join(parts[:-1])) >= 10
    ):
        site = parts.pop().strip()
    site = _SITE_SECTION.sub("", site)  # 舜网新闻 → 舜网: the site, not its news section
    headline = parts[0]
    for separator, part in zip(separators, parts[1:], strict=False):
        headline += separator + part
    headline, spaced_site = _cut_spaced_site(headline.strip())
    return headline, site or spaced_site


def _cut_spaced_site(title: str) -> tuple[str, str]:
    """`标题 世相万千 烟台新闻网 胶东在线 国家批准的重点新闻网站`: names of sites after spaces
    (and, before two or more of them, a short section) are the host site's, not the
    headline's. Returns (headline, the first site named)."""
    parts = _SPACES.split(title)
    run = 0
    while (
        run < len(parts) - 1 and _SPACED_SITE.search(parts[-1 - run]) and len(parts[-1 - run]) <= 12
    ):
        run += 1
    if run == 0:
        return title, ""
    if run >= 2 and len(parts) - run > 1 and _SHORT_SECTION.fullmatch(parts[-1 - run]):
        run += 1
    headline = " ".join(parts[:-run])
    if len(headline) < 6:
        return title, ""
    site = next(part for part in parts[-run:] if _SPACED_SITE.search(part))
    return headline, site


_SPACES = re.compile(r"[ \u3000]+")
_SPACED_SITE = re.compile(r"(?:网|網|网站|網站|在线|在線|频道|頻道)$")
_SHORT_SECTION = re.compile(r"[^\s，。！？,.!?：:]{2,6}")


_SHORT_NAME = re.compile(rf"(?=.*[{CJK_CLASS}])[^\s，。！？,.!?：:]{{2,8}}")
_SITE_SECTION = re.compile(r"(?<=[网網])[^\s网網]{0,4}?(?:新闻|新聞|频道|頻道|首页|首頁)$")
_SITE_WORDS = re.compile(
    r"网|網|频道|頻道|头条|頭條|新闻|新聞|之家|在线|在線|客户端|客戶端|日报|日報|晚报|晚報|时报|時報"
    r"|官网|官網|首页|首頁|财经|財經|科技|体育|體育|娱乐|娛樂|国际|國際|社会|社會|万象|萬象|\.com|\.cn"
)


def _is_site_or_section(part: str) -> bool:
    """`新华网`, `中国搜索头条`, `中新网辽宁频道`, `新闻`: a site or its section. A short part
    without such a word is the headline's own (`“可怕的沉默”-章莹颖失踪60天`)."""
    part = part.strip()
    keywords = bool(re.search(r"[,，、]", part)) and len(part) <= 30
    return keywords or (len(part) <= 12 and bool(_SITE_WORDS.search(part)))


def _keyword_run(parts: list[str]) -> int:
    """How many of the last parts are a run of keywords (`标题|动物园|老虎|八达岭`): two or
    more short parts in a row at the end."""
    run = 0
    for part in reversed(parts[1:]):
        if len(part.strip()) > 6:
            break
        run += 1
    return run if run >= 2 else 0


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


def headline_in_title(line: str, page_title: str) -> bool:
    """Whether a line of a page is its headline as its <title> holds it: the whole title,
    the title less the site's name after it (`标题 东区办事处`, `标题|游民星空`), or less the
    site's section before it (`明日股市预测--标题`)."""
    if line == page_title:
        return True
    if len(line) < 6:
        return False
    if title_site(line, page_title):
        return True
    before = page_title[: -len(line)] if page_title.endswith(line) else ""
    return (
        bool(before) and before[-1] in _TITLE_JOINS and 2 <= len(before.strip(_TITLE_JOINS)) <= 16
    )


def title_from_filename(filename: str) -> str:
    """The headline a file's name holds, for text that shows none: a crawler saved the body
    as `2018-04-18 07:24:49@中兴发布内部信：….txt` or `央行宣布降准.txt`. A name without
    Chinese words (a hash, an id, a date) holds none."""
    path = PurePosixPath(filename.replace("\\", "/"))
    # `…降至2.3%` has a dot but no extension; a saved page's name keeps its own dots
    stem = path.stem if path.suffix.lower() in _TEXT_EXTENSIONS else path.name
    stem = _NAME_DATE.sub("", stem).strip()
    if len(_CJK.findall(stem)) < 4:
        return ""
    headline, _ = clean_page_title(stem)
    return headline


_TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"})
# a leading date and time, and what joins them to the headline: `2018-04-18 07:24:49@`
_NAME_DATE = re.compile(
    r"^(?:19|20)\d{2}[-_.]?[01]\d[-_.]?[0-3]\d(?:[ T_]\d{1,2}[:：.-]?\d{2}(?:[:：.-]?\d{2})?)?"
    r"\s*[@＠_\-]?\s*"
)


def title_from_text(paragraphs: list[str], limit: int = TITLE_LIMIT) -> str:
    """For text with no headline: its first sentence, clipped at a clause break if long."""
    if not paragraphs:
        return ""
    first = paragraphs[0].split("\n")[0]
    end = _SENTENCE_END.search(first)
    sentence = first[: end.start()] if end else first
    if len(sentence) <= limit:
        return sentence.strip()
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, 0, limit + 1) if m.start() >= 20]
    if breaks:
        return sentence[: breaks[-1]].strip()
    return sentence[:limit].rstrip() + "…"
