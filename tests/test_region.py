"""Whole saved pages: the article found among the page's lists, comments and promotions
(ingest/region.py), its headline and bylines read from beside it."""

from __future__ import annotations

import pytest

from newsarc.errors import NotAnArticle
from newsarc.ingest import extract_article

PARAGRAPHS = [
    "证券时报e公司讯，当升科技公告，公司以9614.5万元竞得常州市一宗工业用地，将用于锂电材料基地建设。",
    "公告显示，该地块面积约为二百亩，公司将分期投入建设，预计二零二一年投产，达产后年产能五万吨。",
    "公司表示，项目建成后将进一步提升公司在动力电池正极材料领域的竞争力，满足下游客户的需求。",
    "分析人士认为，随着新能源汽车产业持续发展，正极材料需求有望保持增长，行业集中度继续提高。",
]


def page(*, head: str = "", wrap: tuple[str, str] = ("", ""), body_style: str = "") -> str:
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    related = "".join(
        f"<div class='item'><p>{t}，详情请点击查看全文内容。</p></div>"
        for t in (
            "天奇股份中标广汽丰田项目的消息",
            "运达股份签订风电项目大单",
            "多家公司发布业绩预告",
        )
    )
    comments = "".join(
        f"<div class='reply'><span>网友{i}</span><p>这篇文章写得很好，我很赞同作者的看法。</p></div>"
        for i in range(3)
    )
    return (
        f"<!DOCTYPE html><html><head><title>当升科技竞得工业用地_证券时报网</title>{head}</head>"
        f"<body>{wrap[0]}<div class='top'><a href='/'>首页</a> <a href='/a'>公司</a> "
        "<a href='/b'>行情</a></div>"
        "<div class='main'><h1>当升科技竞得工业用地</h1>"
        "<div class='info'>2019-09-26 12:11 来源：证券时报网 作者：李在山</div>"
        f"<div class='txt' style='{body_style}'>{article}</div>"
        "<div class='editor'>责任编辑：张三</div></div>"
        f"<div class='bottom-box'><h3>为你推荐</h3>{related}</div>"
        f"<div class='reply-area'>{comments}</div>{wrap[1]}</body></html>"
    )


def read(html: str) -> dict[str, object]:
    return extract_article(html.encode(), "page.html").fields()


def test_the_article_is_found_among_related_lists_and_comments() -> None:
    found = read(page())
    assert found["text"] == "\n\n".join(PARAGRAPHS)
    assert found["title"] == "当升科技竞得工业用地"
    assert found["source_name"] == "证券时报网"
    assert str(found["date"]).startswith("2019-09-26T12:11")
    assert found["authors"] == ["李在山", "张三"]


def test_a_page_inside_one_form_is_read() -> None:
    """ASP.NET wraps the whole page in <form id="form1">; a form is chrome only without text."""
    found = read(page(wrap=("<form id='form1'>", "</form>")))
    assert found["text"] == "\n\n".join(PARAGRAPHS)


def test_a_body_hidden_until_a_script_shows_it_is_read() -> None:
    html = page().replace("class='txt'", "class='rich_media_content' id='js_content'")
    found = read(html.replace("style=''", "style='visibility: hidden;'"))
    assert found["text"] == "\n\n".join(PARAGRAPHS)


def test_a_page_without_running_text_keeps_what_it_has() -> None:
    html = "<!DOCTYPE html><html><body><h1>标题</h1><p>短讯：今日收盘上涨，成交放量。</p></body></html>"
    assert read(html)["text"] == "短讯：今日收盘上涨，成交放量。"


def test_a_sites_meta_author_is_no_author_unless_a_person() -> None:
    for value in ("网易", "chinanews", "104363", "name, email@gmail.com"):
        found = read(page(head=f"<meta name='author' content='{value}'>"))
        assert found["authors"] == ["李在山", "张三"], value
    found = read(page(head="<meta name='author' content='王五'>"))
    assert "王五" in found["authors"]  # type: ignore[operator]


