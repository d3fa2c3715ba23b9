"""The words of Chinese bylines and credits, and people's and outlets' names in them.

The words (labels, roles, places, surnames, what a parenthesis at the end is when it is not a
publisher) are data in `newsarc/data/bylines.json`; `byline.py`, `dateline.py` and `credit.py`
read lines with them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from newsarc.ingest.outlets import DATA
from newsarc.ingest.script import CJK_CLASS

CJK = f"[{CJK_CLASS}]"
CJK_RE = re.compile(CJK)
URL = r"(?:https?:)?//[^\s<>()（）\"'“”]+"
# 本报讯, 本台记者: the paper speaking of itself names no outlet.
LOCAL_PAPER = ("本报", "本報", "本台", "本网", "本網", "本刊", "本站")


@dataclass(frozen=True)
class BylineWords:
    source_labels: tuple[str, ...]
    date_labels: tuple[str, ...]
    author_labels: tuple[str, ...]
    not_authors: tuple[str, ...]  # what author fields hold that names no one: 特約轉載, 佚名
    editor_labels: tuple[str, ...]
    link_labels: tuple[str, ...]
    other_labels: tuple[str, ...]
    photo_labels: tuple[str, ...]  # a photo's credit (图片来源：X): never the article's
    link_texts: tuple[str, ...]
    not_publishers: tuple[str, ...]
    not_publisher_words: tuple[str, ...]
    places: tuple[str, ...]
    account_prefixes: tuple[str, ...]
    platform_names: tuple[str, ...]
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


def alternation(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


_NAME_SPLIT = re.compile(r"\s*[、/／;；&＆]\s*|\s{2,}")
_COMMA = re.compile(r"\s*[,，]\s*")
# Nine Chinese characters and more with nothing between them are names run together
# (记者李东王荣辉张子渊陈卿媛张蕊), not one: no one name can be told from the next.
_RUN_TOGETHER = re.compile(rf"^{CJK}{{9,}}$")
_REPORTED_FROM = re.compile(r"\s*(?:发自|發自)")  # where the reporters wrote from
_ORIGINAL_NAME = re.compile(r"(?<=\S)\s*[（(][A-Za-z][A-Za-z .·'-]{1,40}[）)]$")
# A CMS's staff code after an editor's name (荀建国_NN7379, 朱家浒 PN054): no part of it.
_STAFF_CODE = re.compile(rf"(?<={CJK})[_\s]*[A-Z]{{1,4}}\d{{2,}}$")
_PERSON = re.compile(rf"^(?:{CJK}{{2,4}}|{CJK}{{1,2}}·{CJK}{{1,6}}|[A-Z][a-z]+(?: [A-Z][a-z]+)+)$")
_TRAILING_PUNCT = "。，,、；;：:．.！!？?\"'“”‘’ \u3000"


def clean_name(name: str) -> str:
    """A name or outlet as printed, without surrounding punctuation (`劳燕东飞”。` → …”)."""
    name = name.strip(" \u3000\t*_")
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
    rf"^{CJK}{{0,6}}?(?:特派员|特派員|记者|記者|通讯员|通訊員|撰稿人|撰稿員)\s*(?={CJK}{{2}})"
)


def is_person(name: str) -> bool:
    """A personal name: a common surname and one to three characters (张三, 欧阳修), or a
    Latin name of two or more capitalised words."""
    if not _PERSON.match(name):
        return False
    return not CJK_RE.match(name) or name[0] in words().surnames or "·" in name


def split_names(value: str) -> list[str]:
    """`黄名扬、官远星` → two names; a pen name with a comma (`一个闲人，不闲`) stays whole
    unless every part is a personal name."""
    names: list[str] = []
    value = _REPORTED_FROM.split(value, maxsplit=1)[0]  # 吴婧、戚振宇 发自北京、香港
    for chunk in _NAME_SPLIT.split(value.strip()):
        parts = [p for p in _COMMA.split(chunk) if p]
        if len(parts) > 1 and not all(is_person(p) for p in parts):
            parts = [chunk]
        for part in parts:
            words_of = [w for w in part.split() if w not in words().not_authors]
            dropped = len(words_of) < len(part.split())
            if " " in part and words_of and all(is_person(w) for w in words_of):
                candidates = words_of  # 王五 李四; 陈智 整合 (what he did is no name)
            elif len(words_of) == 1 and dropped:
                candidates = words_of  # 委员 村山宏: a rank, then the name
            else:
                candidates = [part]
            for name in candidates:
                name = clean_name(_STAFF_CODE.sub("", _ROLE_PREFIX.sub("", name)))
                name = _ORIGINAL_NAME.sub("", name) or name  # 丽贝卡·韦斯特（Rebecca West）
                if name in words().not_authors:
                    continue
                if name and name not in names and len(name) <= 30 and not _RUN_TOGETHER.match(name):
                    names.append(name)
    return names


def absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def is_media_link(url: str) -> bool:
    """A video, a post on a social site, an archive copy: a link in an article, never its own."""
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    return any(host == h or host.endswith("." + h) for h in words().media_hosts) or host.startswith(
        ("media.", "video.", "img.", "image.", "static.")
    )
