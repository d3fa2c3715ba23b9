"""Bylines, datelines, credits and names in the forms Chinese news sites print them."""

from __future__ import annotations

import pytest

from newsarc.ingest.byline import parse_meta_line, strip_tail_byline
from newsarc.ingest.credit import (
    parse_credit_line,
    parse_credit_phrase,
    reads_as_publisher,
    strip_tail_credit,
)
from newsarc.ingest.dateline import parse_dateline
from newsarc.ingest.names import clean_name, split_names
from newsarc.ingest.outlets import OutletRegistry

REGISTRY = OutletRegistry.default()


@pytest.mark.parametrize(
    ("line", "date", "outlet", "authors"),
    [
        ("2020-03-09  来源: 学习时报 作者:", "2020-03-09", "学习时报", []),
        ("發布日期:2024-03-11 09:23:54 | 來源:新華網", "2024-03-11T09:23:54+08:00", "新華網", []),
        (
            "2017-03-03 07:40   来源: 成都日报   编辑: 董乐   责任编辑: 马兰",
            "2017-03-03T07:40:00+08:00",
            "成都日报",
            ["董乐", "马兰"],
        ),
        ("每日经济新闻 2018-12-11 20:16", "2018-12-11T20:16:00+08:00", "每日经济新闻", []),
        ("每经记者 黄名扬    每经编辑 官远星", None, "", ["黄名扬", "官远星"]),
        ("作者：张三、李四", None, "", ["张三", "李四"]),
        ("时间：2019年5月3日 10:30  浏览次数：1024", "2019-05-03T10:30:00+08:00", "", []),
        ("发布时间：2020.03.09", "2020-03-09", "", []),
        ("3/15/2023 4:19 PM UTC 轉載自GNews", "2023-03-15T16:19:00+00:00", "GNews", []),
        ("日期：Thu, 02 Jul 2020 02:32:33 +0000", "2020-07-02T02:32:33+00:00", "", []),
        ("2020-06-05 20:35 叨叨姐胡一刀李小飞刀", "2020-06-05T20:35:00+08:00", "", []),
        ("编辑 | 董可馨", None, "", ["董可馨"]),
        ("排版 | GINNY", None, "", ["GINNY"]),
        ("文｜南方周末记者 毛淑杰 王瑭琳", None, "南方周末", ["毛淑杰", "王瑭琳"]),
        ("澎湃新闻记者李蕊陈绪厚实习生谢煜楠", None, "澎湃新闻", []),
        ("原创 社论 澎湃新闻评论", None, "澎湃新闻评论", []),
        ("原标题：香港国安法重点先看    来源：新浪新闻综合", None, "新浪新闻综合", []),
        ("李澄欣/张慈（综合报导）", None, "", ["李澄欣", "张慈"]),
        ("文/张三", None, "", ["张三"]),
        ("记者／王五 李四", None, "", ["王五", "李四"]),
        ("文/图 张三", None, "", ["张三"]),
        ("■作者｜郑鹏超", None, "", ["郑鹏超"]),
        ("■编辑｜徐冰莹，贺秋霞", None, "", ["徐冰莹", "贺秋霞"]),
        ("● 来源：新华网", None, "新华网", []),
        ("搜狐科技/吕林轩", None, "搜狐科技", ["吕林轩"]),
        # credits run together: each label still starts its own value
        ("本文来源：每日经济新闻责任编辑：荀建国_NN7379", None, "每日经济新闻", ["荀建国"]),
        ("（图片来源：同花顺）", None, "", []),  # a photo's credit is not the article's
        ("执笔/叨叨姐、胡一刀&李小飞刀", None, "", ["叨叨姐", "胡一刀", "李小飞刀"]),
        ("来源于：东区办事处", None, "东区办事处", []),
        ("采写丨张弘", None, "", ["张弘"]),  # 丨 (U+4E28) is a bar too
        ("编辑丨李四 校对丨王五", None, "", ["李四", "王五"]),
        ("端传媒记者 吴婧、戚振宇 发自北京、香港", None, "端传媒", ["吴婧", "戚振宇"]),
        ("特约撰稿人 宋子江 发自香港", None, "", ["宋子江"]),
        ("Source: 蘋果日報【沙士15-疫情大事記】", None, "蘋果日報", []),
        ("来源：本站原创", None, "", []),  # the site's own: no name (its <title> may say)
        ("社會中心／綜合報導", None, "", []),  # a desk, no one's name
        ("記者王煌忠／台中報導", None, "", ["王煌忠"]),
        ("記者陳嘉寧、李四／桃園報導", None, "", ["陳嘉寧", "李四"]),
        ("相关新闻责编：魏少璞", None, "", ["魏少璞"]),
        (
            "2019-09-26 12:11来源：证券时报网作者：李在山",
            "2019-09-26T12:11:00+08:00",
            "证券时报网",
            ["李在山"],
        ),
    ],
)
def test_byline_lines_are_read(
    line: str, date: str | None, outlet: str, authors: list[str]
) -> None:
    meta = parse_meta_line(line, REGISTRY)
    assert meta is not None
    assert (meta.date, meta.outlet, meta.authors) == (date, outlet, authors)


