"""Bylines, datelines and credits: the lines where a Chinese news page says who and when.

No library knows these; the forms below were collected across sites and each has a test:
- byline lines: `2020-03-09  来源: 学习时报 作者:`,
  `發布日期:2024-03-11 09:23:54 | 來源:新華網`,
  `2017-03-03 07:40   来源: 成都日报   编辑: 董乐   责任编辑: 马兰`,
  `每日经济新闻 2018-12-11 20:16`, `每经记者 黄名扬    每经编辑 官远星`, `作者：X`;
- datelines opening the first paragraph: `【大纪元2020年03月08日讯】`,
  `【明慧网二零二零年十月二十三日】`, `香港文匯報訊(記者 葛沖 北京報道)`, `本报讯(记者 马婧)`,
  `新华社北京3月8日电（记者 X）`,
  `（中央社記者王小明台北10日電）`, `央视网消息（新闻联播）：`;
- credits under the body: `（文章来源：新华网）`, `来源：X`, a trailing `（券商中国）`;
- the article's own link: `原文地址：URL`, `原文链接：URL`, a line that is only a link.
The words (labels, roles, what a parenthesis at the end is when it is not a publisher) are data
in `newsarc/data/bylines.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsarc.ingest.dates import find_date
from newsarc.ingest.outlets import DATA, OutletRegistry
from newsarc.ingest.script import CJK_CLASS

_CJK = f"[{CJK_CLASS}]"
_CJK_RE = re.compile(_CJK)
_URL = r"(?:https?:)?//[^\s<>()（）\"'“”]+"
_URL_LINE = re.compile(rf"^<?(?P<url>{_URL})>?$")
MAX_META_LINE = 120


@dataclass
class Meta:
    """What one line says about the article."""

    date: str | None = None
    outlet: str = ""
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    title: str = ""  # a labelled headline (标题：X), as crawlers save pages
    url_rank: int = 1  # URL_OWN for `原文地址：URL`, URL_BARE for a line that is only a link


# How sure a link is the article's own, best first: labelled as the original (原文地址：), the
# link of its credit (来源：[X](…)), a line that is only a link (a share link), a headline link.
URL_OWN, URL_SOURCE, URL_BARE, URL_HEADLINE = 0, 1, 2, 3


@dataclass(frozen=True)
class BylineWords:
    source_labels: tuple[str, ...]
    date_labels: tuple[str, ...]
    author_labels: tuple[str, ...]
    editor_labels: tuple[str, ...]
    link_labels: tuple[str, ...]
    other_labels: tuple[str, ...]
    link_texts: tuple[str, ...]
    not_publishers: tuple[str, ...]
    not_publisher_words: tuple[str, ...]
    places: tuple[str, ...]
    account_prefixes: tuple[str, ...]
    source_verbs: tuple[str, ...]
    title_labels: tuple[str, ...]
    body_labels: tuple[str, ...]
    surnames: tuple[str, ...]
    column_words: tuple[str, ...]
    institution_suffixes: tuple[str, ...]
    media_hosts: tuple[str, ...]


@lru_cache(maxsize=1)
def words() -> BylineWords:
    raw = json.loads(DATA.joinpath("bylines.json").read_text("utf-8"))
    return BylineWords(**{k: tuple(v) for k, v in raw.items() if not k.startswith("_")})


def _alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    w = words()
    labels = w.source_labels + w.date_labels + w.author_labels + w.editor_labels
    labels += w.link_labels + w.other_labels + w.title_labels
    label = _alternation(labels)
    # Without a colon only roles of two characters or more: 正文 is no 文 by 正.
    roles = _alternation(tuple(r for r in w.author_labels + w.editor_labels if len(r) > 1))
    verbs = _alternation(w.source_verbs)
    return {
        # A label and its colon: 来源：, 發布日期:, 责任编辑 :
        # A label and its colon (来源：, 發布日期:, 编辑 | X), or a verb that needs none (轉載自X).
        "label": re.compile(
            rf"(?:^|(?<=[\s|｜/（(【\[，,]))(?:(?P<label>{label})\s*(?:[:：]|[|｜](?=\s*\S))"
            rf"|(?P<verb>{verbs}))\s*"
        ),
        # A label with no colon before a value: 每经记者 黄名扬, 记者 马婧
        "role": re.compile(rf"(?:^|\s)(?P<label>{_CJK}{{0,6}}(?:{roles}))\s+(?=\S)"),
        "outlet_date": re.compile(
            r"^(?P<outlet>(?=\S*[^\s\d])[^\s:：,，。|｜]{2,20})\s+(?P<date>\d{4}[-/.年]\S*(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$"
        ),
        "date_outlet": re.compile(
            r"^(?P<date>\d{4}[-/.年]\S*?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+(?P<outlet>(?=\S*[^\s\d])[^\s:：,，。|｜]{2,20})$"
        ),
        "link_line": re.compile(
            rf"^(?:{_alternation(w.link_labels)})\s*[:：]?\s*<?(?P<url>{_URL})>?"
        ),
        "credit_line": re.compile(
            rf"^[（(]?\s*(?:{_alternation(w.source_labels)})\s*[:：]\s*(?P<name>[^）)\n]{{1,40}}?)\s*[）)]?[。.]?$"
        ),
        "credit_tail": re.compile(
            rf"\s*[（(]\s*(?:{_alternation(w.source_labels)})\s*[:：]\s*(?P<name>[^）)\n]{{1,40}}?)\s*[）)][。.]?$"
        ),
        "paren_tail": re.compile(r"\s*[（(](?P<name>[^（()）\n]{2,20})[）)][。.]?$"),
    }


# ---- names -------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"\s*[、/／;；]\s*|\s{2,}")
_COMMA = re.compile(r"\s*[,，]\s*")
_PERSON = re.compile(
    rf"^(?:{_CJK}{{2,4}}|{_CJK}{{1,2}}·{_CJK}{{1,6}}|[A-Z][a-z]+(?: [A-Z][a-z]+)+)$"
)
_TRAILING_PUNCT = "。，,、；;：:．.！!？?\"'“”‘’ \u3000"


def clean_name(name: str) -> str:
    """A name or outlet as printed, without surrounding punctuation (`劳燕东飞”。` → …”)."""
    name = name.strip(" \u3000\t")
    while name and name[-1] in "。，,、；;：:．.！!？?":
        name = name[:-1].rstrip()
    while name and name[0] in "，,、；;：:．.":
        name = name[1:].lstrip()
    # Quotes and brackets stay when they pair up (公众号“劳燕东飞”), else go (【撰文：X】).
    for opening, closing in ("“”", "「」", "《》", '""', "【】", "（）", "()", "[]"):
        if name.endswith(closing) and opening not in name[:-1]:
            name = name[:-1]
        if name.startswith(opening) and closing not in name[1:]:
            name = name[1:]
    return name.strip()


# 台灣特派員鄭智仁, 本报记者张三: the role before a name is not part of it.
_ROLE_PREFIX = re.compile(
    rf"^{_CJK}{{0,6}}?(?:特派员|特派員|记者|記者|通讯员|通訊員)\s*(?={_CJK}{{2}})"
)


def is_person(name: str) -> bool:
    """A personal name: a common surname and one to three characters (张三, 欧阳修), or a
    Latin name of two or more capitalised words."""
    if not _PERSON.match(name):
        return False
    return not _CJK_RE.match(name) or name[0] in words().surnames or "·" in name


def split_names(value: str) -> list[str]:
    """`黄名扬、官远星` → two names; a pen name with a comma (`一个闲人，不闲`) stays whole
    unless every part is a personal name."""
    names: list[str] = []
    for chunk in _NAME_SPLIT.split(value.strip()):
        parts = [p for p in _COMMA.split(chunk) if p]
        if len(parts) > 1 and not all(is_person(p) for p in parts):
            parts = [chunk]
        for part in parts:
            if " " in part and all(is_person(p) for p in part.split()):
                candidates = part.split()
            else:
                candidates = [part]
            for name in candidates:
                name = clean_name(_ROLE_PREFIX.sub("", name))
                if name and name not in names and len(name) <= 30:
                    names.append(name)
    return names


# ---- byline lines ------------------------------------------------------------------------


def parse_meta_line(line: str, registry: OutletRegistry) -> Meta | None:
    """A byline, credit or link line, or None when the line is anything else (article text).

    A line counts when, with its labelled values and its date taken out, almost nothing is
    left: `来源：新华网` is a byline, `据新华网报道，…` is a sentence.
    """
    if len(line) > MAX_META_LINE or not _maybe_meta().search(line):
        return None
    p = _patterns()
    url = _URL_LINE.match(line)
    if url:
        return Meta(url=_absolute(url["url"]), url_rank=URL_BARE)
    reporters = _REPORTERS_LINE.match(line)
    if reporters:  # 李澄欣/张慈（综合报导）
        return Meta(authors=[n for n in re.split(r"[/／、]", reporters["names"]) if n])
    staff = _STAFF_LINE.match(line)
    if (
        staff
        and registry.looks_like_outlet(staff["outlet"])
        and not staff["outlet"].startswith(_LOCAL_PAPER)
        and not re.search(r"[。！？!?；;，,]", line)
    ):
        return Meta(outlet=staff["outlet"])  # 澎湃新闻记者李蕊陈绪厚, 采写/新京报记者赵蕾
    wechat = _WECHAT_HEADER.match(line)
    if wechat:  # 原创 社论 澎湃新闻评论: a WeChat post's header, the account is the outlet
        author = wechat["author"]
        return Meta(outlet=wechat["account"], authors=[author] if is_person(author) else [])
    link = p["link_line"].match(line)
    if link:
        return Meta(url=_absolute(link["url"]), url_rank=URL_OWN)
    for key in ("outlet_date", "date_outlet"):
        simple = p[key].match(line)
        if simple:
            found = find_date(simple["date"])
            if found and found[2] == len(simple["date"].rstrip()):
                name = clean_name(simple["outlet"])
                if registry.looks_like_outlet(name) or registry.by_name(name):
                    return Meta(date=found[0], outlet=name)
    labels = list(p["label"].finditer(line))
    roles = [] if labels else list(p["role"].finditer(line))
    if not labels and not roles:
        return _date_only_line(line)
    return _labelled(line, labels or roles, registry)


_STAFF_LINE = re.compile(
    rf"^(?:[^/／\s]{{0,12}}[/／])?(?P<outlet>{_CJK}{{2,10}}?)(?:记者|記者|特约记者|特約記者|评论员|評論員)"
    rf"{_CJK}{{2,}}"
)
_REPORTERS_LINE = re.compile(
    rf"^(?P<names>{_CJK}{{2,4}}(?:[/／、]{_CJK}{{2,4}})*)\s*[（(](?:综合|綜合|编译|編譯)?"
    r"(?:报导|報導|报道|報道)[）)]$"
)
_WECHAT_HEADER = re.compile(r"^(?:原创|原創)\s+(?P<author>\S{1,20})\s+(?P<account>\S{2,20})$")


@lru_cache(maxsize=1)
def _maybe_meta() -> re.Pattern[str]:
    """What every byline, credit or link line holds somewhere: a colon or bar, a digit, a
    link, or a role or verb (记者 X, 轉載自X, 原创 X); most lines of text fail it at once."""
    w = words()
    roles = (*w.author_labels, *w.editor_labels, *w.source_verbs, "原创", "原創")
    return re.compile(rf"[:：|｜/\d]|//|{_alternation(tuple(r for r in roles if len(r) > 1))}")


def _date_only_line(line: str) -> Meta | None:
    """A line that is a date and at most a few words (`2020-03-09 08:15`, `2020年3月9日 星期一`)."""
    found = find_date(line)
    if not found:
        return None
    rest = (line[: found[1]] + line[found[2] :]).strip(" |｜/\u3000()（）【】[]")
    rest = re.sub(r"星期[一二三四五六日天]|周[一二三四五六日]|[：:]\d{2}", "", rest).strip()
    return Meta(date=found[0]) if len(rest) <= 2 else None


def _labelled(line: str, labels: list[re.Match[str]], registry: OutletRegistry) -> Meta | None:
    w = words()
    meta = Meta()
    leftover = line[: labels[0].start()]
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
        label = match["label"] or match["verb"]
        value = line[match.end() : end].strip(" |｜\u3000")
        value = re.split(r"\s*[|｜]\s*|\s{2,}", value)[0] if value else ""
        consumed, raw = line[match.end() : end], value
        if label in w.source_labels or label in w.source_verbs:
            url = re.match(_URL, value)
            if url:
                meta.url = meta.url or _absolute(url.group(0))
            else:
                found = find_date(value)
                if found:
                    meta.date = meta.date or found[0]
                    value = (value[: found[1]] + value[found[2] :]).strip()
                tail = _patterns()["paren_tail"].search(value)
                if tail and reads_as_publisher(tail["name"], registry):
                    value = tail["name"]  # 本文转自：标题（新浪财经）
                meta.outlet = meta.outlet or clean_name(value.split()[0] if value else "")
        elif label in w.date_labels:
            found = find_date(value)
            if found:
                meta.date = meta.date or found[0]
        elif label in w.link_labels:
            url = re.search(_URL, value)
            if url:
                meta.url, meta.url_rank = meta.url or _absolute(url.group(0)), URL_OWN
        elif label in w.other_labels:
            pass
        elif label in w.title_labels:
            value = raw = line[match.end() : end].strip()  # a title holds bars and spaces
            meta.title = meta.title or value
        else:
            too_long = len(value) > 40 and _CJK_RE.search(value)  # Latin names run long
            if re.search(r"[。！？!?；;]", value) or value.count("，") > 1 or too_long:
                return None  # 记者 了解到，…: a sentence about reporters, not a byline
            staff = _STAFF_OF.match(value)
            if staff and registry.looks_like_outlet(staff["outlet"]):
                meta.outlet = meta.outlet or staff["outlet"]  # 南方周末记者 毛淑杰
                value = value[staff.end() :]
            meta.authors.extend(n for n in split_names(value) if n not in meta.authors)
        leftover += consumed.replace(raw, "", 1)
    found = find_date(leftover)
    if found:
        meta.date = meta.date or found[0]
        leftover = leftover[: found[1]] + leftover[found[2] :]
    if _reads_as_sentence(leftover):
        return None
    rest = leftover.strip(" \u3000|｜/,，")
    if rest and not meta.outlet and (registry.by_name(rest) or registry.looks_like_outlet(rest)):
        meta.outlet = rest  # 作者：尹宣　　2007-01-31中华读书报
    if not (meta.date or meta.outlet or meta.authors or meta.url or meta.title):
        # An empty label (`作者:`) still marks a byline line; keep it out of the text.
        return Meta()
    if meta.outlet and not _plausible_outlet(meta.outlet, registry):
        meta.outlet = ""
    return meta


_STAFF_OF = re.compile(
    rf"^(?P<outlet>{_CJK}{{2,10}}?)(?:记者|記者|特约记者|特約記者|实习生|實習生)\s*"
)


def _reads_as_sentence(leftover: str) -> bool:
    """What a byline line holds besides its labels and date: a few names or words
    (`秘密翻譯組G-Translators`, `2:51 AM UTC`), never a sentence."""
    if re.search(r"[。！？!?；;]|[，,].*[，,]", leftover):
        return True
    return len(_CJK_RE.findall(leftover)) > 10 or len(leftover.strip()) > 60


def _plausible_outlet(name: str, registry: OutletRegistry) -> bool:
    """One outlet's name: not a number, not a list of sources (`@甲、乙`)."""
    return (
        2 <= len(name) <= 30
        and not name.isdigit()
        and name not in words().not_publishers
        and not name.startswith(_LOCAL_PAPER)
        and not re.search(r"[、，,;；]", name)
    )


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


