"""Full-text search: characters not words, script-insensitive, AND, phrases, exclusion,
title matches first; the index is derived and keeps up with the archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarc.archive import Archive
from newsarc.errors import UsageError
from newsarc.query import Query
from newsarc.search import SearchQuery, index_tokens, snippet

from conftest import Invoke, lines

ID_000, ID_001, ID_002 = "5dd412ddb53d359a", "d4fa3bd623a11651", "5a49b1c97322588d"
ID_003, ID_004 = "5feaf3c41f31f259", "dcf172fc07870fa6"


def found(invoke: Invoke, *query: str) -> list[str]:
    result = invoke("search", "--format", "ids", *query)
    assert result.exit_code == 0, result.stderr
    return lines(result.stdout)


def test_simplified_query_finds_traditional_text_and_back(imported: Invoke) -> None:
    assert set(found(imported, "习近平")) == {ID_001, ID_002, ID_003, ID_004}
    assert found(imported, "習近平") == found(imported, "习近平")


def test_two_character_term_matches_inside_words(imported: Invoke) -> None:
    assert ID_000 in found(imported, "川渝")
    assert found(imported, "渝新") == [ID_000]  # 川渝新媒体: across word bounds too
    assert found(imported, "渝腾") == []


def test_single_character_anywhere_in_a_run(imported: Invoke) -> None:
    # 腾 stands at the start, middle and end of runs in 001 only.
    assert found(imported, "腾") == [ID_001]


def test_terms_and_together(imported: Invoke) -> None:
    assert found(imported, "新华网", "川渝") == [ID_000]
    assert found(imported, "川渝", "腾讯") == []


def test_exclusion(imported: Invoke) -> None:
    everything = set(found(imported, "融媒体"))
    assert ID_000 in everything
    assert set(found(imported, "融媒体", "-新华网")) == everything - {ID_000}
    assert set(found(imported, "融媒体", "--exclude", "新华网")) == everything - {ID_000}


def test_quoted_phrase_is_exact(imported: Invoke) -> None:
    assert found(imported, "媒体大脑MAGIC") == [ID_000]
    assert found(imported, '"媒体大脑 MAGIC"') == [ID_000]  # separators between words
    assert found(imported, '"MAGIC 媒体大脑"') == []
    assert found(imported, "MAGIC 媒体大脑") == [ID_000]  # two terms, as --search reads it


ONE_LANGUAGE = [
    "数字经济 腾讯",
    "川渝 腾讯",
    '"媒体大脑 MAGIC"',
    '"MAGIC 媒体大脑"',
    "融媒体 -新华网",
    "習近平",
]


@pytest.mark.parametrize("query", ONE_LANGUAGE)
def test_search_and_search_options_read_a_query_alike(imported: Invoke, query: str) -> None:
    """Issue 14, item 2: `search "数字经济 腾讯"` found 0 where `list --search` found 6,722:
    search took an argument with a space for a phrase. One parser now reads both."""
    by_search = set(found(imported, query))
    by_words = set(found(imported, *query.split(" "))) if '"' not in query else by_search
    listed = set(lines(imported("list", "-f", "ids", "--search", query).stdout))
    exported = {
        line.split('"id":"')[1][:16] for line in lines(imported("export", "--search", query).stdout)
    }
    assert by_search == by_words == listed == exported
    counted = imported("stats", "--search", query).stdout.splitlines()[0]
    assert counted.startswith(f"articles: {len(listed)} ")


def test_a_search_in_a_pipe_writes_every_match_and_says_how_many(newsarc: Invoke, db: Path) -> None:
    from stress.conftest import write_posts

    write_posts(db.parent / "posts", 30)
    assert newsarc("import", "-q", str(db.parent / "posts")).exit_code == 0
    result = newsarc("search", "数字经济")
    assert len(lines(result.stdout)) == 30 and result.stderr == "30 articles match\n"
    limited = newsarc("search", "-n", "5", "数字经济")
    assert len(lines(limited.stdout)) == 5
    assert limited.stderr == "5 of 30 articles match (--limit 0 for all)\n"
    assert len(lines(newsarc("search", "-n", "0", "数字经济").stdout)) == 30


def test_a_search_on_a_terminal_shows_a_screenful_and_the_total(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stress.conftest import write_posts

    write_posts(db.parent / "posts", 30)
    assert newsarc("import", "-q", str(db.parent / "posts")).exit_code == 0
    monkeypatch.setattr("newsarc.cli.output._isatty", lambda stream: True)
    result = newsarc("search", "-f", "ids", "数字经济")
    assert len(lines(result.stdout)) == 20
    assert "20 of 30 articles match" in result.stderr


def test_title_matches_rank_first_then_newest(imported: Invoke) -> None:
    # 融媒体 is in 003's title; the others have it only in the text, newest first.
    assert found(imported, "融媒体") == [ID_003, ID_000, ID_002, ID_004]


def test_search_takes_list_filters(imported: Invoke) -> None:
    assert found(imported, "习近平", "--since", "2019") == [ID_001]
    assert found(imported, "习近平", "--source", "每日") == [ID_002]


def test_list_and_export_take_search(imported: Invoke) -> None:
    assert [row.split("\t")[0] for row in lines(imported("list", "--search", "川渝").stdout)] == [
        ID_000
    ]
    assert len(lines(imported("export", "--search", "习近平").stdout)) == 4


def test_pipe_output_is_plain_tsv_with_snippet(imported: Invoke) -> None:
    out = imported("search", "川渝").stdout
    row = lines(out)[0].split("\t")
    assert row[0] == ID_000 and "川渝" in row[4] and "\x1b" not in out


def test_only_exclusions_is_usage_error(imported: Invoke) -> None:
    result = imported("search", "-股市")
    assert result.exit_code == 2 and "at least one term" in result.stderr


def test_index_follows_import_edit_and_removal(imported: Invoke, db: Path) -> None:
    assert found(imported, "川渝") == [ID_000]
    imported("edit", ID_000, "--title", "改过的标题 独一无二")
    assert found(imported, "独一无二") == [ID_000]
    imported("rm", "--yes", ID_000)
    assert found(imported, "川渝") == []
    (db / "search.sqlite").unlink()
    assert found(imported, "习近平")  # rebuilt from the archive


def test_damaged_index_is_rebuilt(imported: Invoke, db: Path) -> None:
    found(imported, "川渝")
    (db / "search.sqlite").write_bytes(b"garbage" * 100)
    assert found(imported, "川渝") == [ID_000]


def test_tokens_are_pairs_with_run_tails() -> None:
    stream, tails = index_tokens("习近平总书记，a股")
    assert stream.split() == ["习近", "近平", "平总", "总书", "书记", "，a", "股"]
    assert tails.split() == ["记", "股"]


@pytest.mark.parametrize(
    ("text", "include", "exclude"),
    [('习近平 "一带 一路" -股市', ["习近平", "一带 一路"], ["股市"]), ("a", ["a"], [])],
)
def test_query_parsing(text: str, include: list[str], exclude: list[str]) -> None:
    query = SearchQuery.parse(text)
    assert (query.include, query.exclude) == (include, exclude)


def test_unbalanced_quote_is_usage_error() -> None:
    with pytest.raises(UsageError):
        SearchQuery.parse('"open')


def test_snippet_marks_the_match() -> None:
    text, marks = snippet("甲" * 100 + "習近平" + "乙" * 100, ["习近平"], width=30)
    assert text.startswith("…") and text.endswith("…")
    ((start, end),) = marks
    assert text[start:end] == "習近平"


def test_the_import_keeps_the_index_up_to_date(imported: Invoke, db: Path) -> None:
    first = imported("search", "川渝")
    assert "indexing" not in first.stderr and lines(first.stdout)  # nothing left to index
    (db / "search.sqlite").unlink()
    lost = imported("search", "川渝")  # a lost index is built by the next search
    assert "indexing 5 articles for search first" in lost.stderr
    assert lost.stdout == first.stdout


QUERIES = [("习近平",), ("川渝",), ("腾",), ("数字", "-习近平"), ('"数字经济"',), ("媒体", "融合")]


def test_an_edit_or_a_removal_reindexes_just_that_article(imported: Invoke) -> None:
    imported("search", "川渝")
    imported("edit", ID_000, "--title", "新标题")
    assert "indexing 1 article for search first" in imported("search", "新标题").stderr
    imported("rm", "--yes", ID_001)
    again = imported("search", "川渝")
    assert "indexing" not in again.stderr and lines(again.stdout)
    assert imported("search", "--format", "ids", "川渝").stdout.split() == [ID_000]


def _fts_is_sound(db: Path) -> dict[tuple[str, str, str], int]:
    """SQLite's check of both tables, and their vocabulary: (table, term, column) → documents."""
    import sqlite3

    connection = sqlite3.connect(db / "search.sqlite")
    terms = {}
    for table in ("fts", "titles"):
        connection.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)")
        connection.execute(
            f"CREATE VIRTUAL TABLE temp.v{table} USING fts5vocab(main, {table}, col)"
        )
        rows = connection.execute(f"SELECT term, col, doc FROM v{table}")
        terms.update({(table, t, c): n for t, c, n in rows})
    connection.close()
    return terms