@pytest.mark.parametrize(
    "sentence",
    [
        "据新华网报道，今天北京下雨，气温下降。",
        "记者 了解到，这家公司去年营收增长，利润下降。",
        "本报记者走访发现",
        "正文 在此处开始。",
        "来源于生活，高于生活，这是他的创作理念。",
        "他/她认为这个问题很复杂，需要讨论。",
        "约1/3的受访者表示支持",
        "中国/美国",
        "活动时间：2020年5月3日",
        "下面是现场图片：",
        "2020-06-05 20:35 北京发生地震，震级三级。",
        "2020年6月5日他去了北京",
        "图片来源：維基百科。根據時代在線網站的統計，截止3月25日，德國確診人數為37949人。",
    ],
)
def test_sentences_are_not_bylines(sentence: str) -> None:
    assert parse_meta_line(sentence, REGISTRY) is None


@pytest.mark.parametrize(
    ("line", "url"),
    [
        (
            "原文地址：https://www.minghui.org/mh/articles/2020/10/23/1.html",
            "https://www.minghui.org/mh/articles/2020/10/23/1.html",
        ),
        ("原文链接：http://news.example.cn/a/1.shtml", "http://news.example.cn/a/1.shtml"),
        (
            "<http://finance.eastmoney.com/news/1351,1.html>",
            "http://finance.eastmoney.com/news/1351,1.html",
        ),
    ],
)
def test_link_lines_give_the_article_link(line: str, url: str) -> None:
    meta = parse_meta_line(line, REGISTRY)
    assert meta is not None and meta.url == url


@pytest.mark.parametrize(
    ("lead", "outlet", "date", "authors"),
    [
        ("【大纪元2020年03月08日讯】（大纪元记者李明报导）武汉…", "大纪元", "2020-03-08", []),
        ("【明慧网二零二零年十月二十三日】河北一位老人…", "明慧网", "2020-10-23", []),
        ("香港文匯報訊(記者 葛沖 北京報道)國家統計局…", "香港文匯報", None, ["葛沖"]),
        ("本报讯(记者 马婧)昨天，北京…", "", None, ["马婧"]),
        ("新华社北京3月8日电（记者 王小明）全国两会…", "新华社", None, ["王小明"]),
        ("央视网消息（新闻联播）：今天，…", "央视网", None, []),
        ("【獨媒報導】47人涉組織及參與民主派初選…", "獨媒", None, []),
        ("（德国之声中文网）多家港媒周二早上报导…", "德国之声中文网", None, []),
        ("IT之家7月13日消息 今日中兴通讯发布…", "IT之家", None, []),
        ("参考消息网6月28日报道 美媒称…", "参考消息网", None, []),
    ],
)
def test_datelines_name_outlet_date_and_reporters(
    lead: str, outlet: str, date: str | None, authors: list[str]
) -> None:
    found = parse_dateline(lead, REGISTRY)
    assert found is not None
    assert (found.outlet, found.date, found.authors) == (outlet, date, authors)


