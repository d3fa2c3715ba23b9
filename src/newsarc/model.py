"""The article record, schema version 2 (version 1 and two fields after it): the contract
for scripts that read exports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 2

# Order matters: exports write keys in this order. Version 1's fields, which `extract` writes
# (a file alone knows nothing of the archive it will join)…
V1_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "source",
    "source_name",
    "feed",
    "date",
    "tags",
    "url",
    "authors",
    "text",
    "lang",
    "path",
    "imported_at",
)
# …and version 2's, added after them: the story an article is a copy of (newsarc.stories).
SCHEMA_FIELDS: tuple[str, ...] = (*V1_FIELDS, "story", "copies")

# What `list --format jsonl/json` gives: the record without its text (list never reads text).
METADATA_FIELDS: tuple[str, ...] = tuple(f for f in SCHEMA_FIELDS if f != "text")


@dataclass
class Article:
    """One article. Field meanings are documented in README.md ("The record")."""

    id: str
    title: str
    source: str = ""
    source_name: str = ""
    feed: str | None = None
    date: str | None = None
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    text: str = ""
    lang: str = "zh-Hans"
    path: str = ""
    imported_at: str = ""
    story: str | None = None  # the id of its story's earliest article (its own when alone)
    copies: int | None = None  # how many other articles its story has
    # the original file's bytes, base64: only `extract --with-original` writes it
    original: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: its deep copy costs more than the rest of an export.
        data = {name: getattr(self, name) for name in SCHEMA_FIELDS}
        data["tags"], data["authors"] = list(self.tags), list(self.authors)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        return cls(**{k: v for k, v in data.items() if k in _ARTICLE_FIELDS})

    @property
    def day(self) -> str | None:
        """The article's own calendar day (YYYY-MM-DD), as dates compare in filters."""
        return self.date[:10] if self.date else None


_ARTICLE_FIELDS = frozenset(f.name for f in fields(Article))  # once: export reads 100k records


def public_record(article: Article, fields: Iterable[str] = SCHEMA_FIELDS) -> dict[str, Any]:
    """The record's chosen fields, for writing out: its lists are the article's own, not
    copies (an export writes 100k of these and throws each away)."""
    return {name: getattr(article, name) for name in fields}