@pytest.mark.parametrize("catching_up", ["from the log", "log cut short", "listing rebuilt"])
def test_an_index_kept_up_by_changes_equals_one_built_afresh(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch, catching_up: str
) -> None:
    """Articles removed and changed are taken out of the index one by one (FTS5 'delete' of
    the tokens they were indexed with, from their old text): afterwards the index answers as
    one built from scratch, and SQLite finds it sound. The index learns what changed from
    the listing's log of changes, comparing only those ids ("from the log": the queries that
    compare every article are broken, and nothing needs them); when the log cannot tell (cut
    short, or the listing laid out anew) it compares everything once."""
    import json
    import re

    from conftest import CORPUS, FINEWS, SAMPLES

    newsarc("import", str(SAMPLES), str(CORPUS), str(FINEWS))
    found(newsarc, "习近平")
    if catching_up == "from the log":
        for name in ("_STALE", "_MISSING", "_CHANGED"):
            monkeypatch.setattr(f"newsarc.search.index.{name}", "SELECT * FROM no_such_table")
    if catching_up == "log cut short":
        monkeypatch.setattr("newsarc.store.listing_sql.CHANGES_KEPT", 2)
    records = [json.loads(line) for line in lines(newsarc("list", "-f", "jsonl").stdout)]
    ids = [r["id"] for r in records]
    newsarc("rm", "--yes", ids[0], ids[5])
    newsarc("edit", ids[3], "--title", "媒体融合的新标题")
    newsarc("tag", ids[4], "--add", "某标签")
    newsarc("import", "--update", "-q", str(SAMPLES))
    if catching_up == "listing rebuilt":
        for path in db.glob("listing.sqlite*"):
            path.unlink()
    # the words of every title as it was: a token left behind would still find its article
    old_titles = {"".join(re.findall(r"[\u4e00-\u9fff]", r["title"]))[:4] for r in records}
    queries = [*QUERIES, ("新标题",), *((t,) for t in sorted(old_titles) if len(t) == 4)]
    kept_up = [found(newsarc, *query) for query in queries]
    vocabulary = _fts_is_sound(db)
    monkeypatch.undo()
    (db / "search.sqlite").unlink()
    assert [found(newsarc, *query) for query in queries] == kept_up
    assert _fts_is_sound(db) == vocabulary  # every token forgotten exactly, none left behind
    assert kept_up[len(QUERIES)] == [ids[3]]


