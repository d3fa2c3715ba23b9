"""Generate a corpus of realistic Chinese news post files for the scale benchmark.

    python benchmarks/gen_corpus.py N DIR [--seed S] [--workers W] [--manifest FILE]

Writes N files into DIR/0000/, DIR/0001/, … (1000 a folder). Every file is a different
article, built from the real posts in samples/ and tests/data/{corpus,finews}: their
paragraphs, sentences and titles are shuffled, recombined and varied (numbers, dates, outlet
names), and every title gets a unique figure, so importing N files yields N articles.

Formats, as the sources write them (shares are approximate):
  45% jekyll-html   Jekyll post of an outlet feed with an eastmoney HTML body (samples/000)
  25% jekyll-md     `emnews` (东财滚动新闻) post with a Markdown body, half with a trailing
                    （PUBLISHER） credit (tests/data/finews)
  20% plain         scraped page: masthead, title, byline, authors, page chrome (samples/002)
  10% traditional   traditional-script repost with pinyin glosses and a footer (samples/003)
About 1% of the plain pages are written in GB18030, 1% of the traditional ones in Big5
(characters Big5 lacks become "?"), and 1% of all files with CRLF line ends.

Output depends only on N, the seed and the source files, not on the number of workers.
Standard library only, so it runs anywhere. --manifest writes one JSON line per file with
the fields an extractor should find (format, title, outlet slug, feed, date, url).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "samples", ROOT / "tests" / "data" / "corpus", ROOT / "tests" / "data" / "finews")
SKIP_NAMES = frozenset({"README.md", "SOURCES.md"})
FILES_PER_FOLDER = 1000
MAX_FILES = 10**7  # the unique title figures have 7 digits

FORMATS = ("jekyll-html", "jekyll-md", "plain", "traditional")
FORMAT_WEIGHTS = (45, 25, 20, 10)
FIRST_DAY = datetime(2015, 1, 1)
DAYS = (datetime(2024, 12, 31) - FIRST_DAY).days + 1


@dataclass(frozen=True)
class Outlet:
    name: str
    slug: str  # toneless pinyin of the name, as the finews site's Jekyll categories spell it
    staff: str  # how its bylines name its staff: 每经记者 X    每经编辑 Y
    weight: int = 1


# The big financial outlets first (weight 3), then more national, regional and web outlets.
OUTLETS: tuple[Outlet, ...] = (
    Outlet("新华网", "xinhuawang", "新华网", 3),
    Outlet("人民网", "renminwang", "人民网", 3),
    Outlet("中国证券报", "zhongguozhengquanbao", "中证报", 3),
    Outlet("上海证券报", "shanghaizhengquanbao", "上证报", 3),
    Outlet("证券时报", "zhengquanshibao", "证券时报", 3),
    Outlet("每日经济新闻", "meirijingjixinwen", "每经", 3),
    Outlet("第一财经", "diyicaijing", "第一财经", 3),
    Outlet("经济观察报", "jingjiguanchabao", "经观", 3),
    Outlet("21世纪经济报道", "21shijijingjibaodao", "本报", 3),
    Outlet("财新网", "caixinwang", "财新", 3),
    Outlet("界面新闻", "jiemianxinwen", "界面新闻", 3),
    Outlet("澎湃新闻", "pengpaixinwen", "澎湃新闻", 3),
    Outlet("中新网", "zhongxinwang", "中新网", 3),
    Outlet("央视新闻", "yangshixinwen", "央视", 3),
    Outlet("财联社", "cailianshe", "财联社", 3),
    Outlet("证券日报", "zhengquanribao", "本报", 3),
    Outlet("中国基金报", "zhongguojijinbao", "基金报", 3),
    Outlet("青岛财经网", "qingdaocaijingwang", "青岛财经网", 3),
    Outlet("新华社", "xinhuashe", "新华社"),
    Outlet("人民日报", "renminribao", "本报"),
    Outlet("经济日报", "jingjiribao", "经济日报"),
    Outlet("经济参考报", "jingjicankaobao", "本报"),
    Outlet("中国经济网", "zhongguojingjiwang", "中国经济网"),
    Outlet("中国网", "zhongguowang", "中国网"),
    Outlet("光明网", "guangmingwang", "光明网"),
    Outlet("央广网", "yangguangwang", "央广网"),
    Outlet("环球网", "huanqiuwang", "环球网"),
    Outlet("北京商报", "beijingshangbao", "北京商报"),
    Outlet("新京报", "xinjingbao", "新京报"),
    Outlet("南方都市报", "nanfangdushibao", "南都"),
    Outlet("华夏时报", "huaxiashibao", "华夏时报"),
    Outlet("中国经营报", "zhongguojingyingbao", "本报"),
    Outlet("证券市场周刊", "zhengquanshichangzhoukan", "本刊"),
    Outlet("理财周报", "licaizhoubao", "理财周报"),
    Outlet("金融时报", "jinrongshibao", "金融时报"),
    Outlet("中国银行保险报", "zhongguoyinhangbaoxianbao", "本报"),
    Outlet("期货日报", "qihuoribao", "期货日报"),
    Outlet("中国能源报", "zhongguonengyuanbao", "本报"),
    Outlet("科创板日报", "kechuangbanribao", "科创板日报"),
    Outlet("红星新闻", "hongxingxinwen", "红星新闻"),
    Outlet("封面新闻", "fengmianxinwen", "封面新闻"),
    Outlet("长江日报", "changjiangribao", "长江日报"),
    Outlet("重庆日报", "chongqingribao", "重庆日报"),
    Outlet("南方日报", "nanfangribao", "南方日报"),
    Outlet("香港商报", "xianggangshangbao", "本报"),
    Outlet("e公司", "egongsi", "证券时报"),
    Outlet("财经网", "caijingwang", "财经网"),
    Outlet("中国新闻周刊", "zhongguoxinwenzhoukan", "本刊"),
    Outlet("和讯网", "hexunwang", "和讯网"),
    Outlet("新浪财经", "xinlangcaijing", "新浪财经"),
    Outlet("国际金融报", "guojijinrongbao", "国际金融报"),
    Outlet("中国经济时报", "zhongguojingjishibao", "本报"),
)
OUTLET_WEIGHTS = tuple(o.weight for o in OUTLETS)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍鹏辉玲建国志红晓琳雪梅宇浩然"
SUFFIXES = (
    " 成交额{m}万元",
    " 涉及金额{m}万元",
    "：项目总投资{m}万元",
    " 累计用户达{u}户",
    " 募资{m}万元",
    " 首日成交{u}笔",
)
TRAD_SUFFIXES = (" 總投資{m}萬元", " 涉及金額{m}萬元", " 累計用戶達{u}戶", " 簽約金額{m}萬元")
TRAD_FOOTERS = (
    ("海峽廣播電視設備工程", "福建省福州市鼓樓區軟件大道89號福州軟件園A區28號樓五層", "閩"),
    ("四川廣信天下傳媒", "四川省成都市高新區天府大道中段1268號天府軟件園E區3棟", "蜀"),
    ("東南網絡科技", "福建省福州市台江區江濱中大道363號新華都大廈15層", "閩"),
    ("華廣融媒科技", "廣東省廣州市天河區珠江新城華夏路16號富力盈凱廣場32樓", "粵"),
    ("京華數字傳媒", "北京市朝陽區建國路93號萬達廣場B座18層", "京"),
)
EMNEWS_COLUMNS = (
    ("finance", 1354),
    ("finance", 1344),
    ("finance", 1350),
    ("finance", 1351),
    ("finance", 1353),
    ("finance", 1355),
    ("finance", 11158),
    ("stock", 1405),
    ("stock", 1611),
    ("hk", 1533),
    ("hk", 1535),
    ("futures", 1517),
)
_SITE = "//finews.withounder.com/"
EMNEWS_NAV = (  # (nav lines, weight): the variants the finews posts have, or none
    ("[返回东财滚动新闻](../emnews/)\n[返回首页](../)", 55),
    (f"[返回东财滚动新闻]({_SITE}emnews/)｜[返回首页]({_SITE})", 20),
    (f"[返回东财滚动新闻]({_SITE}emnews/)\n[返回首页]({_SITE})", 15),
    ("", 10),
)
HIDDEN_P = '<p style="display:none;height:1px;overflow:hidden;"><br /></p>'
STOCK_TOKEN = "28dfeb41d35cc81d84b4664d7c23c49f"

# ---------------------------------------------------------------------------------------------
# The material: paragraphs, sentences and titles of the real files


@dataclass(frozen=True)
class Pool:
    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]
    titles: tuple[str, ...]
    subheads: tuple[str, ...]


@dataclass(frozen=True)
class Pools:
    simplified: Pool
    traditional: Pool


_WIDGET = re.compile(r"<!--\s*EM_StockImg_Start\s*-->.*?<!--\s*EM_StockImg_End\s*-->", re.S)
_HIDDEN = re.compile(r"<p[^>]*display\s*:\s*none[^>]*>.*?</p>", re.S | re.I)
_BLOCK_END = re.compile(r"</p>|<br\s*/?>|</center>|</div>|</h\d>|</li>", re.I)
_TAG = re.compile(r"<[^>]*>")
_BYLINE = re.compile(r"^\S{2,20}\s+\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}$")
_GLOSS = re.compile(r"\([a-zA-Z\u00e0-\u01dc]+\)")
_CHROME = re.compile(
    r"来源[:：]|版权声明|本文为《|未经《|^上一篇|^下一篇|^分享成功|客户端$|^一款|有限公司地址"
    r"|^Copyright|ICP[备備]|^https?://|记者\s|编辑\s"
)
_TAIL_CREDIT = re.compile(r"(?<=[。！？”])\s*[（(][^（）()]{1,20}[）)]$")
_SENTENCE = re.compile(r"[^。！？]+[。！？]+[”’」]?")
_CLAUSE = re.compile(r"[，,；;：:。！？]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FULL_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_MARKDOWN_START = re.compile(r"^(?:[#>*+=|`~-]|\d+[.)]\s)")
# Clauses that open or close with these lead into a sentence; they make no headline.
_LEAD_IN = re.compile(r"^(?:据|據|根[据據]|在|截至|作[为為]|面[对對]|此次|今日)")
_LEAD_OUT = re.compile(
    r"(?:表示|指出|的是|方面|[显顯]示|消息|资料|[认認][为為]|介[绍紹]|[来來]看|以[来來]|上|表明)$"
)
_ENDS_SENTENCE = ("。", "！", "？", "”", "」", "…")


def split_front_matter(text: str) -> tuple[dict[str, str], str] | None:
    """(key: value lines, body) of a Jekyll post, split at its two `---` lines; None if none."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or lines[start].strip() != "---":
        return None
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return None
    meta: dict[str, str] = {}
    for line in lines[start + 1 : end]:
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip('"')
    return meta, "\n".join(lines[end + 1 :])


