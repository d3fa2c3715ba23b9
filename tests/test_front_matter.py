"""Front matter as real collections have it: strings, lists, odd dates, broken YAML."""

from __future__ import annotations

import pytest

from newsarc.ingest import extract_article


def post(front: str, body: str = "正文第一段。\n") -> bytes:
    return f"---\n{front}\n---\n{body}".encode()


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ('title: "他说"好"的消息"', '他说"好"的消息'),
        ("title: 新华网: 合作协议", "新华网: 合作协议"),
        ('title: "制表\t符"\n\tcategories: xinhuawang', "制表\t符"),
    ],
    ids=["unescaped-quote", "stray-colon", "tab"],
)
def test_broken_yaml_is_read_leniently_with_a_warning(front: str, title: str) -> None:
    article = extract_article(post(front + "\ndate: 2021-12-27 12:49:32 +0800"), "x.md")
    assert article.title == title
    assert article.date == "2021-12-27T12:49:32+08:00"
    assert article.warnings and "not valid YAML" in article.warnings[0]


@pytest.mark.parametrize(
    ("front", "feed", "tags"),
    [
        ("categories: xinhuawang\ntags: 新华网新闻", "xinhuawang", ["新华网新闻"]),
        (
            "categories: [emnews, other]\ntags: [东财滚动新闻, 财经]",
            "emnews",
            ["东财滚动新闻", "财经"],
        ),
        ("categories: emnews other\ntags: 财经 股市 财经", "emnews", ["财经", "股市"]),
        ("category: EmNews", "emnews", []),
        ("tags:", None, []),
    ],
)
def test_categories_and_tags_as_string_list_or_words(
    front: str, feed: str | None, tags: list[str]
) -> None:
    article = extract_article(post("title: 标题\n" + front), "x.md")
    assert (article.feed, article.tags) == (feed, tags)


@pytest.mark.parametrize(
    ("front", "name", "date"),
    [
        ("date: 2021-12-27 12:49:32 +0800", "x.md", "2021-12-27T12:49:32+08:00"),
        ("date: 2021-12-08 10:46:18", "x.md", "2021-12-08T10:46:18+08:00"),
        ("date: 2021-12-08", "x.md", "2021-12-08"),
        ("date:  +0800", "x.md", None),
        # an empty date says nothing: the file name's day is next in line
        ("date:  +0800", "2021-12-08-20211208.md", "2021-12-08"),
        ("", "2021-12-08-20211208.md", "2021-12-08"),
        ("date: [1, 2]", "x.md", None),
    ],
)
def test_dates(front: str, name: str, date: str | None) -> None:
    assert extract_article(post("title: 标题\n" + front), name).date == date


def test_empty_title_comes_from_the_lead() -> None:
    article = extract_article(post('title: ""', "> 摘要的第一句话。第二句。\n\n正文。\n"), "x.md")
    assert article.title == "摘要的第一句话"


def test_yaml_alias_bomb_is_not_expanded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    article = extract_article(post(bomb + "title: 标题\ntags: *i"), "x.md")
    assert article.title == "标题" and len(article.tags) <= 200


@pytest.mark.parametrize(
    ("front", "authors"),
    [
        ("author: Nei.st\ncategories: [ Nei.st ]", []),  # the feed's name is no author
        ("author: 燕京书评\ncategories: [燕京书评]\ntags: [燕京书评, 历史]", []),
        ("author: 汪建根\ntags: 转载 汪建根 中国文化报", ["汪建根"]),  # a tag names him too
        ("author: (臺)中央社CNA\ncategories: [ CNA ]", []),  # names an outlet
        ("author: 张潔平\ncategories: [ Matters ]", ["张潔平"]),
    ],
)
def test_a_front_matter_author_that_is_the_feed_or_an_outlet_is_no_author(
    front: str, authors: list[str]
) -> None:
    article = extract_article(post("title: 标题\ndate: 2021-01-01\n" + front), "x.md")
    assert article.authors == authors


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("title: 道琼斯泄洪 - iYouPort\ncategories: [ iYouPort ]", "道琼斯泄洪"),
        ("title: 道琼斯泄洪 | 燕京书评\ncategories: [ 燕京书评 ]", "道琼斯泄洪"),
        ("title: 新华网 - 消息\ncategories: [ 新华网 ]", "新华网 - 消息"),  # not at its end
        ("title: iYouPort\ncategories: [ iYouPort ]", "iYouPort"),  # nothing before it
    ],
)
def test_a_title_that_ends_with_its_feeds_name_loses_it(front: str, title: str) -> None:
    assert extract_article(post(front + "\ndate: 2021-01-01"), "x.md").title == title


@pytest.mark.parametrize(
    ("front", "outlet"),
    [
        ("categories: [ 燕京书评 ]\ntags: [ 燕京书评 ]", "燕京书评"),  # filed by its source
        ("categories: initium\ntags: blog", "端傳媒"),  # an alias of a known outlet
        ("categories: [ 评论 ]\ntags: [ 评论 ]", ""),  # a column, not a source
    ],
)
def test_a_category_filed_as_a_tag_too_is_the_source(front: str, outlet: str) -> None:
    article = extract_article(post("title: 标题\ndate: 2021-01-01\n" + front), "x.md")
    assert article.source_name == outlet
