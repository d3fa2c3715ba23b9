"""A recipe: newsarc's extraction on a Dask cluster, to Parquet by year and month.

    python -m newsarc.cluster PATH... -o OUT [--scheduler tcp://HOST:8786]

The driver (this process) finds the files as `newsarc import` does and sends them in batches
to the workers, which run `newsarc extract`'s code (`importer.extract_files`) and write each
batch's articles with export's writer (`export.write_parquet`), one file per month of the
batch: `OUT/year=2021/month=12/part-000003.parquet`, the schema-v1 columns exactly as
`export --format parquet` writes them. Undated articles go to year=/month=
`__HIVE_DEFAULT_PARTITION__`, which pyarrow and DuckDB read as null. One id gives one
record, the first file's in the order found, as an import keeps. See docs/cluster.md.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import re
import shutil
import sys
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsarc.errors import UsageError
from newsarc.export import write_parquet
from newsarc.importer import ImportReport, extract_files, importable_files
from newsarc.ingest.discover import Filters
from newsarc.model import V1_FIELDS, Article

if TYPE_CHECKING:
    import os

    from distributed import Client, Future

UNDATED = "__HIVE_DEFAULT_PARTITION__"  # Hive's name for a null partition value
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})")


@dataclass
class DatasetReport:
    """What a run wrote, and the files it did not (with why)."""

    articles: int = 0
    fragments: int = 0  # Parquet files written
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why): not read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): no article
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, id) seen before

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class Batch:
    """One task's extraction, kept on its worker until the driver says what to write."""

    articles: list[Article]
    failed: list[tuple[str, str]]
    skipped: list[tuple[str, str]]


Summary = tuple[list[tuple[str, str]], Batch]  # (id, path) of each article; the rest


def partition_of(date: str | None) -> tuple[str, str]:
    """(year, month) of an article's date as written: ("2021", "12"), ("2022", "1")."""
    found = _YEAR_MONTH.match(date or "")
    if not found:
        return UNDATED, UNDATED
    return found[1], str(int(found[2]))


def extract_batch(paths: list[str], default_source: str, tags: Sequence[str]) -> Batch:
    """On a worker: the files through newsarc extract's own code, in this process."""
    report = ImportReport()
    articles = list(
        extract_files(paths, report, default_source=default_source, tags=tags, workers=1)
    )
    return Batch(articles, report.failed, report.skipped)


def batch_summary(batch: Batch) -> Summary:
    """On a worker: (id, path) of each article and the failures; the articles stay there."""
    return [(a.id, a.path) for a in batch.articles], Batch([], batch.failed, batch.skipped)


def write_batch(batch: Batch, drop: frozenset[int], out_dir: str, number: int) -> int:
    """On a worker: the articles (but at positions `drop`) into a Parquet file per month."""
    months: dict[tuple[str, str], list[Article]] = {}
    for position, article in enumerate(batch.articles):
        if position not in drop:
            months.setdefault(partition_of(article.date), []).append(article)
    for (year, month), articles in months.items():
        folder = Path(out_dir) / f"year={year}" / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        write_parquet(articles, V1_FIELDS, folder / f"part-{number:06d}.parquet")
    return len(months)


def extract_to_dataset(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    client: Client | None = None,
    files_per_task: int = 256,
    default_source: str = "",
    tags: Sequence[str] = (),
    filters: Filters | None = None,
    in_flight: int | None = None,
) -> DatasetReport:
    """Extract the files under `paths` on `client`'s cluster (a LocalCluster of this
    machine's cores when None) into a Parquet dataset at `out_dir`, which must not exist
    or be empty. At most `in_flight` batches (twice the cluster's threads) are held at
    once, so neither the driver nor the workers hold the whole corpus."""
    target = _new_folder(out_dir)
    found = ImportReport()  # what discovery fails or skips, as it goes
    files = importable_files(list(paths), filters, found)
    batches = iter(lambda: list(itertools.islice(files, files_per_task)), [])
    report = DatasetReport(failed=found.failed, skipped=found.skipped)
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(connected())
        _extract(client, batches, target, default_source, tuple(tags), in_flight, report)
    return report


