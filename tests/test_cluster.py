"""Issue 15, item 5: the Dask recipe (newsarc.cluster) on a LocalCluster writes, as a Parquet
dataset by year and month, the records an import and `export --format parquet` of the same
files give, record for record; files that fail are reported, not fatal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from newsarc.cluster import UNDATED, extract_to_dataset, main, partition_of
from newsarc.model import V1_FIELDS

from conftest import ROOT, SAMPLES, Invoke, sample

POSTS = 300


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Processes, as on a real cluster: the tasks and their results cross a pickle.
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated posts, then (walked last) a copy of a sample, an empty file and a note."""
    folder = tmp_path_factory.mktemp("corpus")
    generator = ROOT / "benchmarks" / "gen_corpus.py"
    subprocess.run([sys.executable, generator, str(POSTS), str(folder)], check=True)
    later = folder / "zzz"
    later.mkdir()
    shutil.copy(sample("000"), later / sample("000").name)  # the sample's id again
    (later / "empty.txt").write_bytes(b"")  # fails in a worker: empty file
    (later / "notes.txt").write_text("Nothing but English notes here.\n")  # no article
    return folder


def _rows(table: Any) -> list[dict[str, Any]]:
    """Rows without the import time and the partition columns, in one order."""
    rows = [
        {k: v for k, v in row.items() if k not in ("imported_at", "year", "month")}
        for row in table.to_pylist()
    ]
    return sorted(rows, key=lambda row: (row["id"], row["path"]))


def test_the_dataset_is_what_import_then_export_gives(
    client: Client, corpus: Path, newsarc: Invoke, tmp_path: Path
) -> None:
    missing = tmp_path / "missing"
    paths = [SAMPLES, corpus, missing]
    out = tmp_path / "dataset"
    # Small tasks and few in flight: the duplicate lands in a later task than its first.
    report = extract_to_dataset(paths, out, client=client, files_per_task=32, in_flight=3)

    newsarc("import", *map(str, paths))
    exported = tmp_path / "export.parquet"
    # the schema-v1 columns: a file alone has no story (schema 2's fields need an archive)
    v1 = ",".join(V1_FIELDS)
    result = newsarc("export", "--format", "parquet", "--fields", v1, "-o", str(exported))
    assert result.exit_code == 0
    expected = pq.read_table(exported)
    dataset = ds.dataset(out, format="parquet", partitioning="hive")
    written = dataset.to_table()

    counts = (expected.num_rows, written.num_rows, report.articles)
    assert counts == (POSTS + 5,) * 3
    assert _rows(written) == _rows(expected)
    # the columns as export types them, in its order, in every file
    for fragment in dataset.get_fragments():
        assert pq.read_schema(fragment.path) == expected.schema
    assert written.schema.field("year").type == written.schema.field("month").type

    partitions = {(r["year"], r["month"]) for r in written.to_pylist()}
    for row in written.to_pylist():
        year, month = (int(row["date"][:4]), int(row["date"][5:7])) if row["date"] else (None, None)
        assert (row["year"], row["month"]) == (year, month), row["id"]
    assert (None, None) in partitions and len(partitions) > 12
    assert report.fragments == len(list(out.rglob("*.parquet")))
    # months unpadded: DuckDB reads month=01 as text, month=1 as a number
    assert not [p for p in out.glob("*/month=0*")]

    first = SAMPLES / sample("000").name
    kept = [r for r in written.to_pylist() if r["path"].endswith(first.name)]
    assert [r["path"] for r in kept] == [str(first)]  # the first file of an id, as import
    assert report.duplicates == [(str(corpus / "zzz" / first.name), kept[0]["id"])]
    assert sorted(report.failed) == [
        (str(corpus / "zzz/empty.txt"), "empty file"),  # in a worker
        (str(missing), "no such file or folder"),  # in the driver
    ]
    assert [path for path, _ in report.skipped] == [str(corpus / "zzz/notes.txt")]
    assert not report.ok


def test_the_partitions() -> None:
    assert partition_of("2021-12-27T12:49:32+08:00") == ("2021", "12")
    assert partition_of("2018-09-30") == ("2018", "9")
    assert partition_of(None) == partition_of("") == (UNDATED, UNDATED)


def test_the_script_on_a_running_scheduler(
    client: Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "by-month"
    address = client.scheduler.address
    assert main([str(SAMPLES), "-o", str(out), "--scheduler", address]) == 0
    assert "wrote 5 articles" in capsys.readouterr().err
    assert len(ds.dataset(out, partitioning="hive").to_table()) == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left
    with pytest.raises(SystemExit):  # an existing dataset is never written into
        main([str(SAMPLES), "-o", str(out), "--scheduler", address])
    assert main([str(tmp_path / "nothing"), "-o", str(tmp_path / "e"), "--scheduler", address]) == 1
    assert "failed: " in capsys.readouterr().err
    assert list((tmp_path / "e").iterdir()) == []  # an empty dataset


def test_a_slice_of_the_dataset_imports_for_browsing(
    client: Client, corpus: Path, newsarc: Invoke, tmp_path: Path
) -> None:
    """Issue 15, item 6: a month of a cluster-built dataset, imported, lists as the files."""
    out = tmp_path / "dataset"
    extract_to_dataset([SAMPLES, corpus], out, client=client, files_per_task=64)
    month = out / "year=2021" / "month=12"
    expected = pq.read_table(next(month.glob("*.parquet"))).to_pylist()
    whole = ds.dataset(month, format="parquet").to_table().to_pylist()
    result = newsarc("import", str(month))
    assert result.exit_code == 0, result.stderr
    assert f"{len(whole)} added" in result.stderr
    exported = {r["id"]: r for r in map(json.loads, newsarc("export").stdout.splitlines())}
    for row in expected:
        assert {k: exported[row["id"]][k] for k in V1_FIELDS} == row
    assert "2021-12" in newsarc("stats", "-f", "csv").stdout


def test_the_script_without_dask_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(SystemExit) as ended:
        main([str(SAMPLES), "-o", str(tmp_path / "out")])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert "pip install 'newsarc[cluster]'" in err and "Traceback" not in err