# ---- datelines ---------------------------------------------------------------------------

_REL_DAY = r"(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日"
_DATELINE_BRACKET = re.compile(r"^【(?P<inner>[^【】]{2,40})】")
_DATELINE_WIRE = re.compile(
    rf"^(?P<head>(?:{_CJK}|[A-Za-z0-9·]){{2,16}}?)\s*(?P<day>{_REL_DAY})\s*(?:电|電|讯|訊|消息|报道|報道)"
    r"(?:\s*[（(](?P<paren>[^）)]{1,40})[）)])?"
)
_DATELINE_XUN = re.compile(
    rf"^(?P<head>(?:{_CJK}|[A-Za-z0-9]){{2,12}}?)(?:[（(][^）)]{{1,8}}[）)])?(?:讯|訊|消息)"
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
_LOCAL_PAPER = ("本报", "本報", "本台", "本网", "本網", "本刊", "本站")


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
            and _is_name(head, registry)
            and len(head) <= 5
            and head not in words().places
        ):
            outlet = head  # IT之家7月13日消息, 闽南网4月7日讯: before the date stands who reports
        if not outlet and not match["head"].startswith(_LOCAL_PAPER):
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
    if not outlet and reported and not found and _is_name(head, registry):
        outlet = head  # 【獨媒報導】: whoever reports is the outlet, whatever its name
    authors = _reporters(inner)
    if not found and not outlet:
        return None
    return Dateline(outlet=outlet, date=found[0] if found else None, authors=authors)