def _extract(
    client: Client,
    batches: Iterator[list[str]],
    target: Path,
    default_source: str,
    tags: tuple[str, ...],
    in_flight: int | None,
    report: DatasetReport,
) -> None:
    """Batches to the cluster, ids back in order, articles written beside `target`, renamed."""
    staging = target.with_name(f".{target.name}.partial-{uuid.uuid4().hex[:8]}")
    threads = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
    limit = in_flight or max(4, 2 * threads)
    pending: deque[tuple[int, Future[Batch], Future[Summary]]] = deque()
    writes: list[Future[int]] = []
    seen: set[str] = set()
    numbers = itertools.count()
    try:
        while True:
            while len(pending) < limit and (paths := next(batches, None)):
                extracted = client.submit(extract_batch, paths, default_source, tags, pure=False)
                summary = client.submit(batch_summary, extracted)
                pending.append((next(numbers), extracted, summary))
            if not pending:
                break
            number, extracted, summary = pending.popleft()
            articles, counts = summary.result()  # in order: the first file of an id wins
            drop: set[int] = set()
            for position, (article_id, path) in enumerate(articles):
                if article_id in seen:
                    drop.add(position)
                    report.duplicates.append((path, article_id))
                seen.add(article_id)
            report.articles += len(articles) - len(drop)
            report.failed += counts.failed
            report.skipped += counts.skipped
            writes.append(
                client.submit(write_batch, extracted, frozenset(drop), str(staging), number)
            )
        report.fragments = sum(write.result() for write in writes)
    except BaseException:
        pending.clear()  # released: the cluster forgets what has not started
        writes.clear()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.mkdir(parents=True, exist_ok=True)  # no article: an empty dataset
    staging.replace(target)


@contextlib.contextmanager
def connected(scheduler: str | None = None, n_workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, else of a LocalCluster here: `n_workers`
    processes (default: one a core) of one thread each, as extraction holds the GIL."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _new_folder(path: str | os.PathLike[str]) -> Path:
    """`path` made absolute (workers resolve no relative path), refused if it holds anything."""
    target = Path(path).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsarc.cluster",
        description="Extract news files on a Dask cluster to Parquet by year and month.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("-o", "--output", required=True, help="dataset folder to write")
    parser.add_argument("--scheduler", help="tcp://HOST:8786 (default: a LocalCluster here)")
    parser.add_argument("--workers", type=int, help="LocalCluster processes (default: cores)")
    parser.add_argument("--files-per-task", type=int, default=256)
    parser.add_argument("--source", default="", help="outlet for files that name none")
    parser.add_argument("--tag", action="append", default=[], help="tag every article")
    parser.add_argument("--include", action="append", default=[], help="only paths like")
    parser.add_argument("--exclude", action="append", default=[], help="skip paths like")
    args = parser.parse_args(argv)
    try:
        _new_folder(args.output)  # before a cluster is started for nothing
        with connected(args.scheduler, args.workers) as client:
            report = extract_to_dataset(
                args.paths,
                args.output,
                client=client,
                files_per_task=args.files_per_task,
                default_source=args.source,
                tags=args.tag,
                filters=Filters(tuple(args.include), tuple(args.exclude)),
            )
    except UsageError as exc:
        parser.error(str(exc))
    except ImportError as exc:
        parser.error(f"{exc.name or exc}: the recipe needs Dask: pip install 'newsarc[cluster]'")
    for path, reason in report.failed:
        print(f"failed: {path}: {reason}", file=sys.stderr)
    print(
        f"wrote {report.articles} articles to {args.output} ({report.fragments} files), "
        f"{len(report.duplicates)} duplicates, {len(report.skipped)} skipped (not articles), "
        f"{len(report.failed)} failed",
        file=sys.stderr,
    )
    return 1 if report.failed else 0


if __name__ == "__main__":
    # The tasks must be newsarc.cluster's functions, which workers import, not __main__'s.
    from newsarc.cluster import main as cluster_main

    sys.exit(cluster_main())
