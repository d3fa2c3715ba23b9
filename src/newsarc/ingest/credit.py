"""Credits: who a page says published the article (`（文章来源：新华网）`, `来源：X`, a trailing
`（券商中国）`, `本文转载自X`, `© X`), and outlets' names as credits print them."""

from __future__ import annotations

import re
from functools import lru_cache

from newsarc.ingest.dates import find_date
from newsarc.ingest.names import CJK, CJK_RE, LOCAL_PAPER, URL, alternation, clean_name, words
from newsarc.ingest.outlets import OutletRegistry


@lru_cache(maxsize=1)
def credit_patterns() -> dict[str, re.Pattern[str]]:
    sources = alternation(words().source_labels)
    return {
        "credit_line": re.compile(
            rf"^[（(]?\s*(?:{sources})\s*[:：]\s*(?P<name>[^）)\n]{{1,40}}?)\s*[）)]?[。.]?$"
        ),
        "credit_tail": re.compile(
            rf"\s*[（(]\s*(?:{sources})\s*[:：]\s*(?P<name>[^）)\n]{{1,40}}?)\s*[）)][。.]?$"
        ),
        # A trailing （中国基金报）: a credit when the name reads as a publisher.
        "paren_tail": re.compile(r"\s*[（(](?P<name>[^（()）\n]{2,20})[）)][。.]?$"),
    }


def parse_credit_line(line: str) -> str | None:
    """`（文章来源：上海证券报）`, `来源：X` as a line of its own → the publisher."""
    match = credit_patterns()["credit_line"].match(line)
    if not match or re.match(URL, match["name"]):
        return None
    value = match["name"]
    inner = re.search(r"[（(](?P<name>[^（()）]{2,20})$", value)
    quoted = re.search(r"[“「][^”」]{2,30}[”」]", value)
    if inner and not quoted:  # 来源：标题 （新浪财经）: the name in parentheses after a headline
        value = inner["name"]
    elif inner:  # 公众号“何老师侃谈”（本文仅代表作者个人观点）: a remark after the quoted name
        value = value[: inner.start()]
    found = find_date(value)
    if found:  # 公众号“何老师侃谈”2018年4月20日
        value = value[: found[1]]
    name = outlet_name(value.split()[0]) if value.strip() else ""
    if not name or len(name) > 24 or re.search(r"[，,、：:；;]", name):
        return None  # a headline or a list of sources, not one publisher
    return None if name in words().not_publishers else name  # 来源：本站原创


def strip_tail_credit(para: str, registry: OutletRegistry) -> tuple[str, str]:
    """A credit closing the last paragraph: `…（来源：X）`, or a `（X）` that reads as a
    publisher."""
    p = credit_patterns()
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
    return bool(re.fullmatch(rf"(?:{CJK}|[A-Za-z·&]){{2,20}}", name)) and bool(re.search(CJK, name))


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
        return clean_name(view["name"] or view["other"])
    match = _COPYRIGHT.match(line)
    if not match:
        return ""
    name = match["name"]
    if registry.by_name(name) or (CJK_RE.search(name) and registry.looks_like_outlet(name)):
        return name
    return name if " for " in line and CJK_RE.search(name) else ""


