"""The import pipeline: discover → read + extract (worker processes: newsarc.extraction) →
write (this process).

Extraction is CPU-bound and pure, so it runs in a process pool when there are enough files to
pay for it; all writes happen here, in batches, under the archive's lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from newsarc import extraction
from newsarc.errors import StoreCorrupted
from newsarc.extraction import (
    FileResult,
    display_path,
    extract_file_job,
    extract_original_job,
    map_extraction,
    path_text,
    read_file_job,
    record_job,
)
from newsarc.ingest.discover import Filters, discover
from newsarc.ingest.extract import Extracted, content_key_of
from newsarc.model import Article
from newsarc.search import SearchIndex
from newsarc.store.record import Record
from newsarc.stories import StoryIndex
from newsarc.workers import deferred_interrupts

if TYPE_CHECKING:
    from newsarc.store.store import Store

# Articles committed at once: a crash loses at most the batch in flight. A commit writes new
# catalog shards and a pack or two, whatever the archive's size. NEWSARC_BATCH_SIZE=N sets it.
BATCH_SIZE = int(os.environ.get("NEWSARC_BATCH_SIZE", "2000"))


@dataclass
class ImportReport:
    """What an import did. Files that went well are counted, not listed: a list of every
    path took 100 MB at 500k files; those that did not are listed with why."""

    added: int = 0
    updated: int = 0
    existing: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # not articles, and why
    # files whose id is stored (or came earlier in this import) with other content: (path,
    # id, whether the other is a file of this import); kept as they were
    conflicts: list[tuple[str, str, bool]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False
    interrupted: int = 0  # the signal that stopped it early (what was extracted is stored)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.conflicts


def run_import(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    default_source: str = "",
    tags: Iterable[str] = (),
    update: bool = False,
    dry_run: bool = False,
    filters: Filters | None = None,
    workers: int | None = None,
    on_total: Callable[[int], None] | None = None,
    on_file: Callable[[str], None] | None = None,
) -> ImportReport:
    from newsarc.records import is_records, read_records

    report = ImportReport(dry_run=dry_run)
    records = [Path(p) for p in paths if is_records(Path(p))]
    paths = [p for p in paths if Path(p) not in records]
    if on_total:  # a progress bar: the folders are walked twice, once to count
        on_total(sum(1 for found in discover(paths, filters) if found.importable))
    extra_tags = _clean_tags(tags)
    older = give_content_keys(store, dry_run=dry_run)
    batch: list[FileResult] = []
    files = importable_files(paths, filters, report) if paths else iter(())
    results = map_extraction(partial(read_file_job, default_source), files, workers)
    if records:  # records files and datasets (newsarc.records), after the news files
        rows = (row for path in records for row in read_records(path))
        results = _in_turn(results, map_extraction(record_job, rows, workers))
    with deferred_interrupts() as interrupt:
        # closing: left early, the workers end now (before the last commit), their
        # pending work dropped
        with contextlib.closing(results):
            for result in results:
                if interrupt.signum:  # the safe point: store what was extracted, then stop
                    break
                if on_file:
                    on_file(result.path)
                if not _counted_in(report, result):
                    continue
                batch.append(result)
                if len(batch) >= BATCH_SIZE:
                    _write_batch(
                        store, batch, extra_tags, default_source, update, dry_run, report, older
                    )
                    batch = []
        _write_batch(store, batch, extra_tags, default_source, update, dry_run, report, older)
        report.interrupted = interrupt.signum
    return report


def _in_turn(
    *parts: Generator[FileResult, None, None],
) -> Generator[FileResult, None, None]:
    """The results of each part after those of the one before; closed early, each part's
    workers end."""
    for part in parts:
        with contextlib.closing(part):
            yield from part


def _stored_as(new: Extracted, stored: dict[str, Record], same: dict[str, str]) -> str:
    """The id an extracted article is stored under, or will be: its own, else that of the
    stored article with its content (same, from _write_batch) if their links agree."""
    if new.id in stored or new.content not in same:
        return new.id
    other = stored.get(same[new.content])
    if other is None:
        return new.id
    url = other.get("url")
    return new.id if new.url and url and url != new.url else same[new.content]


def _other_text(previous: Record, new: Extracted) -> bool:
    """Is a stored article's text another than the new one's? Its content key says, unless
    one of them came as a record without its original (newsarc.records): a record's key is
    its text's, a file's is the file's, so the two never agree; their id does."""
    from newsarc.records import RECORD_FORMAT

    if RECORD_FORMAT in (new.format, previous.get("_format")):
        return False
    return previous.get("_content", new.content) != new.content