def test_an_old_text_that_cannot_be_read_means_a_rebuild(
    imported: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsarc.errors import StoreCorrupted
    from newsarc.store.objects import ObjectStore

    found(imported, "川渝")
    imported("rm", "--yes", ID_000)
    text = ObjectStore.text

    def lost(self: ObjectStore, pack: str, article_id: str) -> str:
        if article_id == ID_000:
            raise StoreCorrupted(f"{pack}: {article_id} is damaged")
        return text(self, pack, article_id)

    monkeypatch.setattr(ObjectStore, "text", lost)
    assert imported("search", "川渝").exit_code == 0
    assert found(imported, "川渝") == [] and found(imported, "腾讯") == [ID_001]
    _fts_is_sound(db)
    import sqlite3

    with sqlite3.connect(db / "search.sqlite") as index:  # built again: the 4 left, and sound
        assert index.execute("SELECT count(*) FROM docs").fetchone() == (4,)


def test_an_index_built_in_worker_processes_finds_the_same(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many articles are indexed in worker processes, a few in this one; forced here with
    a threshold of 2, chunks of 3 and two cores, the answers are the same."""
    from conftest import CORPUS, FINEWS, SAMPLES

    newsarc("import", str(SAMPLES), str(CORPUS), str(FINEWS))
    in_one = [found(newsarc, *query) for query in QUERIES]
    assert all(in_one)
    (db / "search.sqlite").unlink()
    # A store this process holds open must not be read through by the forked workers: they
    # would share its files' offsets (it failed as "Bad magic number for file header").
    from newsarc.store.objects import read_texts

    assert read_texts((str(db / "objects"), [])) == {}
    from newsarc.archive import Archive

    archive = Archive.open(db)
    some = archive.find()[:3]
    assert all(read_texts((str(db / "objects"), archive._packs_of([a.id for a in some]))).values())
    monkeypatch.setattr("newsarc.search.index.PARALLEL_INDEXING", 2)
    monkeypatch.setattr("newsarc.search.index.INDEX_CHUNK", 3)
    monkeypatch.setattr("newsarc.workers.cores", lambda: 2)
    assert [found(newsarc, *query) for query in QUERIES] == in_one


def _every_hit_in_order(archive: Archive, query: Query) -> list[str]:
    """What a search must answer, from the listing alone: every match (the unlimited
    search's set), title matches first, each part in `list`'s order (newest first)."""
    from dataclasses import replace

    everything = archive.search(replace(query, limit=None))
    in_title = {article.id for article, title in everything if title}
    ordered = [a.id for a in archive.find(replace(query, search=None, limit=None))]
    hits = {article.id for article, _ in everything}
    ordered = [i for i in ordered if i in hits]
    return [i for i in ordered if i in in_title] + [i for i in ordered if i not in in_title]


SEARCHES = [
    {"search": "的"},
    {"search": "公司"},
    {"search": "的 -经济"},
    {"search": "的", "since": "2021-12-08"},
    {"search": "公司", "until": "2021-12-08"},
    {"search": "的", "sources": ["emnews"]},
]


@pytest.mark.parametrize("few", [10_000, 0, 5])
def test_a_limited_search_agrees_with_the_whole_answer_both_ways(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch, few: int
) -> None:
    """A search with a limit puts few matches in order whole, and finds many by walking the
    articles newest first, looking each up (FEW decides: 0 walks always, 5 walks for the
    common terms only). Either way what it shows must be the head of the whole answer, in
    `list`'s order within a day too (time, then id), undated articles last, filters kept."""
    from conftest import CORPUS, FINEWS, SAMPLES

    monkeypatch.setattr("newsarc.search.ranking.FEW", few)
    newsarc("import", str(SAMPLES), str(CORPUS), str(FINEWS))
    archive = Archive.open(db)
    ids = sorted(found(newsarc, "-n", "0", "公司"))  # ties among matches
    # Several articles on one day, three at the same minute: the order within a day is the
    # listing's (time, then id), not the index's. And a date set back.
    for n, article_id in enumerate(ids[:6]):
        newsarc("edit", article_id, "--date", f"2030-01-01 0{n // 3}:00")
    newsarc("edit", ids[6], "--date", "1990-05-05")
    checked = 0
    for fields in SEARCHES:
        whole = _every_hit_in_order(archive, Query(**fields))  # type: ignore[arg-type]
        assert len(whole) >= 3, fields
        for limit in (1, 2, 3, 5, 8, len(whole)):
            shown = [a.id for a, _ in archive.search(Query(**fields, limit=limit))]  # type: ignore[arg-type]
            assert shown == whole[:limit], (fields, limit)
            checked += 1
    assert checked == 6 * len(SEARCHES)


def test_the_index_follows_an_import_into_an_archive_it_indexed(newsarc: Invoke, db: Path) -> None:
    """Every import batch catches the index up with what it stored, from tokens its worker
    made: after an import, a second import and an update, nothing is pending."""
    from conftest import CORPUS, FINEWS, SAMPLES

    newsarc("import", str(SAMPLES))
    archive = Archive.open(db)
    assert archive.search_index().pending() == 0
    newsarc("import", str(CORPUS), str(FINEWS))
    assert archive.search_index().pending() == 0
    newsarc("edit", ID_000, "--title", "改过的标题")
    assert archive.search_index().pending() == 1  # an edit is caught up by the next search
    newsarc("import", "--update", str(SAMPLES))
    assert archive.search_index().pending() == 0  # …or by the next import
    assert found(newsarc, "改过的标题") == [ID_000]


def test_an_import_does_not_build_a_lost_index_but_doctor_repair_does(
    imported: Invoke, db: Path
) -> None:
    from conftest import FINEWS

    index = db / "search.sqlite"
    index.unlink()
    imported("import", str(FINEWS))
    assert not index.exists()  # building all of it is not the import's to wait for
    result = imported("doctor", "--repair")
    assert "built the search index again" in result.stdout + result.stderr
    assert Archive.open(db).search_index().pending() == 0
    assert found(imported, "川渝") == [ID_000]


def test_reindex_keeps_the_index_up_to_date(imported: Invoke, db: Path) -> None:
    from test_reindex import _tamper

    _tamper(db, ID_000, text="旧的正文，独有的词：甲乙丙丁", title="旧标题")
    assert found(imported, "甲乙丙丁") == [ID_000]
    assert "1 changed" in imported("reindex").stderr
    assert Archive.open(db).search_index().pending() == 0
    assert found(imported, "甲乙丙丁") == [] and found(imported, "川渝") == [ID_000]
    assert found(imported, "旧标题") == []


def test_a_search_with_more_hits_than_sqlite_takes_variables_still_lists(
    imported: Invoke, db: Path
) -> None:
    """`list --search` turns the hits into ids for the listing's SQL: one IN list of a
    variable each failed past SQLite's limit (32,766 on most builds, 250,000 on Debian's)."""
    import sqlite3

    from newsarc.archive import Archive
    from newsarc.query import Query

    limit = sqlite3.connect(":memory:").getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    with Archive.open(db) as archive:
        real = [a.id for a in archive.find()]
        fake = [f"{n:016x}" for n in range(limit + 10)]
        found = archive.find(Query(ids=[*fake, *real]))
        assert sorted(a.id for a in found) == sorted(real)
        assert archive.count(Query(ids=[*fake, *real], tags=["nosuchtag"])) == 0
