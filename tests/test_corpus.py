"""Every real corpus post: metadata equals its front matter, text has no markup or chrome."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from newsarc.ingest import extract_article
from newsarc.ingest.outlets import OutletRegistry

from conftest import CORPUS, FINEWS

POSTS = sorted(
    p for d in (CORPUS, FINEWS) for p in d.glob("*.md") if p.name not in ("README.md", "SOURCES.md")
)
CHROME = re.compile(
    r"\*\*|\]\(|<http|</?[a-z][^>]*>|&[a-z]+;|&#\d+;|文章来源|返回首页|返回\S*新闻|EM_StockImg|K图|"
    r"版权声明|上一篇|下一篇|分享成功|Copyright|ICP|图片来源|^<>$",
    re.M,
)

REGISTRY = OutletRegistry.default()


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text("utf-8").lstrip("\n")
    _, raw, _ = text.split("---\n", 2)
    data = yaml.safe_load(raw)
    assert isinstance(data, dict)
    return data


def expected_date(value: object) -> str | None:
    china = dt.timezone(dt.timedelta(hours=8))
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=china)).isoformat()
    text = str(value or "").strip()
    if not re.match(r"\d{4}-", text):
        return None
    moment = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    return moment.isoformat()


def test_corpus_is_all_there() -> None:
    assert len(POSTS) >= 25


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_metadata_equals_front_matter(path: Path) -> None:
    meta = front_matter(path)
    article = extract_article(path.read_bytes(), path.name)
    if meta.get("title"):
        assert article.title == meta["title"]
    else:
        assert article.title and article.text.startswith(article.title.rstrip("…"))
    assert article.feed == meta["categories"]
    assert article.tags == [meta["tags"]]
    assert article.date == expected_date(meta.get("date"))
    assert bool(article.source) == bool(REGISTRY.by_slug(meta["categories"]))
    assert article.lang == "zh-Hans"


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_text_has_no_markup_or_chrome(path: Path) -> None:
    text = extract_article(path.read_bytes(), path.name).text
    assert text and not CHROME.search(text), CHROME.search(text)
    assert "\n\n\n" not in text and text == text.strip()


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
def test_credited_publisher_is_the_source(path: Path) -> None:
    source = path.read_text("utf-8")
    credit = re.search(r"（文章来源：([^）]+)）", re.sub(r"<[^>]+>", "", source)) or re.search(
        r"（([^（）]{2,10})）\s*\n\s*\n?<http", source
    )
    article = extract_article(path.read_bytes(), path.name)
    if credit:
        assert article.source_name == credit.group(1)
    elif REGISTRY.by_slug(article.feed or ""):
        assert article.source == article.feed
    else:
        # a category that names no outlet (sitenews: the site's own notices) is a feed only
        assert (article.source, article.source_name) == ("", "")