def post_body_lines(body: str) -> list[str]:
    """A Markdown/HTML post body as lines of text: widget, hidden parts, tags and links gone."""
    body = _HIDDEN.sub("", _WIDGET.sub("", body))
    lines = []
    for raw in _BLOCK_END.sub("\n", body).split("\n"):
        raw = raw.strip()
        # > digest (repeats the first paragraph), nav links, share link, empty autolink
        if not raw or raw.startswith((">", "[", "<http", "<>")):
            continue
        lines.append(html.unescape(_TAG.sub("", raw)).strip())
    return lines


def page_lines(text: str) -> list[str]:
    """A scraped page as lines: header (masthead, title, byline, authors) and chrome dropped."""
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines[:6]):
        if _BYLINE.match(line):
            return lines[index + 1 :]
    return lines


def page_titles(text: str) -> list[str]:
    """A scraped page's own title and the titles it links to (上一篇 / 下一篇)."""
    lines = [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]
    lines = [line for line in lines if line]
    titles = []
    for index, line in enumerate(lines[:-1]):
        if _BYLINE.match(lines[index + 1]) or line in ("上一篇", "下一篇"):
            titles.append(lines[index + 1] if line in ("上一篇", "下一篇") else line)
    return titles


def visible(text: str) -> str:
    """Text without its pinyin glosses, as a reader sees it (習(xí) → 習)."""
    return _GLOSS.sub("", text)


