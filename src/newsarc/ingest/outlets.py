"""Outlets: names as printed, slugs as the Jekyll `categories` spell them, and aliases.

A slug is the toneless pinyin of the outlet's name (新华网 → xinhuawang), so outlets named in
text get the same slug the finews site uses for its categories. Known outlets and their aliases
are data (newsarc/data/outlets.json); any other name still gets a slug from pypinyin. The sites
of known outlets name the outlet of a link on them; platforms (WeChat, Weibo, blogs) host many
publishers and name none.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Words that end an outlet's name; a trailing （X） credit is taken as an outlet only if X is
# known or ends like this, so （完） or （记者 张三） are not mistaken for a publisher.
OUTLET_SUFFIXES = (
    "报",
    "報",
    "报道",
    "報道",
    "网",
    "網",
    "社",
    "新闻",
    "新聞",
    "财经",
    "財經",
    "时报",
    "日报",
    "周刊",
    "週刊",
    "杂志",
    "雜誌",
    "电视台",
    "電視臺",
    "电台",
    "客户端",
    "APP",
)


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    aggregator: bool = False
    domains: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=4096)  # outlet names repeat from article to article
def slugify_name(name: str) -> str:
    """新华网 → xinhuawang; ASCII names are lower-cased; anything else is dropped."""
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(name.strip(), style=Style.NORMAL, v_to_u=False)
    return _NON_SLUG.sub("", "".join(parts).lower())


class OutletRegistry:
    """Lookup of known outlets by slug, name or alias."""

    def __init__(
        self,
        outlets: list[Outlet],
        platforms: tuple[str, ...] = (),
        signatures: dict[str, str] | None = None,
    ) -> None:
        self._platforms = frozenset(platforms)
        self._signatures = [(re.compile(p), name) for p, name in (signatures or {}).items()]
        self._by_slug = {o.slug: o for o in outlets}
        self._by_name = {o.name: o for o in outlets}
        self._by_alias: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        for o in outlets:
            for alias in o.aliases:
                self._by_alias[alias.lower()] = o
            for domain in o.domains:
                self._by_domain[domain.lower()] = o

    @classmethod
    def default(cls) -> OutletRegistry:
        return _default_registry()

    def by_slug(self, slug: str) -> Outlet | None:
        return self._by_slug.get(slug.lower())

    def by_name(self, name: str) -> Outlet | None:
        return self._by_name.get(name) or self._by_alias.get(name.lower())

    def by_url(self, url: str) -> Outlet | None:
        """The outlet whose site a link points at (www.hkcnews.com/… → 眾新聞)."""
        host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
        while host:
            if host in self._platforms:
                return None  # a platform's accounts publish there, not the platform itself
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        return None

    def signature(self, line: str) -> str:
        """The outlet a site's signature line names (`(XYS20251031)` is 新语丝's), or ""."""
        for pattern, name in self._signatures:
            if pattern.search(line):
                return name
        return ""

    def resolve(self, word: str) -> Outlet | None:
        """An outlet from any word a user may type: slug, name or alias."""
        return self.by_slug(word) or self.by_name(word)

    def slug_for_name(self, name: str) -> str:
        known = self.by_name(name)
        return known.slug if known else slugify_name(name)

    def aliases_for(self, slug: str) -> tuple[str, ...]:
        known = self.by_slug(slug)
        return known.aliases if known else ()

    def is_aggregator(self, slug: str) -> bool:
        known = self.by_slug(slug)
        return bool(known and known.aggregator)

    def looks_like_outlet(self, name: str) -> bool:
        return self.by_name(name) is not None or name.endswith(OUTLET_SUFFIXES)

    def from_user(self, word: str) -> tuple[str, str]:
        """(slug, name) for an outlet given on the command line (`import --source`)."""
        known = self.resolve(word)
        if known:
            return known.slug, known.name
        if _CJK.search(word):
            return slugify_name(word), word
        return _NON_SLUG.sub("", word.lower()), ""


@lru_cache(maxsize=1)
def _default_registry() -> OutletRegistry:
    raw = json.loads(DATA.joinpath("outlets.json").read_text("utf-8"))
    outlets = [
        Outlet(
            slug=o["slug"],
            name=o["name"],
            aliases=tuple(o.get("aliases", ())),
            aggregator=bool(o.get("aggregator", False)),
            domains=tuple(o.get("domains", ())),
        )
        for o in raw["outlets"]
    ]
    return OutletRegistry(outlets, tuple(raw.get("platforms", ())), raw.get("signatures", {}))
