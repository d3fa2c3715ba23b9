"""What the user's five samples must give (issue: the archive loop), asserted field by field."""

from __future__ import annotations

import re

import pytest

from newsarc.ingest import extract_article
from newsarc.ingest.extract import Extracted

from conftest import SAMPLES, sample


def extract(prefix: str) -> Extracted:
    path = sample(prefix)
    return extract_article(path.read_bytes(), path.name)


def test_000_xinhua_html_post() -> None:
    a = extract("000")
    assert a.title == "新华网与成都新津签署合作协议 助力成都打造数字经济发展高地"
    assert (a.source, a.source_name, a.feed) == ("xinhuawang", "新华网", "xinhuawang")
    assert a.date == "2021-12-27T12:49:32+08:00"
    assert a.tags == ["新华网新闻"]
    assert a.url == "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202112272227024698"
    assert a.text.startswith("2021年12月27日，新华网与成都市新津区签署合作协议")
    assert a.text.endswith("链接全国的融媒产业生态圈。")


def test_001_bold_subheadings_stay_their_own_paragraphs() -> None:
    a = extract("001")
    assert (a.source, a.source_name) == ("qingdaocaijingwang", "青岛财经网")
    assert a.date == "2022-01-12T15:04:46+08:00"
    paragraphs = a.text.split("\n\n")
    assert "地貌奇特、神话众多，推动巫溪传统文化创造性转化" in paragraphs
    assert "腾讯将在游戏中打造巫溪文旅孪生场景" in paragraphs


def test_002_scraped_plain_text_page() -> None:
    a = extract("002")
    assert a.title == "四川8市媒体携手建“五大平台”"
    assert (a.source, a.source_name, a.feed) == ("meirijingjixinwen", "每日经济新闻", None)
    assert a.date == "2018-12-11T20:16:00+08:00"
    assert a.authors == ["黄名扬", "官远星"]
    assert a.text.startswith("8市媒体(集团)共同签署了")
    assert a.text.endswith("打造高水平区域媒体发展共同体。")
    assert "成都勇担新时代“一干”新使命" in a.text.split("\n\n")


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_traditional_pages_lose_glosses_and_footer(prefix: str) -> None:
    a = extract(prefix)
    assert a.lang == "zh-Hant"
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", a.text)
    assert "有限公司地址" not in a.text and "Copyright" not in a.text and "ICP" not in a.text
    assert a.title and a.text.startswith(a.title)


def test_003_day_without_year_is_unknown() -> None:
    a = extract("003")
    assert a.date is None
    assert "習近平總書記關于" in a.text
    assert a.title == "11月9日,“福建省縣級融媒體總平臺新華社專線”開通儀式在福州舉行"


def test_004_date_from_first_sentence() -> None:
    assert extract("004").date == "2018-09-30"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_chrome_in_any_sample_text(path) -> None:  # type: ignore[no-untyped-def]
    text = extract_article(path.read_bytes(), path.name).text
    for chrome in (
        "EM_StockImg",
        "K图",
        "文章来源",
        "NewsShare",
        "返回",
        "版权声明",
        "上一篇",
        "下一篇",
        "分享成功",
        "免费下载",
        "<",
        "](",
        "\n\n\n",
    ):
        assert chrome not in text, chrome
    assert text == text.strip()
