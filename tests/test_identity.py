"""Issue 13, item 2: an article's identity. Its link when it has one, else its content,
normalised (encoding, pinyin glosses, markup and spacing aside) and read from the file before
any extraction, so that neither import options, nor values newsarc made up, nor a better
extractor change it; a file whose id is stored with other content is said, never dropped."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, SAMPLES, Invoke, lines, sample

OLD_ARCHIVE = DATA / "archive-before-content-ids"  # written by e61ad44, the rule before


def _ids(invoke: Invoke) -> list[str]:
    return sorted(lines(invoke("list", "-f", "ids").stdout))


def _first_sentence_page(rest: str) -> str:
    """A page with no headline: its title is made from its first sentence."""
    return (
        "2024年3月1日，本市举行春季招聘会，数百家企业参加，提供岗位超过一万个。\n"
        f"{rest}\n"
        "招聘会将持续三天，主办方提醒求职者带好简历和身份证件，提前在网上预约入场时间。\n"
    )


def test_pages_that_open_with_the_same_sentence_are_two_articles(
    newsarc: Invoke, tmp_path: Path
) -> None:
    """794 of a generated 100k were dropped as "already there": a page without a headline
    got its title from its first sentence, and its id from outlet + date + that title."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        _first_sentence_page("现场设有政策咨询台，人社部门工作人员为求职者解答社保和落户问题。"),
        "utf-8",
    )
    (folder / "b.txt").write_text(
        _first_sentence_page("今年首次设立直播带岗专区，二十家企业的人事经理在线介绍招聘岗位。"),
        "utf-8",
    )
    result = newsarc("import", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "2 added, 0 already there" in result.stderr
    records = [json.loads(line) for line in lines(newsarc("export").stdout)]
    assert len({r["title"] for r in records}) == 1 and len(records) == 2


def test_import_options_do_not_change_identity(newsarc: Invoke) -> None:
    """Importing the samples again with another --source turned 5 articles into 9."""
    newsarc("import", str(SAMPLES))
    before = _ids(newsarc)
    result = newsarc("import", "--source", "somewhere", "--tag", "again", str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    assert "0 added, 5 already there" in result.stderr
    assert _ids(newsarc) == before


def test_the_same_article_in_another_encoding_or_with_glosses_has_one_id(
    newsarc: Invoke, tmp_path: Path
) -> None:
    text = sample("003").read_text("utf-8")
    assert "習(xí)" in text
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "utf8.txt").write_text(text, "utf-8")
    (folder / "gb.txt").write_bytes(text.encode("gb18030"))
    (folder / "utf16.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    glossless = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text)
    assert "習近平" in glossless and "(x" not in glossless
    (folder / "glossless.txt").write_text(glossless, "utf-8")
    result = newsarc("import", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "1 added, 3 already there" in result.stderr, result.stderr


def test_a_better_extractor_does_not_change_an_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids come from the file's content, not from what the extractor made of it."""
    from newsarc.ingest import extract

    data = sample("004").read_bytes()
    before = extract.extract_article(data, "004.txt")
    read_page = extract.read_page

    def another_reading(*args: object, **kwargs: object) -> object:
        parts = read_page(*args, **kwargs)  # type: ignore[arg-type]
        parts.paragraphs = parts.paragraphs[:-1]
        parts.headline = "另一个标题"
        return parts

    monkeypatch.setattr(extract, "read_page", another_reading)
    after = extract.extract_article(data, "004.txt")
    assert (after.text, after.title) != (before.text, before.title)
    assert after.id == before.id


def test_a_link_identifies_an_article_and_other_text_under_it_is_said(
    newsarc: Invoke, tmp_path: Path
) -> None:
    post = tmp_path / "post.txt"
    original = sample("000").read_bytes()
    post.write_bytes(original)
    assert newsarc("import", str(post)).exit_code == 0
    (stored,) = _ids(newsarc)
    changed = original.replace("签署".encode(), "签订".encode())
    assert changed != original
    post.write_bytes(changed)
    result = newsarc("import", str(post))
    assert result.exit_code == 1
    assert (
        f"{post}: same id as {stored}, different text; kept the stored one, "
        "--update replaces it" in result.stderr
    )
    assert "0 added, 0 already there, 1 with the same id and other text" in result.stderr
    assert "签署" in newsarc("show", stored).stdout
    result = newsarc("import", "--update", str(post))
    assert result.exit_code == 0 and "1 updated" in result.stderr
    assert "签订" in newsarc("show", stored).stdout
    assert _ids(newsarc) == [stored]


def test_two_files_of_one_import_with_one_link_and_other_texts(
    newsarc: Invoke, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    original = sample("000").read_bytes()
    (folder / "a.txt").write_bytes(original)
    (folder / "b.txt").write_bytes(original.replace("签署".encode(), "签订".encode()))
    result = newsarc("import", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'b.txt'}: same id as" in result.stderr
    assert len(_ids(newsarc)) == 1


def test_archives_written_before_keep_their_ids(newsarc: Invoke, db: Path) -> None:
    """An archive whose ids came from the old rule: the same files import as already there,
    under the ids it has (which keep resolving), with what was done to them kept."""
    shutil.copytree(OLD_ARCHIVE, db)
    old = _ids(newsarc)
    assert "d3e142aeaf790efc" in old
    result = newsarc("import", str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    assert "0 added, 5 already there" in result.stderr
    assert _ids(newsarc) == old
    assert "四川8市媒体携手" in newsarc("show", "d3e1").stdout
    result = newsarc("import", "--update", str(SAMPLES))
    assert result.exit_code == 0 and "5 updated" in result.stderr, result.stderr
    assert _ids(newsarc) == old
    record = json.loads(newsarc("export", "d3e1").stdout)
    assert "kept" in record["tags"]
    assert newsarc("doctor").exit_code == 0


def test_many_links_to_one_text_cost_a_lookup_each(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wire story at many links has one content key: finding a file's article by its
    content read every stored copy for every file (3,000 posts: 3 s to 20 s); it reads one."""
    from newsarc.store.store import Writer
    from stress.conftest import write_posts

    write_posts(db.parent / "posts", 300)  # one body, 300 links
    assert newsarc("import", "-q", str(db.parent / "posts")).exit_code == 0
    asked: list[int] = []
    real = Writer.records

    def counted(self: Writer, ids: list[str]) -> dict[str, object]:
        asked.append(len(ids))
        return real(self, ids)  # type: ignore[return-value]

    monkeypatch.setattr(Writer, "records", counted)
    result = newsarc("import", str(db.parent / "posts"))
    assert "0 added, 300 already there" in result.stderr
    assert sum(asked) <= 2 * 300, asked
