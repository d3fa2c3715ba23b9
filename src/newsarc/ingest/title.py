"""Titles: a page's <title> without its site, and a title for text that has no headline."""

from __future__ import annotations

import re

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


def clean_page_title(title: str) -> tuple[str, str]:
    """(headline, site) from a page's <title> or a crawler's 标题: short parts at its end are
    the site, its section or keywords (`标题_新闻_新华网`, `标题 | 猎云网`, `标题|动物园|老虎`);
    a long part there is the headline's own (`夜读 | 辅警… | 杭州…`)."""
    parts = [p for p in _TITLE_SEPARATOR.split(title.strip()) if p.strip()]
    if len(parts) <= 1:
        return title.strip(), ""
    site = ""
    while len(parts) > 1 and _is_tail(parts[-1]):
        site = site or parts[-1].strip()
        parts.pop()
    separators = _TITLE_SEPARATOR.findall(title.strip())
    headline = parts[0]
    for separator, part in zip(separators, parts[1:], strict=False):
        headline += separator + part
    return headline.strip(), site


def _is_tail(part: str) -> bool:
    part = part.strip()
    return len(part) <= 10 or (bool(re.search(r"[,，、]", part)) and len(part) <= 30)


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
