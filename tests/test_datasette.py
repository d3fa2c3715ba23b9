"""Issue 14, item 7: `export --format sqlite` writes a database Datasette browses, filters
and searches (Chinese included) with facets for outlet, date and tags; tested through
Datasette's own test client."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsarc.model import SCHEMA_FIELDS

from conftest import CORPUS, SAMPLES, Invoke, lines


@pytest.fixture
def exported(newsarc: Invoke, tmp_path: Path) -> Path:
    assert newsarc("import", str(SAMPLES), str(CORPUS)).exit_code == 0
    assert newsarc("tag", "5dd4", "d4fa", "--add", "数字经济").exit_code == 0
    target = tmp_path / "news.db"
    result = newsarc("export", "--format", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def _get(path: Path, url: str) -> Any:
    from datasette.app import Datasette

    async def fetch() -> Any:
        datasette = Datasette([str(path)])
        response = await datasette.client.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_the_database_holds_the_schema_v1_records(newsarc: Invoke, exported: Path) -> None:
    records = {r["id"]: r for r in map(json.loads, lines(newsarc("export").stdout))}
    with sqlite3.connect(exported) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(articles)")]
        assert tuple(columns) == SCHEMA_FIELDS
        rows = db.execute("SELECT * FROM articles").fetchall()
    assert len(rows) == len(records)
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        for name in ("tags", "authors"):
            record[name] = json.loads(record[name])
        assert record == records[record["id"]]


def test_datasette_searches_chinese_and_facets_outlet_date_and_tags(exported: Path) -> None:
    found = _get(exported, "/news/articles.json?_search=数字经济&_shape=objects")
    expected = set(lines_with(exported, "数字经济"))
    assert {r["id"] for r in found["rows"]} == expected and expected
    faceted = _get(
        exported,
        "/news/articles.json?_facet=source&_facet_array=tags&_facet_date=date&_size=0",
    )
    results = faceted["facet_results"]
    results = results.get("results", results)  # Datasette 1.0 nests them
    sources = {f["value"]: f["count"] for f in results["source"]["results"]}
    with sqlite3.connect(exported) as db:
        assert sources == dict(db.execute("SELECT source, count(*) FROM articles GROUP BY 1"))
    tags = {f["value"]: f["count"] for f in results["tags"]["results"]}
    assert tags["数字经济"] == 2
    assert sum(f["count"] for f in results["date"]["results"]) > 0
    chosen = _get(exported, "/news/articles.json?source=xinhuawang&_shape=objects")
    assert {r["source"] for r in chosen["rows"]} == {"xinhuawang"}


def lines_with(path: Path, term: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [
            r[0]
            for r in db.execute(
                "SELECT id FROM articles WHERE instr(title, ?) OR instr(text, ?)", (term, term)
            )
        ]


def test_sqlite_needs_a_file(imported: Invoke) -> None:
    result = imported("export", "--format", "sqlite")
    assert result.exit_code == 2 and "-o FILE" in result.stderr
