"""`newsarc reindex`: stored originals re-extracted with the current extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsarc.archive import Archive

from conftest import Invoke, lines, sample


def _tamper(db: Path, article_id: str, text: str | None = None, **fields: object) -> None:
    """Make a stored article look as an older extractor left it."""
    archive = Archive.open(db)
    record = dict(archive.listing.get(article_id) or {}, **fields)
    old_text, original = archive.text(article_id), archive.original(article_id)
    with archive.writing() as writer:
        writer.put(record, old_text if text is None else text, original)


def test_reindex_with_nothing_changed(imported: Invoke) -> None:
    result = imported("reindex")
    assert result.exit_code == 0
    assert result.stderr == "reindexed 5 articles: 0 changed, 5 unchanged, 0 failed\n"


def test_reindex_repairs_fields_and_names_them_with_verbose(imported: Invoke, db: Path) -> None:
    _tamper(db, "5dd412ddb53d359a", text="old text（文章来源：新华网）", title="旧标题", source="")
    result = imported("reindex", "-v")
    assert "changed: 5dd412ddb53d359a: title, source, text" in result.stderr
    assert "1 changed, 4 unchanged" in result.stderr
    record = json.loads(imported("export", "5dd4").stdout)
    assert record["title"].startswith("新华网与成都新津")
    assert record["source"] == "xinhuawang"
    assert record["text"].startswith("2021年12月27日")


def test_reindex_of_given_ids_only(imported: Invoke, db: Path) -> None:
    _tamper(db, "5dd412ddb53d359a", title="旧标题")
    _tamper(db, "5a49b1c97322588d", title="旧标题")
    result = imported("reindex", "5a49")
    assert "reindexed 1 article: 1 changed" in result.stderr
    assert json.loads(imported("export", "5dd4").stdout)["title"] == "旧标题"


def test_reindex_keeps_import_tags_and_time(newsarc: Invoke, db: Path) -> None:
    newsarc("import", "--tag", "mine", str(sample("000")))
    before = json.loads(newsarc("export").stdout)
    _tamper(db, before["id"], title="旧标题")
    newsarc("reindex")
    after = json.loads(newsarc("export").stdout)
    assert after == before


def test_reindex_keeps_the_id_an_article_was_stored_under(newsarc: Invoke, db: Path) -> None:
    """Ids never change once given (issue 13, item 2): an article stored under an id another
    rule made (an archive written before content keys) keeps it through a reindex."""
    newsarc("import", str(sample("002")))
    archive = Archive.open(db)
    (new_id,) = archive.listing.ids()
    record = dict(archive.listing.get(new_id) or {}, id="0123456789abcdef", title="旧标题")
    text, original = archive.text(new_id), archive.original(new_id)
    with archive.writing() as writer:
        writer.remove(new_id)
        writer.put(record, text, original)
    result = newsarc("reindex", "-v")
    assert "changed: 0123456789abcdef: title" in result.stderr
    assert lines(newsarc("list", "-f", "ids").stdout) == ["0123456789abcdef"]
    assert json.loads(newsarc("export").stdout)["title"] == "四川8市媒体携手建“五大平台”"


@pytest.mark.parametrize(("bad", "code"), [("ffff", 1), ("ab", 2)])
def test_reindex_unknown_id(imported: Invoke, bad: str, code: int) -> None:
    assert imported("reindex", bad).exit_code == code


def test_changes_made_while_reindex_extracts_are_kept(
    imported: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, item 5: reindex read the records, extracted for a while without the lock,
    then wrote what it had read: a tag, an edit or an rm made meanwhile was undone. It now
    builds on the records as they are when it holds the lock."""
    import newsarc.reindex

    _tamper(db, "5dd412ddb53d359a", title="旧标题")
    _tamper(db, "5a49b1c97322588d", title="旧标题")
    extract = newsarc.reindex.map_extraction

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        results = list(extract(*args, **kwargs))
        other = Archive.open(db)  # another process, between the read and the write
        other.tag(["5dd4"], ["加的标签"], [])
        other.edit("5dd4", source="另一家")
        other.remove(["5a49"])
        return iter(results)

    monkeypatch.setattr(newsarc.reindex, "map_extraction", meanwhile)
    assert imported("reindex").exit_code == 0
    record = json.loads(imported("export", "5dd4").stdout)
    assert "加的标签" in record["tags"] and record["source_name"] == "另一家"
    assert record["title"].startswith("新华网与成都新津")  # the reindex's own change
    assert imported("show", "5a49").exit_code == 1  # removed meanwhile: stays removed


def test_importing_again_after_a_reindex_found_a_link_adds_nothing(
    newsarc: Invoke, db: Path, tmp_path: Path
) -> None:
    """An older extractor stored a saved page without its link (under an id of its title);
    reindex finds the link and keeps the id; importing the same folder again must find the
    article by its content, not store it a second time under the link's id."""
    page = tmp_path / "pages" / "1.html"
    page.parent.mkdir()
    body = "".join(f"<p>这是正文第{i}段，记者从有关部门获悉，项目进展顺利。</p>" for i in range(4))
    page.write_text(
        "<!--http://dy.163.com/v2/article/detail/EFDAIN1E054550F0.html-->\n"
        f"<html><head><title>京沪高速封闭施工</title></head><body><h1>京沪高速封闭施工</h1>{body}"
        "</body></html>",
        "utf-8",
    )
    newsarc("import", str(page.parent))
    (old_id,) = lines(newsarc("list", "-f", "ids").stdout)
    _tamper(db, old_id, url=None)  # as the extractor before saved-from links left it
    archive = Archive.open(db)
    record = dict(archive.listing.get(old_id) or {}, id="0123456789abcdef")
    text, original = archive.text(old_id), archive.original(old_id)
    with archive.writing() as writer:  # …under the id its title gave then
        writer.remove(old_id)
        writer.put(record, text, original)
    assert "1 changed" in newsarc("reindex").stderr
    result = newsarc("import", str(page.parent))
    assert "0 added, 1 already there" in result.stderr
    assert lines(newsarc("list", "-f", "ids").stdout) == ["0123456789abcdef"]
