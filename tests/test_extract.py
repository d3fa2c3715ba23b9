"""Issue 15, item 4: `newsarc extract` gives the records an import and an export of the same
files give, with no archive at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

from newsarc.model import V1_FIELDS

from conftest import CORPUS, SAMPLES, Invoke, lines


def _without_import_time(records: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    """The records' schema-v1 fields (what extract writes: a file alone has no story)."""
    wanted = [f for f in V1_FIELDS if f != "imported_at"]
    return {r["id"]: {k: r[k] for k in wanted} for r in records}


def test_extract_gives_what_import_then_export_gives(newsarc: Invoke, db: Path) -> None:
    extracted = newsarc("--db", str(db.with_name("never")), "extract", str(SAMPLES), str(CORPUS))
    assert extracted.exit_code == 0, extracted.stderr
    assert not db.with_name("never").exists()  # no archive made
    assert not Path(os.environ["NEWSARC_DB"]).exists()
    records = [json.loads(line) for line in lines(extracted.stdout)]
    assert newsarc("import", str(SAMPLES), str(CORPUS)).exit_code == 0
    exported = [json.loads(line) for line in lines(newsarc("export").stdout)]
    assert len(records) == len(exported) > 5
    assert list(records[0]) == list(V1_FIELDS)  # extract knows no archive, so no story
    assert _without_import_time(records) == _without_import_time(exported)


def test_extract_to_parquet_and_its_failures(newsarc: Invoke, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "part.parquet"
    missing = tmp_path / "missing"
    result = newsarc("extract", "-f", "parquet", "-o", str(target), str(SAMPLES), str(missing))
    assert result.exit_code == 1
    assert f"failed: {missing}: " in result.stderr
    assert f"extracted 5 articles to {target}, 1 failed" in result.stderr
    table = pq.read_table(target).to_pylist()
    jsonl = [json.loads(line) for line in lines(newsarc("extract", str(SAMPLES)).stdout)]
    assert _without_import_time(table) == _without_import_time(jsonl)


def test_two_files_of_one_article_give_one_record_as_import_does(
    newsarc: Invoke, tmp_path: Path
) -> None:
    """A second file with an id already extracted gave a second record (import keeps the
    first); one with other text under that id is a conflict, as import reports it."""
    import shutil

    from conftest import sample

    folder = tmp_path / "posts"
    shutil.copytree(SAMPLES, folder / "a")
    (folder / "b").mkdir()
    shutil.copy(sample("002"), folder / "b" / "again.txt")  # the same bytes
    other = sample("000").read_text("utf-8").replace("新津", "新都", 3)  # its link, other text
    (folder / "b" / "changed.txt").write_text(other, encoding="utf-8")
    result = newsarc("extract", str(folder))
    ids = [json.loads(line)["id"] for line in lines(result.stdout)]
    assert len(ids) == len(set(ids)) == 5
    assert "1 already extracted" in result.stderr
    assert "same id as" in result.stderr and result.exit_code == 1
