"""One file through extraction, in the worker processes an import (and reindex, extract,
the cluster recipe) runs: its bytes read, decoded and read as an article, then packed for
the store with its search tokens and its signature, so that the process that writes does
nothing but write. `map_extraction` hands the files to the workers and takes their results
back in order. Pure of the archive: nothing here opens a store.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from newsarc.errors import NotAnArticle, UnreadableFile
from newsarc.ingest.extract import Extracted, extract_article
from newsarc.search import text_tokens
from newsarc.store.members import pack_article, unpack_text
from newsarc.stories import text_signature
from newsarc.workers import cores, ordered_map

POOL_THRESHOLD = 64  # fewer files than this are not worth starting worker processes
# NEWSARC_FIND_COPIES=0: an import does not look for copies of its articles (0.8 ms of CPU an
# article, in the workers); the stories index is then built when first needed (dupes,
# --collapse, an export's story field).
FIND_COPIES = os.environ.get("NEWSARC_FIND_COPIES", "1") != "0"


@dataclass
class FileResult:
    """One file's extraction, as a worker process sends it back: the text travels once,
    packed with the original in `article`; `extracted` has every other field (its text is
    empty). Sending it twice made the results twice as big, and workers waited on the pipe
    for 14% of their time at 100k files."""

    path: str
    article: bytes = b""  # text and original as the store keeps them (members.pack_article)
    extracted: Extracted | None = None
    # the text's search tokens (search.text_tokens), made here beside the text, so that the
    # import keeps the search index up to date without reading the text again
    tokens: tuple[str, str] | None = None
    # the text's signature for finding its copies (stories.text_signature), made here too;
    # None for a text too short to compare
    signature: bytes | None = None
    error: str | None = None
    not_article: bool = False  # the error says why the file is no article: skipped, not failed
    # a record brought back (newsarc.records): the file it was extracted from, when it came
    # in, and, with `extract --with-original`, the original (base64)
    stored_path: str | None = None
    imported_at: str | None = None
    original: str | None = None

    @property
    def text(self) -> str:
        return unpack_text(self.article) if self.article else ""


def path_text(path: str) -> str:
    """A path as text that any JSON can hold: undecodable bytes become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def display_path(path: str) -> str:
    """A path for a one-line message: also control characters (a newline in a name) escaped."""
    text = path_text(path)
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def read_and_extract(path: str, default_source: str = "", *, for_store: bool = True) -> FileResult:
    """One file through decode and extraction; never raises (the batch must go on)."""
    from newsarc.ingest.decode import MAX_FILE_BYTES, too_big

    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return FileResult(path, error=too_big(size))
            # Read what fstat says is there: read(MAX + 1) allocates 20 MiB for every file,
            # which cost more than reading it. A file that grew since is read on.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        return FileResult(path, error=f"cannot read: {exc.strerror or exc}")
    return extract_bytes(data, path, default_source, for_store=for_store)


def extract_bytes(
    data: bytes, path: str, default_source: str = "", *, for_store: bool = True
) -> FileResult:
    """Extraction of bytes already read (a file, or an original kept in the store), and the
    article packed for the store: compressing here spreads that work over the workers.
    Not `for_store` (newsarc extract): the text stays in the result, nothing is packed."""
    try:
        extracted = extract_article(data, Path(path).name, default_source=default_source)
    except NotAnArticle as exc:
        return FileResult(path, error=str(exc), not_article=True)
    except UnreadableFile as exc:
        return FileResult(path, error=str(exc))
    except RecursionError:
        return FileResult(path, error="structure nested too deeply to read")
    except Exception as exc:  # a bug in an extractor must cost one file, not the batch
        return FileResult(path, error=f"internal error ({type(exc).__name__}: {exc})")
    if not for_store:
        return FileResult(path, extracted=extracted)
    return _for_store(FileResult(path), extracted, data)


def _for_store(result: FileResult, extracted: Extracted, data: bytes) -> FileResult:
    """The article packed for the store, with its search tokens and its signature."""
    result.article = pack_article(extracted.text, data)
    result.extracted = replace(extracted, text="")
    result.tokens = text_tokens(extracted.text)
    result.signature = text_signature(extracted.text) if FIND_COPIES else None
    return result


def record_job(job: tuple[str, dict[str, Any] | str]) -> FileResult:
    """A record brought back (newsarc.records), as the store keeps it: a worker's job."""
    from newsarc.records import extracted_of

    where, record = job
    if isinstance(record, str):
        return FileResult(where, error=record)
    try:
        extracted, data, imported_at = extracted_of(record)
    except ValueError as exc:
        return FileResult(where, error=str(exc))
    path = record.get("path")
    result = FileResult(where, stored_path=path if isinstance(path, str) else where)
    result.imported_at = imported_at or None
    return _for_store(result, extracted, data)


def read_file_job(default_source: str, path: str) -> FileResult:
    return read_and_extract(path, default_source)


def extract_file_job(default_source: str, path: str) -> FileResult:
    return read_and_extract(path, default_source, for_store=False)


def extract_original_job(default_source: str, path: str) -> FileResult:
    """`extract --with-original`: the original's bytes too, as a record's base64 field."""
    from newsarc.records import encode_original

    result = read_and_extract(path, default_source, for_store=False)
    if result.extracted is not None:
        with contextlib.suppress(OSError):  # read a moment ago
            result.original = encode_original(Path(path).read_bytes())
    return result


def extract_bytes_job(args: tuple[bytes, str, str]) -> FileResult:
    return extract_bytes(*args)


Job = TypeVar("Job")
CHUNK = 64  # jobs sent to a worker at once: ~50 ms of work, so the pool's queue never runs dry
# Chunks in flight at most: enough for the workers to go on through a commit, few enough
# that results never pile up beyond ~15 MB (4,096 of ~3.5 KB) however slow the writing.
IN_FLIGHT = 64


def map_extraction(
    work: Callable[[Job], FileResult], jobs: Iterable[Job], workers: int | None = None
) -> Generator[FileResult, None, None]:
    """Results in the order of `jobs`, computed in worker processes for large batches. The
    jobs are taken as the workers need them, so a generator of them is never held whole."""
    workers = workers if workers is not None else cores()
    rest = iter(jobs)
    head = list(itertools.islice(rest, POOL_THRESHOLD))
    every = itertools.chain(head, rest)
    if workers <= 1 or len(head) < POOL_THRESHOLD:
        yield from map(work, every)
        return
    chunks = iter(lambda: list(itertools.islice(every, CHUNK)), [])
    for results in ordered_map(
        partial(_work_chunk, work), chunks, workers=workers, in_flight=IN_FLIGHT
    ):
        yield from results


def _work_chunk(work: Callable[[Job], FileResult], chunk: list[Job]) -> list[FileResult]:
    return [work(job) for job in chunk]
