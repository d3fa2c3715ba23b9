"""Byline lines: where a Chinese news page says who wrote the article, when, and from where.

No library knows these; the forms below were collected across sites and each has a test:
`2020-03-09  来源: 学习时报 作者:`, `發布日期:2024-03-11 09:23:54 | 來源:新華網`,
`2017-03-03 07:40   来源: 成都日报   编辑: 董乐   责任编辑: 马兰`, `每日经济新闻 2018-12-11 20:16`,
`每经记者 黄名扬    每经编辑 官远星`, `作者：X`, `澎湃新闻记者X`, `原创 社论 澎湃新闻评论`,
`3/15/2023 4:19 PM UTC 轉載自GNews`, and the article's own link (`原文地址：URL`, a line that is
only a link). Datelines are in `dateline.py`, credits in `credit.py`, the words in `names.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsarc.ingest.credit import strip_tail_credit
from newsarc.ingest.dates import find_date
from newsarc.ingest.names import (
    CJK,
    CJK_RE,
    LOCAL_PAPER,
    URL,
    absolute,
    alternation,
    clean_name,
    is_person,
    split_names,
    words,
)
from newsarc.ingest.outlets import OutletRegistry

_URL_LINE = re.compile(rf"^<?(?P<url>{URL})>?$")
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


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    w = words()
    labels = w.source_labels + w.date_labels + w.author_labels + w.editor_labels
    labels += w.link_labels + w.other_labels + w.photo_labels + w.title_labels
    label = alternation(labels)
    # Without a colon only roles of two characters or more: 正文 is no 文 by 正.
    roles = alternation(tuple(r for r in w.author_labels + w.editor_labels if len(r) > 1))
    verbs = alternation(w.source_verbs)
    # Credits a site runs together (来源：每日经济新闻责任编辑：荀建国): who, from where and
    # whose photos, labels of two characters or more before a colon; not dates (活动时间：…
    # is text).
    glued = alternation(
        tuple(r for r in w.source_labels + w.author_labels + w.editor_labels if len(r) > 1)
        + tuple(r for r in w.photo_labels if len(r) > 3)  # 图片来源, not 图片 (现场图片：)
    )
    return {
        # A label and its colon (来源：, 發布日期:, 编辑 | X, 文/X; 文/图 X is the label 文/图),
        # or a verb that needs none (轉載自X).
        "label": re.compile(
            rf"(?:(?:^|(?<=[\s|｜丨/（(【\[，,]))(?:(?P<label>{label})\s*"
            rf"(?:[:：]|[|｜丨](?=\s*\S)|[/／](?![图圖]\s)(?=\s*\S))|(?P<verb>{verbs}))"
            rf"|(?<=\w)(?P<glued>{glued})\s*[:：])\s*"
        ),
        # A label with no colon before a value: 每经记者 黄名扬, 记者 马婧
        "role": re.compile(rf"(?:^|\s)(?P<label>{CJK}{{0,6}}(?:{roles}))\s+(?=\S)"),
        "outlet_date": re.compile(
            r"^(?P<outlet>(?=\S*[^\s\d])[^\s:：,，。|｜]{2,20})\s+(?P<date>\d{4}[-/.年]\S*(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$"
        ),
        "date_outlet": re.compile(
            r"^(?P<date>\d{4}[-/.年]\S*?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+(?P<outlet>(?=\S*[^\s\d])[^\s:：,，。|｜]{2,20})$"
        ),
        "link_line": re.compile(
            rf"^(?:{alternation(w.link_labels)})\s*[:：]?\s*<?(?P<url>{URL})>?"
        ),
    }


def parse_meta_line(line: str, registry: OutletRegistry) -> Meta | None:
    """A byline, credit or link line, or None when the line is anything else (article text).

    A line counts when, with its labelled values and its date taken out, almost nothing is
    left: `来源：新华网` is a byline, `据新华网报道，…` is a sentence.
    """
    if len(line) > MAX_META_LINE or not _maybe_meta().search(line):
        return None
    if line[:1] in _BULLETS:
        line = _BULLET.sub("", line)  # ■作者｜郑鹏超: a bullet is no part of the byline
    p = _patterns()
    url = _URL_LINE.match(line)
    if url:
        return Meta(url=absolute(url["url"]), url_rank=URL_BARE)
    desk = _DESK_REPORT.match(line)
    if desk:  # 記者王煌忠／台中報導, 社會中心／綜合報導: who reported, and from where
        return Meta(authors=[n for n in split_names(desk["who"] or "") if is_person(n)])
    reporters = _REPORTERS_LINE.match(line)
    if reporters:  # 李澄欣/张慈（综合报导）
        return Meta(authors=[n for n in re.split(r"[/／、]", reporters["names"]) if n])
    staff = _STAFF_LINE.match(line)
    if (
        staff
        and registry.looks_like_outlet(staff["outlet"])
        and not staff["outlet"].startswith(LOCAL_PAPER)
        and not re.search(r"[。！？!?；;，,]", line)
    ):
        return Meta(outlet=staff["outlet"])  # 澎湃新闻记者李蕊陈绪厚, 采写/新京报记者赵蕾
    signed = _OUTLET_SLASH_NAMES.match(line)
    if signed and registry.looks_like_outlet(signed["outlet"]):
        names = re.split(r"[\s、]+", signed["names"])
        if all(is_person(n) for n in names):  # 搜狐科技/吕林轩: the outlet, then its reporter
            return Meta(outlet=signed["outlet"], authors=names)
    wechat = _WECHAT_HEADER.match(line)
    if wechat:  # 原创 社论 澎湃新闻评论: a WeChat post's header, the account is the outlet
        author = wechat["author"]
        return Meta(outlet=wechat["account"], authors=[author] if is_person(author) else [])
    link = p["link_line"].match(line)
    if link:
        return Meta(url=absolute(link["url"]), url_rank=URL_OWN)
    for key in ("outlet_date", "date_outlet"):
        simple = p[key].match(line)
        if simple:
            found = find_date(simple["date"])
            if found and found[2] == len(simple["date"].rstrip()):
                name = clean_name(simple["outlet"])
                if registry.looks_like_outlet(name):
                    return Meta(date=found[0], outlet=name)
    labels = list(p["label"].finditer(line))
    roles = [] if labels else list(p["role"].finditer(line))
    if not labels and not roles:
        return _date_only_line(line)
    return _labelled(line, labels or roles, registry)


_STAFF_LINE = re.compile(
    rf"^(?:[^/／\s]{{0,12}}[/／])?(?P<outlet>{CJK}{{2,10}}?)(?:记者|記者|特约记者|特約記者|评论员|評論員)"
    rf"{CJK}{{2,}}"
)
_REPORTERS_LINE = re.compile(
    rf"^(?P<names>{CJK}{{2,4}}(?:[/／、]{CJK}{{2,4}})*)\s*[（(](?:综合|綜合|编译|編譯)?"
    r"(?:报导|報導|报道|報道)[）)]$"
)
# Taiwan's byline: the reporters (or the desk) and where they report from.
_DESK_REPORT = re.compile(
    rf"^(?:記者|记者)?(?P<who>{CJK}{{2,8}}(?:[、\s]{CJK}{{2,4}})*)\s*[／/]\s*"
    rf"{CJK}{{0,6}}?(?:綜合|综合)?(?:報導|報道|报道|报导)$"
)
_OUTLET_SLASH_NAMES = re.compile(
    rf"^(?P<outlet>{CJK}{{2,10}})\s*[/／]\s*(?P<names>{CJK}{{2,4}}(?:[\s、]{CJK}{{2,4}})*)$"
)
_BULLETS = "■□●○◆◇▲△▶►•★☆※▌▍▎"
_BULLET = re.compile(rf"^[{_BULLETS}]+\s*")
_WECHAT_HEADER = re.compile(r"^(?:原创|原創)\s+(?P<author>\S{1,20})\s+(?P<account>\S{2,20})$")


@lru_cache(maxsize=1)
def _maybe_meta() -> re.Pattern[str]:
    """What every byline, credit or link line holds somewhere: a colon or bar, a digit, a
    link, or a role or verb (记者 X, 轉載自X, 原创 X); most lines of text fail it at once."""
    w = words()
    roles = (*w.author_labels, *w.editor_labels, *w.source_verbs, "原创", "原創")
    return re.compile(rf"[:：|｜丨/／\d]|//|{alternation(tuple(r for r in roles if len(r) > 1))}")


def is_date_only(line: str) -> bool:
    """A line that is a date and at most a few words (`2020-03-09 08:15`, `2020年3月9日`)."""
    return len(line) <= 40 and _date_only_line(line) is not None


def _date_only_line(line: str) -> Meta | None:
    """A line that is a date and at most a few words (`2020-03-09 08:15`, `2020年3月9日 星期一`)."""
    found = find_date(line)
    if not found:
        return None
    rest = (line[: found[1]] + line[found[2] :]).strip(" |｜/\u3000()（）【】[]")
    rest = re.sub(r"星期[一二三四五六日天]|周[一二三四五六日]|[：:]\d{2}", "", rest).strip()
    if len(rest) <= 2:
        return Meta(date=found[0])
    # 2020-06-05 20:35 叨叨姐胡一刀李小飞刀: a time stamp opening a line of a few names
    stamped = found[1] == 0 and _CLOCK.search(line[: found[2]])
    return Meta(date=found[0]) if stamped and _FEW_WORDS.fullmatch(rest) else None


_CLOCK = re.compile(r"\d{1,2}:\d{2}$")
_FEW_WORDS = re.compile(r"[^\s。！？，,!?；;：:]{1,12}(?:\s+[^\s。！？，,!?；;：:]{1,12}){0,2}")


def _labelled(line: str, labels: list[re.Match[str]], registry: OutletRegistry) -> Meta | None:
    w = words()
    meta = Meta()
    leftover = line[: labels[0].start()]
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
        label = match[match.lastgroup or "label"]  # the one of label, verb, glued that matched
        value = line[match.end() : end].strip(" |｜丨\u3000")
        value = re.split(r"\s*[|｜丨]\s*|\s{2,}", value)[0] if value else ""
        consumed, raw = line[match.end() : end], value
        if label in w.photo_labels:
            if _is_sentence_value(value):
                return None  # 图片来源：维基百科。根据…: a caption run into the text
        elif label in w.source_labels or label in w.source_verbs:
            if _is_sentence_value(value):
                return None
            url = re.match(URL, value)
            if url:
                meta.url = meta.url or absolute(url.group(0))
                if label in w.link_labels:  # Source: URL
                    meta.url_rank = URL_OWN
            else:
                found = find_date(value)
                if found:
                    meta.date = meta.date or found[0]
                    value = (value[: found[1]] + value[found[2] :]).strip()
                _, credited = strip_tail_credit(value, registry)
                value = credited or value  # 本文转自：标题（新浪财经）
                value = re.split(r"(?<=.)[【《〈]", value)[0]  # Source: 蘋果日報【標題】
                meta.outlet = meta.outlet or clean_name(value.split()[0] if value else "")
        elif label in w.date_labels:
            found = find_date(value)
            if found:
                meta.date = meta.date or found[0]
        elif label in w.link_labels:
            url = re.search(URL, value)
            if url:
                meta.url, meta.url_rank = meta.url or absolute(url.group(0)), URL_OWN
        elif label in w.other_labels:
            pass
        elif label in w.title_labels:
            value = raw = line[match.end() : end].strip()  # a title holds bars and spaces
            meta.title = meta.title or value
        else:
            too_long = len(value) > 40 and CJK_RE.search(value)  # Latin names run long
            if re.search(r"[。！？!?；;]", value) or value.count("，") > 1 or too_long:
                return None  # 记者 了解到，…: a sentence about reporters, not a byline
            # the outlet before the role, in the value (南方周末记者 毛淑杰) or in the label
            # (端传媒记者 吴婧); a short one there is a nickname (每经记者 X)
            in_value = _STAFF_OF.match(value)
            in_label = _STAFF_OF.match(label + " ")
            if in_label and len(in_label["outlet"]) < 3:
                in_label = None
            staff = in_value or in_label
            if staff and registry.looks_like_outlet(staff["outlet"]):
                meta.outlet = meta.outlet or staff["outlet"]  # 南方周末记者 毛淑杰
                if in_value:
                    value = value[in_value.end() :]
            meta.authors.extend(n for n in split_names(value) if n not in meta.authors)
        leftover += consumed.replace(raw, "", 1)
    found = find_date(leftover)
    if found:
        meta.date = meta.date or found[0]
        leftover = leftover[: found[1]] + leftover[found[2] :]
    if _reads_as_sentence(leftover):
        return None
    rest = leftover.strip(" \u3000|｜/,，")
    # what stands before a credit run on to it (相关新闻责编：X) is no outlet
    if (
        rest
        and not meta.outlet
        and labels[0].lastgroup != "glued"
        and registry.looks_like_outlet(rest)
    ):
        meta.outlet = rest  # 作者：尹宣　　2007-01-31中华读书报
    if not (meta.date or meta.outlet or meta.authors or meta.url or meta.title):
        # An empty label (`作者:`) still marks a byline line; keep it out of the text.
        return Meta()
    if meta.outlet and not _plausible_outlet(meta.outlet):
        meta.outlet = ""
    return meta


_STAFF_OF = re.compile(
    rf"^(?P<outlet>{CJK}{{2,10}}?)(?:记者|記者|特约记者|特約記者|实习生|實習生)\s*"
)


def _reads_as_sentence(leftover: str) -> bool:
    """What a byline line holds besides its labels and date: a few names or words
    (`秘密翻譯組G-Translators`, `2:51 AM UTC`), never a sentence."""
    if re.search(r"[。！？!?；;]|[，,].*[，,]", leftover):
        return True
    return len(CJK_RE.findall(leftover)) > 10 or len(leftover.strip()) > 60


def _is_sentence_value(value: str) -> bool:
    """A credit's value that is text: it ends a sentence, or runs past any name's length."""
    return bool(re.search(r"[。！？!?；;]", value)) or len(CJK_RE.findall(value)) > 30


def _plausible_outlet(name: str) -> bool:
    """One outlet's name: not a number, not a list of sources (`@甲、乙`)."""
    return (
        2 <= len(name) <= 30
        and not name.isdigit()
        and name not in words().not_publishers
        and not name.startswith(LOCAL_PAPER)
        and not re.search(r"[、，,;；]", name)
    )