def first_clause(paragraph: str) -> str:
    return _CLAUSE.split(paragraph, maxsplit=1)[0].strip()


def is_headline_clause(clause: str) -> bool:
    """A paragraph's first clause that can stand as a headline (not 据了解 or 业内人士认为)."""
    seen = visible(clause)
    return (
        not _LEAD_IN.search(seen)
        and not _LEAD_OUT.search(seen)
        and seen.count("“") == seen.count("”")
    )


def is_traditional(text: str) -> bool:
    # The traditional pages gloss characters with tone-marked pinyin; nothing else here does.
    return len(_GLOSS.findall(text)) >= 3


def build_pool(lines: Iterable[str], titles: Iterable[str], *, simplified: bool) -> Pool:
    paragraphs: list[str] = []
    subheads: list[str] = []
    for line in lines:
        if _CHROME.search(line) or not _CJK.search(line) or _MARKDOWN_START.match(line):
            continue
        line = _TAIL_CREDIT.sub("", line)
        if simplified:
            line = _ASCII_COMMA.sub("，", line)
        if len(visible(line)) >= 12 and line.endswith(_ENDS_SENTENCE):
            paragraphs.append(line)
        elif 6 <= len(visible(line)) <= 30:
            subheads.append(line)
    sentences = [s for p in paragraphs for s in _SENTENCE.findall(p) if len(visible(s)) >= 10]
    clauses = [c for c in map(first_clause, sentences) if is_headline_clause(c)]
    candidates = [*titles, *subheads, *clauses]
    good_titles = [
        t.rstrip("。")
        for t in candidates
        if len(_CJK.findall(visible(t))) >= 6 and len(visible(t)) <= 40 and not _FULL_DATE.search(t)
    ]
    return Pool(
        paragraphs=tuple(dict.fromkeys(paragraphs)),
        sentences=tuple(dict.fromkeys(sentences)),
        titles=tuple(dict.fromkeys(good_titles)),
        subheads=tuple(dict.fromkeys(subheads)),
    )


