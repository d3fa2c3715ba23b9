"""Reading a page, any format: headline, date, outlet, link and text, and what is no article."""

from __future__ import annotations

import pytest

from newsarc.errors import NotAnArticle
from newsarc.ingest import extract_article
from newsarc.ingest.extract import detect_format
from newsarc.ingest.script import strip_pinyin_glosses

BODY = "这是正文的第一段，记者从有关部门获悉，项目进展顺利。\n\n这是正文的第二段，内容很长，还在继续。\n"


def read(text: str, name: str = "page.txt") -> dict[str, object]:
    return extract_article(text.encode(), name).fields()


# -- format by content --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("---\ntitle: x\n---\n正文", "jekyll"),
        ("+++\ntitle = 'x'\n+++\n正文", "jekyll"),
        ("<!DOCTYPE html><html><body><p>正文</p></body></html>", "html"),
        ("# 《新闻联播》 (20221030)\n\n## 新闻摘要\n\n正文。", "markdown"),
        ("### 标题\n<div class='a'><p>正文</p></div>", "markdown"),
        ("每日经济新闻\n\n标题\n\n正文。", "plaintext"),
        ("首頁 > 金融 > 正文\n标题\n正文。", "plaintext"),
    ],
)
def test_format_is_decided_by_content(text: str, kind: str) -> None:
    assert detect_format(text) == kind


def test_markdown_without_front_matter_is_rendered() -> None:
    page = (
        "# 《新闻联播》 (20221030)\n\n## 新闻摘要\n\n### 习近平会见外宾\n\n"
        "<p><strong>央视网消息</strong>（新闻联播）：今天下午，国家主席在北京会见了来访的外宾。<br></p>\n\n"
        "[查看原文](https://tv.cctv.com/2022/10/30/VIDE1.shtml)\n"
    )
    found = read(page, "20221030.md")
    assert found["title"] == "《新闻联播》 (20221030)"
    assert found["date"] == "2022-10-30"
    assert found["source_name"] == "央视网"
    assert found["url"] == "https://tv.cctv.com/2022/10/30/VIDE1.shtml"
    assert found["text"] == (
        "新闻摘要\n\n习近平会见外宾\n\n央视网消息（新闻联播）：今天下午，国家主席在北京会见了来访的外宾。"
    )


def test_markup_heavy_page_is_judged_on_its_visible_text() -> None:
    tags = "".join(f'<div class="c{i}"><span style="x:{i}">' for i in range(60))
    page = "### 标题在这里\n" + tags + "这是正文，很长的一段中文新闻内容。" + "</span></div>" * 60
    assert read(page, "a.md")["text"] == "这是正文，很长的一段中文新闻内容。"


def test_a_whole_html_page_gives_its_headline_link_and_site() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>央行宣布降准_财经_新华网</title>"
        '<link rel="canonical" href="http://www.news.cn/fortune/2024-03-11/c_1.htm">'
        '<meta property="og:site_name" content="新华网"></head><body>'
        '<div class="nav"><a href="/">首页</a><a href="/f">财经</a></div>'
        "<h1>央行宣布降准</h1><div class='info'>发布时间：2024-03-11 09:23:54 来源：新华网</div>"
        "<div class='article'><p>中国人民银行11日宣布，下调存款准备金率0.5个百分点。</p>"
        "<p>此次降准将释放长期资金约1万亿元。</p></div>"
        "<div class='footer'>Copyright 新华网 版权所有</div></body></html>"
    )
    found = read(page, "c_1.htm")
    assert found["title"] == "央行宣布降准"
    assert found["date"] == "2024-03-11T09:23:54+08:00"
    assert found["source_name"] == "新华网"
    assert found["url"] == "http://www.news.cn/fortune/2024-03-11/c_1.htm"
    assert found["text"] == (
        "中国人民银行11日宣布，下调存款准备金率0.5个百分点。\n\n此次降准将释放长期资金约1万亿元。"
    )


# -- titles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    ["首頁 > 金融 > 正文", "时政|经济|社会|国际|财经", "語言", "放大圖片", "简体 | 繁體"],
)
def test_a_headline_is_never_chrome(chrome: str) -> None:
    found = read(f"{chrome}\n美联储宣布维持利率不变\n{BODY}")
    assert found["title"] == "美联储宣布维持利率不变"
    assert chrome not in str(found["text"])


