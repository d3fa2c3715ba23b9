"""Jekyll posts: YAML front matter, then a Markdown body that may carry raw HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from newsarc.errors import UnreadableFile
from newsarc.ingest.chrome import default_rules
from newsarc.ingest.clean import clean_paragraphs, title_from_text
from newsarc.ingest.dates import date_from_filename, normalize_date
from newsarc.ingest.html_text import html_to_paragraphs, markdown_to_html
from newsarc.ingest.outlets import OutletRegistry, slugify_name

# Blank lines before the opening --- are tolerated: some scrapers write one.
_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_LENIENT_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
MAX_FRONT_MATTER = 64 * 1024
MAX_LIST_ITEMS = 200


def has_front_matter(text: str) -> bool:
    return _FRONT_MATTER.match(text) is not None


@dataclass
class JekyllPost:
    title: str
    date: str | None
    feed: str | None
    tags: list[str]
    body_paragraphs: list[str]
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


def read_jekyll(text: str, filename: str) -> JekyllPost:
    meta, body, warnings = split_front_matter(text)
    categories = _words(meta.get("categories", meta.get("category")))
    raw_date = meta.get("date")
    date = normalize_date(raw_date if not isinstance(raw_date, (list, dict)) else None)
    if date is None and not _scalar(raw_date):
        date = date_from_filename(filename)
    html = markdown_to_html(default_rules().strip_html(body))
    return JekyllPost(
        title=_scalar(meta.get("title")),
        date=date,
        feed=categories[0].lower() if categories else None,
        tags=_words(meta.get("tags", meta.get("tag"))),
        body_paragraphs=html_to_paragraphs(html),
        warnings=warnings,
    )


def feed_outlet_name(feed: str, tags: list[str], registry: OutletRegistry) -> str:
    """The feed's outlet name: known, or a tag like 青岛财经网新闻 whose pinyin is the feed."""
    known = registry.name_for_slug(feed)
    if known:
        return known
    for tag in tags:
        name = tag.removesuffix("新闻").removesuffix("新聞")
        if name and slugify_name(name) == feed:
            return name
    return ""


def extract_jekyll(text: str, filename: str, registry: OutletRegistry) -> dict[str, Any]:
    post = read_jekyll(text, filename)
    body = clean_paragraphs(post.body_paragraphs, registry)
    feed_name = feed_outlet_name(post.feed, post.tags, registry) if post.feed else ""
    source, source_name = "", ""
    if body.credit:
        source, source_name = registry.slug_for_name(body.credit), body.credit
    elif post.feed:
        source, source_name = post.feed, feed_name
    return {
        "title": post.title or title_from_text(body.paragraphs),
        "source": source,
        "source_name": source_name,
        "feed": post.feed,
        "feed_name": feed_name,
        "date": post.date,
        "tags": post.tags,
        "url": body.url,
        "authors": body.authors,
        "paragraphs": body.paragraphs,
        "warnings": post.warnings,
    }