def source_files() -> list[Path]:
    files = []
    for folder in SOURCES:
        files.extend(p for p in sorted(folder.iterdir()) if p.is_file())
    return [p for p in files if p.name not in SKIP_NAMES]


@lru_cache(maxsize=1)
def load_pools() -> Pools:
    simp_lines: list[str] = []
    simp_titles: list[str] = []
    trad_lines: list[str] = []
    for path in source_files():
        text = path.read_text("utf-8").replace("\r\n", "\n")
        post = split_front_matter(text)
        if post is not None:
            meta, body = post
            if meta.get("categories") == "sitenews":
                continue
            simp_lines.extend(post_body_lines(body))
            simp_titles.append(meta.get("title", ""))
        elif is_traditional(text):
            trad_lines.extend(page_lines(text))
        else:
            simp_lines.extend(page_lines(text))
            simp_titles.extend(page_titles(text))
    pools = Pools(
        simplified=build_pool(simp_lines, simp_titles, simplified=True),
        traditional=build_pool(trad_lines, (), simplified=False),
    )
    for pool in (pools.simplified, pools.traditional):
        if len(pool.paragraphs) < 15 or len(pool.titles) < 5:
            raise SystemExit(f"gen_corpus: too little material in {', '.join(map(str, SOURCES))}")
    return pools


# ---------------------------------------------------------------------------------------------
# Variation: numbers, dates and outlet names


_VARIABLE = re.compile(
    r"(?P<date>(?:19|20)\d\d年\d{1,2}月\d{1,2}日)"
    r"|(?P<monthday>(?<![\d年])\d{1,2}月\d{1,2}日)"
    r"|(?P<year>(?<![\d.])(?:19|20)\d\d(?=年))"
    r"|(?P<month>(?<![\d.])\d{1,2}(?=月))"
    r"|(?P<number>(?<![A-Za-z0-9.])[1-9]\d*(?:\.\d+)?(?![A-Za-z0-9]))"
)
_OUTLET_NAME = re.compile("|".join(sorted((re.escape(o.name) for o in OUTLETS), key=len)[::-1]))


def chinese_day(when: datetime) -> str:
    return f"{when.year}年{when.month}月{when.day}日"


