"""sources, tags, stats: counts over the catalog, with json for scripts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsarc.store.catalog import Catalog

from conftest import Invoke, lines

COLLECTIONS = Path(__file__).parent / "data" / "collections"


def test_sources_tsv_and_json(imported: Invoke) -> None:
    rows = [line.split("\t") for line in lines(imported("sources").stdout)]
    assert ["xinhuawang", "新华网", "1", "1"] in rows
    assert ["meirijingjixinwen", "每日经济新闻", "1", "0"] in rows
    assert ["", "", "2", "0"] in rows  # 003 and 004 name no outlet
    data = json.loads(imported("sources", "-f", "json").stdout)
    assert sum(d["articles"] for d in data) == 5


def test_tags(imported: Invoke) -> None:
    assert json.loads(imported("tags", "-f", "json").stdout) == [
        {"tag": "新华网新闻", "articles": 1},
        {"tag": "青岛财经网新闻", "articles": 1},
    ]


def test_stats_json(imported: Invoke) -> None:
    data = json.loads(imported("stats", "--format", "json").stdout)
    assert data["articles"] == 5 and data["dated"] == 4
    assert (data["first_day"], data["last_day"]) == ("2018-09-30", "2022-01-12")
    assert data["per_month"] == {"2018-09": 1, "2018-12": 1, "2021-12": 1, "2022-01": 1}
    assert data["per_lang"] == {"zh-Hans": 3, "zh-Hant": 2}


def test_stats_text_and_table(imported: Invoke) -> None:
    out = imported("stats").stdout
    assert "articles: 5 (4 dated)" in out
    # years as rows, months as columns, the empty years and months included
    assert "2019\t" + "\t".join(["0"] * 12) + "\t0" in out
    assert "2021\t" + "\t".join(["0"] * 11) + "\t1\t1" in out
    assert "新华网" in imported("sources", "-f", "table").stdout


def test_stats_on_a_terminal_is_a_year_by_month_chart_that_fits(
    imported: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14, item 3: stats printed a row per month (120 for ten years) and left out the
    months with no articles."""
    monkeypatch.setattr("newsarc.cli.output._isatty", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "80")
    out = imported("stats").stdout.splitlines()
    years = [line for line in out if line[:4].isdigit()]
    assert [line[:4] for line in years] == ["2018", "2019", "2020", "2021", "2022"]
    assert all(len(line) <= 80 for line in out)
    assert years[1].split()[1:] == ["·"] * 12 + ["0"]  # 2019: no article, every month shown
    assert years[0].split()[-1] == "2" and years[0].count("·") == 10


def test_stats_of_a_search_per_month_and_outlet_as_csv_and_json(imported: Invoke) -> None:
    import csv
    import io
    from collections import Counter

    found = [
        json.loads(line)
        for line in imported("export", "--search", "习近平").stdout.split("\n")
        if line
    ]
    data = json.loads(imported("stats", "--search", "习近平", "-f", "json").stdout)
    assert data["articles"] == len(found) == 4
    months = Counter(r["date"][:7] for r in found if r["date"])
    assert data["per_month"] == dict(sorted(months.items()))
    outlets = Counter(r["source"] for r in found)
    assert {o["slug"]: o["articles"] for o in data["per_outlet"]} == dict(outlets)
    rows = list(
        csv.DictReader(io.StringIO(imported("stats", "--search", "习近平", "-f", "csv").stdout))
    )
    by_month = {r["key"]: int(r["articles"]) for r in rows if r["kind"] == "month"}
    first, last = min(months), max(months)
    assert min(by_month) == first[:4] + "-01" and max(by_month) == last[:4] + "-12"
    assert {m: n for m, n in by_month.items() if n} == dict(months)
    assert {r["key"]: int(r["articles"]) for r in rows if r["kind"] == "outlet"} == dict(outlets)


def test_bad_format(imported: Invoke) -> None:
    assert imported("tags", "-f", "xml").exit_code == 2
    assert imported("stats", "-f", "xml").exit_code == 2


