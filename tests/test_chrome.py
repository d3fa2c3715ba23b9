"""Every chrome pattern in newsarc/data/chrome.json has an example here, and none of them
takes a line of article text. A pattern added to the data without an example fails
test_every_pattern_has_an_example."""

from __future__ import annotations

import json
import re

import pytest

from newsarc.ingest.chrome import default_rules
from newsarc.ingest.outlets import DATA

CHROME = json.loads(DATA.joinpath("chrome.json").read_text("utf-8"))

# Lines from which everything to the end of a page is chrome.
CUT = [
    "版权声明",
    "版權聲明：",
    "上一篇",
    "下一篇：",
    "上一篇：央行宣布降准",
    "下一篇：两市成交放量",
    "上一篇 央行宣布降准",
    "下一篇 两市成交放量",
    "分享成功",
    "相关阅读",
    "相關新聞：",
    "延伸阅读",
    "熱門文章",
    "猜你喜欢",
    "免责声明：本文仅代表作者个人观点",
    "免責聲明",
    "手机上长按并复制下列链接或二维码分享本文章",
    "网友评论(12)",
    "我来说两句",
    "本文版权归新华网所有",
    "转载请注明出处，未经许可不得转载",
    "声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
    "加微信：963617872}返回搜狐，查看更多",
    "【免责声明】上游新闻客户端未标有“来源：上游新闻-重庆晨报”的稿件均为转载稿。",
    "特别声明：本文为网易自媒体平台“网易号”作者上传并发布，仅代表该作者观点。",
    "原创文章，转载请附下面的二维码，微信公众号ID(zaraghost)、作者，否则视为侵权。",
    "其他人都在看",
    "此内容为优化阅读，进入原网站查看全文。",
    "如涉及版权问题请与我们联系。8610-87869823",
    "本文不代表BBC的立场和观点。网友如要发表评论，请使用下表：",
    "AD：8月3日，北京四季酒店！猎云网将与您相约“猎云网2018金融科技产业创新峰会”",
    "1、猎云网原创文章未经授权转载必究，如需转载请联系官方微信号进行授权。",
    # reposting blogs (Jekyll, WordPress) and their sources' footers
    "版权声明：日本经济新闻社版权所有，未经授权不得转载或部分复制，违者必究。",
    "您可能感兴趣的文章",
    "Related",
    "相关",
    "赞过：",
    # more of whole pages: any portal's "back to" button, app promotions, WeChat's 在看
    "作者：余毅菁 向雪妮返回富达，查看更多",
    "還想看更多新聞嗎？歡迎下載自由時報APP，現在看新聞還能抽獎，共9萬個中獎機會等著你：",
    "欢迎下载澎湃新闻APP，阅读更多精彩内容",
    "看都看完了，点【在看】试试在看",
    "点个在看",
    "【参考链接】",
    "相關連結：",
]
# Single lines of chrome.
DROP = [
    "字数 1017，阅读大约需 6 分钟",
    "返回首页",
    "[返回新华网新闻]｜[返回首页]",
    ":house:返回",
    "图片来源：视觉中国",
    "圖片來源：美聯社",
    "图：新华社记者 张三 摄",
    "海峽廣播電視設備工程有限公司地址:福建省福州市",
    "Copyright ? 1999-2024All Rights Reserved",
    "© 一朵后浪 for 中国数字时代",
    "版权所有 新华网",
    "Copyright 2020. All rights reserved.",
    "閩ICP備12023208號",
    "每日经济新闻客户端",
    "一款点开就不想离开的财经APP 免费下载体验",
    "免费下载",
    "下载新浪财经APP，查看更多资讯",
    "扫描二维码，关注我们",
    "長按識別二維碼",
    "关注微信公众号：新华网",
    "发送短信ZX到10658000订阅",
    "請加入成為眾新聞的月費訂戶，長期支持我們的工作。",
    "支持我們的新聞工作",
    "Permalink | Comments",
    "Feed enhanced by Better Feed from Ozh",
    "关键词: 降准 央行",
    "Post tags: 一国两制, 国安法",
    "語言",
    "简体 | 繁體 | English",
    "放大圖片",
    "打印",
    "发送给好友",
    "分享到：微信 微博 QQ空间",
    "【字号 大 中 小】",
    "<>",
    "全文共3819字，阅读大约需要9分钟",
    "字数 1017，阅读大约需 6 分钟",
    "共 94 条",
    "A10-A11版采写/新京报记者赵蕾",
    "作者簡介：新福事工協會 關懷貧窮學校 事工主任",
    "更多详细新闻请浏览新京报网www.bjnews.com.cn",
    '打开微信，点击右上角"+"，使用"扫一扫"即可将网页发送给朋友或分享到朋友圈。',
    "（本文为网友来稿，不代表中国台湾网观点）",
    "免责声明：",
    "本文仅代表作者个人观点，与环球网无关。其原创性以及文中陈述文字和内容未经本站证实。",
    "澎湃评论独家稿件，未经授权不得转载",
    "（本文为搜狐财经思想库特约稿件，本文仅代表作者个人观点）",
    "扫码收听于律师分答讲座",
    "更多内容见搜狐财经思想库，请扫下方二维码进入：",
    # whole saved pages of news sites (tests/data/collections/whole-pages)
    "图片均来自网络",
    "圖片來源於網絡。",
    "点击进入“文艺星青年”>>",
    "点击进入专题：",
    "A-A+",
    "#上吊 #自殺 #葫蘆 #北市 #士林區",
    "《蘋果》關心你",
    "★中時電子報關心您",
    "●《ETNEWS新聞雲》提醒您，請珍惜生命，自殺解決不了問題",
    "自殺防治諮詢安心專線：0800-788995",
    "生命線協談專線：1995",
    "張老師專線：1980",
    "您所瀏覽的新聞已過查詢時效。建議您加入中央社付費會員找尋您要的新聞。",
    ">>加入蘋果日報粉絲團94即時94狂！",
    "已输入0字",
    "+1",
    "图集",
    "赞正在加载……",
    "微信搜索“燕京书评”（Pekingbooks）：重申文化想象，重塑文字力量。",
    "null",
    "文/",
    "采写丨",
    "●《ETNEWS新聞雲》提醒您，請給自己機會：",
    "自殺解決不了問題，卻留給家人無比悲痛。請珍惜生命。",
    "再給自己一次機會",
    "1、回复【公租房】查看最新消息",
    "点击菜单栏【便民服务】解锁更多服务！",
    # a share button's network, alone on its line after 分享
    "facebook",
    "LINE",
    "Twitter",
    # a WordPress theme's post header: author, categories, dates, reading time
    "McCaffrey Newsletters , 关于公民社会和反抗 2018年6月1日 2019年6月1日 1 Minute",
    "Gabriel Fornard Opinion June 1, 2018 June 2, 2018 3 Minutes",
]
# Article text that no pattern may take.
TEXT = [
    "中国人民银行11日宣布，下调存款准备金率0.5个百分点。",
    "他说：“返回家乡的人越来越多。”",
    "公司地址位于深圳，员工有两千人。",
    "记者扫描了现场的二维码，发现链接指向一个赌博网站。",
    "该应用的下载量在三个月内超过了一千万次，成为同类产品第一。",
    "中文中文中文中文中文中文",
    "共有94条线索被移交警方。",
    "上一篇论文发表于2019年，引起了广泛关注。",
    "打印机的价格在去年上涨了一成。",
    "语言学家认为，方言的消失速度正在加快。",
    "他成为会员后获得了折扣，订户数量也在增长。",
    "用户下载客户端后可以查询社保，也可以在线缴费。",
    "特别声明的内容由法院在判决书中公布。",
    "其他人都在看着他，没有人说话。",
    "本文不代表任何人，只代表我自己的感受。",
    "扫码支付已经成为城市居民最常用的方式，占比超过八成。",
    "ADB（亚洲开发银行）预计今年经济增长5.2%。",
    "这篇原创文章未经作者同意就被多家网站转载，引发版权争议。",
    "图片来自网络上的一段视频，警方正在核实。",
    "点击进入页面后，用户需要输入验证码才能继续操作。",
    "#MeToo 运动在多个国家引发讨论。",
    "他说，家人很关心你的近况。",
    "生命线协谈专线在去年接到三万通电话，比前年增加两成。",
    "他加入粉丝团后，每月要交五十元会费。",
    "相关部门正在调查此事。",
    "Related research shows the same.",
    "他在微信搜索“燕京书评”后关注了这个公众号，每天都读。",
    "null 是编程语言里表示空值的关键字。",
    "他返回家乡，查看更多的资料后才决定。",
    "欢迎下载的用户数在一年里翻了一番。",
    "他说自己看都看完了，点评却没写。",
    "他们晚上九点在看电视。",
    "参考链接的做法在学术界很常见。",
    "自殺解決不了問題，專家呼籲社會多關懷身邊的人，並提供協助。",
    "他決定再給自己一次機會，明年再考一次。",
    "1、回复信件的时间不得超过七天。",
    "2018年6月1日，他们谈了 5 Minutes 就散了。",
    "Facebook 今年的营收增长了两成。",
]