# 本文转载自瞭望东方周刊，…  /  本文首发于南方周末 未经授权 不得转载  /  原载《中华读书报》
# / 这篇文章源自知乎 / 以下这篇文章的来源是“X”: some verbs say whose article it is only with
# the article as their subject (这一说法源自美国 is a claim's origin).
_CREDIT_PHRASE = re.compile(
    r"(?P<verb>转载自|轉載自|转自|轉自|转引自|轉引自|原载于|原載於|原载|原載|原刊于|原刊於|原刊|首发于|首發於"
    r"|首发在|首發在|刊登于|刊登於|刊登在|刊于|刊於|发表于|發表於|发表在|發表在|摘自|选自|選自|编译自|編譯自"
    r"|来自|來自|源自|源於|来源于|來源於|来源是|來源是|来源为|來源為)"
    r"\s*(?P<name>[^，,。；;、\s（(]{2,30})"
)
_WHEN = (
    r"(?:最初|最早|原|曾|曾经|曾經|\d+年前|[一二三四五六七八九十几幾]+年前|早年|当年|當年"
    r"|[於于在]?\d{4}年\d{1,2}月(?:\d{1,2}日)?)"
)
_LEAD = re.compile(rf"[>【\s※（(]*(?:(?:本文|此文|该文|該文|文章|原文){_WHEN}{{0,2}})?")
_ONLY_WITH_SUBJECT = (
    "来自",
    "來自",
    "源自",
    "源於",
    "来源于",
    "來源於",
    "来源是",
    "來源是",
    "来源为",
    "來源為",
)
# In a longer line only these, with the article as subject, say whose it is.
_SUBJECT_VERBS = (
    *_ONLY_WITH_SUBJECT[2:],
    "首发于",
    "首發於",
    "转载自",
    "轉載自",
    "原载于",
    "原載於",
    "原刊于",
    "原刊於",
)


def _credit_verb(line: str) -> re.Match[str] | None:
    """The first credit verb in the line that has the subject it needs: 本文来自 (the article
    as subject; 本文的来源是, 这篇文章源自), or, in a line longer than LONG_LINE, any."""
    long_line = len(line) > LONG_LINE
    pos = 0
    while match := _CREDIT_PHRASE.search(line, pos):
        verb, before = match["verb"], line[: match.start()]
        if verb in ("来自", "來自"):
            subject = before.endswith(("本文", "文章"))
        else:
            subject = before.removesuffix("的").endswith(("本文", "此文", "文章"))
            subject = subject or bool(_ARTICLE_THEN_WHEN.search(before))
        # another subject before the verb (这一调查结果2日发表在…, 图片转自…): not the article
        other = bool(_SUBJECT_TEXT.search(before)) and not subject
        other = other and not before.rstrip().endswith(_REPOSTERS)  # 俺转载自…: the blogger
        needs_subject = long_line or verb in _ONLY_WITH_SUBJECT or other
        if not needs_subject or (subject and (not long_line or verb in _SUBJECT_VERBS)):
            return match
        pos = match.start() + 1
    return None


LONG_LINE = 160  # a longer line names its source only with the article as the subject
# The article as subject, a few words of when between it and the verb (这篇文章十四年前刊登在).
_ARTICLE_THEN_WHEN = re.compile(
    rf"(?:^|[>\s。！？※（(])(?:这篇|這篇|此篇|本篇)?(?:本文|此文|该文|該文|文章){_WHEN}{{1,2}}$"
)
# What may stand before a credit verb without being its subject: a label, a date, brackets.
_SUBJECT_TEXT = re.compile(rf"{CJK}(?![^：:]*[：:])")
_REPOSTERS = (
    "俺",
    "我",
    "本人",
    "笔者",
    "筆者",
    "编者",
    "編者",
    "小编",
    "小編",
    "本站",
    "本号",
    "本號",
)
# A byline's label run on after the credited name (公众号：zaraghost作者：花儿街参考).
_BYLINE_LABEL = re.compile(r"(?<=.)(?:作者|编辑|編輯|记者|記者|责编|責編)[:：]")
# First published on the author's Facebook / Originally published in The Guardian.
_CREDIT_PHRASE_EN = re.compile(
    r"^[>*_\s]*(?:This (?:article|post|piece) was )?(?:First|Originally|Previously) "
    r"(?:published|posted|appeared) (?:on|in|at|by) (?:the author's |his |her |their )?"
    r"(?P<name>[A-Z\w][\w .&'-]{1,40}?)[.,;]?[*_\s]*$",
    re.I,
)


_CREDIT_VERB = re.compile(
    r"[转轉刊载載摘选選译譯源]|首发|首發|发表|發表|来自|來自|published|posted"
)


