"""`newsarc export` through the CLI runner."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pytest

from newsarc.model import SCHEMA_FIELDS

from conftest import SAMPLES, Invoke, lines


def test_jsonl_has_exactly_the_schema_keys_in_order(imported: Invoke) -> None:
    records = [json.loads(line) for line in lines(imported("export").stdout)]
    assert len(records) == 5
    assert all(list(r) == list(SCHEMA_FIELDS) for r in records)
    by_id = {r["id"]: r for r in records}
    xinhua = by_id["5dd412ddb53d359a"]
    assert xinhua["text"].startswith("2021年12月27日")
    assert (
        xinhua["path"].endswith("000_8e803366d3538c4d.txt") and Path(xinhua["path"]).is_absolute()
    )
    assert xinhua["imported_at"].endswith("+00:00")


def test_export_takes_list_filters(imported: Invoke) -> None:
    records = [json.loads(line) for line in lines(imported("export", "--since", "2021").stdout)]
    assert [r["id"] for r in records] == ["d4fa3bd623a11651", "5dd412ddb53d359a"]


def test_export_takes_ids_and_prefixes(imported: Invoke) -> None:
    out = imported("export", "5a49", "5dd412ddb53d359a", "--fields", "id,source").stdout
    assert [json.loads(line) for line in lines(out)] == [
        {"id": "5dd412ddb53d359a", "source": "xinhuawang"},
        {"id": "5a49b1c97322588d", "source": "meirijingjixinwen"},
    ]


def test_unknown_field_is_usage_error(imported: Invoke) -> None:
    result = imported("export", "--fields", "id,body")
    assert result.exit_code == 2 and "unknown field(s) body" in result.stderr


def test_unknown_id_is_error(imported: Invoke) -> None:
    assert imported("export", "abcdef99").exit_code == 1


def test_json_array(imported: Invoke) -> None:
    assert len(json.loads(imported("export", "-f", "json").stdout)) == 5


def test_csv_joins_lists(imported: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(imported("export", "-f", "csv", "-s", "每经").stdout)))
    assert len(rows) == 1 and rows[0]["authors"] == "黄名扬; 官远星" and rows[0]["feed"] == ""


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(imported: Invoke) -> None:
    """Issue 13: a title such as =HYPERLINK(…) went into the CSV as is, and a spreadsheet
    runs it. Cells that begin with = + - @ | % get a leading ' (as defusedcsv does: numbers
    such as -12 stay); --csv-raw keeps every cell as stored."""
    imported("edit", "5dd4", "--title", '=HYPERLINK("http://evil.example","点我")')
    imported("tag", "5fea", "--add", "@cmd", "--add", "-12")  # it had no tags
    imported("edit", "d4fa", "--title", "-12")

    def rows(*extra: str) -> dict[str, dict[str, str]]:
        out = imported("export", "-f", "csv", "--fields", "id,title,tags", *extra).stdout
        return {r["id"][:4]: r for r in csv.DictReader(io.StringIO(out))}

    safe = rows()
    assert safe["5dd4"]["title"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert safe["5fea"]["tags"] == "'@cmd; -12" and safe["d4fa"]["title"] == "-12"
    raw = rows("--csv-raw")
    assert raw["5dd4"]["title"] == '=HYPERLINK("http://evil.example","点我")'
    # the data itself is untouched: JSON keeps the title as stored
    assert json.loads(imported("export", "5dd4").stdout)["title"].startswith("=HYPERLINK")


def test_md_to_folder_names_files_from_date_and_id(imported: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "md"
    out.mkdir()
    result = imported("export", "-f", "md", "-o", str(out))
    assert result.exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            "2021-12-27_5dd412ddb53d359a.md",
            "2022-01-12_d4fa3bd623a11651.md",
            "2018-12-11_5a49b1c97322588d.md",
            "2018-09-30_dcf172fc07870fa6.md",
            "undated_5feaf3c41f31f259.md",
        ]
    )
    assert (
        (out / "2021-12-27_5dd412ddb53d359a.md")
        .read_text()
        .startswith("# 新华网与成都新津签署合作协议 助力成都打造数字经济发展高地\n")
    )


def test_txt_to_a_file(imported: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    result = imported("export", "-f", "txt", "-s", "xinhua", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text().startswith("新华网与成都新津签署合作协议")


def test_export_keeps_data_as_it_is(newsarc: Invoke, tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(
        '---\ntitle: "标题\\e[2J[bold]x[/bold]"\ndate: 2021-01-01\n---\n正文内容。\n', "utf-8"
    )
    newsarc("import", str(post))
    record = json.loads(newsarc("export").stdout)
    assert record["title"] == "标题\x1b[2J[bold]x[/bold]"


def test_output_path_ending_in_slash_is_a_new_folder(imported: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = imported("export", "-f", "txt", "-s", "xinhua", "-o", f"{target}/")
    assert result.exit_code == 0
    assert [p.name for p in target.iterdir()] == ["2021-12-27_5dd412ddb53d359a.txt"]


def test_folder_output_for_jsonl_is_usage_error(imported: Invoke, tmp_path: Path) -> None:
    result = imported("export", "-o", str(tmp_path))
    assert result.exit_code == 2 and "one file per article" in result.stderr


def test_parquet_has_the_schema_columns_and_reads_back(imported: Invoke, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "all.parquet"
    result = imported("export", "--format", "parquet", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(target)
    assert table.column_names == list(SCHEMA_FIELDS)
    rows = {row["id"]: row for row in table.to_pylist()}
    jsonl = {r["id"]: r for r in map(json.loads, lines(imported("export").stdout))}
    assert rows == jsonl


def test_parquet_with_fields_and_filters(imported: Invoke, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "x.parquet"
    imported("export", "-f", "parquet", "--fields", "id,tags", "-s", "xinhua", "-o", str(target))
    assert pq.read_table(target).to_pylist() == [{"id": "5dd412ddb53d359a", "tags": ["新华网新闻"]}]


def test_export_to_folder_never_writes_outside_it(
    newsarc: Invoke, db: Path, tmp_path: Path
) -> None:
    from newsarc.archive import Archive

    archive = Archive.open(db, create=True)
    hostile = {
        "id": "00000000000000aa",
        "title": "../../../escape/../evil",
        "source": "",
        "source_name": "",
        "feed": None,
        "date": "../../2021-01-01/../../x",
        "tags": [],
        "url": None,
        "authors": [],
        "lang": "zh-Hans",
        "path": "/x",
        "imported_at": "2026-01-01T00:00:00+00:00",
    }
    with archive.writing() as writer:
        writer.put(hostile, "正文", b"raw")
    out = tmp_path / "out"
    result = newsarc("export", "-f", "md", "-o", f"{out}/")
    assert result.exit_code == 0
    assert [p.name for p in out.iterdir()] == ["undated_00000000000000aa.md"]
    assert {p.name for p in tmp_path.iterdir()} <= {"archive", "default-archive", "out"}
    assert not list(out.parent.parent.glob("escape*")) and not list(tmp_path.glob("*evil*"))


def test_file_name_refuses_an_id_that_is_not_hex() -> None:
    import pytest

    from newsarc.errors import UsageError
    from newsarc.export import file_name_for
    from newsarc.model import Article

    with pytest.raises(UsageError):
        file_name_for(Article(id="../../etc", title="x"), "md")


def test_texts_read_in_worker_processes_export_the_same(
    imported: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large exports read texts in worker processes; small ones in this one. Forced here
    with a threshold of 2 articles and two cores: every format comes out the same."""
    sequential = {fmt: imported("export", "-f", fmt).stdout for fmt in ("jsonl", "md", "csv")}
    monkeypatch.setattr("newsarc.archive.PARALLEL_TEXTS", 2)
    monkeypatch.setattr("newsarc.workers.cores", lambda: 2)
    for fmt, expected in sequential.items():
        assert imported("export", "-f", fmt).stdout == expected
    assert len(lines(sequential["jsonl"])) == 5
    # a small chunk size makes several chunks, each read ahead in a worker
    from newsarc.archive import Archive

    archive = Archive.open(db, create=True)
    texts = [a.text for a in archive.iter_find(with_text=True, chunk=2)]
    assert texts == [json.loads(line)["text"] for line in lines(sequential["jsonl"])]