def test_summaries_read_the_derived_listing_not_the_catalog(
    imported: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sources, tags and stats cost SQL aggregates, not a parse of every catalog record."""
    imported("list")  # the listing is current

    def no_parse(self: Catalog) -> None:
        raise AssertionError("the catalog was parsed")

    monkeypatch.setattr(Catalog, "records", no_parse)
    for command in ("sources", "tags", "stats"):
        result = imported(command, "-f", "json")
        assert result.exit_code == 0, (command, result.stderr)


def test_summaries_count_what_the_records_hold(newsarc: Invoke, db: Path) -> None:
    """On a larger archive (the real collections), every count against the exported records;
    and again after changes of every kind, since the counts are tallies kept by triggers as
    rows come and go, not counted afresh."""
    assert newsarc("import", "-q", str(COLLECTIONS)).exit_code in (0, 1)
    records = _counts_agree_with_the_records(newsarc)
    assert len(records) > 250
    ids = [r["id"] for r in records]
    tagged = [r for r in records if r["tags"]]
    newsarc("rm", "--yes", *ids[:7])
    newsarc("tag", ids[10], ids[11], "--add", "新标签", "--add", "另一个")
    newsarc("tag", tagged[-1]["id"], "--remove", tagged[-1]["tags"][0])
    newsarc("edit", ids[12], "--source", "某某日报", "--date", "1999-09-09")
    newsarc("edit", ids[13], "--source", "某某日报")
    assert newsarc("import", "-q", "--update", str(COLLECTIONS)).exit_code in (0, 1)
    after = _counts_agree_with_the_records(newsarc)
    assert len(after) == len(records)  # the removed came back with the update
    assert any("新标签" in r["tags"] for r in after)
    # a listing that no longer matches the catalog is laid out again, its counts too
    import sqlite3

    with sqlite3.connect(db / "listing.sqlite") as listing:
        listing.execute("UPDATE meta SET value = 'stale' WHERE key = 'stamp'")
    assert len(_counts_agree_with_the_records(newsarc)) == len(records)


def _counts_agree_with_the_records(newsarc: Invoke) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in lines(newsarc("export", "-f", "jsonl").stdout)]
    published = Counter(r["source"] or "" for r in records)
    fed = Counter(r["feed"] for r in records if r["feed"])
    sources = json.loads(newsarc("sources", "-f", "json").stdout)
    assert {s["slug"]: s["articles"] for s in sources if s["articles"]} == dict(published)
    assert {s["slug"]: s["as_feed"] for s in sources if s["as_feed"]} == dict(fed)
    counts = [(-s["articles"], -s["as_feed"], s["slug"]) for s in sources]
    assert counts == sorted(counts)
    for s in sources:  # an outlet that published is named as its articles print it
        if s["articles"]:
            names = Counter(r["source_name"] for r in records if r["source"] == s["slug"])
            names.pop("", None)
            most = max(names.values(), default=0)
            assert s["name"] in ({n for n, c in names.items() if c == most} or {""}), s

    tags = Counter(t for r in records for t in r["tags"])
    expected_tags = sorted(tags.items(), key=lambda item: (-item[1], item[0]))
    got_tags = json.loads(newsarc("tags", "-f", "json").stdout)
    assert [(t["tag"], t["articles"]) for t in got_tags] == expected_tags

    stats = json.loads(newsarc("stats", "-f", "json").stdout)
    days = sorted(r["date"][:10] for r in records if r["date"])
    assert (stats["articles"], stats["dated"]) == (len(records), len(days))
    assert (stats["first_day"], stats["last_day"]) == (days[0], days[-1])
    assert stats["per_month"] == dict(sorted(Counter(d[:7] for d in days).items()))
    assert stats["per_lang"] == dict(Counter(r["lang"] for r in records))
    return records


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_stats_plot_draws_chinese_with_a_font_that_has_it(
    imported: Invoke, tmp_path: Path, suffix: str
) -> None:
    """Issue 14, item 3: --plot writes a chart for a report, its Chinese in a font that has
    the glyphs (an installed CJK font, else the Noto Sans CJK SC mplfonts ships)."""
    from fontTools.ttLib import TTFont

    from newsarc.plot import cjk_font

    target = tmp_path / f"chart{suffix}"
    result = imported("stats", "--search", "习近平", "--plot", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {target}" in result.stderr and "warning" not in result.stderr
    font = cjk_font()
    assert font is not None
    glyphs = TTFont(str(font), fontNumber=0, lazy=True).getBestCmap()
    shown = "“习近平”: 每日经济新闻青岛财经网"
    assert all(ord(ch) in glyphs for ch in shown if not ch.isascii())
    data = target.read_bytes()
    if suffix == ".svg":
        text = data.decode("utf-8")
        from matplotlib.font_manager import FontProperties

        family = FontProperties(fname=str(font)).get_name()
        assert "每日经济新闻" in text and "习近平" in text and family in text  # in that font
    else:
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert imported("stats", "--plot", str(tmp_path / "chart.gif")).exit_code == 2


def test_stats_csv_neutralises_cells_a_spreadsheet_would_run() -> None:
    """As export's CSV does (issue 13, item 14): an outlet name is data from the files."""
    import csv
    import io

    from newsarc.stats import OutletCount, Summary, write_csv

    out = io.StringIO()
    write_csv(Summary(articles=1, per_outlet=[OutletCount("x", "=HYPERLINK(1)", 1)]), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["kind", "key", "name", "articles"]
    assert ["outlet", "x", "'=HYPERLINK(1)", "1"] in rows
