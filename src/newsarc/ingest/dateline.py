"""Datelines: how an article's first paragraph says who reports it, when and where:
`【大纪元2020年03月08日讯】`, `【明慧网二零二零年十月二十三日】`,
`香港文匯報訊(記者 葛沖 北京報道)`, `本报讯(记者 马婧)`, `新华社北京3月8日电（记者 X）`,
`IT之家7月13日消息`, `（德国之声中文网）`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsarc.ingest.credit import reads_as_publisher
from newsarc.ingest.dates import find_date
from newsarc.ingest.names import CJK, LOCAL_PAPER, words
from newsarc.ingest.outlets import OutletRegistry

_REL_DAY = r"(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日"
_DATELINE_BRACKET = re.compile(r"^【(?P<inner>[^【】]{2,40})】")
_DATELINE_WIRE = re.compile(
    rf"^(?P<head>(?:{CJK}|[A-Za-z0-9·]){{2,16}}?)\s*(?P<day>{_REL_DAY})\s*(?:电|電|讯|訊|消息|报道|報道)"
    r"(?:\s*[（(](?P<paren>[^）)]{1,40})[）)])?"
)
_DATELINE_XUN = re.compile(
    rf"^(?P<head>(?:{CJK}|[A-Za-z0-9]){{2,12}}?)(?:[（(][^）)]{{1,8}}[）)])?(?:讯|訊|消息)"
    r"\s*(?:[（(](?P<paren>[^）)]{1,40})[）)])?\s*[：:]?"
)
_DATELINE_PAREN = re.compile(r"^[（(](?P<inner>[^）)]{2,40}?(?:电|電|报道|報道|報導|讯|訊))[）)]")
# 【獨媒報導】, 【大纪元2020年03月08日讯】, 〔编译陈成良／综合报导〕: what the bracket closes on.
_REPORT_WORDS = (
    "報導",
    "报导",
    "报道",
    "報道",
    "专讯",
    "專訊",
    "快讯",
    "快訊",
    "讯",
    "訊",
    "电",
    "電",
    "消息",
)
# （德国之声中文网）多家港媒…: a publisher's name in parentheses opening the lead.
_LEAD_PAREN = re.compile(r"^[（(](?P<name>[^（()）]{2,16})[）)]")


@dataclass
class Dateline:
    outlet: str = ""
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    end: int = 0  # where the dateline ends in the line


def parse_dateline(line: str, registry: OutletRegistry) -> Dateline | None:
    """The dateline an article's first paragraph opens with, if any."""
    for pattern in (_DATELINE_BRACKET, _DATELINE_PAREN):
        match = pattern.match(line)
        if match:
            found = _dateline_parts(match["inner"], registry)
            if found and (found.outlet or found.date):
                found.end = match.end()
                return found
    lead = _LEAD_PAREN.match(line)
    if (
        lead
        and registry.looks_like_outlet(lead["name"])
        and reads_as_publisher(lead["name"], registry)
    ):
        return Dateline(outlet=lead["name"], end=lead.end())
    for pattern in (_DATELINE_WIRE, _DATELINE_XUN):
        match = pattern.match(line)
        if not match:
            continue
        if match["head"].startswith(("据", "據", "根据", "根據")):
            continue  # 据霍尼韦尔官网消息: a source cited, not this article's dateline
        outlet = _outlet_prefix(match["head"], registry)
        head = match["head"]
        if (
            not outlet
            and pattern is _DATELINE_WIRE
            and _is_name(head)
            and len(head) <= 5
            and head not in words().places
        ):
            outlet = head  # IT之家7月13日消息, 闽南网4月7日讯: before the date stands who reports
        if not outlet and not match["head"].startswith(LOCAL_PAPER):
            continue
        found = Dateline(outlet=outlet, end=match.end())
        if match["paren"]:
            found.authors = _reporters(match["paren"])
        day = find_date(line[: match.end()])
        found.date = day[0] if day else None
        return found
    return None


def _dateline_parts(inner: str, registry: OutletRegistry) -> Dateline | None:
    found = find_date(inner)
    head = inner[: found[1]] if found else re.split(r"\d", inner)[0]
    head = head.strip()
    reported = inner.rstrip().endswith(_REPORT_WORDS)
    for word in _REPORT_WORDS:
        head = head.removesuffix(word)
    outlet = _outlet_prefix(head, registry)
    if not outlet and reported and not found and _is_name(head):
        outlet = head  # 【獨媒報導】: whoever reports is the outlet, whatever its name
    authors = _reporters(inner)
    if not found and not outlet:
        return None
    return Dateline(outlet=outlet, date=found[0] if found else None, authors=authors)


def _outlet_prefix(head: str, registry: OutletRegistry) -> str:
    """新华社北京 → 新华社; 香港文匯報 → itself; 本报 → nothing."""
    head = re.sub(r"(?:记者|記者|特约记者|特約記者).*$", "", head).strip()
    if not head or head.startswith(LOCAL_PAPER):
        return ""
    for end in range(len(head), 1, -1):
        name = head[:end]
        if registry.looks_like_outlet(name):
            return name
    return ""


def _is_name(text: str) -> bool:
    return (
        2 <= len(text) <= 10
        and not text.startswith(LOCAL_PAPER)
        and text not in words().not_publishers
        and not re.search(r"[\s，,。：:／/]|记者|記者|编译|編譯|综合|綜合", text)
    )


_REPORTER = re.compile(
    rf"(?:记者|記者|通讯员|通訊員|撰稿|特约记者|特約記者)\s*(?P<names>{CJK}{{2,4}}(?:\s*[、,，\s]\s*{CJK}{{2,4}})*)"
)


def _reporters(text: str) -> list[str]:
    """`記者 葛沖 北京報道` → [葛沖]; names glued to a place (`王小明台北`) are not guessed."""
    names: list[str] = []
    for match in _REPORTER.finditer(text):
        for name in re.split(r"[、,，\s]+", match["names"]):
            rest = text[match.end() :]
            glued = not rest[:1].isspace() and rest[:1] not in ("", "）", ")", "、", "，", ",")
            if name and name not in names and not (glued and name == match["names"]):
                names.append(name)
    reported = ("报道", "報道", "報導", "报导", "电", "電", "讯", "訊")
    return [n for n in names if not n.endswith(words().places) and not n.endswith(reported)]