def give_content_keys(store: Store, *, dry_run: bool = False) -> dict[str, str]:
    """Content keys (ingest.identity) for articles stored before there were any, read from
    their originals, so that an import finds them by their content; kept in their records,
    once (a dry run only returns them: content key → id)."""
    missing = store.listing.without_content()
    found: dict[str, str] = {}
    for start in range(0, len(missing), BATCH_SIZE):
        with store.writing(dry_run=dry_run) as writer:
            for record in writer.records(missing[start : start + BATCH_SIZE]).values():
                if "_content" in record:  # given meanwhile
                    continue
                try:
                    key = content_key_of(store.original(record["id"]))
                except StoreCorrupted:
                    continue  # doctor names it; the import goes on
                found[key] = record["id"]
                writer.put({**record, "_content": key})
    return found if dry_run else {}


def _clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags given on the command line: stripped, empty ones dropped, each once."""
    return [t for t in dict.fromkeys(t.strip() for t in tags) if t]


def importable_files(
    paths: list[str | os.PathLike[str]], filters: Filters | None, report: ImportReport
) -> Iterator[str]:
    """The files to read, found as the workers need them (a list of every path held 50 MB
    at 500k files); the others into the report."""
    for found in discover(paths, filters):
        if found.problem:
            report.failed.append((display_path(str(found.path)), found.problem))
        elif found.skipped:
            report.skipped.append((display_path(str(found.path)), found.skipped))
        else:
            yield str(found.path)


def extract_files(
    paths: Iterable[str | os.PathLike[str]],
    report: ImportReport,
    *,
    default_source: str = "",
    tags: Iterable[str] = (),
    filters: Filters | None = None,
    workers: int | None = None,
    with_original: bool = False,
) -> Iterator[Article]:
    """`newsarc extract`: the import's extraction, in the same worker processes, to
    schema-v1 articles (text included) in the order of the files, with no archive: what
    `export` would give of the same files after an import, `imported_at` being the time of
    extraction. Files that fail or are no articles go into `report`, as an import's do."""
    extra_tags = _clean_tags(tags)
    files = importable_files(list(paths), filters, report)
    job = extract_original_job if with_original else extract_file_job
    results = map_extraction(partial(job, default_source), files, workers)
    seen: dict[str, str] = {}  # id → content key: one record an article, as import keeps
    with contextlib.closing(results):
        for result in results:
            if not _counted_in(report, result):
                continue
            assert result.extracted is not None
            found = result.extracted
            if found.id in seen:
                if seen[found.id] == found.content:
                    report.existing += 1  # the first file's record stands
                else:
                    report.conflicts.append((display_path(result.path), found.id, True))
                continue
            seen[found.id] = found.content
            record = build_record(result, extra_tags, None, default_source)
            report.added += 1
            article = Article.from_dict({**record, "text": result.extracted.text})
            article.original = result.original
            yield article


def _counted_in(report: ImportReport, result: FileResult) -> bool:
    """A file's result into the report: True for an article to store; a file that is no
    article is skipped, one that failed is listed with why."""
    path = display_path(result.path)
    if result.not_article:
        report.skipped.append((path, result.error or "not an article"))
        return False
    if result.error or result.extracted is None:
        report.failed.append((path, result.error or "no article found"))
        return False
    report.warnings.extend((path, w) for w in result.extracted.warnings)
    return True