def _outlet_prefix(head: str, registry: OutletRegistry) -> str:
    """新华社北京 → 新华社; 香港文匯報 → itself; 本报 → nothing."""
    head = re.sub(r"(?:记者|記者|特约记者|特約記者).*$", "", head).strip()
    if not head or head.startswith(_LOCAL_PAPER):
        return ""
    for end in range(len(head), 1, -1):
        name = head[:end]
        if registry.by_name(name) or registry.looks_like_outlet(name):
            return name
    return ""


def _is_name(text: str, registry: OutletRegistry) -> bool:
    return (
        2 <= len(text) <= 10
        and not text.startswith(_LOCAL_PAPER)
        and text not in words().not_publishers
        and not re.search(r"[\s，,。：:／/]|记者|記者|编译|編譯|综合|綜合", text)
    )


_REPORTER = re.compile(
    rf"(?:记者|記者|通讯员|通訊員|撰稿|特约记者|特約記者)\s*(?P<names>{_CJK}{{2,4}}(?:\s*[、,，\s]\s*{_CJK}{{2,4}})*)"
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


# ---- credits at the end ------------------------------------------------------------------


def parse_credit_line(line: str) -> str | None:
    """`（文章来源：上海证券报）`, `来源：X` as a line of its own → the publisher."""
    match = _patterns()["credit_line"].match(line)
    if not match or re.match(_URL, match["name"]):
        return None
    value = match["name"]
    inner = re.search(r"[（(](?P<name>[^（()）]{2,20})$", value)
    if inner:  # 来源：标题 （新浪财经）: the name in parentheses after a headline
        value = inner["name"]
    found = find_date(value)
    if found:  # 公众号“何老师侃谈”2018年4月20日
        value = value[: found[1]]
    name = outlet_name(value.split()[0]) if value.strip() else ""
    if not name or len(name) > 24 or re.search(r"[，,、：:；;]", name):
        return None  # a headline or a list of sources, not one publisher
    return name


def strip_tail_credit(para: str, registry: OutletRegistry) -> tuple[str, str]:
    """A credit closing the last paragraph: `…（来源：X）`, or a `（X）` that reads as a
    publisher."""
    p = _patterns()
    match = p["credit_tail"].search(para)
    if match:
        return para[: match.start()], clean_name(match["name"].split()[0])
    match = p["paren_tail"].search(para)
    if match and reads_as_publisher(match["name"], registry):
        return para[: match.start()], clean_name(match["name"])
    return para, ""


def reads_as_publisher(name: str, registry: OutletRegistry) -> bool:
    """`券商中国`, `发改委网站`, `东方财富Choice数据`, `FX168财经网` are credits; `完`, `北京`,
    `记者 张三`, `2020年`, `图`, `注：…`, `综合报道`, `德新社、法新社` are not."""
    w = words()
    name = name.strip()
    if registry.by_name(name):
        return True
    if not 2 <= len(name) <= 20 or name in w.not_publishers or name in w.places:
        return False
    if any(word in name for word in w.not_publisher_words):
        return False
    if re.search(r"[，,。；;：:！!？?、\s]", name) or re.fullmatch(r"[\d\W]+", name):
        return False
    if registry.looks_like_outlet(name) or name.endswith(w.institution_suffixes):
        return True
    if re.search(r"\d{2,}|[年月日]$", name):
        return False
    if len(name) <= 3 and name[0] in w.surnames:
        return False  # （王卡卡）: a reporter's name, not a publisher
    # A publisher's name is a noun phrase of CJK (and maybe Latin) without verbs of speech.
    return bool(re.fullmatch(rf"(?:{_CJK}|[A-Za-z·&]){{2,20}}", name)) and bool(
        re.search(_CJK, name)
    )


_COPYRIGHT = re.compile(
    r"^(?:Copyright|COPYRIGHT|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*"
    r"(?:.*?\bfor\s+)?(?P<name>[^\s,，|｜.。]{2,20})"
)


# （本文为网友来稿，不代表中国台湾网观点）: a site's disclaimer names the site.
_NOT_OUR_VIEW = re.compile(
    r"不代表(?:本站|本网)?(?P<name>[^，,。\s（()）]{2,12}?)(?:的)?(?:观点|立场|觀點|立場)"
    r"|与(?P<other>[^，,。\s（()）]{2,12}?)无关"
)
_BACK_TO_SITE = re.compile(r"返回(?P<name>[^，,\s|｜\[\]{}]{2,8})[，,]?\s*查看更多")


def copyright_holder(line: str, registry: OutletRegistry) -> str:
    """`© 一朵后浪 for 中国数字时代`, `Copyright © 2020 新华网`, `返回搜狐，查看更多` → the
    site, if it reads as one."""
    back = _BACK_TO_SITE.search(line)
    if back:
        return back["name"]
    view = _NOT_OUR_VIEW.search(line)
    if view:
        return view["name"] or view["other"]
    match = _COPYRIGHT.match(line)
    if not match:
        return ""
    name = match["name"]
    if registry.by_name(name) or (_CJK_RE.search(name) and registry.looks_like_outlet(name)):
        return name
    return name if " for " in line and _CJK_RE.search(name) else ""


# 本文转载自瞭望东方周刊，…  /  本文首发于南方周末 未经授权 不得转载  /  原载《中华读书报》
_CREDIT_PHRASE = re.compile(
    r"(?P<lead>^[>【\s]*(?:本文|此文|该文|該文|文章|原文)?)?"
    r"(?:转载自|轉載自|转自|轉自|转引自|轉引自|原载于|原載於|原载|原載|原刊于|原刊於|原刊|首发于|首發於"
    r"|首发在|首發在|刊登于|刊登於|刊登在|刊于|刊於|发表于|發表於|发表在|發表在|摘自|选自|選自|编译自|編譯自"
    r"|(?<=本文)来自|(?<=本文)來自|(?<=文章)来自|(?<=文章)來自)"
    r"\s*(?P<name>[^，,。；;、\s（(]{2,30})"
)


_CREDIT_VERB = re.compile(r"[转轉刊载載摘选選译譯]|首发|首發|发表|發表|来自|來自")


def parse_credit_phrase(line: str, registry: OutletRegistry) -> tuple[str, bool] | None:
    """A repost's credit in words: (publisher, whether the line is only the credit)."""
    if len(line) > 160 or not _CREDIT_VERB.search(line):
        return None
    match = _CREDIT_PHRASE.search(line)
    if not match:
        return None
    name = _publisher_name(match["name"])
    if not name or name in words().not_publishers or len(name) < 2:
        return None
    whole = match["lead"] is not None and match.start() == 0 and len(line) <= 120
    return name, whole


_OWNED = ("博客", "微博", "公众号", "公眾號", "专栏", "專欄", "主页", "主頁", "频道", "頻道")


_APP_SUFFIX = re.compile(r"(?<=\w{2})(?:客户端|客戶端|APP|App|app|官微|官方微博|官网|官網)$")


def outlet_name(name: str) -> str:
    """A credited name as the outlet's: platform prefixes, an app's suffix and punctuation go
    (微信公众订阅号“何老师侃谈” → 何老师侃谈, 中新经纬客户端 → 中新经纬); 本报 is no name."""
    if re.search(r"[“「][^”」]+[”」]", name):
        name = clean_name(name)  # 公众号“劳燕东飞”: a quoted name is printed whole
    else:
        name = _APP_SUFFIX.sub("", _publisher_name(name))
    return "" if name.startswith(_LOCAL_PAPER) and len(name) <= 3 else name


def _publisher_name(name: str) -> str:
    """施夏明的新浪博客 → 新浪博客; 微信公众号呆着 → 呆着; 《中华读书报》 → 中华读书报."""
    name = name.strip("《》〈〉“”「」【】\"' ")
    owner, _, owned = name.rpartition("的")
    if owner and len(owned) >= 2 and (owner[0] in words().surnames or owned.endswith(_OWNED)):
        name = owned  # 施夏明的新浪博客, 拉拉的新浪博客; 心的道理 is a name of its own
    for prefix in words().account_prefixes:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix) :]
    name = name.removesuffix("上").strip("《》〈〉“”「」【】\"' ")
    return clean_name(name)