def same_size_number(text: str, rng: random.Random) -> str:
    whole, _, decimals = text.partition(".")
    digits = len(whole)
    new = str(rng.randrange(10 ** (digits - 1), 10**digits))
    if decimals:
        new += "." + str(rng.randrange(10 ** len(decimals))).zfill(len(decimals))
    return new


def vary(text: str, rng: random.Random, when: datetime, outlet: str = "") -> str:
    """Other figures, the article's own day for dates, and (if given) this outlet's name."""

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup
        if kind == "date":
            return chinese_day(when)
        if kind == "monthday":
            return f"{when.month}月{when.day}日"
        if kind == "year":
            return str(rng.randint(min(2010, when.year), when.year))
        if kind == "month":
            return str(rng.randint(1, 12))
        return same_size_number(match.group(), rng)

    text = _VARIABLE.sub(replace, text)
    if outlet:
        text = _OUTLET_NAME.sub(outlet, text)
    return text


def paragraphs_for(
    rng: random.Random, pool: Pool, when: datetime, count: int, outlet: str = ""
) -> list[str]:
    """`count` paragraphs: pool paragraphs in random order, some rebuilt from random sentences.

    A sentence already in the article is not used twice."""
    picked = rng.sample(pool.paragraphs, min(count, len(pool.paragraphs)))
    chosen: list[str] = []
    for index, paragraph in enumerate(picked):
        if rng.random() < 0.35:
            used = "".join(chosen) + "".join(picked[index + 1 :])
            fresh = [s for s in rng.sample(pool.sentences, 6) if s not in used]
            paragraph = "".join(fresh[: rng.randint(2, 4)]) or paragraph
        chosen.append(paragraph)
    return [vary(paragraph, rng, when, outlet) for paragraph in chosen]


# ---------------------------------------------------------------------------------------------
# One article


@dataclass(frozen=True)
class Article:
    index: int
    when: datetime
    outlet: Outlet
    figure: int  # unique per article: makes its title distinct
    serial: int  # unique per article: makes its share link distinct

    @property
    def code(self) -> str:
        """eastmoney-style 18-digit code: day + 10 digits (202112272227024698)."""
        return f"{self.when:%Y%m%d}22{self.serial:08d}"

    def suffix(self, rng: random.Random, templates: tuple[str, ...]) -> str:
        figure = self.figure
        return rng.choice(templates).format(u=figure, m=f"{figure // 100}.{figure % 100:02d}")


@dataclass
class Output:
    name: str
    text: str
    format: str
    expected: dict[str, Any]
    encoding: str = "utf-8"


def jekyll_date(when: datetime, offset: bool = True) -> str:
    return f"{when:%Y-%m-%d %H:%M:%S}" + (" +0800" if offset else "")