@pytest.mark.parametrize(
    "lead",
    ["据霍尼韦尔官网消息，公司…", "北京3月8日电 全国…", "今天上午，市政府召开…"],
)
def test_sentences_are_not_datelines(lead: str) -> None:
    assert parse_dateline(lead, REGISTRY) is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("（文章来源：上海证券报）", "上海证券报"),
        ("来源：公众号“劳燕东飞”。", "劳燕东飞"),  # the account's name, as 公众号：X gives
        ("(来源：中国基金报)", "中国基金报"),
        ("本文转自： 内地智库发文谈李嘉诚撤资：别让他跑了 （新浪财经）", "新浪财经"),
        ("来源：中新经纬客户端", "中新经纬"),
        ("来源：微信公众号呆着2018年4月20日", "呆着"),
        # issue 11: the disclaimer in parentheses after it is no outlet
        (
            "文章来源：微信公众订阅号“何老师侃谈”2018年4月20日（本文仅代表作者个人观点）",
            "何老师侃谈",
        ),
        ("来源：“中国数字时代”网站", "中国数字时代"),  # a quoted site: its name
    ],
)
def test_credit_lines_are_cleaned_of_punctuation(line: str, outlet: str) -> None:
    assert parse_credit_line(line) == outlet


@pytest.mark.parametrize(
    "line",
    [
        "来源：@中国科学院大学、长安街知事",
        "来源：本报",
        "来源：综合e公司官微，每日经济报道编辑：张三",
    ],
)
def test_a_credit_that_names_no_one_publisher_is_no_credit(line: str) -> None:
    assert parse_credit_line(line) is None


@pytest.mark.parametrize(
    ("para", "text", "credit"),
    [
        ("军工竞相表演。（中国基金报）", "军工竞相表演。", "中国基金报"),
        ("两市成交放量。（券商中国）", "两市成交放量。", "券商中国"),
        ("项目获批。（发改委网站）", "项目获批。", "发改委网站"),
        ("数据如上。(东方财富Choice数据)", "数据如上。", "东方财富Choice数据"),
        ("会议结束。（来源：人民网）", "会议结束。", "人民网"),
    ],
)
def test_a_trailing_credit_is_taken_by_pattern_and_removed(
    para: str, text: str, credit: str
) -> None:
    assert strip_tail_credit(para, REGISTRY) == (text, credit)


@pytest.mark.parametrize(
    "name",
    [
        *[
            "完",
            "北京",
            "记者 张三",
            "2020年",
            "图",
            "王卡卡",
            "综合报道",
            "德新社、法新社、路透社",
        ],
        "资料来自维基百科",  # a fact box's source, not the article's
    ],
)
def test_a_parenthesis_that_is_no_publisher_stays(name: str) -> None:
    assert not reads_as_publisher(name, REGISTRY)
    assert strip_tail_credit(f"正文。（{name}）", REGISTRY) == (f"正文。（{name}）", "")


@pytest.mark.parametrize(
    ("line", "credit", "whole"),
    [
        ("本文转载自瞭望东方周刊，已存档于互联网档案馆", "瞭望东方周刊", True),
        ("本文转载自施夏明的新浪博客，谢谢", "新浪博客", True),
        ("本文转载自微信公众号呆着，已存档", "呆着", True),
        ("本文首发于南方周末 未经授权 不得转载", "南方周末", True),
        ("这篇文章原载《中华读书报》，作者授权转发", "中华读书报", False),
        # the source named inside a blogger's longer note, in one clause of it
        ("我能看到的争论也越来越多，" * 8 + "这篇文章源自知乎，行文稍有不忿之意。", "知乎", False),
        ("以下这篇文章的来源是“恒丰资本研究院”。原文标题就是：【股灾】", "恒丰资本研究院", False),
        ("俺转载自“中国数字时代”网站的“这个链接”", "中国数字时代", False),
        ("经作者授权，本文转载自博客“ 万有引力之虫 ”", "万有引力之虫", False),
        # a post first published on someone's account: the platform published it
        ("本文原刊 作者Facebook", "Facebook", True),
        ("本文原刊社福界前立法會議員 邵家臻Facebook", "Facebook", True),
        ("First published on the author's facebook", "Facebook", True),
        ("Originally published in The Guardian.", "The Guardian", True),
        # issue 11: the author's label after the account ends its name
        ("文章来自公众号：zaraghost作者：花儿街参考", "zaraghost", True),
        # the article as subject with a time between (这篇文章十四年前刊登在…上)
        ("> 这篇文章十四年前刊登在中国文化报上，正是《桃花扇》上演三个月后", "中国文化报", False),
        ("本文最初发表在《南方周末》上", "南方周末", True),
        ("（本文發表於印刻文學生活誌．二○二二年．十一月）", "印刻文學生活誌", True),
        ("※本文於2018年12月27日發表於自由評論網《神楽坂週記》專欄", "自由評論網", True),
    ],
)
def test_repost_credits_in_words(line: str, credit: str, whole: bool) -> None:
    assert parse_credit_phrase(line, REGISTRY) == (credit, whole)