def test_a_list_of_posts_with_their_opening_lines_is_no_article() -> None:
    """A forum's thread list: each item holds a post's first sentences; the page is a list."""
    items = "".join(
        f"<li class='thread'><div class='t'><a href='/p/{i}'>帖子标题{i}</a></div>"
        f"<div class='abs'>8月1日，青海省格尔木公安局通报称，在可可西里无人区发现失联女大学生，"
        f"警方正在调查第{i}条线索。</div></li>"
        for i in range(8)
    )
    html = f"<!DOCTYPE html><html><body><h1>贴吧热议吧</h1><ul>{items}</ul></body></html>"
    with pytest.raises(NotAnArticle, match="a list of 8 posts"):
        read(html)


def test_a_saved_pages_own_link_beats_the_links_in_its_lines() -> None:
    """A report link beside the credit, the credit's site and a channel's home page are no
    article's link; the page says its own in a saved-from comment, JSON-LD or canonical."""
    credit = (
        "<div class='info'>2019-09-26 12:11 来源：<a href='http://www.nbd.com.cn/'>每日经济新闻</a>\n"
        "   <a href='http://jubao.aq.163.com/'>举报</a></div>"
    )
    html = page().replace(
        "<div class='info'>2019-09-26 12:11 来源：证券时报网 作者：李在山</div>", credit
    )
    found = read(html)
    assert found["source_name"] == "每日经济新闻"  # not 每日经济新闻举报
    assert found["url"] is None  # neither the outlet's home page nor the report link
    saved = "<!-- saved from url=(0041)https://news.163.com/19/0908/00/EP1.html -->\n" + html
    assert read(saved)["url"] == "https://news.163.com/19/0908/00/EP1.html"
    crawled = "<!--http://dy.163.com/v2/article/detail/EFDAIN1E054550F0.html-->\n" + html
    assert read(crawled)["url"] == "http://dy.163.com/v2/article/detail/EFDAIN1E054550F0.html"
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
        '"2019-09-07T15:10:53+08:00", "url": "https://www.guancha.cn/a/1.shtml"}</script>'
    )
    found = read(
        html.replace("<div class='info'>", "<div class='x'>").replace("</head>", ld + "</head>")
    )
    assert found["url"] == "https://www.guancha.cn/a/1.shtml"


def test_a_date_below_the_article_is_a_lists_not_its_own() -> None:
    html = page().replace(
        "<div class='editor'>责任编辑：张三</div>",
        "<div class='editor'>责任编辑：张三<br>2019-09-05 13:40 华为<br>2019-09-05 11:00</div>",
    )
    assert str(read(html)["date"]).startswith("2019-09-26")


def test_a_headline_repeated_at_the_top_of_the_article_is_kept_once() -> None:
    html = page().replace(
        f"<p>{PARAGRAPHS[0]}</p>", f"<p>当升科技竞得工业用地</p><p>{PARAGRAPHS[0]}</p>"
    )
    found = read(html)
    assert found["title"] == "当升科技竞得工业用地"
    assert found["text"] == "\n\n".join(PARAGRAPHS)


def test_the_headline_on_the_page_trims_its_title_of_the_sites_name() -> None:
    """<title> runs the site's name on with no separator a rule could tell from a headline
    (`标题|游民星空`, `标题 东区办事处`); the page's own headline line shows where it ends."""
    for suffix in ("|游民星空", " 东区办事处", "--游民星空"):
        html = page().replace("当升科技竞得工业用地_证券时报网", "当升科技竞得工业用地" + suffix)
        html = html.replace(" 来源：证券时报网", "").replace("证券时报e公司讯，", "")
        found = read(html)
        assert found["title"] == "当升科技竞得工业用地", suffix
        assert found["source_name"] == suffix.strip(" |-"), suffix
    html = page().replace("当升科技竞得工业用地_证券时报网", "明日股市预测--当升科技竞得工业用地")
    assert read(html)["title"] == "当升科技竞得工业用地"  # a column's name before it goes too


