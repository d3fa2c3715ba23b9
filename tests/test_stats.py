"""sources, tags, stats: counts over the catalog, with json for scripts."""

from __future__ import annotations

import json

from conftest import Invoke, lines


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
    assert "articles: 5 (4 dated)" in out and "2021-12\t1" in out
    assert "新华网" in imported("sources", "-f", "table").stdout


def test_bad_format(imported: Invoke) -> None:
    assert imported("tags", "-f", "xml").exit_code == 2
    assert imported("stats", "-f", "xml").exit_code == 2