# Chrome glued to the end of the article's last paragraph (no line break between them):
# cut from the paragraph, which stays.
GLUED = [
    (
        "并试图在国会通过相关法案阻止美国政府解除对中兴禁令。返回搜狐，查看更多",
        "并试图在国会通过相关法案阻止美国政府解除对中兴禁令。",
    ),
    ("《女性在婚姻中如何守住自己的钱》返回搜狐, 查看更多", "《女性在婚姻中如何守住自己的钱》"),
    (
        "將進一步釐清死因。（王煌忠／台中報導）《蘋果》關心你",
        "將進一步釐清死因。（王煌忠／台中報導）",
    ),
]


def _matches(kind: str, line: str) -> list[str]:
    return [p for p in CHROME[kind] if re.search(p, line)]


def test_every_pattern_has_an_example() -> None:
    glued = [line for line, _ in GLUED]
    for kind, examples in (
        ("cut_from_line", CUT),
        ("drop_line", DROP),
        ("header_quote", DROP),
        ("glued_tail", glued),
    ):
        for pattern in CHROME[kind]:
            assert any(re.search(pattern, line) for line in examples), (kind, pattern)


@pytest.mark.parametrize("line", CUT)
def test_cut_markers_drop_everything_after(line: str) -> None:
    kept = default_rules().strip_paragraphs(["正文第一段。", line, "别的文章", "更多"])
    assert kept == ["正文第一段。"]