def test_a_title_made_from_the_text_is_not_cut_at_a_question_mark() -> None:
    found = read("你知道吗？这座城市的地铁今年又通了三条新线路，市民出行更方便了。后面还有。\n")
    assert found["title"] == "你知道吗？这座城市的地铁今年又通了三条新线路，市民出行更方便了"


def test_a_site_suffix_leaves_a_labelled_title() -> None:
    page = "标题:猎云早报：微信回应赞赏功能出Bug | 猎云网\n发布时间:2016-12-01 08:00\n正文:" + BODY
    found = read(page, "x")
    assert found["title"] == "猎云早报：微信回应赞赏功能出Bug"
    assert found["date"] == "2016-12-01T08:00:00+08:00"
    assert str(found["text"]).startswith("这是正文的第一段")


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "name", "date"),
    [
        (f"标题在这里很长\n2020-03-09  来源: 学习时报 作者:\n{BODY}", "x.txt", "2020-03-09"),
        (f"【大纪元2020年03月08日讯】{BODY}", "x.txt", "2020-03-08"),
        (f"【明慧网二零二零年十月二十三日】{BODY}", "x.txt", "2020-10-23"),
        (f"# 新闻联播\n\n{BODY}", "20221030.md", "2022-10-30"),
        (f"# 新闻\n\n{BODY}\n原文地址：https://a.cn/2013/03/20/x.html\n", "a.md", "2013-03-20"),
        (f"# 新闻\n\n{BODY}\n原文链接：https://a.cn/2017/0303/x.html\n", "a.md", "2017-03-03"),
        # a date only mentioned in the story is not its date
        (f"标题在这里很长\n{BODY}会议定于2021年5月1日举行。\n", "x.txt", None),
    ],
)
def test_dates_from_byline_dateline_file_name_or_link(
    page: str, name: str, date: str | None
) -> None:
    found = read(page, name)
    assert (found["date"] or "")[:10] == (date or "")


# -- outlets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        (f"标题在这里很长\n發布日期:2024-03-11 09:23:54 | 來源:新華網\n{BODY}", "新華網"),
        (f"香港文匯報訊(記者 葛沖 北京報道){BODY}", "香港文匯報"),
        (f"标题在这里很长\n{BODY}（文章来源：券商中国）\n", "券商中国"),
        (f"标题在这里很长\n{BODY.rstrip()}（发改委网站）\n", "发改委网站"),
        (f"标题在这里很长\n{BODY}来源：公众号“劳燕东飞”。\n", "劳燕东飞"),
    ],
)
def test_outlet_from_the_credit_wherever_the_page_gives_it(page: str, outlet: str) -> None:
    found = read(page)
    assert found["source_name"] == outlet
    assert outlet not in str(found["text"]).split("\n\n")[-1][-10:]


def test_the_outlet_a_story_names_as_its_own() -> None:
    page = (
        "标题在这里很长\n这是正文的第一段，一位居民告诉澎湃新闻记者，项目进展顺利。\n\n"
        "这是正文的第二段，内容很长，还在继续。但澎湃新闻了解到，事情还有后续。\n"
    )
    assert read(page)["source_name"] == "澎湃新闻"
    once = "标题在这里很长\n这是正文的第一段，内容很长。\n\n第二段中一位居民告诉澎湃新闻记者，情况属实。\n"
    assert read(once)["source_name"] == ""


def test_another_outlets_reporters_in_a_quotation_do_not_make_it_the_outlet() -> None:
    post = (
        "---\ntitle: 标题\n---\n俺摘录其中的几段如下：\n\n"
        "> 新京报记者梳理发现，发布会中提问环节大部分在8分钟以下。\n\n"
        "> 新京报记者整理的数据显示，记者提问超过60个。\n\n"
        "俺的评论在这里，内容很长很长，还在继续。\n"
    )
    assert read(post, "a.md")["source_name"] == ""
    assert read(post.replace("> ", ""), "a.md")["source_name"] == "新京报"


@pytest.mark.parametrize("category", ["Archive", "sticky", "news", "blog"])
def test_a_category_that_is_a_feed_is_not_an_outlet(category: str) -> None:
    post = f"---\ntitle: 标题\ndate: 2021-01-01\ncategories: {category}\n---\n{BODY}"
    found = read(post, "2021-01-01-a.md")
    assert (found["feed"], found["source"], found["source_name"]) == (category.lower(), "", "")


# -- links, authors, digests ----------------------------------------------------------------