def test_a_damaged_text_read_in_a_worker_is_reported(
    imported: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    (pack,) = (db / "objects").glob("pack-*.zip")
    with zipfile.ZipFile(pack) as old:
        members = {name: old.read(name) for name in old.namelist()}
    members["5dd412ddb53d359a.article.zst"] = b"damaged"
    with zipfile.ZipFile(pack, "w") as new:
        for name, data in members.items():
            new.writestr(name, data)
    monkeypatch.setattr("newsarc.archive.PARALLEL_TEXTS", 2)
    monkeypatch.setattr("newsarc.workers.cores", lambda: 2)
    result = imported("export")
    assert result.exit_code == 1
    assert "5dd412ddb53d359a.article.zst is damaged" in result.stderr


def test_an_export_never_writes_inside_the_archive(
    imported: Invoke, db: Path, tmp_path: Path
) -> None:
    """Issue 13: `export -o $DB/objects/pack-….zip` replaced a pack with the export, and
    with it 1,000 texts and originals. Any path inside the archive is refused, also through
    a link, and nothing in the archive changes."""
    (pack,) = sorted((db / "objects").glob("*.zip"))
    before = {p: p.read_bytes() for p in db.rglob("*") if p.is_file() and "sqlite" not in p.name}
    link = tmp_path / "into-the-archive"
    link.symlink_to(db / "objects")
    for target in (pack, db / "catalog" / "manifest.json", db / "new.jsonl", link / "x.zip"):
        result = imported("export", "-o", str(target))
        assert result.exit_code == 2, (target, result.stdout)
        assert "inside the archive" in result.stderr and "Traceback" not in result.stderr
    result = imported("export", "-f", "md", "-o", str(db) + "/")
    assert result.exit_code == 2 and "inside the archive" in result.stderr
    after = {p: p.read_bytes() for p in db.rglob("*") if p.is_file() and "sqlite" not in p.name}
    assert after == before
    assert imported("export", "-o", str(tmp_path / "fine.jsonl")).exit_code == 0


def test_export_into_a_fifo_writes_into_it(imported: Invoke, tmp_path: Path) -> None:
    """Issue 13: `export -o FIFO` replaced the FIFO (a temp file renamed over it), so the
    reader at the other end never got anything. A path that is not a regular file (a FIFO,
    a device, /dev/stdout) is written into as it is."""
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = imported("export", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert fifo.is_fifo() and len(got[0].splitlines()) == 5


def test_export_to_a_file_honours_the_umask_and_writes_through_a_link(
    imported: Invoke, tmp_path: Path
) -> None:
    """Exported files were always 0600 (the temp file's mode); now what the umask gives a
    new file, or the mode of the file replaced. A link to a file stays a link: the file it
    points at gets the export."""
    import os

    old = os.umask(0o022)
    try:
        assert imported("export", "-o", str(tmp_path / "new.jsonl")).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new.jsonl").stat().st_mode & 0o777 == 0o644
    kept = tmp_path / "kept.jsonl"
    kept.write_text("old\n")
    kept.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(kept)
    assert imported("export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and kept.stat().st_mode & 0o777 == 0o640
    assert len(kept.read_text().splitlines()) == 5
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp


def test_an_export_ended_by_sigterm_leaves_no_temp_file(
    imported: Invoke, db: Path, tmp_path: Path
) -> None:
    """SIGTERM (what `kill` and service managers send) ended an export without cleaning up
    its hidden temp file. It now ends like Ctrl-C: the temp file goes, exit 143."""
    import os
    import signal

    from newsarc import export
    from newsarc.archive import Archive

    articles = Archive.open(db).find()

    def killed_halfway():  # type: ignore[no-untyped-def]
        yield articles[0]
        os.kill(os.getpid(), signal.SIGTERM)
        yield from articles[1:]

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(SystemExit) as ended:
        export.write_file(killed_halfway(), "jsonl", ("id",), out / "out.jsonl")
    assert ended.value.code == 143
    assert list(out.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # put back as it was


def test_csv_for_excel_has_a_byte_order_mark_and_cells_excel_can_hold(
    newsarc: Invoke, tmp_path: Path
) -> None:
    """Issue 14, item 6: a CSV export opened in Excel showed mojibake: Excel reads UTF-8
    without a byte-order mark as the local code page."""
    from newsarc.export import EXCEL_CELL

    post = tmp_path / "long.md"
    long_text = "长" * (EXCEL_CELL + 100)
    post.write_text(f"---\ntitle: 很长的文章\ndate: 2021-01-01\n---\n\n{long_text}\n", "utf-8")
    assert newsarc("import", str(SAMPLES), str(post)).exit_code == 0
    plain = newsarc("export", "-f", "csv").stdout_bytes
    target = tmp_path / "for-excel.csv"
    result = newsarc("export", "-f", "csv", "--excel", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and not plain.startswith(codecs.BOM_UTF8)
    excel_rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    plain_rows = list(csv.reader(io.StringIO(plain.decode("utf-8"), newline="")))
    assert len(excel_rows) == len(plain_rows) == 7
    for excel_row, plain_row in zip(excel_rows, plain_rows, strict=True):
        assert excel_row == [cell[:EXCEL_CELL] for cell in plain_row]
    assert max(len(cell) for row in excel_rows for cell in row) == EXCEL_CELL
    assert newsarc("export", "-f", "jsonl", "--excel").exit_code == 2
