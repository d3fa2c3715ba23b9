"""Front matter: Jekyll's YAML between `---` lines, Hugo's TOML between `+++` lines.

What newsarc reads from it: title, date, categories (the feed), tags, authors, the outlet
(`source`/`publisher`) and the original link (`link`/`source_url`/`original_url`), and whether
the file is a site page (`layout: page`, an `about.md`) rather than a post.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from newsarc.errors import UnreadableFile
from newsarc.ingest.dates import normalize_date
from newsarc.ingest.names import split_names, words
from newsarc.ingest.outlets import OutletRegistry, slugify_name

# Blank lines before the opening --- are tolerated: some scrapers write one.
_FRONT_MATTER = re.compile(
    r"\A(?:[ \t]*\n)*(?P<fence>---|\+\+\+)[ \t]*\n(?P<yaml>.*?\n)?(?P=fence)[ \t]*(?:\n|\Z)", re.S
)
_LENIENT_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
MAX_FRONT_MATTER = 64 * 1024
MAX_LIST_ITEMS = 200


def has_front_matter(text: str) -> bool:
    return _FRONT_MATTER.match(text) is not None


# Layouts and names of a site's pages, which are not articles (when they carry no date).
PAGE_LAYOUTS = frozenset(
    [
        "page",
        "home",
        "archive",
        "archives",
        "category",
        "categories",
        "tag",
        "tags",
        "search",
        "about",
        "index",
        "list",
        "redirect",
        "none",
    ]
)
PAGE_NAMES = frozenset(
    [
        "index",
        "_index",
        "about",
        "readme",
        "404",
        "search",
        "archive",
        "archives",
        "tags",
        "categories",
        "category",
        "license",
        "changelog",
        "contributing",
        "feed",
        "sitemap",
    ]
)
# Jekyll categories that name a kind of post or a place on the site, never an outlet.
FEED_WORDS = frozenset(
    [
        "archive",
        "archives",
        "sticky",
        "news",
        "blog",
        "post",
        "posts",
        "article",
        "articles",
        "uncategorized",
        "default",
        "featured",
        "top",
        "home",
        "misc",
        "other",
        "others",
        "notes",
        "daily",
        "weekly",
        "life",
        "tech",
        "history",
        "politics",
        "economy",
        "world",
        "china",
    ]
)
_OUTLET_SLUG_ENDINGS = (
    "bao",
    "wang",
    "she",
    "xinwen",
    "zhoukan",
    "caijing",
    "dianshitai",
    "kehuduan",
    "zazhi",
    "diantai",
)
_URL_KEYS = (
    "source_url",
    "original_url",
    "original",
    "origin_url",
    "link",
    "url",
    "canonical_url",
    "canonical",
    "source_link",
    "href",
)
_SOURCE_KEYS = ("source", "publisher", "media", "outlet", "press", "from")
_AUTHOR_KEYS = ("author", "authors", "reporter", "reporters", "writer", "byline")


@dataclass
class PostMeta:
    """What a post's front matter says; empty where it says nothing."""

    title: str = ""
    date: str | None = None
    feed: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    source_name: str = ""
    url: str | None = None
    is_page: bool = False
    is_template: bool = False
    warnings: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(metadata, body, warnings). Broken YAML falls back to a lenient `key: value` reader."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise UnreadableFile("no front matter")
    raw = match["yaml"] or ""
    body = text[match.end() :]
    if len(raw) > MAX_FRONT_MATTER:
        raise UnreadableFile("front matter is larger than 64 KiB")
    warnings: list[str] = []
    if match["fence"] == "+++":
        return _toml_front_matter(raw, warnings), body, warnings
    try:
        from frontmatter.default_handlers import YAMLHandler

        loaded = YAMLHandler().load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        problem = str(getattr(exc, "problem", "") or "invalid YAML")
        warnings.append(f"front matter is not valid YAML ({problem}); read it line by line")
        loaded = _lenient_front_matter(raw)
    if not isinstance(loaded, dict):
        warnings.append("front matter is not a mapping; ignored")
        loaded = {}
    return loaded, body, warnings