def test_an_autolink_in_the_middle_is_not_the_articles_link() -> None:
    post = (
        "---\ntitle: 标题\ndate: 2021-01-01\n---\n这是正文的第一段，很长很长的内容。\n\n"
        "<https://example.com/cited>\n\n这是正文的第二段，很长很长的内容，还在继续。\n\n"
        "这是正文的第三段，很长很长的内容，就此结束。\n"
    )
    found = read(post, "a.md")
    assert found["url"] is None
    assert "https://example.com/cited" in str(found["text"])


def test_the_share_line_under_the_body_is_the_articles_link() -> None:
    post = f"---\ntitle: 标题\ndate: 2021-01-01\n---\n{BODY}\n<http://finance.eastmoney.com/a/1.html>\n"
    assert read(post, "a.md")["url"] == "http://finance.eastmoney.com/a/1.html"


def test_an_author_named_twice_is_recorded_once_and_leaves_the_text() -> None:
    post = f"---\ntitle: 标题\ndate: 2021-01-01\nauthor: 张三\n---\n作者：张三\n\n{BODY}"
    found = read(post, "a.md")
    assert found["authors"] == ["张三"]
    assert "作者" not in str(found["text"])


def test_reporters_and_editors_in_their_usual_forms() -> None:
    page = (
        "成都新闻\n成都再添新地标\n"
        "2017-03-03 07:40   来源: 成都日报   编辑: 董乐   责任编辑: 马兰\n"
        f"本报讯(记者 马婧){BODY}"
    )
    found = read(page)
    assert found["authors"] == ["董乐", "马兰", "马婧"]
    assert found["source_name"] == "成都日报"
    assert "编辑" not in str(found["text"])


def test_slash_and_bulleted_bylines_are_read_and_leave_the_text() -> None:
    page = f"中兴将与国家保持一致\n搜狐科技/吕林轩\n{BODY}■作者｜郑鹏超\n■编辑｜徐冰莹，贺秋霞\n"
    found = read(page)
    assert found["authors"] == ["吕林轩", "郑鹏超", "徐冰莹", "贺秋霞"]
    assert found["source_name"] == "搜狐科技"
    assert str(found["text"]).startswith("这是正文") and str(found["text"]).endswith("还在继续。")


@pytest.mark.parametrize("credit", ["排版｜甘琼芳", "排版 | GINNY", "美编：王五", "制图 | 李四"])
def test_production_credits_at_the_end_leave_the_text(credit: str) -> None:
    """Typesetters and designers are credited like editors, after the article's last words
    (编辑｜沈彬 / 排版｜甘琼芳 closing a WeChat repost)."""
    post = f"---\ntitle: 标题\ndate: 2021-01-01\n---\n{BODY}\n\n编辑｜沈彬\n\n{credit}\n"
    found = read(post, "a.md")
    assert str(found["text"]).endswith(BODY.rstrip()[-10:])
    assert credit.split()[-1][-2:] not in str(found["text"])


def test_a_digest_that_repeats_the_lead_is_kept_once() -> None:
    post = (
        "---\ntitle: 标题\ndate: 2021-01-01\n---\n> 这是正文的第一段，记者从有关部门获悉\n\n" + BODY
    )
    found = read(post, "a.md")
    assert str(found["text"]).startswith("这是正文的第一段") and found["text"].count("获悉") == 1


def test_a_distinct_digest_stays_first() -> None:
    post = "---\ntitle: 标题\ndate: 2021-01-01\n---\n> 一句不同的摘要。\n\n" + BODY
    assert str(read(post, "a.md")["text"]).startswith("一句不同的摘要。\n\n这是正文")


def test_a_reposts_header_quotation_goes_whole() -> None:
    header = "> 字数 1017，阅读大约需 6 分钟\n>\n> 原标题：另一个标题\n>\n> 但转载者觉得，现在这个更好！\n\n"
    post = "---\ntitle: 标题\ndate: 2021-01-01\n---\n原创 青小蛙 小众软件\n\n" + header + BODY
    assert str(read(post, "a.md")["text"]).startswith("这是正文")


# -- chrome and glosses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "chrome",
    [
        "手机上长按并复制下列链接或二维码分享本文章",
        "打印",
        "发送给好友",
        "我来说两句",
        "关键词: 降准 央行",
        "免责声明：本文仅代表作者观点",
        "发送短信ZX到10658000订阅",
        "扫描二维码下载客户端",
    ],
)
def test_page_chrome_never_reaches_the_text(chrome: str) -> None:
    found = read(f"标题在这里很长\n{BODY}{chrome}\n")
    assert chrome not in str(found["text"])
    assert str(found["text"]).endswith("还在继续。")