def _write_batch(
    store: Store,
    batch: list[FileResult],
    extra_tags: list[str],
    default_source: str,
    update: bool,
    dry_run: bool,
    report: ImportReport,
    older: dict[str, str],
) -> None:
    if not batch:
        return
    tokens: dict[str, tuple[str, str]] = {}  # of the articles stored, for the search index
    signatures: dict[str, bytes | None] = {}  # …and for the stories index
    with store.writing(dry_run=dry_run) as writer:
        found = [r.extracted for r in batch if r.extracted]
        stored = writer.records([e.id for e in found])
        # An article not stored under its id may be stored under another with its content
        # key (an id of the rule before content keys, or a link the extractor did not see
        # then), unless their links tell them apart: a file with a link is only the article
        # of a stored one without.
        unfound = [e for e in found if e.id not in stored]
        same = {
            **writer.ids_with_content([e.content for e in unfound if not e.url]),
            **writer.ids_with_content([e.content for e in unfound if e.url], unlinked=True),
        }
        # …or a stored one with a link (a reindex found it and kept the old id): the same
        # article when the links agree (_stored_as compares them)
        linked = [e.content for e in unfound if e.url and e.content not in same]
        same.update(writer.ids_with_content(linked))
        for e in unfound:
            if e.content in older:
                same.setdefault(e.content, older[e.content])
        stored.update(writer.records([same[e.content] for e in unfound if e.content in same]))
        seen_now: dict[str, str] = {}  # id → content key, of this import's earlier files
        for result in batch:
            assert result.extracted is not None
            new = result.extracted
            article_id = _stored_as(new, stored, same)
            if article_id in seen_now:  # two files, one id
                if seen_now[article_id] == new.content:
                    report.existing += 1  # one article: the first file wins
                else:
                    report.conflicts.append((display_path(result.path), article_id, True))
                continue
            previous = stored.get(article_id)
            if previous and not update and _other_text(previous, new):
                report.conflicts.append((display_path(result.path), article_id, False))
                continue
            if previous and not update:
                report.existing += 1
                continue
            seen_now[article_id] = new.content
            record = build_record(result, extra_tags, previous, default_source)
            writer.put_packed(record, result.article)
            if result.tokens is not None:
                tokens[article_id] = result.tokens
                signatures[article_id] = result.signature
            if previous:
                report.updated += 1
            else:
                report.added += 1
    if tokens and not dry_run:
        SearchIndex(store).follow(tokens)
        if extraction.FIND_COPIES:  # read when it runs: tests and NEWSARC_FIND_COPIES set it
            StoryIndex(store).follow(signatures)


def build_record(
    result: FileResult,
    extra_tags: list[str],
    previous: Record | None,
    default_source: str = "",
) -> Record:
    """The catalog record: schema fields (text aside) plus what newsarc keeps for itself."""
    import datetime as dt

    assert result.extracted is not None
    found = result.extracted
    kept_tags = list(previous.get("_extra_tags", [])) if previous else []
    extra = list(dict.fromkeys(kept_tags + extra_tags))
    record = cast(Record, found.fields())
    record.pop("text")  # type: ignore[typeddict-item]  # the one schema field not stored
    if previous:  # an article keeps the id it was first stored under (ingest.identity)
        record["id"] = previous["id"]
    record["_content"] = found.content
    record["tags"] = list(dict.fromkeys(found.tags + extra))
    stored_path = result.stored_path
    record["path"] = stored_path if stored_path is not None else path_text(result.path)
    record["imported_at"] = (
        previous["imported_at"]
        if previous
        else result.imported_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    )
    record["_extra_tags"] = extra
    record["_import_source"] = default_source or (previous or {}).get("_import_source", "")
    record["_feed_name"] = found.feed_name
    record["_format"] = found.format
    record["_encoding"] = found.encoding
    from newsarc.edits import apply_user_edits

    return apply_user_edits(record, previous)