def iso(when: datetime, seconds: bool = True) -> str:
    moment = when if seconds else when.replace(second=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(title: str, date: str, category: str, tag: str) -> str:
    return (
        f"---\nlayout: post\ntitle: {yaml_quoted(title)}\ndate: {date}\n"
        f"categories: {category}\ntags: {tag}\n---\n"
    )


def make_title(rng: random.Random, art: Article, pool: Pool, outlet: str = "") -> str:
    base = vary(rng.choice(pool.titles), rng, art.when, outlet).rstrip("。！？!?，,")
    return base + art.suffix(rng, SUFFIXES)


def stock_widget(rng: random.Random) -> str:
    """The eastmoney K-line image block, for a random Shanghai, Shenzhen or Hong Kong code."""
    roll = rng.random()
    if roll < 0.45:
        market, code = 1, f"{rng.choice(('600', '601', '603', '688'))}{rng.randrange(1000):03d}"
        first, second = f"{code}|1|1", f"{code}|1|2|"
    elif roll < 0.85:
        market, code = 0, f"{rng.choice(('000', '002', '300'))}{rng.randrange(1, 1000):03d}"
        first, second = f"{code}|0|1", f"{code}|0|2|"
    else:
        market, code = 116, f"0{rng.randrange(1, 10000):04d}"
        first, second = f"{code}|116|5", f"{code}|116|3|"
    return (
        '<!-- EM_StockImg_Start --><p style="text-align:center;">'
        f'<a href="http://quote.eastmoney.com/unify/r/{market}.{code}" data-code="{first}" '
        f'data-code2="{second}" class="EmImageRemark" target="_blank">'
        '<img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?'
        f'nid={market}.{code}&imageType=k&token={STOCK_TOKEN}&at=1" border="0" '
        f'alt="K图 {code}_0" data-code="K {first}" data-code2="K {second}" '
        'style="border:#d1d1d1 1px solid;" width="578" height="276" /></a></p>'
        "<!-- EM_StockImg_End -->"
    )


def jekyll_html(rng: random.Random, art: Article, pools: Pools) -> Output:
    """An outlet feed's post, like samples/000: HTML body, credit, share link, nav links."""
    outlet = art.outlet
    title = make_title(rng, art, pools.simplified, outlet.name)
    paragraphs = paragraphs_for(rng, pools.simplified, art.when, rng.randint(3, 15), outlet.name)
    cells = [f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs]
    if rng.random() < 0.3:  # some editors leave a <br /> at the end of the lead (samples/001)
        cells[0] = cells[0].replace("</p>", "<br /></p>")
    url = f"http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW{art.code}"
    text = (
        front_matter(title, jekyll_date(art.when), outlet.slug, f"{outlet.name}新闻")
        + HIDDEN_P
        + stock_widget(rng)
        + "".join(cells)
        + f'<p class="em_media">（文章来源：{outlet.name}）</p>\n\n'
        + f"<{url}>\n\n"
        + f"[返回{outlet.name}新闻]({_SITE}category/{outlet.slug}.html)｜[返回首页]({_SITE})"
    )
    expected = {
        "title": title,
        "source": outlet.slug,
        "feed": outlet.slug,
        "date": iso(art.when),
        "url": url,
    }
    return Output(f"{art.when:%Y-%m-%d}-{art.code}.md", text, "jekyll-html", expected)


def jekyll_markdown(rng: random.Random, art: Article, pools: Pools) -> Output:
    """An `emnews` aggregator post: Markdown paragraphs, half with a trailing （PUBLISHER）."""
    credited = rng.random() < 0.5
    publisher = art.outlet.name if credited else ""
    title = make_title(rng, art, pools.simplified, publisher)
    paragraphs = paragraphs_for(rng, pools.simplified, art.when, rng.randint(3, 8), publisher)
    paragraphs = [html.escape(p, quote=False) for p in paragraphs]
    if credited:
        paragraphs[-1] += f"（{publisher}）"
    host, column = rng.choice(EMNEWS_COLUMNS)
    url = f"http://{host}.eastmoney.com/news/{column},{art.code}.html"
    nav = rng.choices([n for n, _ in EMNEWS_NAV], [w for _, w in EMNEWS_NAV])[0]
    text = (
        front_matter(title, jekyll_date(art.when, rng.random() < 0.4), "emnews", "东财滚动新闻")
        + "\n"
        + "\n\n".join(paragraphs)
        + f"\n\n<{url}>"
        + (f"\n\n{nav}" if nav else "")
    )
    expected = {
        "title": title,
        "source": art.outlet.slug if credited else "emnews",
        "feed": "emnews",
        "date": iso(art.when),
        "url": url,
    }
    return Output(f"{art.when:%Y-%m-%d}-{art.code}.md", text, "jekyll-md", expected)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


def plain_page(rng: random.Random, art: Article, pools: Pools) -> Output:
    """A scraped page like samples/002: masthead, title, byline, lead, authors, body, chrome."""
    pool, outlet = pools.simplified, art.outlet
    title = make_title(rng, art, pool, outlet.name).replace("，", ",")
    paragraphs = paragraphs_for(rng, pool, art.when, rng.randint(3, 15), outlet.name)
    lead = _SENTENCE.findall(paragraphs[0]) or [paragraphs[0]]
    subheads = rng.sample(pool.subheads, len(pool.subheads))
    body: list[str] = []
    for paragraph in paragraphs:
        if rng.random() < 0.12 and len(subheads) >= 2:  # a two-line subhead (samples/002)
            body.append(f"    {subheads.pop()}\n    {subheads.pop()}")
        body.append("    " + paragraph)
    reporters = " ".join(person(rng) for _ in range(rng.choice((1, 1, 2))))
    gap = "\u00a0" * 4
    authors = f"{outlet.staff}记者 {reporters}{gap}{outlet.staff}编辑 {person(rng)}"
    chrome = []
    if rng.random() < 0.8:
        chrome += [
            "版权声明",
            f"1本文为《{outlet.name}》原创作品。",
            f"2 未经《{outlet.name}》授权,不得以任何方式加以使用,包括但不限于转载、摘编、复制或"
            "建立镜像等,违者必究。",
        ]
    chrome += ["上一篇", rng.choice(pool.titles), "下一篇", rng.choice(pool.titles)]
    blocks = [
        outlet.name,
        "    " + title,
        f"    {outlet.name} {art.when:%Y-%m-%d %H:%M}",
        "    " + "".join(lead[:2]),
        "    " + authors,
        *body,
        *("    " + line for line in chrome),
    ]
    tail = f"    分享成功\n    {outlet.name}客户端\n    一款点开就不想离开的财经APP 免费下载体验"
    text = "\n\n".join(blocks).replace("，", ",") + "\n\n\n\n" + tail
    expected = {
        "title": title,
        "source": outlet.slug,
        "feed": None,
        "date": iso(art.when, seconds=False),
        "url": None,
    }
    return Output(f"{art.index:06d}.txt", text, "plain", expected)


def traditional_page(rng: random.Random, art: Article, pools: Pools) -> Output:
    """A traditional-script repost like samples/003 and 004: glossed lines, maybe a footer."""
    pool = pools.traditional
    suffix = art.suffix(rng, TRAD_SUFFIXES)
    roll = rng.random()
    if roll < 0.45:
        dateline, date = chinese_day(art.when) + ",", art.when.date().isoformat()
    elif roll < 0.7:
        dateline, date = f"{art.when.month}月{art.when.day}日,", None
    else:
        dateline, date = "", None
    room = 46 - len(dateline) - len(suffix)
    bases = [t for t in pool.titles if len(visible(t)) <= room] or [pool.titles[0][:room]]
    lead = dateline + vary(rng.choice(bases), rng, art.when) + suffix
    paragraphs = paragraphs_for(rng, pool, art.when, rng.randint(3, 15))
    paragraphs[0] = lead + "。" + paragraphs[0]
    subheads = rng.sample(pool.subheads, len(pool.subheads))
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.append(paragraph)
        if rng.random() < 0.12 and subheads:
            lines.append(subheads.pop())
    if rng.random() < 0.6:
        company, address, province = rng.choice(TRAD_FOOTERS)
        lines.append(f"{company}有限公司地址:{address}")
        lines.append(
            f"Copyright ? 1999-{rng.randint(2019, 2024)}All Rights Reserved"
            f"{province}ICP備{rng.randrange(10**7, 10**8)}號"
        )
    if date is None and _FULL_DATE.search(visible(paragraphs[0])[:120]):
        date = art.when.date().isoformat()  # a date in the opening is the article's day too
    expected = {"title": lead, "source": "", "feed": None, "date": date, "url": None}
    return Output(f"{art.index:06d}.txt", "\n".join(lines), "traditional", expected)


BUILDERS: dict[str, Callable[[random.Random, Article, Pools], Output]] = {
    "jekyll-html": jekyll_html,
    "jekyll-md": jekyll_markdown,
    "plain": plain_page,
    "traditional": traditional_page,
}


# ---------------------------------------------------------------------------------------------
# Writing


@lru_cache(maxsize=4)
def offsets(seed: int) -> tuple[int, int]:
    """Where the seed starts the two unique-number sequences."""
    rng = random.Random(seed)
    return rng.randrange(10**7), rng.randrange(10**8)


def make_article(index: int, seed: int, rng: random.Random) -> Article:
    figure_offset, serial_offset = offsets(seed)
    return Article(
        index=index,
        when=FIRST_DAY + timedelta(seconds=rng.randrange(DAYS * 86400)),
        outlet=rng.choices(OUTLETS, OUTLET_WEIGHTS)[0],
        # index → figure and index → serial are bijections (multipliers prime to 10)
        figure=(index * 7919 + figure_offset) % 10**7,
        serial=(index * 104729 + serial_offset) % 10**8,
    )


def generate_one(index: int, seed: int) -> Output:
    rng = random.Random(seed * MAX_FILES + index)
    kind = rng.choices(FORMATS, FORMAT_WEIGHTS)[0]
    output = BUILDERS[kind](rng, make_article(index, seed, rng), load_pools())
    if kind == "plain" and rng.random() < 0.01:
        output.encoding = "gb18030"
    elif kind == "traditional" and rng.random() < 0.01:
        output.encoding = "big5"
        # Big5 has no tone-marked letters: glosses become 習(x?), and an ASCII "?" would end
        # the title sentence before its unique figure. The lead (the title) loses its glosses.
        lead = output.expected["title"]
        output.text = visible(lead) + output.text[len(lead) :]
    if kind == "traditional":
        output.expected["title"] = visible(output.expected["title"])
    if rng.random() < 0.01:
        output.text = output.text.replace("\n", "\r\n")
    return output


def generate_folder(
    folder: int, n: int, out_dir: str, seed: int, manifest: bool
) -> tuple[Counter[str], list[dict[str, Any]]]:
    """Write the files of one subfolder; return counts and, if asked, the manifest rows."""
    counts: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    target = Path(out_dir) / f"{folder:04d}"
    target.mkdir(parents=True, exist_ok=True)
    for index in range(folder * FILES_PER_FOLDER, min(n, (folder + 1) * FILES_PER_FOLDER)):
        output = generate_one(index, seed)
        data = output.text.encode(output.encoding, errors="replace")
        path = target / output.name
        with open(path, "wb") as handle:
            handle.write(data)
        counts[output.format] += 1
        counts["bytes"] += len(data)
        if output.encoding != "utf-8":
            counts[output.encoding] += 1
        if "\r\n" in output.text:
            counts["crlf"] += 1
        if manifest:
            rows.append(
                {
                    "path": str(path),
                    "format": output.format,
                    "encoding": output.encoding,
                    **output.expected,
                }
            )
    return counts, rows


def run_folders(
    args: list[tuple[int, int, str, int, bool]], workers: int
) -> Iterator[tuple[Counter[str], list[dict[str, Any]]]]:
    """generate_folder over all folders, in order, in `workers` processes."""
    if workers <= 1 or len(args) <= 1:
        for arg in args:
            yield generate_folder(*arg)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(generate_folder, *zip(*args, strict=True))


def generate(n: int, out_dir: Path, seed: int, workers: int, manifest: Path | None) -> Counter[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    load_pools()  # fail early, and let forked workers inherit the pools
    folders = (n + FILES_PER_FOLDER - 1) // FILES_PER_FOLDER
    args = [(f, n, str(out_dir), seed, manifest is not None) for f in range(folders)]
    total: Counter[str] = Counter()
    with open(manifest, "w", encoding="utf-8") if manifest else nullcontext() as sink:
        for counts, rows in run_folders(args, workers):
            total.update(counts)
            if sink is not None:
                sink.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, metavar="N", help="number of files (articles) to write")
    parser.add_argument("dir", type=Path, metavar="DIR", help="folder to write them into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes to write with (default: one per core); the output does not depend on it",
    )
    parser.add_argument("--manifest", type=Path, help="write expected fields as JSON lines here")
    args = parser.parse_args(argv)
    if not 0 <= args.n <= MAX_FILES:
        parser.error(f"N must be between 0 and {MAX_FILES}")
    if args.seed < 0:
        parser.error("the seed must not be negative")
    started = time.perf_counter()
    counts = generate(args.n, args.dir, args.seed, args.workers, args.manifest)
    seconds = time.perf_counter() - started
    formats = ", ".join(f"{kind} {counts[kind]}" for kind in FORMATS)
    extras = ", ".join(f"{kind} {counts[kind]}" for kind in ("gb18030", "big5", "crlf"))
    print(
        f"gen_corpus: {args.n} files, {counts['bytes'] / 1e6:.1f} MB in {seconds:.1f} s "
        f"into {args.dir} ({formats}; {extras})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