_SPACED_QUOTE = re.compile(r"([“「])\s+|\s+([”」])")


def parse_credit_phrase(line: str, registry: OutletRegistry) -> tuple[str, bool] | None:
    """A repost's credit in words: (publisher, whether the line is only the credit)."""
    if not _CREDIT_VERB.search(line):
        return None
    if "“ " in line or " ”" in line or "「 " in line or " 」" in line:
        line = _SPACED_QUOTE.sub(r"\1\2", line)  # 博客“ 万有引力之虫 ”: the name inside
    english = _CREDIT_PHRASE_EN.match(line) if len(line) <= LONG_LINE else None
    if english:
        return _platform_of(english["name"]) or english["name"].strip(), True
    match = _credit_verb(line)
    if not match:
        return None
    rest = re.split(r"[，,。；;]", line[match.start("name") :], maxsplit=1)[0]
    named = _BYLINE_LABEL.split(match["name"], maxsplit=1)[0]  # 公众号：X作者：Y → X
    if match["verb"].endswith(("在", "于", "於")) and named.endswith("上") and len(named) > 3:
        named = named[:-1]  # 刊登在中国文化报上
    name = _platform_of(rest) or _publisher_name(_quoted(named))
    if not name or name in words().not_publishers or len(name) < 2:
        return None
    whole = len(line) <= 120 and _LEAD.fullmatch(line[: match.start()]) is not None
    return name, whole


def _quoted(name: str) -> str:
    """`“中国数字时代”网站的“这个链接”` → 中国数字时代: a quoted name is the name."""
    quoted = re.match(r"^[“「《]([^”」》]{2,30})[”」》]", name)
    if quoted:
        return quoted[1]
    # 博客“万有引力之虫”, 公众号「X」: what holds it, then its name in quotes
    owned = re.match(r"^(?P<owner>[^“「《]{1,8})[“「《](?P<name>[^”」》]{2,30})(?:[”」》]|$)", name)
    if owned and (owned["owner"].endswith(_OWNED) or owned["owner"] in words().account_prefixes):
        return owned["name"]
    return name


# A post on someone's account (邵家臻Facebook, 作者Facebook, the author's facebook) was published
# by the platform; a company's own (新浪微博) is a name of its own.
_PLATFORM_OWNERS = ("新浪", "腾讯", "騰訊", "网易", "網易", "搜狐")


def _platform_of(text: str) -> str:
    text = text.strip(" *_.。")
    for platform in words().platform_names:
        if text.lower().endswith(platform.lower()):
            owner = text[: -len(platform)].rstrip()
            return "" if owner.endswith(_PLATFORM_OWNERS) else platform  # facebook → Facebook
    return ""


_OWNED = ("博客", "微博", "公众号", "公眾號", "专栏", "專欄", "主页", "主頁", "频道", "頻道")


_APP_SUFFIX = re.compile(r"(?<=\w{2})(?:客户端|客戶端|APP|App|app|官微|官方微博|官网|官網)$")


def outlet_name(name: str) -> str:
    """A credited name as the outlet's: platform prefixes, an account's quotes, an app's
    suffix and punctuation go (微信公众订阅号“何老师侃谈” → 何老师侃谈, 中新经纬客户端 →
    中新经纬); 本报 is no name."""
    quoted = re.search(r"[“「](?P<name>[^”」]+)[”」]", name)
    if quoted and name[: quoted.start()].strip() in ("", *words().account_prefixes):
        name = clean_name(quoted["name"])  # 公众号“劳燕东飞”: the account's name
    elif quoted:
        name = clean_name(name)  # “中国数字时代”网站: printed whole
    else:
        name = _APP_SUFFIX.sub("", _publisher_name(name))
    return "" if name.startswith(LOCAL_PAPER) and len(name) <= 3 else name


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
    name = re.split(r"(?<=.)[《【〈]|[．・·](?=.*[年月])", name)[0]  # X《專欄》, X．二○二二年
    return clean_name(name)
