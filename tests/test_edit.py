"""tag, edit, rm: validated, dry-run-able, and kept through reindex and re-import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLES, Invoke, lines

ID_000, ID_003 = "5dd412ddb53d359a", "5feaf3c41f31f259"


def record(invoke: Invoke, article_id: str) -> dict[str, object]:
    return json.loads(invoke("export", article_id).stdout)


def test_tag_add_and_remove(imported: Invoke) -> None:
    result = imported("tag", ID_000, "--add", "数字经济", "--remove", "新华网新闻")
    assert result.exit_code == 0
    assert f"{ID_000}: changed tags: [新华网新闻] → [数字经济]" in result.stderr
    assert record(imported, ID_000)["tags"] == ["数字经济"]
    assert lines(imported("list", "--tag", "数字经济", "-f", "ids").stdout) == [ID_000]


def test_tag_needs_a_change(imported: Invoke) -> None:
    assert imported("tag", ID_000).exit_code == 2


def test_edit_title_date_source(imported: Invoke) -> None:
    result = imported(
        "edit",
        ID_003,
        "--title",
        "福建融媒体专线开通",
        "--date",
        "2020-11-09",
        "--source",
        "福建日报",
    )
    assert result.exit_code == 0, result.stderr
    changed = record(imported, ID_003)
    assert (changed["title"], changed["date"]) == ("福建融媒体专线开通", "2020-11-09")
    assert (changed["source"], changed["source_name"]) == ("fujianribao", "福建日报")


def test_bad_date_is_usage_error_and_changes_nothing(imported: Invoke) -> None:
    before = record(imported, ID_003)
    result = imported("edit", ID_003, "--date", "2020-13-01")
    assert result.exit_code == 2 and "bad date" in result.stderr
    assert record(imported, ID_003) == before


def test_dry_run_changes_nothing(imported: Invoke) -> None:
    before = record(imported, ID_000)
    result = imported("edit", ID_000, "--title", "新标题", "--dry-run")
    assert "would change title" in result.stderr
    assert imported("tag", ID_000, "--add", "x", "--dry-run").exit_code == 0
    assert record(imported, ID_000) == before
    assert "would remove: 5dd412dd" in imported("rm", ID_000, "--dry-run").stderr
    assert record(imported, ID_000) == before


def test_edits_survive_reindex_and_reimport(imported: Invoke) -> None:
    imported("edit", ID_003, "--date", "2020-11-09", "--source", "福建日报")
    imported("tag", ID_000, "--add", "mine", "--remove", "新华网新闻")
    edited = {i: record(imported, i) for i in (ID_000, ID_003)}
    assert "0 changed" in imported("reindex").stderr
    imported("import", "--update", str(SAMPLES))
    assert {i: record(imported, i) for i in (ID_000, ID_003)} == edited


def test_rm_refuses_without_yes_in_a_pipe(imported: Invoke) -> None:
    result = imported("rm", ID_000)
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert ID_000 in imported("list", "-f", "ids").stdout


def test_rm_with_yes_removes_and_backs_up(imported: Invoke, db: Path) -> None:
    result = imported("rm", "--yes", ID_000, "5a49")
    assert result.exit_code == 0 and "removed 2 articles" in result.stderr
    assert len(lines(imported("list", "-f", "ids").stdout)) == 3
    assert list((db / "backups").glob("catalog-*-rm.json"))
    assert imported("show", ID_000).exit_code == 1


def test_rm_asks_on_a_terminal(imported: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("newsarc.cli.edit_cmds._stdin_is_terminal", lambda: True)
    refused = imported("rm", ID_000, input="n\n")
    assert refused.exit_code == 1 and "nothing removed" in refused.stderr
    agreed = imported("rm", ID_000, input="y\n")
    assert agreed.exit_code == 0 and "removed 1 article" in agreed.stderr


def test_unknown_id(imported: Invoke) -> None:
    assert imported("edit", "ffffffff", "--title", "x").exit_code == 1
    assert imported("rm", "--yes", "ffffffff").exit_code == 1


@pytest.mark.parametrize(
    "change",
    [
        ("rm", "--yes", "5dd4"),
        ("tag", "5dd4", "--add", "新标签"),
        ("edit", "5dd4", "--title", "新标题"),
    ],
)
def test_a_change_keeps_the_listing_current_without_a_rebuild(
    imported: Invoke, monkeypatch: pytest.MonkeyPatch, change: tuple[str, ...]
) -> None:
    """The derived listing follows each change; no later read has to parse the catalog."""
    from newsarc.store.listing import Listing

    imported("list")
    assert imported(*change).exit_code == 0

    def no_rebuild(self: Listing, db: object) -> None:
        raise AssertionError("the listing was rebuilt from the catalog")

    monkeypatch.setattr(Listing, "_rebuild", no_rebuild)
    result = imported("list", "-f", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in lines(result.stdout)]
    touched = [r for r in records if r["id"].startswith("5dd4")]
    if change[0] == "rm":
        assert touched == [] and len(records) == 4
    else:
        assert touched and (change[-1] in touched[0]["tags"] or touched[0]["title"] == "新标题")
