"""Rules shared by every reader: credits, share links, bylines, chrome, titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsarc.ingest.chrome import default_rules
from newsarc.ingest.outlets import OutletRegistry
from newsarc.ingest.script import strip_pinyin_glosses

# （文章来源：新华网） as its own paragraph (eastmoney pages print it under the body)…
_CREDIT_LINE = re.compile(
    r"^[（(]?\s*(?:文章|稿件|本文)?来源\s*[:：]\s*(?P<name>[^）)\n]{1,40}?)\s*[）)]?$"
)
# …or at the end of the last paragraph.
_CREDIT_TAIL = re.compile(
    r"\s*[（(]\s*(?:文章|稿件|本文)?来源\s*[:：]\s*(?P<name>[^）)\n]{1,40}?)\s*[）)]$"
)
# A trailing （中国基金报）: taken as a credit only when the name looks like an outlet.
_OUTLET_TAIL = re.compile(r"\s*[（(](?P<name>[\u4e00-\u9fffA-Za-z0-9·]{2,16})[）)]$")
_URL_LINE = re.compile(r"^<?(?P<url>(?:https?:)?//[^\s<>]+)>?$")
_ROLE = r"(?:记者|編輯|编辑|责编|責編|作者|通讯员|通訊員|撰文|摄影|攝影|实习生|實習生)"
_AUTHORS_LINE = re.compile(
    rf"^(?:[\u4e00-\u9fff]{{0,6}}{_ROLE}(?:\s*[:：]\s*|\s+)"
    r"(?:[\u4e00-\u9fff·]{2,5}(?:\s*[、,，]\s*|\s+|$))+\s*)+$"
)
_AUTHOR_ROLE_TOKEN = re.compile(rf"[\u4e00-\u9fff]{{0,6}}{_ROLE}\s*[:：]?")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_BREAK = re.compile(r"[,，;；:：、]")
TITLE_LIMIT = 48


@dataclass
class CleanBody:
    paragraphs: list[str]
    url: str | None = None
    credit: str = ""
    authors: list[str] = field(default_factory=list)


def clean_paragraphs(paragraphs: list[str], registry: OutletRegistry) -> CleanBody:
    """Pull credit, share link and authors out of the paragraphs and drop page chrome."""
    body = CleanBody(paragraphs=[])
    kept: list[str] = []
    for para in paragraphs:
        para = strip_pinyin_glosses(para)
        credit = _CREDIT_LINE.match(para)
        if credit:
            body.credit = body.credit or _outlet_word(credit["name"])
            continue
        url = _URL_LINE.match(para)
        if url:
            body.url = body.url or _absolute(url["url"])
            continue
        kept.append(para)
    kept = default_rules().strip_paragraphs(kept)
    kept, body.authors = _pull_authors(kept)
    if kept:
        kept[-1], tail_credit = _strip_tail_credit(kept[-1], registry)
        body.credit = body.credit or tail_credit
        if len(kept) > 1:
            kept[0], _ = _strip_tail_credit(kept[0], registry)
    body.paragraphs = [p for p in kept if p]
    return body


def _strip_tail_credit(para: str, registry: OutletRegistry) -> tuple[str, str]:
    match = _CREDIT_TAIL.search(para)
    if match:
        return para[: match.start()], _outlet_word(match["name"])
    match = _OUTLET_TAIL.search(para)
    if match and registry.looks_like_outlet(match["name"]):
        return para[: match.start()], match["name"]
    return para, ""


def _outlet_word(name: str) -> str:
    # "新华社 记者 张三" → "新华社": the outlet is the first word.
    return name.strip().split()[0] if name.strip() else ""


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def _pull_authors(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Byline lines (`每经记者 黄名扬    每经编辑 官远星`) near the top or the end."""
    authors: list[str] = []
    kept: list[str] = []
    last = len(paragraphs) - 1
    for index, para in enumerate(paragraphs):
        near_edge = index < 4 or index > last - 2
        if near_edge and len(para) <= 60 and _AUTHORS_LINE.match(para):
            authors.extend(parse_byline_names(para))
            continue
        kept.append(para)
    return kept, authors


def parse_byline_names(line: str) -> list[str]:
    """`每经记者 黄名扬    每经编辑 官远星` → ['黄名扬', '官远星']."""
    names: list[str] = []
    for chunk in _AUTHOR_ROLE_TOKEN.split(line):
        for name in re.split(r"[\s、,，]+", chunk):
            if name and name not in names:
                names.append(name)
    return names


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
