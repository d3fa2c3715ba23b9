"""Page chrome: text that news sites wrap around an article and that never belongs in it.

The patterns are data (newsarc/data/chrome.json), so a user can add a site's chrome without
touching code. Three kinds: HTML to remove before parsing (stock widgets), lines from which
everything to the end is chrome (版权声明, 上一篇/下一篇, 分享成功), and single lines to drop.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from newsarc.ingest.outlets import DATA


@dataclass(frozen=True)
class ChromeRules:
    html_remove: tuple[re.Pattern[str], ...]
    cut_from_line: re.Pattern[str]  # each list of patterns joined into one alternation
    drop_line: re.Pattern[str]

    def strip_html(self, html: str) -> str:
        for pattern in self.html_remove:
            html = pattern.sub("", html)
        return html

    def strip_paragraphs(self, paragraphs: list[str]) -> list[str]:
        """Drop chrome lines, and cut everything from the first cut marker on.

        A cut marker in the first paragraph would leave nothing, so it is only honoured
        after some article text.
        """
        kept: list[str] = []
        for para in paragraphs:
            if kept and self.cut_from_line.search(para):
                break
            if self.drop_line.search(para):
                continue
            kept.append(para)
        return kept


@lru_cache(maxsize=1)
def default_rules() -> ChromeRules:
    raw = json.loads(DATA.joinpath("chrome.json").read_text("utf-8"))
    return ChromeRules(
        html_remove=tuple(re.compile(p, re.S | re.I) for p in raw["html_remove"]),
        cut_from_line=_any_of(raw["cut_from_line"]),
        drop_line=_any_of(raw["drop_line"]),
    )


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))