@pytest.mark.parametrize("line", DROP)
def test_chrome_lines_are_dropped(line: str) -> None:
    assert _matches("drop_line", line)
    if not _matches("cut_from_line", line):  # a cut marker ends the page there instead
        kept = default_rules().strip_paragraphs(["正文。", line, "正文二。"])
        assert kept == ["正文。", "正文二。"]


@pytest.mark.parametrize("line", TEXT)
def test_article_text_is_never_chrome(line: str) -> None:
    assert not _matches("drop_line", line) and not _matches("cut_from_line", line)


def test_stock_widget_html_is_removed() -> None:
    html = "<p>前</p><!-- EM_StockImg_Start --><p>K图</p><!-- EM_StockImg_End --><p>后</p>"
    assert default_rules().strip_html(html) == "<p>前</p><p>后</p>"


@pytest.mark.parametrize(("line", "kept"), GLUED)
def test_chrome_glued_to_the_last_paragraph_is_cut_from_it(line: str, kept: str) -> None:
    assert default_rules().strip_glued_tail(line) == kept


def test_glued_tail_chrome_leaves_article_text_alone() -> None:
    for line in TEXT:
        assert default_rules().strip_glued_tail(line) == line


def test_a_sohu_page_ends_where_its_article_does() -> None:
    """Issue 11: 搜狐号 pages glue 返回搜狐，查看更多 to the article's last sentence; the line
    is too long to be a cut marker, so it stayed in the text."""
    from newsarc.ingest import extract_article

    from conftest import DATA

    path = DATA / "collections/plaintext-sites/files/2018-07-04＠美商务部对中兴通讯暂时部分解禁"
    text = extract_article(path.read_bytes(), path.name).text
    assert text.endswith("并试图在国会通过相关法案阻止美国政府解除对中兴禁令。"), text[-60:]
