"""`newsarc import` through the CLI runner."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from conftest import SAMPLES, Invoke, lines, sample


def test_import_samples_reports_counts_on_stderr(newsarc: Invoke) -> None:
    result = newsarc("import", str(SAMPLES))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "5 added, 0 already there, 0 failed" in result.stderr


def test_reimport_changes_nothing_and_says_so(newsarc: Invoke, db: Path) -> None:
    newsarc("import", str(SAMPLES))
    before = {p.name: p.read_bytes() for p in (db / "catalog").iterdir()}
    result = newsarc("import", str(SAMPLES))
    assert result.exit_code == 0
    assert "0 added, 5 already there, 0 failed (nothing changed)" in result.stderr
    assert {p.name: p.read_bytes() for p in (db / "catalog").iterdir()} == before


def test_same_article_in_two_files_is_stored_once(newsarc: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = sample("000").read_bytes()
    (folder / "a.txt").write_bytes(data)
    (folder / "b.md").write_bytes(data.replace(b"\n", b"\r\n"))
    result = newsarc("import", str(folder))
    assert "1 added, 1 already there" in result.stderr
    assert len(lines(newsarc("list", "--format", "ids").stdout)) == 1


def test_one_bad_file_fails_alone_with_its_reason(newsarc: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(sample("002").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "english.md").write_text("Just an English readme.\n")
    result = newsarc("import", str(folder))
    assert result.exit_code == 1
    assert f"failed: {folder / 'empty.txt'}: empty file" in result.stderr
    assert f"failed: {folder / 'binary.bin'}: not a text file" in result.stderr
    # an English readme is no article: skipped and counted apart, not a failure
    assert "english.md" not in result.stderr
    assert "1 added, 0 already there, 1 skipped (not articles), 2 failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(lines(newsarc("list", "--format", "ids").stdout)) == 1
    verbose = newsarc("import", "-v", str(folder))
    assert f"skipped: {folder / 'english.md'}: no Chinese text" in verbose.stderr


def test_a_site_folder_imports_its_posts_and_skips_the_rest(
    newsarc: Invoke, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    post = sample("000").read_bytes()
    for name, data in {
        "_config.yml": b"title: my news\n",
        "_posts/2021-12-27-xinhua.md": post,
        "_posts/2022-01-12-other.md": sample("001").read_bytes(),
        "_layouts/post.html": b"<html>{{ content }}</html>",
        "_includes/head.html": b"<head></head>",
        "_site/2021/12/27/xinhua.html": b"<html><body>\xe6\x96\xb0</body></html>",
        "assets/logo.png": b"\x89PNG\r\n",
        "assets/css/main.scss": b"body {}",
        "index.md": "---\nlayout: home\ntitle: 首页\n---\n欢迎来到本站。\n".encode(),
        "about.md": "---\nlayout: page\ntitle: 关于\n---\n本站收集财经新闻。\n".encode(),
        "Gemfile": b"source 'https://rubygems.org'\n",
        "README.md": b"# My news site\n\nBuilt with Jekyll.\n",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    result = newsarc("import", "-v", str(site))
    assert result.exit_code == 0, result.stderr
    assert "2 added, 0 already there, 5 skipped (not articles), 0 failed" in result.stderr
    for skipped in ("index.md", "about.md", "Gemfile", "README.md", "_config.yml"):
        assert f"skipped: {site / skipped}: " in result.stderr
    assert f"{site / '_site'}" not in result.stderr
    assert f"{site / '_layouts'}" not in result.stderr
    assert len(lines(newsarc("list", "--format", "ids").stdout)) == 2


def test_include_and_exclude_globs_choose_files(newsarc: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in ("2021/a.txt", "2021/drafts/b.txt", "2022/c.txt"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(
            sample("002").read_bytes().replace("四川".encode(), name.encode())
        )
    result = newsarc(
        "import", "--dry-run", "--include", "2021/*", "--exclude", "drafts", str(folder)
    )
    assert "dry run: 1 would add" in result.stderr, result.stderr
    result = newsarc("import", "--dry-run", "--exclude", "*.txt", str(folder))
    assert "dry run: 0 would add" in result.stderr


def test_missing_path_is_a_failure_not_a_crash(newsarc: Invoke, tmp_path: Path) -> None:
    result = newsarc("import", str(tmp_path / "nope"), str(sample("000")))
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr
    assert "1 added" in result.stderr


def test_dry_run_stores_nothing(newsarc: Invoke, db: Path) -> None:
    result = newsarc("import", "--dry-run", str(SAMPLES))
    assert result.exit_code == 0
    assert "dry run: 5 would add" in result.stderr
    assert not (db / "catalog").exists()


def test_source_and_tags_given_at_import(newsarc: Invoke) -> None:
    newsarc(
        "import", "--source", "福建日报", "--tag", "fujian", "--tag", "融媒体", str(sample("003"))
    )
    record = json.loads(newsarc("export").stdout)
    assert (record["source"], record["source_name"]) == ("fujianribao", "福建日报")
    assert record["tags"] == ["fujian", "融媒体"]


def test_source_option_does_not_override_what_the_file_says(newsarc: Invoke) -> None:
    newsarc("import", "--source", "nbd", str(sample("000")))
    record = json.loads(newsarc("export").stdout)
    assert record["source"] == "xinhuawang"


def test_update_reextracts_and_keeps_import_tags(newsarc: Invoke, tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_bytes(sample("000").read_bytes())
    newsarc("import", "--tag", "kept", str(post))
    post.write_bytes(
        sample("000").read_bytes().replace(b"tags: \xe6\x96\xb0", b"tags: \xe6\x96\xb0x")
    )
    result = newsarc("import", "--update", str(post))
    assert "1 updated" in result.stderr
    record = json.loads(newsarc("export").stdout)
    assert record["tags"] == ["新x华网新闻", "kept"]


def test_encodings_and_bom_and_crlf_import_alike(newsarc: Invoke, tmp_path: Path) -> None:
    text = sample("002").read_text("utf-8")
    folder = tmp_path / "enc"
    folder.mkdir()
    (folder / "gb.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (folder / "u16.txt").write_bytes(text.encode("utf-16"))
    result = newsarc("import", str(folder))
    assert "1 added, 2 already there, 0 failed" in result.stderr


def test_quiet_prints_nothing_when_all_is_well(newsarc: Invoke) -> None:
    result = newsarc("import", "-q", str(SAMPLES))
    assert result.exit_code == 0 and result.stderr == ""


def test_import_without_paths_is_usage_error(newsarc: Invoke) -> None:
    assert newsarc("import").exit_code == 2


def test_broken_front_matter_imports_with_a_warning_naming_the_file(
    newsarc: Invoke, tmp_path: Path
) -> None:
    post = tmp_path / "broken.md"
    post.write_text('---\ntitle: "他说"好"的消息"\ndate: 2021-12-27\n---\n正文。\n', "utf-8")
    result = newsarc("import", str(post))
    assert result.exit_code == 0
    assert f"warning: {post}: front matter is not valid YAML" in result.stderr
    assert json.loads(newsarc("export").stdout)["title"] == '他说"好"的消息'


def test_worker_processes_return_results_in_the_order_of_the_files() -> None:
    from newsarc.extraction import POOL_THRESHOLD, extract_bytes_job, map_extraction

    count = POOL_THRESHOLD * 3
    jobs = [
        (f"新闻标题第{n}号\n\n正文第{n}段，内容在此。\n".encode(), f"/x/{n}.txt", "")
        for n in range(count)
    ]
    results = list(map_extraction(extract_bytes_job, jobs, workers=2))
    assert [r.path for r in results] == [f"/x/{n}.txt" for n in range(count)]
    assert all(r.extracted is not None for r in results)
    assert [r.extracted.title for r in results if r.extracted] == [
        f"新闻标题第{n}号" for n in range(count)
    ]
    # the text comes back once, packed with the original
    assert [r.text for r in results] == [
        # the headline line is the title, not text
        f"正文第{n}段，内容在此。"
        for n in range(count)
    ]
    assert all(r.extracted and r.extracted.text == "" for r in results)


def test_a_file_longer_than_fstat_said_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read to the size fstat gives, plus one byte: a file that grew in between
    (a scraper still writing it) is read on to its end."""
    import os

    from newsarc.extraction import read_and_extract

    path = sample("002")
    whole = read_and_extract(str(path))
    real_fstat = os.fstat

    def shrunk(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[6] = 10  # st_size
        return os.stat_result(info)

    monkeypatch.setattr("newsarc.extraction.os.fstat", shrunk)
    grown = read_and_extract(str(path))
    assert grown.error is None and grown.extracted is not None and whole.extracted is not None
    assert grown.article == whole.article
    assert grown.extracted.title == whole.extracted.title == "四川8市媒体携手建“五大平台”"
