"""Issue 15, items 1 and 2: copies of one story (a wire story republished elsewhere) are
found at import, kept current through rm and reindex, listed by `dupes`, and counted once
with --collapse.

The copies are made from a real post (sample 001, a 青岛财经网 report): republished by other
outlets with a new headline and credit, a paragraph cut, paragraphs swapped, in traditional
script with pinyin glosses."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsarc.ingest import extract_article
from newsarc.stories import similarity, text_signature
from newsarc.stories.signature import MIN_SHINGLES, SHINGLE

from conftest import SAMPLES, Invoke, lines, sample


def _paragraphs() -> list[str]:
    path = sample("001")
    return extract_article(path.read_bytes(), path.name).text.split("\n\n")


def _post(folder: Path, name: str, title: str, date: str, outlet: str, body: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    front = f'---\ntitle: "{title}"\ndate: {date}\ncategories: {outlet}\n---\n'
    link = f"\n\n<https://{outlet}.example.com/{name}.html>\n"
    path.write_text(front + "\n\n".join(body) + link, encoding="utf-8")
    return path


def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    """Two republications of sample 001, in a folder of their own."""
    body = _paragraphs()
    folder = tmp_path / "copies"
    cut = [*body[:-2], "（来源：新华网）"]
    _post(folder, "a.md", "腾讯助力巫溪数字经济", "2022-01-13 09:00:00 +0800", "xinhuawang", cut)
    swapped = [body[0], body[2], body[1], *body[3:]]
    glossed = [_traditional(p).replace("習", "習(xí)", 1) for p in swapped]
    _post(folder, "b.md", "巫溪牽手騰訊", "2022-01-14 10:00:00 +0800", "mingpao", glossed)
    return folder


def _dupes(newsarc: Invoke, *args: str) -> list[dict[str, object]]:
    result = newsarc("dupes", "-f", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in lines(result.stdout)]


def _exported(newsarc: Invoke, *args: str) -> dict[str, dict[str, object]]:
    result = newsarc("export", "--fields", "id,path,story,copies", *args)
    assert result.exit_code == 0, result.stderr
    return {Path(str(r["path"])).name: r for r in map(json.loads, lines(result.stdout))}


def _ids(newsarc: Invoke, *args: str) -> list[str]:
    return lines(newsarc("list", "-f", "ids", *args).stdout)


# -- the signature ----------------------------------------------------------------------------


def test_a_traditional_copy_signs_as_its_simplified_original() -> None:
    text = "\n\n".join(_paragraphs())
    assert text_signature(_traditional(text)) == text_signature(text)


def test_spacing_and_punctuation_do_not_count() -> None:
    text = "\n\n".join(_paragraphs())
    respaced = text.replace("，", ", ").replace("。", ".\n").replace("\n\n", "\n")
    assert text_signature(respaced) == text_signature(text)


def test_a_cut_copy_is_similar_and_another_story_is_not() -> None:
    body = _paragraphs()
    whole = text_signature("\n\n".join(body))
    cut = text_signature("\n\n".join(body[:-3]))
    other_path = sample("004")
    other = text_signature(extract_article(other_path.read_bytes(), other_path.name).text)
    assert whole and cut and other
    assert similarity(whole, cut) >= 0.7
    assert similarity(whole, other) < 0.1


def test_a_text_too_short_to_tell_has_no_signature() -> None:
    assert text_signature("新华社北京1月11日电") is None
    enough = _chinese(random.Random(1), MIN_SHINGLES + SHINGLE - 1)
    assert text_signature(enough) is not None
    assert text_signature(enough[:-1]) is None
    assert text_signature("巫溪" * 200) is None  # distinct shingles are what counts


# -- finding copies on import -----------------------------------------------------------------


def test_distinct_articles_are_no_story(imported: Invoke) -> None:
    assert _dupes(imported) == []
    result = imported("dupes")
    assert result.exit_code == 0 and "no stories with copies" in result.stderr
    assert all(r["copies"] == 0 and r["story"] == r["id"] for r in _exported(imported).values())


def test_copies_are_one_story_led_by_the_earliest(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    (story,) = _dupes(imported)
    articles = story["articles"]
    assert isinstance(articles, list)
    by_file = _exported(imported)
    original = by_file[sample("001").name]["id"]
    assert story["story"] == original
    assert [a["id"] for a in articles] == [
        original,
        by_file["a.md"]["id"],
        by_file["b.md"]["id"],
    ]
    assert articles[0]["similarity"] == 1.0
    assert all(0.5 <= a["similarity"] < 1.0 for a in articles[1:])
    assert [a["source"] for a in articles[:2]] == ["qingdaocaijingwang", "xinhuawang"]
    for name in (sample("001").name, "a.md", "b.md"):
        assert by_file[name]["story"] == original and by_file[name]["copies"] == 2
    others = [r for name, r in by_file.items() if name not in ("a.md", "b.md")]
    assert sum(r["story"] == r["id"] for r in others) == 5


def test_min_similarity_leaves_out_the_less_similar_copies(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    (story,) = _dupes(imported)
    articles = story["articles"]
    assert isinstance(articles, list)
    lowest = min(a["similarity"] for a in articles[1:])
    highest = max(a["similarity"] for a in articles[1:])
    assert lowest < highest  # the cut copy is less like the original than the swapped one
    (kept,) = _dupes(imported, "--min-similarity", str(highest))
    assert [a["similarity"] for a in kept["articles"]] == [1.0, highest]  # type: ignore[index]
    assert _dupes(imported, "--min-similarity", "1") == []
    result = imported("dupes", "--min-similarity", "1.5")
    assert result.exit_code == 2 and "1.5" in result.stderr


def test_dupes_filters_choose_stories(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    assert len(_dupes(imported, "--source", "mingpao")) == 1  # a copy's outlet
    assert _dupes(imported, "--source", "xinhua", "--since", "2022-02") == []
    assert len(_dupes(imported, "--search", "巫溪")) == 1
    assert _dupes(imported, "--search", "腾讯", "--tag", "nosuchtag") == []


def test_dupes_table_and_tsv(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    tsv = [row.split("\t") for row in lines(imported("dupes").stdout)]
    assert len(tsv) == 3 and len({row[0] for row in tsv}) == 1
    assert [row[3] for row in tsv[:2]] == ["qingdaocaijingwang", "xinhuawang"]
    assert tsv[0][4] == "1.00"
    table = imported("dupes", "-f", "table")
    assert table.exit_code == 0
    assert "first" in table.stdout and "巫溪牵手腾讯" in table.stdout
    assert "1 story with copies" in table.stderr


def test_a_copy_that_is_older_than_the_story_stands_for_it(newsarc: Invoke, copies: Path) -> None:
    assert newsarc("import", str(copies)).exit_code == 0
    (before,) = _dupes(newsarc)
    assert newsarc("import", str(sample("001"))).exit_code == 0
    (after,) = _dupes(newsarc)
    original = _exported(newsarc)[sample("001").name]["id"]
    assert before["story"] != original and after["story"] == original
    assert len(after["articles"]) == 3  # type: ignore[arg-type]


# -- --collapse -------------------------------------------------------------------------------


def test_collapse_counts_and_shows_each_story_once(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    original = _exported(imported)[sample("001").name]["id"]
    assert len(_ids(imported)) == 7
    collapsed = _ids(imported, "--collapse")
    assert len(collapsed) == 5 and original in collapsed
    tsv = {
        row.split("\t")[0]: row.split("\t")[-1]
        for row in lines(imported("list", "--collapse").stdout)
    }
    assert tsv[original] == "2" and sorted(tsv.values()) == ["0", "0", "0", "0", "2"]
    table = imported("list", "--collapse", "-f", "table", "--all")
    assert "+2" in table.stdout and "5 stories" in table.stderr
    searched = imported("search", "巫溪", "--collapse", "-f", "ids")
    assert lines(searched.stdout) == [original]
    assert len(lines(imported("search", "巫溪", "-f", "ids").stdout)) == 3
    exported = imported("export", "--collapse", "--fields", "id,copies")
    assert sorted(json.loads(r)["copies"] for r in lines(exported.stdout)) == [0, 0, 0, 0, 2]
    whole = json.loads(imported("stats", "-f", "json").stdout)
    once = json.loads(imported("stats", "--collapse", "-f", "json").stdout)
    assert (whole["articles"], once["articles"]) == (7, 5)
    by_outlet = json.loads(
        imported("stats", "--collapse", "--source", "mingpao", "-f", "json").stdout
    )
    assert by_outlet["articles"] == 0  # its one article is a copy


def test_collapse_with_no_copies_changes_nothing(imported: Invoke) -> None:
    assert _ids(imported, "--collapse") == _ids(imported)


# -- kept current -----------------------------------------------------------------------------


def test_rm_keeps_stories_current(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    by_file = _exported(imported)
    original, a, b = (str(by_file[n]["id"]) for n in (sample("001").name, "a.md", "b.md"))
    assert imported("rm", "--yes", original).exit_code == 0
    (story,) = _dupes(imported)
    assert story["story"] == a  # the earliest left stands for it
    assert _exported(imported)["b.md"]["story"] == a
    assert imported("rm", "--yes", a).exit_code == 0
    assert _dupes(imported) == []
    assert _exported(imported)["b.md"] == {
        "id": b,
        "path": str(copies / "b.md"),
        "story": b,
        "copies": 0,
    }


def _chinese(rng: random.Random, length: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(length))


def test_removing_the_link_between_two_copies_splits_the_story(
    newsarc: Invoke, tmp_path: Path
) -> None:
    """a and c share a third of their paragraphs, each shares most of its own with b: b
    links them; without b they are two articles."""
    rng = random.Random(15)
    paras = [_chinese(rng, 120) + "。" for _ in range(6)]
    folder = tmp_path / "chain"
    for number, name in enumerate("abc"):
        _post(
            folder,
            f"{name}.md",
            f"标题{name}",
            f"2022-03-0{number + 1}",
            "xinhuawang",
            paras[number : number + 4],
        )
    assert newsarc("import", str(folder)).exit_code == 0
    (story,) = _dupes(newsarc)
    assert len(story["articles"]) == 3  # type: ignore[arg-type]
    b = _exported(newsarc)["b.md"]["id"]
    assert newsarc("rm", "--yes", str(b)).exit_code == 0
    assert _dupes(newsarc) == []
    assert {r["copies"] for r in _exported(newsarc).values()} == {0}


def test_reindex_and_a_lost_index_give_the_same_stories(
    imported: Invoke, copies: Path, db: Path
) -> None:
    assert imported("import", str(copies)).exit_code == 0
    before = _dupes(imported)
    assert imported("reindex").exit_code == 0
    assert _dupes(imported) == before
    for part in db.glob("stories.sqlite*"):
        part.unlink()
    assert _dupes(imported) == before  # built again from the texts
    assert imported("doctor").exit_code == 0


def test_an_import_signs_in_its_workers_and_compares_only_what_it_adds(
    imported: Invoke, copies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import hands the stories index the signatures it made beside each text: no
    stored text is read again, and only the new articles are compared."""
    from newsarc.stories import groups, index

    def never(*_: object) -> object:
        raise AssertionError("a stored text was read to sign it")

    monkeypatch.setattr(index, "_sign", never)
    monkeypatch.setattr(index, "signed_rows", never)
    stale = []
    monkeypatch.setattr(groups.Groups, "remove", lambda self, gone: stale.extend(gone))
    assert imported("import", str(copies)).exit_code == 0
    assert stale == []
    assert len(_dupes(imported)) == 1


