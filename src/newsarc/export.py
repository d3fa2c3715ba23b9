"""Writers for `export`: one function per format, all fed the same records.

jsonl/json keep the data exactly (JSON escapes what needs escaping); csv joins list fields
with "; "; md and txt are for reading and can go one file per article into a folder, named
from the date and the id only — never from a title — so no title can steer where a file goes.
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from newsarc.errors import UsageError
from newsarc.model import SCHEMA_FIELDS, Article, public_record
from newsarc.workers import terminated_as_exit

FORMATS = ("jsonl", "json", "csv", "md", "txt", "parquet", "sqlite")
PER_FILE_FORMATS = ("md", "txt")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEX = re.compile(r"^[0-9a-f]+$")


def parse_fields(spec: str | None, known: tuple[str, ...] = SCHEMA_FIELDS) -> tuple[str, ...]:
    """The fields named in `--fields` (all `known` ones by default), checked."""
    if not spec:
        return known
    names = tuple(name.strip() for name in spec.split(",") if name.strip())
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise UsageError(
            f"unknown field(s) {', '.join(unknown) or '(none)'}: choose from {', '.join(known)}"
        )
    return names


def needs_stories(fields: tuple[str, ...]) -> bool:
    """Do these fields come from the stories index (newsarc.stories)?"""
    return "story" in fields or "copies" in fields


def write_jsonl(articles: Iterable[Article], fields: tuple[str, ...], out: IO[bytes]) -> int:
    count = 0
    for article in articles:
        out.write(orjson.dumps(public_record(article, fields)) + b"\n")
        count += 1
    return count


def write_json(articles: Iterable[Article], fields: tuple[str, ...], out: IO[bytes]) -> int:
    count = 0
    out.write(b"[")
    for article in articles:
        out.write((b",\n" if count else b"\n") + orjson.dumps(public_record(article, fields)))
        count += 1
    out.write(b"\n]\n" if count else b"]\n")
    return count


EXCEL_CELL = 32_767  # characters: Excel's limit for one cell


def write_csv(
    articles: Iterable[Article],
    fields: tuple[str, ...],
    out: IO[str],
    *,
    raw: bool = False,
    excel: bool = False,
) -> int:
    """CSV with list fields joined by "; ". A cell a spreadsheet would run as a formula
    (=, +, -, @, |, % first; numbers such as -12 aside) gets a leading ' by defusedcsv, as
    OWASP advises for CSV that people open in Excel; `raw` writes every cell as stored.
    For Excel (`excel`; the caller writes the byte-order mark by which Excel knows UTF-8),
    a cell is cut at Excel's 32,767 characters, which it would otherwise spill into the
    next row."""
    writer = csv_writer(out, raw=raw)
    writer.writerow(fields)
    count = 0
    for article in articles:
        record = public_record(article, fields)
        cells = [_csv_cell(record[name]) for name in fields]
        if excel:
            cells = [cell[:EXCEL_CELL] for cell in cells]
        writer.writerow(cells)
        count += 1
    return count


def csv_writer(out: IO[str], *, raw: bool = False, lineterminator: str = "\r\n") -> Any:
    """A CSV writer whose cells a spreadsheet would run as a formula get a leading ' (by
    defusedcsv); `raw`: every cell as given."""
    if raw:
        return csv.writer(out, lineterminator=lineterminator)
    from defusedcsv import csv as defused

    return defused.writer(out, lineterminator=lineterminator)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def article_markdown(article: Article, fields: tuple[str, ...]) -> str:
    record = public_record(article, fields)
    lines = [f"# {record['title']}"] if "title" in record else []
    for name, value in record.items():
        if name in ("title", "text") or value in (None, "", []):
            continue
        shown = ", ".join(value) if isinstance(value, list) else value
        lines.append(f"- **{name}**: {shown}")
    if "text" in record:
        lines += ["", record["text"]]
    return "\n".join(lines) + "\n"


def article_text(article: Article, fields: tuple[str, ...]) -> str:
    record = public_record(article, fields)
    lines = [record["title"]] if "title" in record else []
    for name, value in record.items():
        if name in ("title", "text") or value in (None, "", []):
            continue
        lines.append(f"{name}: {', '.join(value) if isinstance(value, list) else value}")
    if "text" in record:
        lines += ["", record["text"]]
    return "\n".join(lines) + "\n"


def document_writer(fmt: str) -> Callable[[Article, tuple[str, ...]], str]:
    return article_markdown if fmt == "md" else article_text


def write_documents(
    articles: Iterable[Article], fmt: str, fields: tuple[str, ...], out: IO[str]
) -> int:
    render = document_writer(fmt)
    count = 0
    for article in articles:
        out.write(("\n---\n\n" if fmt == "md" else "\n" + "=" * 40 + "\n\n") if count else "")
        out.write(render(article, fields))
        count += 1
    return count


def file_name_for(article: Article, fmt: str) -> str:
    """`2021-12-27_5dd412ddb53d359a.md`: date and id only, both checked to be safe."""
    if not _HEX.match(article.id):
        raise UsageError(f"refusing to name a file after id {article.id!r}")
    day = article.date[:10] if article.date and _DAY.match(article.date) else "undated"
    return f"{day}_{article.id}.{fmt}"


def write_folder(
    articles: Iterable[Article], fmt: str, fields: tuple[str, ...], folder: Path
) -> int:
    if fmt not in PER_FILE_FORMATS:
        raise UsageError(f"-o DIR takes one file per article, for {'/'.join(PER_FILE_FORMATS)}")
    from newsarc.store.atomic import atomic_write_bytes

    folder.mkdir(parents=True, exist_ok=True)
    render = document_writer(fmt)
    count = 0
    for article in articles:
        target = folder / file_name_for(article, fmt)
        atomic_write_bytes(target, render(article, fields).encode("utf-8"))
        count += 1
    return count


def write_stream(
    articles: Iterable[Article],
    fmt: str,
    fields: tuple[str, ...],
    out: IO[bytes],
    *,
    csv_raw: bool = False,
    excel: bool = False,
) -> int:
    """Any format to one binary stream (stdout or a file)."""
    if fmt == "sqlite":
        raise UsageError("--format sqlite writes a database file: give -o FILE (not a pipe)")
    if fmt == "jsonl":
        return write_jsonl(articles, fields, out)
    if fmt == "json":
        return write_json(articles, fields, out)
    if fmt == "parquet":
        return write_parquet(articles, fields, out)
    import io

    # utf-8-sig: a byte-order mark first, without which Excel reads UTF-8 as the local code page
    encoding = "utf-8-sig" if excel and fmt == "csv" else "utf-8"
    text = io.TextIOWrapper(
        out, encoding=encoding, newline="" if fmt == "csv" else None, write_through=True
    )
    try:
        if fmt == "csv":
            return write_csv(articles, fields, text, raw=csv_raw, excel=excel)
        return write_documents(articles, fmt, fields, text)
    finally:
        text.flush()
        text.detach()


def write_file(
    articles: Iterable[Article],
    fmt: str,
    fields: tuple[str, ...],
    path: Path,
    *,
    csv_raw: bool = False,
    excel: bool = False,
) -> int:
    """Write to a temp file beside `path`, then rename: a failed or interrupted export
    (Ctrl-C, SIGTERM) leaves the old file and no half one. A path that is no regular file
    (a FIFO, a device, /dev/stdout) is written into as it is; a link to a file stays a link
    and the file it names is replaced; the new file gets the old one's mode, or what the
    umask gives a new file."""
    import os
    import stat
    import tempfile

    try:
        found = path.stat()  # through links
    except FileNotFoundError:
        found = None
    if (found is not None and not stat.S_ISREG(found.st_mode)) or _is_special(path):
        with terminated_as_exit(), open(path, "wb") as handle:
            return write_stream(articles, fmt, fields, handle, csv_raw=csv_raw, excel=excel)
    target = path.resolve() if path.is_symlink() else path
    mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if fmt == "sqlite":  # a database file, not a stream
            os.close(fd)
            with terminated_as_exit():
                count = write_sqlite(articles, fields, Path(tmp))
        else:
            with terminated_as_exit(), os.fdopen(fd, "wb") as handle:
                count = write_stream(articles, fmt, fields, handle, csv_raw=csv_raw, excel=excel)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _is_special(path: Path) -> bool:
    """/dev/stdout and the like: even when they lead to a regular file (a shell's redirect),
    that file is the shell's to keep, not ours to replace."""
    return str(path.absolute()).startswith(("/dev/", "/proc/"))


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


PARQUET_BATCH = 10_000


def write_parquet(
    articles: Iterable[Article], fields: tuple[str, ...], out: IO[bytes] | Path
) -> int:
    """The schema's columns in Parquet, for DuckDB, Spark or pandas; written in row groups so
    memory stays bounded whatever the archive's size. Needs pyarrow (newsarc[parquet])."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError("Parquet export needs pyarrow: pip install 'newsarc[parquet]'") from exc
    types = {
        "tags": pa.list_(pa.string()),
        "authors": pa.list_(pa.string()),
        "copies": pa.int64(),
    }
    schema = pa.schema([pa.field(name, types.get(name, pa.string())) for name in fields])
    count = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            batch.append(public_record(article, fields))
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


SQLITE_BATCH = 2000


def write_sqlite(articles: Iterable[Article], fields: tuple[str, ...], path: Path) -> int:
    """A SQLite database for Datasette (`datasette news.db`) or any SQLite client: a table
    `articles` of the schema-v1 columns (lists as JSON arrays, which Datasette facets as
    arrays), indexes for its facets (outlet, date, script), and a full-text index
    `articles_fts` over title and text that Datasette finds on its own (an external-content
    FTS5 table). Its tokenizer is SQLite's trigram (3.34+): any run of three or more
    characters matches, in Chinese as in any script, with no word breaks needed."""
    import sqlite3

    import orjson

    kinds = {"id": "TEXT PRIMARY KEY", "copies": "INTEGER"}
    columns = ", ".join(f"[{f}] {kinds.get(f, 'TEXT')}" for f in fields)
    marks = ", ".join("?" * len(fields))
    count = 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(f"CREATE TABLE articles ({columns})")

        def row(article: Article) -> tuple[Any, ...]:
            record = public_record(article, fields)
            return tuple(
                orjson.dumps(v).decode() if isinstance(v, list) else v for v in record.values()
            )

        batch: list[tuple[Any, ...]] = []
        for article in articles:
            batch.append(row(article))
            if len(batch) >= SQLITE_BATCH:
                db.executemany(f"INSERT INTO articles VALUES ({marks})", batch)
                count, batch = count + len(batch), []
        db.executemany(f"INSERT INTO articles VALUES ({marks})", batch)
        count += len(batch)
        for name in ("source", "date", "lang", "feed"):
            if name in fields:
                db.execute(f"CREATE INDEX articles_{name} ON articles([{name}])")
        searched = [f for f in ("title", "text") if f in fields]
        if searched:
            names = ", ".join(searched)
            db.execute(
                f"CREATE VIRTUAL TABLE articles_fts USING fts5({names}, "
                'content="articles", tokenize="trigram")'
            )
            db.execute(
                f"INSERT INTO articles_fts(rowid, {names}) SELECT rowid, {names} FROM articles"
            )
        db.commit()
    return count
