"""`newsarc list` through the CLI runner (stdout is not a terminal here: tsv by default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Invoke, lines

FINEWS = Path(__file__).parent / "data" / "finews"

ID_000 = "5dd412ddb53d359a"
ID_001 = "d4fa3bd623a11651"
ID_002 = "5a49b1c97322588d"


def ids(result_stdout: str) -> list[str]:
    return [line.split("\t")[0] for line in lines(result_stdout)]


def test_list_in_a_pipe_is_tsv_newest_first_undated_last(imported: Invoke) -> None:
    out = imported("list").stdout
    rows = [line.split("\t") for line in lines(out)]
    assert [r[0] for r in rows[:3]] == [ID_001, ID_000, ID_002]
    assert rows[1] == [
        ID_000,
        "2021-12-27T12:49:32+08:00",
        "xinhuawang",
        "新华网与成都新津签署合作协议 助力成都打造数字经济发展高地",
    ]
    assert rows[-1][1] == ""  # 003 has no date
    assert "\x1b" not in out


def test_source_prefix_matches_slug(imported: Invoke) -> None:
    assert ids(imported("list", "--source", "xinhua").stdout) == [ID_000]


def test_source_substring_matches_name(imported: Invoke) -> None:
    assert ids(imported("list", "--source", "每日").stdout) == [ID_002]


def test_source_matches_alias_and_traditional_name(imported: Invoke) -> None:
    assert ids(imported("list", "--source", "NBD").stdout) == [ID_002]
    assert ids(imported("list", "--source", "新華").stdout) == [ID_000]


def test_sources_or_together(imported: Invoke) -> None:
    result = imported("list", "--source", "xinhua", "--source", "qingdao")
    assert sorted(ids(result.stdout)) == sorted([ID_000, ID_001])


def test_since_year_means_from_january_first(imported: Invoke) -> None:
    assert ids(imported("list", "--since", "2021").stdout) == [ID_001, ID_000]


def test_until_month_means_through_its_last_day(imported: Invoke) -> None:
    assert ids(imported("list", "--until", "2021-12").stdout)[0] == ID_000
    assert ids(imported("list", "--since", "2021-12-27", "--until", "2021-12-27").stdout) == [
        ID_000
    ]


def test_different_filters_and_together(imported: Invoke) -> None:
    assert ids(imported("list", "--source", "xinhua", "--since", "2022").stdout) == []
    assert ids(imported("list", "--tag", "新华网新闻", "--source", "xin").stdout) == [ID_000]


def test_sort_and_limit(imported: Invoke) -> None:
    by_title = ids(imported("list", "--sort", "title").stdout)
    assert len(by_title) == 5
    assert ids(imported("list", "--limit", "2").stdout) == [ID_001, ID_000]
    assert ids(imported("list", "--reverse", "--limit", "1", "--since", "2000").stdout) == [
        "dcf172fc07870fa6"
    ]


@pytest.mark.parametrize("bad", ["2021-13", "last week", "20211"])
def test_malformed_date_is_usage_error(imported: Invoke, bad: str) -> None:
    result = imported("list", "--since", bad)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("newsarc: bad date")
    assert "Traceback" not in result.stderr


def test_formats(imported: Invoke) -> None:
    assert lines(imported("list", "-f", "ids", "-s", "xinhua").stdout) == [ID_000]
    record = json.loads(lines(imported("list", "-f", "jsonl", "-s", "xinhua").stdout)[0])
    assert record["id"] == ID_000 and "text" not in record
    array = json.loads(imported("list", "-f", "json").stdout)
    assert len(array) == 5
    assert imported("list", "-f", "xml").exit_code == 2


def test_table_format_has_short_ids_and_cjk_titles(imported: Invoke) -> None:
    out = imported("list", "-f", "table", "-s", "xinhua").stdout
    assert "ID" in out and "5dd412dd" in out and "新华网与成都新津签署合作协议" in out


def test_list_of_an_empty_archive_is_empty(imported: Invoke, db: Path) -> None:
    imported("rm", "--yes", *imported("list", "-f", "ids").stdout.split())
    result = imported("list")
    assert result.exit_code == 0 and result.stdout == ""
    db.with_name("empty").mkdir()  # an empty folder is an archive with nothing in it yet
    assert imported("--db", str(db.with_name("empty")), "list").stdout == ""


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout and stderr are a terminal 24 lines high (rich reads LINES and COLUMNS)."""
    monkeypatch.setattr("newsarc.cli.output._isatty", lambda stream: True)
    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("COLUMNS", "100")


def _table_rows(out: str) -> list[str]:
    return [line for line in lines(out) if not line.startswith("ID ")]


def test_list_on_a_terminal_shows_one_screen_and_says_how_to_see_the_rest(
    newsarc: Invoke, on_a_terminal: None
) -> None:
    assert newsarc("import", "-q", str(FINEWS)).exit_code == 0
    total = len(lines(newsarc("list", "-f", "ids").stdout))
    assert total > 20
    result = newsarc("list")
    shown = _table_rows(result.stdout)
    assert 10 <= len(shown) < 24  # one screen, with room for the header and the last line
    assert f"{len(shown)} of {total} articles" in result.stderr
    assert "--all" in result.stderr
    # the screen holds the newest: the first rows of the whole list
    every = newsarc("list", "--all")
    assert _table_rows(every.stdout)[: len(shown)] == shown
    assert len(_table_rows(every.stdout)) == total
    assert f"{total} articles" in every.stderr


def test_list_on_a_terminal_with_a_limit_or_a_filter_says_the_total(
    newsarc: Invoke, on_a_terminal: None
) -> None:
    assert newsarc("import", "-q", str(FINEWS)).exit_code == 0
    total = len(lines(newsarc("list", "-f", "ids").stdout))
    result = newsarc("list", "--limit", "3")
    assert len(_table_rows(result.stdout)) == 3
    assert f"3 of {total} articles" in result.stderr


def test_list_in_a_pipe_writes_everything(newsarc: Invoke) -> None:
    assert newsarc("import", "-q", str(FINEWS)).exit_code == 0
    stored = json.loads(newsarc("stats", "-f", "json").stdout)["articles"]
    assert stored > 20 and len(lines(newsarc("list").stdout)) == stored