def test_edit_and_tag_leave_stories_as_they_are(imported: Invoke, copies: Path) -> None:
    assert imported("import", str(copies)).exit_code == 0
    before = _dupes(imported)
    a = str(_exported(imported)["a.md"]["id"])
    assert imported("tag", a, "--add", "wire").exit_code == 0
    assert imported("edit", a, "--title", "新标题").exit_code == 0
    after = _dupes(imported)
    assert [x["id"] for x in after[0]["articles"]] == [x["id"] for x in before[0]["articles"]]  # type: ignore[index]


def test_samples_and_corpus_have_no_false_copies(newsarc: Invoke) -> None:
    from conftest import CORPUS

    assert newsarc("import", str(SAMPLES), str(CORPUS)).exit_code == 0
    found = _dupes(newsarc)
    # the corpus is one site's distinct posts: none is a copy of another
    assert found == [], found


def test_copies_left_to_the_first_read_are_found_then_and_said(
    newsarc: Invoke, copies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NEWSARC_FIND_COPIES=0: the import signs nothing; the first command that needs the
    stories finds them, and says so when there are many to sign."""
    import importlib

    from newsarc import extraction

    monkeypatch.setattr(extraction, "FIND_COPIES", False)
    cli_app = importlib.import_module("newsarc.cli.app")  # the module, not the Typer app
    monkeypatch.setattr(cli_app, "STORIES_WORTH_SAYING", 2)
    assert newsarc("import", str(SAMPLES), str(copies)).exit_code == 0
    first = newsarc("dupes", "-f", "jsonl")
    assert "finding copies among 7 articles first" in first.stderr
    (story,) = map(json.loads, lines(first.stdout))
    assert len(story["articles"]) == 3
    again = newsarc("dupes", "-f", "jsonl")
    assert "finding copies" not in again.stderr and lines(again.stdout) == lines(first.stdout)


def test_a_story_of_thousands_regroups_when_one_leaves(tmp_path: Path) -> None:
    """A wire story copied 1,500 times: it is one story, met through crowded bands, and
    taking one copy out compares the rest again (more articles than SQLite takes in one
    IN list)."""
    import sqlite3

    from newsarc.stories import groups, index

    listing = tmp_path / "listing.sqlite"
    with sqlite3.connect(listing) as db:
        db.execute("CREATE TABLE articles(id TEXT, date TEXT, day TEXT)")
        db.executemany(
            "INSERT INTO articles VALUES (?, ?, ?)",
            [
                (f"{n:016x}", f"2022-01-{1 + n % 28:02d}", f"2022-01-{1 + n % 28:02d}")
                for n in range(1500)
            ],
        )
    db = sqlite3.connect(tmp_path / "stories.sqlite", isolation_level=None)
    db.executescript(index._SCHEMA)
    db.execute("ATTACH DATABASE ? AS listing", (str(listing),))
    text = "\n\n".join(_paragraphs())
    sig = text_signature(text)
    other = text_signature(_chinese(random.Random(3), 300))
    rows = [(f"{n:016x}", "p", sig) for n in range(1500)] + [("f" * 16, "p", other)]
    made = groups.Groups(db)
    db.execute("BEGIN")  # as the index does it: one transaction (each row its own took 26 s)
    for start in range(0, len(rows), 400):  # as an import's batches
        made.add(rows[start : start + 400])
    assert db.execute("SELECT count(*), max(size) FROM stories").fetchone() == (1, 1500)
    (rep,) = db.execute("SELECT d.id FROM stories JOIN docs AS d ON d.n = rep").fetchone()
    assert rep == f"{0:016x}"  # of the earliest day, the first id
    made.remove([1])  # docs.n 1: that article
    db.execute("COMMIT")
    assert db.execute("SELECT count(*), max(size) FROM stories").fetchone() == (1, 1499)
    (rep,) = db.execute("SELECT d.id FROM stories JOIN docs AS d ON d.n = rep").fetchone()
    assert rep == f"{28:016x}"  # the next on 2022-01-01
    assert db.execute("SELECT count(*) FROM docs WHERE copy = 1").fetchone() == (1498,)


def test_dupes_help_says_the_threshold_copies_are_found_at(newsarc: Invoke) -> None:
    from newsarc.stories import SIMILAR

    assert f"found from {SIMILAR}" in " ".join(newsarc("dupes", "--help").stdout.split())