def test_neutral_tone_glosses_go_when_they_are_the_characters_reading() -> None:
    assert strip_pinyin_glosses("我的(de)朋友來了(le)") == "我的朋友來了"
    assert strip_pinyin_glosses("人工智能(ai)與騰訊(深圳)") == "人工智能(ai)與騰訊(深圳)"


# -- what is no article ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("---\nlayout: page\ntitle: 关于\n---\n本站收集财经新闻。\n", "about.md"),
        ("---\nlayout: home\n---\n", "index.md"),
        ("---\ntitle: TEMPLATE\ndate: 0000-00-00 00:00:00 +0800\n---\nPLEASE USE THIS.\n", "t.md"),
        ('{"title": "新闻", "items": ["一", "二"]}', "latest.json"),
        (
            "# 站点\n\n" + "".join(f"- [第{i}篇新闻的标题](a/{i}.md)\n" for i in range(20)),
            "README.md",
        ),
        (
            "# 新闻联播 Markdown 自动整理\n\n每天抓取节目内容，生成文稿，保存到笔记软件里。\n",
            "README.md",
        ),
        ("Just an English readme.\n", "notes.md"),
    ],
)
def test_site_pages_and_data_are_no_articles(text: str, name: str) -> None:
    with pytest.raises(NotAnArticle):
        extract_article(text.encode(), name)


def test_a_post_with_only_its_title_and_an_author_card_is_no_article() -> None:
    post = (
        '---\ntitle: "[TEST] LIKECOIN"\ndate: "2019-03-28"\nauthor: "系統管理員"\n---\n\n'
        "# [TEST] LIKECOIN\n\n"
        "**博客 | 系統管理員**\n\n系統管理員\n"
    )
    with pytest.raises(NotAnArticle, match="title without a body"):
        extract_article(post.encode(), "article_19411.md")


@pytest.mark.parametrize("body", ["今天天气很好。", "下雨了！", "祝贺开站", "一个很长的段落" * 4])
def test_a_short_post_that_says_something_is_an_article(body: str) -> None:
    post = f"---\ntitle: 随笔\ndate: 2019-03-28\n---\n\n# 随笔\n\n{body}\n"
    assert read(post, "a.md")["text"] == body


def test_a_dated_list_of_headlines_is_that_days_digest() -> None:
    page = "# 2024-05-01\n\n" + "".join(
        f"1. [第{i}条很长的新闻标题在这里写着]( https://36kr.com/p/{i})\n" for i in range(20)
    )
    found = read(page, "2024-05-01.md")
    assert found["date"] == "2024-05-01"
    assert str(found["text"]).startswith("第0条很长的新闻标题在这里写着\n第1条")


def test_a_photo_caption_before_the_first_paragraph_is_not_the_text() -> None:
    """The lead photo's <figcaption> (眾新聞: `…馮可立。照片來源：馮可立Facebook`) is not the
    article's first paragraph; a caption further down, inside the article, stays."""
    post = (
        '---\ntitle: "立叔走了"\ndate: "2021-04-10"\n---\n\n# 立叔走了\n\n'
        '<figure>\n<img src="a.jpg" alt="">\n'
        "<figcaption>第一代社區組織協會總幹事馮可立。照片來源：馮可立Facebook</figcaption>\n"
        "</figure>\n\n立叔走了。今晨在睡夢中被上主接走了，又一個好人走了。\n\n"
        '<figure>\n<img src="b.jpg" alt="">\n'
        "<figcaption>1979年艇戶到港督府請願，社工陪同。</figcaption>\n</figure>\n\n"
        "立叔是公民抗命的老祖，遠在70年代末期已經參與社會運動，影響深遠。\n"
    )
    text = str(read(post, "post.md")["text"])
    assert text.startswith("立叔走了。今晨")
    assert "照片來源" not in text
    assert "1979年艇戶到港督府請願，社工陪同。" in text


def test_a_disclaimer_in_markdown_emphasis_names_its_site_clean() -> None:
    post = f"---\ntitle: 标题\ndate: 2021-01-01\n---\n{BODY}\n_本文不代表BBC__的立场和观点。_\n"
    assert read(post, "a.md")["source_name"] == "BBC"


