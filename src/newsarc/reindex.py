"""Re-extract stored originals with the current extractor and record what changed.

The originals are kept in the store for exactly this: when extraction improves, old imports
get better without the files being at hand. Tags given at import and the import time stay,
and so does the id (ingest.identity: an article keeps the id it was first stored under).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsarc import extraction
from newsarc.extraction import FileResult, extract_bytes_job, map_extraction
from newsarc.importer import build_record
from newsarc.model import SCHEMA_FIELDS
from newsarc.records import RECORD_FORMAT
from newsarc.search import SearchIndex
from newsarc.store.record import Record
from newsarc.stories import StoryIndex

if TYPE_CHECKING:
    from newsarc.progress import Progress
    from newsarc.store.store import Store

CHUNK = 2000
_COMPARED = tuple(f for f in SCHEMA_FIELDS if f != "imported_at")


@dataclass
class ReindexReport:
    changed: dict[str, list[str]] = field(default_factory=dict)  # id → fields that changed
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # id, reason
    # read as no article by today's extractor: kept as it was (a reindex never drops an article)
    kept: list[tuple[str, str]] = field(default_factory=list)
    backup: Path | None = None  # taken before the first change; none when nothing changed

    @property
    def ok(self) -> bool:
        return not self.failed


def reindex(
    store: Store,
    ids: Iterable[str] | None = None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ReindexReport:
    report = ReindexReport()
    selected = list(ids) if ids is not None else store.listing.ids()
    if progress:
        progress.start(len(selected))
    for start in range(0, len(selected), CHUNK):
        chunk = selected[start : start + CHUNK]
        _reindex_chunk(store, chunk, workers, report)
        if progress:
            progress.advance(len(chunk))
    return report


def _reindex_chunk(
    store: Store, ids: list[str], workers: int | None, report: ReindexReport
) -> None:
    olds: list[tuple[Record, str]] = []
    jobs: list[tuple[bytes, str, str]] = []
    for article_id in ids:
        record = store.listing.get(article_id)
        if record is None:
            report.failed.append((article_id, "no such article"))
            continue
        if record.get("_format") == RECORD_FORMAT:  # its original is its record: nothing
            report.unchanged += 1  # to read again (newsarc.records)
            continue
        text, original = store.text(article_id), store.original(article_id)
        olds.append((record, text))
        jobs.append((original, record["path"], record.get("_import_source", "")))
    updates: list[tuple[Record, FileResult]] = []
    for (old, old_text), result in zip(
        olds, map_extraction(extract_bytes_job, jobs, workers), strict=True
    ):
        if result.not_article:
            report.kept.append((old["id"], result.error or "not an article"))
            continue
        if result.extracted is None:
            report.failed.append((old["id"], result.error or "no article found"))
            continue
        new = build_record(result, [], old, old.get("_import_source", ""))
        changes = _changed_fields(old, old_text, new, result.text)
        if not changes:
            report.unchanged += 1
            continue
        report.changed[old["id"]] = changes
        updates.append((old, result))
    if not updates:
        return
    tokens: dict[str, tuple[str, str]] = {}  # of the new texts, for the search index
    signatures: dict[str, bytes | None] = {}  # …and for the stories index
    with store.writing() as writer:
        # The records were read without the lock, and extraction took a while: build on
        # them as they are now, so a tag, an edit or an rm made meanwhile is not undone.
        now = writer.records([old["id"] for old, _ in updates])
        if not report.backup:  # before the first change, and only if there is one
            report.backup = writer.backup("reindex")
        for old, result in updates:
            assert result.extracted is not None
            current = now.get(old["id"])
            if current is None or current.get("_pack") != old.get("_pack"):
                # removed or re-imported meanwhile: theirs stands
                report.changed.pop(old["id"], None)
                continue
            new = build_record(result, [], current, current.get("_import_source", ""))
            writer.put_packed(new, result.article)
            if result.tokens is not None:
                tokens[new["id"]] = result.tokens
                signatures[new["id"]] = result.signature
    SearchIndex(store).follow(tokens)  # old versions out, new ones in: just these articles
    if extraction.FIND_COPIES:
        StoryIndex(store).follow(signatures)


def _changed_fields(old: Record, old_text: str, new: Record, new_text: str) -> list[str]:
    changes = [name for name in _COMPARED if name != "text" and old.get(name) != new.get(name)]
    if old_text != new_text:
        changes.append("text")
    return changes