@pytest.mark.parametrize(
    "line",
    [
        "这一说法源自美国的一份报告",  # no article as its subject: a claim's origin
        "他的灵感来源是“生活本身”",
        "这项调查由巴西卫生部进行。这一调查结果2日发表在巴西联邦政府的报告中。",
        "图片转自网络",
        "The idea was first published on a blog long ago, he said, and then it spread widely.",
    ],
)
def test_an_origin_that_is_not_the_articles_is_no_credit(line: str) -> None:
    assert parse_credit_phrase(line, REGISTRY) is None


@pytest.mark.parametrize(
    ("para", "text", "names"),
    [
        ("涉案金额不过区区百元。”文/记者张蕊", "涉案金额不过区区百元。”", ["张蕊"]),
        ("会议结束。（记者 王小明）", "会议结束。", ["王小明"]),
        ("他说，记者张三采访了他。", "他说，记者张三采访了他。", []),
        # Taiwan's closing byline: (name／place 報導)
        ("將進一步釐清死因。（王煌忠／台中報導）", "將進一步釐清死因。", ["王煌忠"]),
        ("警方已介入調查。（記者林悅、張三／台南報導）", "警方已介入調查。", ["林悅", "張三"]),
        ("他說明天再去。（台中／報導）", "他說明天再去。（台中／報導）", []),
        # a rank between the label and the name is no one's name (编辑委员 村山宏)
        (
            "本文作者为日本经济新闻（中文版）编辑委员 村山宏",
            "本文作者为日本经济新闻（中文版）",
            ["村山宏"],
        ),
    ],
)
def test_a_byline_glued_to_the_last_paragraph_leaves_it(
    para: str, text: str, names: list[str]
) -> None:
    assert strip_tail_byline(para) == (text, names)


def test_names_are_split_but_a_pen_name_with_a_comma_stays_whole() -> None:
    assert split_names("黄名扬、官远星") == ["黄名扬", "官远星"]
    assert split_names("张三，李四") == ["张三", "李四"]
    assert split_names("一个闲人，不闲的人") == ["一个闲人，不闲的人"]
    assert split_names("张三  张三") == ["张三"]
    assert split_names("台灣特派員鄭智仁") == ["鄭智仁"]
    # five reporters run together with nothing between them: no one's name
    assert split_names("记者李东王荣辉张子渊陈卿媛张蕊") == []
    # a name and its original in brackets are one person
    assert split_names("丽贝卡·韦斯特、丽贝卡·韦斯特（Rebecca West）") == ["丽贝卡·韦斯特"]
    # a CMS's staff code is no part of an editor's name
    assert split_names("荀建国_NN7379") == ["荀建国"]
    assert split_names("朱家浒 PN054") == ["朱家浒"]
    assert split_names("陈智 整合") == ["陈智"]  # what the reporter did is no name
    assert split_names("特约撰稿人 宋子江") == ["宋子江"]
    assert split_names("委员 村山宏") == ["村山宏"]  # 编辑委员 村山宏: a rank


@pytest.mark.parametrize("value", ["特約轉載", "转载", "佚名", "网络", "admin", "匿名、网络"])
def test_an_author_field_that_names_no_one_gives_no_author(value: str) -> None:
    """`author: 特約轉載` (眾新聞's reposts) is how the post came, not who wrote it
    (bylines.json `not_authors`); in front matter and in bylines alike."""
    from newsarc.ingest.front_matter import read_post_meta
    from newsarc.ingest.outlets import OutletRegistry

    assert split_names(value) == []
    assert split_names(f"张三、{value}") == ["张三"]
    meta = read_post_meta({"title": "標題", "author": value}, "post.md", OutletRegistry.default())
    assert meta.authors == [] and meta.source_name == ""


def test_names_lose_surrounding_punctuation_but_keep_paired_quotes() -> None:
    assert clean_name("公众号“劳燕东飞”。") == "公众号“劳燕东飞”"
    assert clean_name("新华网。") == "新华网"
    assert clean_name("“新华网") == "新华网"
    assert clean_name("BBC_") == "BBC"  # Markdown's emphasis marks are no part of it
    assert clean_name("**新华社**") == "新华社"
