"""Records made elsewhere, brought into an archive: the files `newsarc extract` and
`export` write (JSON Lines, a JSON array, Parquet) and the Parquet datasets of the cluster
recipe (newsarc.cluster), so that a slice of a collection built on a cluster can be browsed
here. `newsarc import` reads a path as records when it is one of these (by its name and its
first record), and as news files otherwise.

A record keeps its fields and its id (they were made by newsarc's rules). Its original is
the `original` field (base64, `extract --with-original`) when the record has one, and then
the article is like any imported file (`reindex` reads it again); without it, the stored
original is the record itself as JSON, and `reindex` leaves the article as it is.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from newsarc.ingest.extract import Extracted, content_key_of
from newsarc.model import V1_FIELDS

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".parquet")
RECORD_FORMAT = "record"  # the `_format` of an article whose original is its record
_ID = re.compile(r"^[0-9a-f]{16}$")
_LISTS = ("tags", "authors")
_STRINGS = ("title", "source", "source_name", "lang", "text")
_OPTIONAL = ("feed", "date", "url")
SCAN_FOR_PARQUET = 1000  # entries of a folder looked at to tell a dataset from a collection


def is_records(path: Path) -> bool:
    """Is this path records, not news files: a .jsonl/.json file whose first record has
    newsarc's fields, a .parquet file, or a folder of .parquet files (a dataset)?"""
    if path.is_dir():
        return _is_dataset(path)
    if not path.is_file():
        return False  # missing: the import says so, as of any path
    if path.suffix.lower() == ".parquet":
        return True
    if path.suffix.lower() not in RECORD_SUFFIXES:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536).lstrip()
    except OSError:
        return False
    return head.startswith((b"{", b"[")) and all(
        b'"%s"' % name.encode() in head for name in ("id", "title", "text")
    )


def _is_dataset(folder: Path) -> bool:
    """A folder whose files are Parquet (the cluster recipe's `year=…/month=…`)."""
    seen = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.name.startswith((".", "_")):
            if path.suffix.lower() != ".parquet":
                return False
            seen += 1
        if seen >= SCAN_FOR_PARQUET:
            break
    return seen > 0


def read_records(path: Path) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(where, record) of each record in a records path, or (where, why) for one that
    cannot be read; `where` names the file and line (or row) for messages."""
    if path.is_dir() or path.suffix.lower() == ".parquet":
        yield from _parquet(path)
        return
    try:
        with open(path, "rb") as handle:
            first = handle.read(1)
            while first.isspace():
                first = handle.read(1)
            handle.seek(0)
            if first == b"[":
                yield from _json_array(path, handle.read())
                return
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield from _parsed(f"{path}:{number}", line)
    except OSError as exc:
        yield str(path), f"cannot read: {exc.strerror or exc}"


def _parsed(where: str, line: bytes) -> Iterator[tuple[str, dict[str, Any] | str]]:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        yield where, f"not JSON: {exc}"
        return
    yield where, value if isinstance(value, dict) else "not a JSON object"


def _json_array(path: Path, data: bytes) -> Iterator[tuple[str, dict[str, Any] | str]]:
    try:
        values = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        yield str(path), f"not JSON: {exc}"
        return
    if not isinstance(values, list):
        yield str(path), "not a JSON array of records"
        return
    for number, value in enumerate(values, 1):
        yield f"{path}[{number}]", value if isinstance(value, dict) else "not a JSON object"


def _parquet(path: Path) -> Iterator[tuple[str, dict[str, Any] | str]]:
    try:
        import pyarrow.dataset as ds
    except ImportError:
        yield str(path), "Parquet needs pyarrow: pip install 'newsarc[parquet]'"
        return
    try:
        dataset = ds.dataset(path, format="parquet", partitioning="hive")
        wanted = [c for c in dataset.schema.names if c not in ("year", "month")]
        row = 0
        for batch in dataset.to_batches(columns=wanted, batch_size=1000):
            for record in batch.to_pylist():
                row += 1
                yield f"{path}#{row}", record
    except (OSError, ValueError) as exc:  # pyarrow's errors are both
        yield str(path), f"cannot read Parquet: {exc}"


def extracted_of(record: dict[str, Any]) -> tuple[Extracted, bytes, str]:
    """The article a record is, its original's bytes, and its import time: ValueError
    (saying what is wrong) for a record without newsarc's fields."""
    article_id = record.get("id")
    if not isinstance(article_id, str) or not _ID.match(article_id):
        raise ValueError("not a newsarc record: no 16-hex-digit id")
    for name in _STRINGS:
        if not isinstance(record.get(name, ""), str):
            raise ValueError(f"not a newsarc record: {name} is not text")
    for name in _OPTIONAL:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise ValueError(f"not a newsarc record: {name} is not text")
    for name in _LISTS:
        value = record.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"not a newsarc record: {name} is not a list of text")
    if "text" not in record or "title" not in record:
        raise ValueError("not a newsarc record: no title or text")
    original = _original(record.get("original"))
    kept = {k: record[k] for k in V1_FIELDS if k in record}
    data = original if original is not None else orjson.dumps(kept)
    extracted = Extracted(
        id=article_id,
        title=record["title"],
        source=record.get("source") or "",
        source_name=record.get("source_name") or "",
        feed=record.get("feed"),
        date=record.get("date"),
        tags=list(record.get("tags") or []),
        url=record.get("url"),
        authors=list(record.get("authors") or []),
        text=record["text"],
        lang=record.get("lang") or "zh-Hans",
        format=RECORD_FORMAT if original is None else f"{RECORD_FORMAT}+original",
        encoding="utf-8",
        content=content_key_of(data if original is not None else record["text"].encode()),
    )
    return extracted, data, str(record.get("imported_at") or "")


def _original(value: Any) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str):
        raise ValueError("not a newsarc record: original is not base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"original is not base64: {exc}") from None


def encode_original(data: bytes) -> str:
    """An original's bytes as a record's `original` field."""
    return base64.b64encode(data).decode("ascii")
