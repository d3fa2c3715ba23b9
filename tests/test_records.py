"""Issue 15, items 4 and 6: `extract --with-original` keeps each file's bytes in its record,
and `newsarc import` takes records back (JSON Lines, JSON, Parquet), with their originals
when they were kept, so that a slice of a collection extracted elsewhere is browsed here."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from newsarc.model import V1_FIELDS

from conftest import CORPUS, SAMPLES, Invoke, lines, sample


def _records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in lines(text)]


def _by_id(records: list[dict[str, object]], drop: tuple[str, ...] = ()) -> dict[object, object]:
    return {r["id"]: {k: r[k] for k in V1_FIELDS if k not in drop} for r in records}


@pytest.fixture
def other(tmp_path: Path) -> Invoke:
    """The CLI on a second archive."""
    from typer.testing import CliRunner

    from newsarc.cli import app

    runner = CliRunner()
    db = tmp_path / "other-archive"
    return lambda *args, **kw: runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)


def test_extract_with_original_keeps_each_files_bytes(newsarc: Invoke) -> None:
    records = _records(newsarc("extract", "--with-original", str(SAMPLES)).stdout)
    assert [list(r) for r in records] == [[*V1_FIELDS, "original"]] * 5
    for record in records:
        assert base64.b64decode(str(record["original"])) == Path(str(record["path"])).read_bytes()
    plain = _records(newsarc("extract", str(SAMPLES)).stdout)
    assert "original" not in plain[0]
    refused = newsarc("extract", "--fields", "id,original", str(SAMPLES))
    assert refused.exit_code == 2 and "original" in refused.stderr  # only with the option


def test_records_with_originals_import_as_the_files_do(
    newsarc: Invoke, other: Invoke, tmp_path: Path
) -> None:
    records = tmp_path / "records.jsonl"
    extracted = newsarc("extract", "--with-original", "-o", str(records), str(SAMPLES), str(CORPUS))
    assert extracted.exit_code == 0, extracted.stderr
    result = other("import", str(records))
    assert result.exit_code == 0, result.stderr
    count = len(lines(records.read_text()))
    assert f"{count} added" in result.stderr
    assert newsarc("import", str(SAMPLES), str(CORPUS)).exit_code == 0
    from_files = _records(newsarc("export").stdout)
    from_records = _records(other("export").stdout)
    assert _by_id(from_records, ("imported_at",)) == _by_id(from_files, ("imported_at",))
    # the original is the file's, so show --raw and reindex work as for the files
    assert other("show", "--raw", "5a49").stdout_bytes == sample("002").read_bytes()
    reindexed = other("reindex")
    assert reindexed.exit_code == 0 and "0 changed" in reindexed.stderr, reindexed.stderr
    again = other("import", str(records))
    assert f"0 added, {count} already" in again.stderr, again.stderr


def test_records_without_originals_keep_their_record_as_original(
    imported: Invoke, other: Invoke, tmp_path: Path
) -> None:
    exported = tmp_path / "export.jsonl"
    assert imported("export", "-o", str(exported)).exit_code == 0
    result = other("import", str(exported))
    assert result.exit_code == 0 and "5 added" in result.stderr, result.stderr
    # an archive's export, taken back: the same records, import times and all
    assert _by_id(_records(other("export").stdout)) == _by_id(_records(imported("export").stdout))
    raw = json.loads(other("show", "--raw", "5a49").stdout)
    assert raw["title"] == "四川8市媒体携手建“五大平台”" and raw["id"].startswith("5a49")
    assert other("show", "5a49").stdout == imported("show", "5a49").stdout
    reindexed = other("reindex")
    assert reindexed.exit_code == 0, reindexed.stderr
    assert _by_id(_records(other("export").stdout)) == _by_id(_records(imported("export").stdout))
    assert lines(other("search", "腾讯", "-f", "ids").stdout) == lines(
        imported("search", "腾讯", "-f", "ids").stdout
    )
    # a record's text is not its file's: the same id is the same article, both ways round
    back = imported("import", str(exported))
    assert "0 added, 5 already there" in back.stderr and back.exit_code == 0, back.stderr
    files = other("import", str(SAMPLES))
    assert "0 added, 5 already there" in files.stderr and files.exit_code == 0, files.stderr


def test_a_json_array_and_parquet_import_too(
    imported: Invoke, other: Invoke, tmp_path: Path
) -> None:
    array, table = tmp_path / "all.json", tmp_path / "all.parquet"
    assert imported("export", "-f", "json", "-o", str(array)).exit_code == 0
    assert (
        imported(
            "extract", "-f", "parquet", "--with-original", "-o", str(table), str(SAMPLES)
        ).exit_code
        == 0
    )
    assert "5 added" in other("import", str(array)).stderr
    result = other("import", "--update", str(table))
    assert result.exit_code == 0 and "5 updated" in result.stderr, result.stderr
    assert other("show", "--raw", "5a49").stdout_bytes == sample("002").read_bytes()


def test_bad_records_are_named_and_the_rest_imported(
    imported: Invoke, other: Invoke, tmp_path: Path
) -> None:
    good = lines(imported("export").stdout)
    bad = tmp_path / "mixed.jsonl"
    no_text = {k: v for k, v in json.loads(good[1]).items() if k != "text"}
    bad_id = {**json.loads(good[2]), "id": "not-an-id"}
    bad.write_text(
        "\n".join([good[0], "{not json", json.dumps(no_text), json.dumps(bad_id), good[3], "[1]"])
        + "\n",
        encoding="utf-8",
    )
    result = other("import", str(bad))
    assert result.exit_code == 1
    assert "2 added" in result.stderr
    assert f"{bad}:2: not JSON" in result.stderr
    assert f"{bad}:3: not a newsarc record: no title or text" in result.stderr
    assert f"{bad}:4: not a newsarc record: no 16-hex-digit id" in result.stderr
    assert f"{bad}:6: not a JSON object" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(lines(other("list", "-f", "ids").stdout)) == 2


def test_a_json_file_that_is_no_records_is_read_as_a_file(other: Invoke, tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text('{"name": "not a record"}', encoding="utf-8")
    result = other("import", str(notes))
    assert "not a newsarc record" not in result.stderr
    assert len(lines(other("list", "-f", "ids").stdout)) <= 1


def test_a_missing_records_file_is_missing(other: Invoke, tmp_path: Path) -> None:
    result = other("import", str(tmp_path / "gone.parquet"))
    assert result.exit_code == 1
    assert f"failed: {tmp_path / 'gone.parquet'}: no such file or folder" in result.stderr