def test_a_credit_run_on_into_the_next_links_text_is_cut_at_it() -> None:
    credit = (
        "<div class='info'>2019-09-26 12:11 来源：<a href='http://www.qstheory.cn/'>求是网</a>"
        "<a href='/comment'>参与互动</a></div>"
    )
    html = page().replace(
        "<div class='info'>2019-09-26 12:11 来源：证券时报网 作者：李在山</div>", credit
    )
    assert read(html)["source_name"] == "求是网"


def test_a_pages_time_in_its_scripts_where_its_head_gives_none() -> None:
    html = page().replace("2019-09-26 12:11 ", "")
    script = '<script>window.DATA = {"pubtime": "2019-09-07 19:02:26", "media": "扬眼"};</script>'
    assert str(read(html.replace("</head>", script + "</head>"))["date"]).startswith(
        "2019-09-07T19:02"
    )
    attr = html.replace("<div class='main'>", "<div class='main' data-ptime='2019-05-17 20:02:46'>")
    assert str(read(attr)["date"]).startswith("2019-05-17T20:02")


def test_a_saved_wechat_post_has_its_accounts_name_and_time() -> None:
    html = page().replace("2019-09-26 12:11 来源：证券时报网 ", "").replace("证券时报e公司讯，", "")
    head = (
        "<meta property='og:site_name' content='微信公众平台'>"
        '<script>var nickname = "爱否科技"; var ct = "1581517074";'
        ' var msg_link = "http://mp.weixin.qq.com/s?__biz=MzA";</script>'
    )
    found = read(html.replace("</head>", head + "</head>"))
    assert found["source_name"] == "爱否科技"
    assert found["date"] == "2020-02-12T22:17:54+08:00"


def site_page(page_title: str, headline: str, credit: str) -> str:
    """A small site's page: the headline as a plain line above the article's element (no
    heading), a credit, the article, a copyright footer; <title> joins the headline and the site's name."""
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])  # no 证券时报e公司讯
    return (
        f"<html><head><title>{page_title}</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> &gt; <a href='/n'>新闻动态</a></div>"
        f"<div class='title'>{headline}</div><div class='info'>{credit}</div>"
        f"<div class='art'>{article}</div>"
        "<div class='foot'>版权所有 湖南省中医药研究院附属医院 湘ICP备14002927号</div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    "page_title",
    [
        "联合国贸发报告：全球经济增长率降至2.3% 湖南省中医药研究院附属医院",  # headline, a space, the site
        "联合国贸发报告：全球经济增长率降至2.3% 东区办事处_中山网",  # a section, then the site
        "明日股市预测--联合国贸发报告：全球经济增长率降至2.3%",  # the site's section before the headline
    ],
)
def test_a_plain_line_that_is_part_of_the_pages_title_is_its_headline(page_title: str) -> None:
    """No heading on the page: the line that <title> holds beside its site's or section's
    name is the headline, and the title is that line, not the whole <title>."""
    found = read(
        site_page(
            page_title, "联合国贸发报告：全球经济增长率降至2.3%", "来源：本站原创 时间：2019-10-31"
        )
    )
    assert found["title"] == "联合国贸发报告：全球经济增长率降至2.3%"
    assert found["text"] == "\n\n".join(PARAGRAPHS[1:])


def test_this_sites_own_story_is_credited_to_the_site_its_title_names() -> None:
    """来源：本站原创 (this site's own) names no outlet: the site is the one its <title>
    names after the headline."""
    found = read(
        site_page(
            "联合国贸发报告：全球经济增长率降至2.3% 湖南省中医药研究院附属医院",
            "联合国贸发报告：全球经济增长率降至2.3%",
            "来源：本站原创 时间：2019-10-31",
        )
    )
    assert found["source_name"] == "湖南省中医药研究院附属医院"
