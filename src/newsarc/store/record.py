"""The stored record: what the catalog keeps for each article. The schema's fields (the
contract for scripts, newsarc.model.SCHEMA_FIELDS) without the text, and newsarc's own keys,
which start with `_` and never leave the store (exports drop them). A TypedDict: on disk and
in the listing it is the JSON object it always was, and mypy checks every key spelled."""

from __future__ import annotations

from typing import TypedDict


class Overrides(TypedDict, total=False):
    """Fields the user set by hand (`newsarc edit`), applied again after every extraction."""

    title: str
    date: str | None
    source: str
    source_name: str


class Record(TypedDict, total=False):
    # schema fields (README: "Record schema")
    id: str
    title: str
    source: str
    source_name: str
    feed: str | None
    date: str | None
    tags: list[str]
    url: str | None
    authors: list[str]
    lang: str
    path: str
    imported_at: str
    # newsarc's own
    _content: str  # the content key (ingest.identity): how an import finds the article
    _pack: str  # the pack holding the text and original (store/objects.py)
    _format: str  # how the body was read: jekyll-html, markdown, html, plain…
    _encoding: str  # the file's encoding as detected
    _feed_name: str  # the feed's name as the file printed it
    _import_source: str  # `import --source` given, kept for reindex
    _extra_tags: list[str]  # `import --tag` given, kept through reindex
    _overrides: Overrides  # fields the user set by hand (`edit`)
    _tags_added: list[str]  # tags the user added by hand (`tag --add`)
    _tags_removed: list[str]  # tags the user removed by hand (`tag --remove`)