def is_media_link(url: str) -> bool:
    """A video, a post on a social site, an archive copy: a link in an article, never its own."""
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    return any(host == h or host.endswith("." + h) for h in words().media_hosts) or host.startswith(
        ("media.", "video.", "img.", "image.", "static.")
    )


@lru_cache(maxsize=1)
def body_label() -> re.Pattern[str]:
    """`正文：` opening the article in a crawler's record of a page."""
    return re.compile(rf"^(?:{_alternation(words().body_labels)})\s*[:：]\s*")


# …区区百元。”文/记者张蕊 — a byline glued to the end of the last paragraph.
_TAIL_BYLINE = re.compile(
    rf"(?<=[。！？!?”」）)])\s*[（(]?(?:文|撰文|图文|圖文|文字)?\s*[/／|｜]?\s*"
    rf"(?:记者|記者|作者|编辑|編輯|通讯员|通訊員)\s*[:：]?\s*"
    rf"(?P<names>{_CJK}{{2,4}}(?:[、\s]{_CJK}{{2,4}})*)[）)]?$"
)


def strip_tail_byline(para: str) -> tuple[str, list[str]]:
    """(the paragraph without a byline glued to its end, the names in it)."""
    match = _TAIL_BYLINE.search(para)
    if not match:
        return para, []
    return para[: match.start()], [n for n in re.split(r"[、\s]+", match["names"]) if n]
