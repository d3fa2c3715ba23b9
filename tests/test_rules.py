"""One test (or a few) per extraction rule."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsarc.errors import UsageError
from newsarc.ingest.chrome import PatternSet, default_rules
from newsarc.ingest.dates import (
    date_from_filename,
    find_date,
    normalize_date,
    parse_day_bound,
)
from newsarc.ingest.extract import detect_format
from newsarc.ingest.html_text import Block, html_to_paragraphs
from newsarc.ingest.identity import article_id
from newsarc.ingest.lines import PageParts
from newsarc.ingest.markdown import markdown_to_html
from newsarc.ingest.names import split_names
from newsarc.ingest.outlets import OutletRegistry, slugify_name
from newsarc.ingest.page import read_page
from newsarc.ingest.script import cjk_share_at_least, detect_script, strip_pinyin_glosses
from newsarc.ingest.title import title_from_text

REGISTRY = OutletRegistry.default()


def clean_paragraphs(paragraphs: list[str], registry: OutletRegistry) -> PageParts:
    """The page reader on paragraphs of plain text, as a plain-text page gives them."""
    return read_page([Block(p) for p in paragraphs], registry)


# -- pinyin glosses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("noisy", "clean"),
    [
        ("習(xí)近平", "習近平"),
        ("關(guān)于", "關于"),
        ("發(fā)展(zhǎn)", "發展"),
        ("綠(lǜ)色", "綠色"),
        ("習（xí）近平", "習近平"),
    ],
)
def test_pinyin_gloss_after_cjk_is_removed(noisy: str, clean: str) -> None:
    assert strip_pinyin_glosses(noisy) == clean


@pytest.mark.parametrize(
    "content",
    [
        "8市媒体(集团)",
        "腾讯科技(深圳)有限公司",
        "媒体大脑MAGIC(机器生产内容)",
        "大脑(MAGIC)",
        "第(2)条",
        "说(xi)",
        "HFO-1234yf(四氟丙烯)",
        "(xí) at start",
    ],
)
def test_parentheses_that_are_content_survive(content: str) -> None:
    assert strip_pinyin_glosses(content) == content


def test_tone_marked_word_that_is_not_pinyin_survives() -> None:
    assert strip_pinyin_glosses("咖啡(café)") == "咖啡(café)"


# -- script -----------------------------------------------------------------------------


def test_script_detection() -> None:
    assert detect_script("习近平总书记关于县级融媒体中心建设") == "zh-Hans"
    assert detect_script("習近平總書記關於縣級融媒體中心建設") == "zh-Hant"
    assert detect_script("no chinese at all") == "zh-Hans"


def test_script_detection_reads_the_first_cjk_characters_past_latin_and_digits() -> None:
    traditional = "2018 MAGIC 平台 (v2.0): " + "廣播電視臺與中國電信簽署戰略合作協議" * 3
    assert detect_script(traditional) == "zh-Hant"
    # one traditional character in forty is below the 5% share
    assert detect_script("县级融媒体中心建设" * 4 + "與") == "zh-Hans"
    assert detect_script("县级融媒体中心建设" * 4 + "與關於") == "zh-Hant"


def test_cjk_share_counts_letters_not_spaces_digits_or_punctuation() -> None:
    # 2 CJK characters among 4 letters, padded with digits and spaces: half
    padded = "2021 12 27 新华 ab " + "1234567890 " * 20
    assert cjk_share_at_least(padded, 0.5)
    assert not cjk_share_at_least(padded, 0.6)
    assert not cjk_share_at_least("An English README about 东财滚动新闻 feeds.", 0.3)
    assert not cjk_share_at_least("1234 5678 !!!", 0.3)
    assert cjk_share_at_least("每日经济新闻", 0.3)


# -- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2021-12-27 12:49:32 +0800", "2021-12-27T12:49:32+08:00"),
        ("2021-12-27 12:49:32 +08:00", "2021-12-27T12:49:32+08:00"),
        ("2021-12-08 10:46:18", "2021-12-08T10:46:18+08:00"),
        ("2018-12-11 20:16", "2018-12-11T20:16:00+08:00"),
        ("2021-12-27", "2021-12-27"),
        ("2021-12-27T04:49:32Z", "2021-12-27T04:49:32+00:00"),
        ("2018年9月30日", "2018-09-30"),
        (dt.datetime(2021, 12, 8, 10, 46, 18), "2021-12-08T10:46:18+08:00"),
        (dt.date(2021, 12, 8), "2021-12-08"),
        (" +0800", None),
        ("", None),
        ("2021-13-45", None),
        (None, None),
        (["2021-12-27"], None),
    ],
)
def test_normalize_date(value: object, iso: str | None) -> None:
    assert normalize_date(value) == iso


def test_chinese_date_needs_a_year() -> None:
    assert find_date("2018年9月30日,四川廣播電視臺") == ("2018-09-30", 0, 10)
    assert find_date("11月9日,“福建省") is None


def test_date_from_jekyll_file_name() -> None:
    assert date_from_filename("2021-12-08-202112082206672930.md") == "2021-12-08"
    assert date_from_filename("-202205262391921712.md") is None


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("2021", "2021-01-01", "2021-12-31"),
        ("2021-12", "2021-12-01", "2021-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2021-12-27", "2021-12-27", "2021-12-27"),
    ],
)
def test_day_bounds(text: str, since: str, until: str) -> None:
    assert parse_day_bound(text, end=False) == since
    assert parse_day_bound(text, end=True) == until


@pytest.mark.parametrize("bad", ["21", "2021-1-", "yesterday", "2021-13", "2021-02-30"])
def test_bad_day_bound_is_a_usage_error(bad: str) -> None:
    with pytest.raises(UsageError, match="bad date"):
        parse_day_bound(bad, end=False)


# -- outlets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("新华网", "xinhuawang"),
        ("每日经济新闻", "meirijingjixinwen"),
        ("上海证券报", "shanghaizhengquanbao"),
        ("证券时报", "zhengquanshibao"),
        ("青岛财经网", "qingdaocaijingwang"),
        ("中国基金报", "zhongguojijinbao"),
    ],
)
def test_outlet_slug_is_toneless_pinyin(name: str, slug: str) -> None:
    assert slugify_name(name) == slug
    assert REGISTRY.slug_for_name(name) == slug


def test_outlet_aliases_resolve() -> None:
    assert REGISTRY.from_user("nbd") == ("meirijingjixinwen", "每日经济新闻")
    assert REGISTRY.from_user("新浪财经") == ("xinlangcaijing", "新浪财经")
    assert REGISTRY.from_user("Reuters") == ("reuters", "")


# -- credits, share links, chrome -------------------------------------------------------


def test_credit_line_sets_outlet_and_leaves_text() -> None:
    body = clean_paragraphs(["正文第一段。", "（文章来源：证券时报）"], REGISTRY)
    assert body.credit == "证券时报" and body.paragraphs == ["正文第一段。"]


def test_credit_split_across_spans_is_found() -> None:
    html = (
        '<p>正文。</p><p class="em_media">（文章来源：上海<span><a href="#">证券</a></span>报）</p>'
    )
    body = clean_paragraphs(html_to_paragraphs(html), REGISTRY)
    assert body.credit == "上海证券报" and body.paragraphs == ["正文。"]


def test_trailing_outlet_credit_is_taken_only_for_outlets() -> None:
    body = clean_paragraphs(["军工竞相表演。（中国基金报）"], REGISTRY)
    assert body.tail_credit == "中国基金报" and body.paragraphs == ["军工竞相表演。"]
    body = clean_paragraphs(["全文完。（完）"], REGISTRY)
    assert body.tail_credit == "" and body.paragraphs == ["全文完。（完）"]


def test_share_link_becomes_url() -> None:
    html = markdown_to_html("正文。\n\n<http://finance.eastmoney.com/news/1,2.html>\n")
    body = clean_paragraphs(html_to_paragraphs(html), REGISTRY)
    assert body.url == "http://finance.eastmoney.com/news/1,2.html"
    assert body.paragraphs == ["正文。"]


@pytest.mark.parametrize(
    "nav",
    [
        "[返回新华网新闻](//finews.withounder.com/category/xinhuawang.html)｜[返回首页](//finews.withounder.com/)",
        "[返回东财滚动新闻](../emnews/)\n[返回首页](../)",
        "<>",
    ],
)
def test_nav_lines_are_dropped(nav: str) -> None:
    paragraphs = html_to_paragraphs(markdown_to_html("正文。\n\n" + nav + "\n"))
    assert clean_paragraphs(paragraphs, REGISTRY).paragraphs == ["正文。"]


def test_stock_widget_is_removed_before_parsing() -> None:
    html = (
        '<p>前</p><!-- EM_StockImg_Start --><p><a href="x"><img alt="K图 603888_0"></a>K图</p>'
        "<!-- EM_StockImg_End --><p>后</p>"
    )
    assert html_to_paragraphs(default_rules().strip_html(html)) == ["前", "后"]


_SET_PATTERNS = ["^版权", "^(上一篇|下一篇)[:：]?$", "^a|b", "ICP备\\d+号", "客户端$", "^$"]


@given(st.text(alphabet="版权上一篇下:：abICP备12号客户端 ", max_size=12))
def test_pattern_set_matches_exactly_when_one_of_its_patterns_does(line: str) -> None:
    # ^a|b is anchored only in its first branch: joined with the others, it still matches b
    # anywhere, since an alternation searched matches where any branch does.
    expected = any(re.search(p, line) for p in _SET_PATTERNS)
    assert PatternSet.of(_SET_PATTERNS).search(line) == expected


@pytest.mark.parametrize(
    "chrome",
    [
        "海峽廣播電視設備工程有限公司地址:福建省福州市",
        "Copyright ? 1999-2024All Rights Reserved",
        "閩ICP備12023208號",
        "图片来源：霍尼韦尔官网",
        "一款点开就不想离开的财经APP 免费下载体验",
        "每日经济新闻客户端",
    ],
)
def test_chrome_lines_are_dropped(chrome: str) -> None:
    assert default_rules().strip_paragraphs(["正文。", chrome, "正文二。"]) == [
        "正文。",
        "正文二。",
    ]


@pytest.mark.parametrize("marker", ["版权声明", "上一篇", "下一篇", "分享成功"])
def test_cut_markers_drop_everything_after(marker: str) -> None:
    kept = default_rules().strip_paragraphs(["正文。", marker, "别的文章标题", "更多"])
    assert kept == ["正文。"]


# -- HTML / Markdown → text -------------------------------------------------------------


def test_markdown_syntax_is_rendered_away() -> None:
    source = "> 摘要一句。\n\n正文**加粗**和[链接](http://x.y)。\n\n- 第一项\n- 第二项\n\n## 小标题\n\n尾&nbsp;段"
    paragraphs = html_to_paragraphs(markdown_to_html(source))
    assert paragraphs == ["摘要一句。", "正文加粗和链接。", "第一项\n第二项", "小标题", "尾 段"]


def test_soft_line_break_between_chinese_adds_no_space() -> None:
    assert html_to_paragraphs(markdown_to_html("第一行\n第二行 and\nmore")) == [
        "第一行第二行 and more"
    ]


def test_hidden_elements_scripts_and_images_are_skipped() -> None:
    html = '<p style="display:none"><br/>x</p><script>alert(1)</script><p>可见<img src="a">文字</p>'
    assert html_to_paragraphs(html) == ["可见文字"]


@pytest.mark.parametrize(
    ("html", "paragraphs"),
    [
        # items of one list are one paragraph, a line each, however they nest
        (
            "<p>前</p><ul><li>甲</li><li>乙<ol><li>丙</li></ol></li><li><p>丁</p><p>戊</p></li></ul><p>后</p>",
            ["前", "甲\n乙\n丙\n丁\n戊", "后"],
        ),
        # two lists in a row are two paragraphs; text after a list in the same block is its own
        (
            "<ul><li>甲</li></ul><ul><li>乙</li></ul><div><ul><li>丙</li></ul>尾</div>",
            ["甲", "乙", "丙", "尾"],
        ),
        # what follows a skipped element stays, in its place
        ("<p>前<script>x()</script>中<span style='visibility:hidden'>藏</span>后</p>", ["前中后"]),
        ("<p>一<br>二<br/>三</p>", ["一\n二\n三"]),
    ],
)
def test_html_blocks_lists_and_skipped_elements(html: str, paragraphs: list[str]) -> None:
    assert html_to_paragraphs(html) == paragraphs


def test_control_characters_stay_in_the_text_as_data() -> None:
    # Display neutralises them (test_render); extraction neither chokes on them nor drops them.
    html = "<p>甲\x1b[31m乙\x07</p><ul><li>丙\x00丁</li></ul>"
    assert html_to_paragraphs(html) == ["甲\x1b[31m乙\x07", "丙\ufffd丁"]


def test_deeply_nested_html_does_not_crash() -> None:
    html = "<div>" * 5000 + "深处的字" + "</div>" * 5000
    assert html_to_paragraphs(html) in ([], ["深处的字"])


# -- bylines and titles -----------------------------------------------------------------


def test_byline_names() -> None:
    assert clean_paragraphs(
        ["每经记者 黄名扬    每经编辑 官远星", "正文第一段很长很长很长很长很长，很长。"], REGISTRY
    ).authors == ["黄名扬", "官远星"]
    assert split_names("张三、李四") == ["张三", "李四"]


def test_byline_line_is_pulled_from_text() -> None:
    body = clean_paragraphs(["导语。", "每经记者 黄名扬    每经编辑 官远星", "正文。"], REGISTRY)
    assert body.authors == ["黄名扬", "官远星"] and body.paragraphs == ["导语。", "正文。"]


def test_sentence_about_reporters_is_not_a_byline() -> None:
    body = clean_paragraphs(["本报记者走访发现", "正文。"], REGISTRY)
    assert body.authors == [] and body.paragraphs[0] == "本报记者走访发现"


def test_title_from_text_is_first_sentence_clipped() -> None:
    assert title_from_text(["北向资金净流入达30亿元。后面的话。"]) == "北向资金净流入达30亿元"
    long = "甲" * 30 + "，" + "乙" * 30 + "。"
    assert title_from_text([long]) == "甲" * 30
    assert title_from_text(["丙" * 100]) == "丙" * 48 + "…"


# -- format detection and identity -------------------------------------------------------


def test_format_is_decided_by_content() -> None:
    assert detect_format("---\ntitle: x\n---\n正文") == "jekyll"
    assert detect_format("\n---\ntitle: x\n---\n正文") == "jekyll"
    assert detect_format("每日经济新闻\n\n标题\n") == "plaintext"


def test_id_is_the_link_else_the_normalised_content() -> None:
    from newsarc.ingest.identity import content_key

    body = "<p>習(xí)近平 在 北京</p>\n\n第二段，12 月。"
    content = content_key(body)
    by_url = article_id("http://a/1", content)
    assert by_url == article_id("http://a/1", content_key("other"))
    assert article_id(None, content) == content
    # markup, entities, glosses (also in full-width brackets) and spacing do not count
    assert content == content_key("習（xí）近平在北京&nbsp;\r\n　　第二段，12 月。")
    assert content != content_key("習近平在北京第二段，13 月。")
    assert content != content_key("習近平在北京第二段,12 月。")
    assert len(by_url) == 16 and len(content) == 16 and int(content, 16) >= 0


def test_outlet_names_may_hold_digits() -> None:
    from newsarc.ingest import extract_article

    page = "21世纪经济报道\n\n    标题在这里\n\n    21世纪经济报道 2020-05-01 08:30\n\n    正文第一段。\n"
    found = extract_article(page.encode())
    assert (found.source, found.title) == ("21shijijingjibaodao", "标题在这里")
    assert found.date == "2020-05-01T08:30:00+08:00"
    body = clean_paragraphs(["正文。（21世纪经济报道）"], REGISTRY)
    assert body.tail_credit == "21世纪经济报道" and body.paragraphs == ["正文。"]