@lru_cache(maxsize=1)
def body_label() -> re.Pattern[str]:
    """`正文：` opening the article in a crawler's record of a page."""
    return re.compile(rf"^(?:{alternation(words().body_labels)})\s*[:：]\s*")


# …区区百元。”文/记者张蕊 — a byline glued to the end of the last paragraph.
_TAIL_BYLINE = re.compile(
    rf"(?<=[。！？!?”」）)])\s*[（(]?(?:文|撰文|图文|圖文|文字)?\s*[/／|｜]?\s*"
    rf"(?:记者|記者|作者|编辑|編輯|通讯员|通訊員)\s*[:：]?\s*"
    rf"(?P<names>{CJK}{{2,4}}(?:[、\s]{CJK}{{2,4}})*)[）)]?$"
)


# …將進一步釐清死因。（王煌忠／台中報導） — Taiwan's closing byline: names, then where from.
_TAIL_REPORTED = re.compile(
    rf"(?<=[。！？!?”」])\s*[（(](?:记者|記者)?\s*"
    rf"(?P<names>{CJK}{{2,4}}(?:、{CJK}{{2,4}})*)\s*[/／]\s*{CJK}{{1,8}}(?:報導|报导|報道|报道)[）)]$"
)


def strip_tail_byline(para: str) -> tuple[str, list[str]]:
    """(the paragraph without a byline glued to its end, the names in it)."""
    match = _TAIL_BYLINE.search(para) or _TAIL_REPORTED.search(para)
    if not match:
        return para, []
    names = [n for n in re.split(r"[、\s]+", match["names"]) if n]
    return para[: match.start()], [n for n in names if n not in words().not_authors]