def _lenient_front_matter(raw: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for line in raw.splitlines():
        match = _LENIENT_LINE.match(line.strip())
        if not match:
            continue
        value = match["value"].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta.setdefault(match["key"], value)
    return meta


def _scalar(value: Any) -> str:
    # Only scalars are read: a YAML alias bomb in a list never gets expanded into a string.
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return ""
    return str(value).strip()


def _words(value: Any) -> list[str]:
    """Jekyll's categories/tags: a list, or a string of space-separated words."""
    if isinstance(value, (list, tuple)):
        items = [_scalar(v) for v in value[:MAX_LIST_ITEMS]]
    elif isinstance(value, str):
        items = value.split()
    else:
        items = [_scalar(value)]
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def _toml_front_matter(raw: str, warnings: list[str]) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        loaded: dict[str, Any] = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        warnings.append(f"front matter is not valid TOML ({exc}); read it line by line")
        return _lenient_front_matter(raw.replace(" = ", ": "))
    return loaded


def read_post_meta(meta: dict[str, Any], filename: str, registry: OutletRegistry) -> PostMeta:
    """Interpret front matter as newsarc's fields."""
    categories = _words(meta.get("categories", meta.get("category")))
    raw_date = meta.get("date", meta.get("publishDate", meta.get("published")))
    date = normalize_date(raw_date if not isinstance(raw_date, (list, dict)) else None)
    layout = _scalar(meta.get("layout")).lower()
    stem = filename.rsplit(".", 1)[0].lower()
    post = PostMeta(
        # Titles written with entities (&#8212;): Jekyll prints them as characters.
        title=html.unescape(_scalar(meta.get("title"))),
        date=date,
        feed=categories[0].lower() if categories else None,
        tags=_words(meta.get("tags", meta.get("tag"))),
        is_page=layout in PAGE_LAYOUTS or stem in PAGE_NAMES,
        is_template=is_template_date(raw_date),
    )
    feed_names = {w.lower() for w in categories}  # not tags: they name authors too
    for name in categories[:1]:  # title: 道琼斯泄洪 - iYouPort, filed under iYouPort
        end = re.search(rf"\s+[-–—|｜_]\s+{re.escape(name)}\s*$", post.title, re.I)
        if end and end.start() > 0:
            post.title = post.title[: end.start()].rstrip()
    for key in _AUTHOR_KEYS:
        for value in _words_keep_spaces(meta.get(key)):
            # author: 端傳媒, 獨媒報導, 《法庭線》, 陳婉容/端傳媒 — a repost credits the outlet
            for part in re.split(r"\s*[/／]\s*", value):
                if part.strip().lower() in feed_names:
                    continue  # author: Nei.st under categories: [Nei.st]: the feed, no one
                outlet = _outlet_as_author(part, registry)
                if outlet:
                    post.source_name = post.source_name or outlet
                else:
                    post.authors.extend(n for n in split_names(part) if n not in post.authors)
    for key in _SOURCE_KEYS:
        value = _scalar(meta.get(key))
        if value and value.startswith(("http://", "https://")):
            post.url = post.url or value
        elif value and len(value) <= 30:
            post.source_name = post.source_name or value
    for key in _URL_KEYS:
        value = _scalar(meta.get(key))
        if value.startswith(("http://", "https://")):
            post.url = post.url or value
            break
    return post


_REPORTED_BY = re.compile(r"(?:報導|报导|报道|報道)$")


def _outlet_as_author(value: str, registry: OutletRegistry) -> str:
    name = _REPORTED_BY.sub("", value.strip().strip("《》〈〉"))
    # (臺)中央社CNA: a region's mark before the name, its Latin initials after it
    name = re.sub(r"[A-Z]{2,6}$", "", re.sub(r"^[（(][^）)]{1,3}[）)]", "", name)).strip() or name
    known = registry.by_name(name)
    if known or (len(name) <= 12 and registry.looks_like_outlet(name)):
        return name
    return ""


def is_template_date(value: Any) -> bool:
    """`date: 0000-00-00`: a post template, not a post."""
    return isinstance(value, str) and value.strip().startswith("0000-00-00")


def _words_keep_spaces(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [_scalar(v) for v in value[:MAX_LIST_ITEMS] if _scalar(v)]
    return [_scalar(value)] if _scalar(value) else []


def feed_outlet(feed: str, tags: list[str], registry: OutletRegistry) -> tuple[str, str]:
    """(slug, name) of the outlet a Jekyll category names, or ("", "") for a feed that is
    not one (`Archive`, `sticky`, `news`, `blog`)."""
    known = registry.by_slug(feed) or registry.by_name(feed)  # initium: 端傳媒's
    if known:
        return known.slug, known.name
    if (  # categories: [燕京书评] with tags: [燕京书评]: a reposting site files by source
        re.search(r"[\u4e00-\u9fff]", feed)
        and feed in tags
        and 2 <= len(feed) <= 10
        and feed not in words().column_words
        and feed not in FEED_WORDS
    ):
        return slugify_name(feed), feed
    for tag in tags:
        name = tag.removesuffix("新闻").removesuffix("新聞")
        if name and slugify_name(name) == feed:
            return feed, name
    if registry.looks_like_outlet(feed) and re.search(r"[\u4e00-\u9fff]", feed):
        return slugify_name(feed), feed
    if (
        feed not in FEED_WORDS
        and re.fullmatch(r"[a-z0-9]+", feed)
        and feed.endswith(_OUTLET_SLUG_ENDINGS)
    ):
        return feed, ""
    return "", ""
