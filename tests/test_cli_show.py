"""`newsarc show` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke, sample


def test_show_prints_header_then_text(imported: Invoke) -> None:
    out = imported("show", "5dd4").stdout
    head, _, text = out.partition("\n\n")
    assert head.splitlines()[0] == "新华网与成都新津签署合作协议 助力成都打造数字经济发展高地"
    assert "outlet: 新华网 (xinhuawang)" in head
    assert "date: 2021-12-27T12:49:32+08:00" in head
    assert "tags: 新华网新闻" in head
    assert (
        "link: http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112272227024698"
        in head
    )
    assert text.startswith("2021年12月27日，新华网与成都市新津区签署合作协议")


def test_show_authors(imported: Invoke) -> None:
    assert "authors: 黄名扬, 官远星" in imported("show", "5a49b1c9").stdout


def test_show_raw_prints_the_original_bytes(imported: Invoke) -> None:
    result = imported("show", "--raw", "5dd412dd")
    assert result.stdout_bytes == sample("000").read_bytes()


def test_unknown_id_exits_1(imported: Invoke) -> None:
    result = imported("show", "ffffffff")
    assert result.exit_code == 1
    assert result.stderr == "newsarc: no article with id 'ffffffff'\n"


def test_too_short_id_is_usage_error(imported: Invoke) -> None:
    result = imported("show", "5dd")
    assert result.exit_code == 2
    assert "at least 4 characters" in result.stderr


def test_ambiguous_prefix_lists_candidates(imported: Invoke, db: Path) -> None:
    from newsarc.archive import Archive

    archive = Archive.open(db)
    twin = dict(archive.listing.get("5a49b1c97322588d") or {}, id="5a49ffffffffffff")
    with archive.writing() as writer:
        writer.put(twin, "text", b"raw")
    result = imported("show", "5a49")
    assert result.exit_code == 1
    assert "ambiguous" in result.stderr
    assert "5a49b1c97322588d" in result.stderr and "5a49ffffffffffff" in result.stderr
    assert imported("show", "5a49b").exit_code == 0