@pytest.mark.parametrize(
    ("title", "headline", "site"),
    [
        ("央行宣布降准_财经_新华网", "央行宣布降准", "新华网"),
        ("老虎怒了！山庄竟售虎骨酒 - 万象 - 舜网新闻", "老虎怒了！山庄竟售虎骨酒", "舜网"),
        ("章莹颖案嫌犯首次开口-中新网辽宁频道", "章莹颖案嫌犯首次开口", "中新网"),
        ("澎湃新闻记者调查 | 澎湃新闻", "澎湃新闻记者调查", "澎湃新闻"),  # a name, no section
    ],
)
def test_a_page_titles_site_is_the_site_not_its_section(
    title: str, headline: str, site: str
) -> None:
    from newsarc.ingest.title import clean_page_title

    assert clean_page_title(title) == (headline, site)


def test_an_html_pages_title_ends_with_its_sites_name() -> None:
    from newsarc.ingest.title import clean_page_title

    title = "逆水寒再按照这个速度研发下去 应该马上就要收到律师函了！|游民星空"
    assert clean_page_title(title, html=True) == (title.split("|")[0], "游民星空")
    # a crawler's record may bar its keywords on; one is no site
    assert clean_page_title("榆林产妇跳楼事件各方最新回应|产妇") == (
        "榆林产妇跳楼事件各方最新回应|产妇",
        "",
    )
    # a long last part is the headline's own
    long = "夜读 | 辅警掉进窨井爬起后坚守井口 | 杭州保姆纵火吓哭前娱乐圈雇主"
    assert clean_page_title(long, html=True) == (long, "")


def test_a_timelines_dates_are_its_text_not_its_bylines() -> None:
    """A chronology (2002-11-01 / what happened / 2003-02-09 / …) holds its dates as text:
    none of them is the article's date line, at its top, its end or anywhere."""
    events = ["2002-11-01", "首宗病例的佛山男子发病。", "2003-02-09", "广东省多个城市出现疫情。"]
    events += ["2003-02-10", "卫生厅公布有非典型肺炎病例。", "2003-06-23", "世卫剔除香港疫区之名。"]
    post = "---\ntitle: 2003年香港SARS大事记\ndate: 2020-01-21\n---\n" + "\n\n".join(events) + "\n"
    found = read(post, "a.md")
    assert found["text"] == "\n\n".join(events)
    assert str(found["date"]).startswith("2020-01-21")


@pytest.mark.parametrize(
    ("title", "headline", "site"),
    [
        # a host site's chrome after spaces: a section, its names, a slogan
        (
            "中国政法大学教授担任杭州纵火案保姆辩护律师 世相万千 烟台新闻网 胶东在线 国家批准的重点新闻网站",
            "中国政法大学教授担任杭州纵火案保姆辩护律师",
            "烟台新闻网",
        ),
        ("杭州纵火保姆前夫 孩子还小 人民网", "杭州纵火保姆前夫 孩子还小", "人民网"),
        # spaces inside a headline: no part names a site
        (
            "杭州纵火保姆前夫:孩子还小 不想她知道有这么个妈",
            "杭州纵火保姆前夫:孩子还小 不想她知道有这么个妈",
            "",
        ),
        (
            "5G来临前的寒冬下 弱冠之年的中兴准备重新崛起",
            "5G来临前的寒冬下 弱冠之年的中兴准备重新崛起",
            "",
        ),
    ],
)
def test_a_titles_site_after_spaces_is_cut(title: str, headline: str, site: str) -> None:
    from newsarc.ingest.title import clean_page_title

    assert clean_page_title(title) == (headline, site)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "2018-04-18 07:24:49@中兴发布内部信：成立危机工作组呼吁员工头脑清醒.txt",
            "中兴发布内部信：成立危机工作组呼吁员工头脑清醒",
        ),
        (
            "2018-03-23@5G来临前的寒冬下 弱冠之年的中兴准备重新崛起 | 爱活网 Evolife.cn.txt",
            "5G来临前的寒冬下 弱冠之年的中兴准备重新崛起",
        ),
        ("央行宣布降准.txt", "央行宣布降准"),
    ],
)
def test_text_without_a_headline_takes_the_one_its_file_name_holds(name: str, title: str) -> None:
    """A crawler that saved only the body named the file after the headline; that headline
    is the title, rather than the text's first sentence."""
    found = read(BODY, name)
    assert found["title"] == title
    assert found["text"] == BODY.strip()


@pytest.mark.parametrize(
    "name", ["page.txt", "article_36623.txt", "2018-04-18.txt", "8e803366d3538c4d.txt"]
)
def test_a_file_name_without_a_headline_leaves_the_first_sentence_as_title(name: str) -> None:
    assert read(BODY, name)["title"] == read(BODY, "page.txt")["title"] != ""
