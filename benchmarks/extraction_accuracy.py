"""Field accuracy of newsarc's extraction on real collections, beside trafilatura.

    pip install trafilatura   # benchmark-only; not a dependency of newsarc
    python benchmarks/extraction_accuracy.py      # every collection in tests/data/collections
    python benchmarks/extraction_accuracy.py -v   # also every disagreement, file by file
    python benchmarks/extraction_accuracy.py --no-trafilatura

Each collection folder holds real files gathered from public repositories (SOURCES.md says
where from) and a truth.json written by hand, file by file (title, date, outlet, link, the
first and last words of the article). The truth never comes from newsarc.

Per collection it prints how many of the fields newsarc gets right, how many texts still hold
markup or page chrome, how many texts start and end where the article does, and how many
non-articles were refused. trafilatura (the reference general-purpose extractor) is given the
same file: a whole HTML page as it is, anything else rendered to HTML the way Jekyll would,
in a page whose <title> is empty; its title, date, sitename and url are compared the same way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COLLECTIONS = ROOT / "tests" / "data" / "collections"
FIELDS = ("title", "date", "source_name", "url")

# What must never be left in a text: Markdown and HTML syntax, entities…
MARKUP = re.compile(
    r"\*\*|~~|\]\(|\[\[[^\[\]\n]+\]\]|^#{1,6}\s|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:[a-z]+|#\d+);",
    re.M,
)
# …and chrome of Chinese news pages: whole lines that no article holds (a phrase such as
# 扫描二维码 inside a sentence is content: 游客扫描二维码，即可收到电子保单).
CHROME = re.compile(
    r"^(?:首页|首頁|网站首页|当前位置|您的位置)\s*[>＞»›]|^(?:上一篇|下一篇|相关新闻|相关阅读|相关文章|"
    r"推荐阅读|延伸阅读|热门文章|热点推荐|责任编辑|責任編輯|分享到|打印|关闭窗口|關閉視窗|放大圖片|"
    r"发送给好友|我来说两句|版权声明|免责声明|免責聲明|Copyright)(?:[:：\s]|$)|"
    r"^手机上长按并复制|^[^。\n]{0,12}(?:扫描|扫一扫|掃描|长按|長按)[^。\n]{0,12}(?:二维码|二維碼)[^。\n]{0,20}$|"
    r"^[^。\n]{0,8}下载客户端[^。\n]{0,20}$|ICP[备備证證]\d|"
    r"^(?:還想看更多新聞嗎|还想看更多新闻吗)|(?:点|點)[【「]在看[】」]|^\d{1,2}[、.]\s*回复【|"
    r"^关键词[:：]|^關鍵字[:：]|^(?:[^\s|｜]{1,8}\s*[|｜]\s*){3,}[^\s|｜]{1,8}$|"
    # a credit line of the article's staff (编辑｜沈彬, 排版 | GINNY): a byline, not text
    r"^(?:编辑|編輯|排版|校对|校對|美编|美編|审校|審校)\s*[|｜:：]\s*[^\s。，]{1,12}$",
    re.M,
)
# A labelled link to the original at the text's edges is page furniture; one in the middle is
# the article citing its source (原文链接：… of a report it discusses).
EDGE_CHROME = re.compile(r"^(?:原文地址|原文链接|原文連結|本文链接)[:：]")


def chrome_left(text: str, first: str = "", last: str = "") -> str | None:
    """The first chrome found in a text, or None. A labelled link counts as chrome at the
    text's edges: outside the article the truth marks (its `first` and `last` words), or
    without them in the first and last three paragraphs."""
    match = CHROME.search(text)
    if match:
        return match.group(0)
    paragraphs = text.split("\n\n")
    squeeze = re.compile(r"\s+")
    head, tail = squeeze.sub("", first), squeeze.sub("", last)
    start = next((i for i, p in enumerate(paragraphs) if head and head in squeeze.sub("", p)), -1)
    end = next(
        (
            i
            for i in range(len(paragraphs) - 1, -1, -1)
            if tail and tail in squeeze.sub("", paragraphs[i])
        ),
        -1,
    )
    if start >= 0 and end >= start:
        edges = paragraphs[:start] + paragraphs[end + 1 :]
    else:
        edges = paragraphs[:3] + paragraphs[-3:]
    for paragraph in edges:
        edge = EDGE_CHROME.match(paragraph)
        if edge:
            return edge.group(0)
    return None


def fold(text: str | None) -> str:
    """Compare names as written: Unicode width folded, traditional and simplified the same."""
    from newsarc.ingest.script import fold_script

    if not text:
        return ""
    return fold_script(unicodedata.normalize("NFKC", text)).strip()


def same(field_name: str, truth: Any, got: Any) -> bool:
    if field_name == "date":
        return (truth or None) == ((got or "")[:10] or None)
    if field_name == "url":
        return (truth or "").rstrip("/") == (got or "").rstrip("/")
    if field_name == "title":
        return re.sub(r"\s+", " ", truth or "").strip() == re.sub(r"\s+", " ", got or "").strip()
    return fold(truth) == fold(got)


@dataclass
class Tally:
    files: int = 0
    articles: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    tried: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    markup: int = 0
    chrome: int = 0
    bounds: int = 0
    refused_right: int = 0
    not_articles: int = 0
    refused_articles: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("files", "articles", "markup", "chrome", "bounds", "refused_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.not_articles += other.not_articles
        self.refused_articles += other.refused_articles
        for f in FIELDS:
            self.right[f] += other.right[f]
            self.tried[f] += other.tried[f]

    @property
    def all_right(self) -> int:
        return sum(self.right.values())

    @property
    def all_tried(self) -> int:
        return sum(self.tried.values())


def entries(collection: Path) -> Iterator[dict[str, Any]]:
    yield from json.loads((collection / "truth.json").read_text("utf-8"))


def newsarc_fields(path: Path) -> tuple[dict[str, Any] | None, str]:
    from newsarc.errors import UnreadableFile
    from newsarc.ingest import extract_article

    try:
        return extract_article(path.read_bytes(), path.name).fields(), ""
    except UnreadableFile as exc:
        return None, str(exc)


def text_bounds_right(text: str, first: str, last: str) -> bool:
    squeeze = re.compile(r"\s+")
    body = squeeze.sub("", text)
    head, tail = squeeze.sub("", first or ""), squeeze.sub("", last or "")
    return body[: len(head) + 40].find(head) >= 0 and body[-(len(tail) + 40) :].find(tail) >= 0


def score_newsarc(collection: Path, verbose: bool) -> Tally:
    tally = Tally()
    for truth in entries(collection):
        tally.files += 1
        path = collection / truth["file"]
        got, reason = newsarc_fields(path)
        if not truth.get("is_article", True):
            tally.not_articles += 1
            if got is None:
                tally.refused_right += 1
            else:
                tally.misses.append(f"{truth['file']}: imported, but is no article")
            continue
        tally.articles += 1
        if got is None:
            tally.refused_articles += 1
            tally.misses.append(f"{truth['file']}: refused: {reason}")
            for f in FIELDS:
                tally.tried[f] += 1
            continue
        for f in FIELDS:
            tally.tried[f] += 1
            if same(f, truth.get(f), got.get(f)):
                tally.right[f] += 1
            else:
                tally.misses.append(
                    f"{truth['file']}: {f}: want {truth.get(f)!r}, got {got.get(f)!r}"
                )
        text = got["text"]
        if MARKUP.search(text):
            tally.markup += 1
            tally.misses.append(f"{truth['file']}: markup: {MARKUP.search(text).group(0)!r}")  # type: ignore[union-attr]
        chrome = chrome_left(text, truth.get("first") or "", truth.get("last") or "")
        if chrome:
            tally.chrome += 1
            tally.misses.append(f"{truth['file']}: chrome: {chrome!r}")
        if not truth.get("first") or text_bounds_right(text, truth["first"], truth["last"]):
            tally.bounds += 1
        else:
            tally.misses.append(
                f"{truth['file']}: text bounds: want {truth['first'][:12]!r}…"
                f"{truth['last'][-12:]!r}, got {text[:12]!r}…{text[-12:]!r}"
            )
    return tally


def trafilatura_fields(path: Path) -> dict[str, Any] | None:
    import trafilatura

    from newsarc.ingest.decode import decode_bytes
    from newsarc.ingest.extract import detect_format
    from newsarc.ingest.front_matter import split_front_matter
    from newsarc.ingest.html_text import is_whole_page
    from newsarc.ingest.markdown import markdown_to_html

    try:
        text, _ = decode_bytes(path.read_bytes())
    except Exception:
        return None
    kind = detect_format(text)
    if kind == "jekyll":
        _, text, _ = split_front_matter(text)
    page = (
        text
        if is_whole_page(text)
        else (
            "<html><head><title></title></head><body>" + markdown_to_html(text) + "</body></html>"
        )
    )
    try:
        doc = trafilatura.bare_extraction(page, with_metadata=True, url=None)
    except Exception:
        return None
    if doc is None:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    return {
        "title": data.get("title"),
        "date": data.get("date"),
        "source_name": data.get("sitename"),
        "url": data.get("url"),
        "text": data.get("text") or "",
    }


def score_trafilatura(collection: Path) -> Tally:
    tally = Tally()
    for truth in entries(collection):
        if not truth.get("is_article", True):
            continue
        tally.articles += 1
        got = trafilatura_fields(collection / truth["file"]) or {}
        for f in FIELDS:
            tally.tried[f] += 1
            tally.right[f] += same(f, truth.get(f), got.get(f))
        text = got.get("text", "")
        tally.markup += bool(MARKUP.search(text))
        tally.chrome += (
            chrome_left(text, truth.get("first") or "", truth.get("last") or "") is not None
        )
        if text and (
            not truth.get("first") or text_bounds_right(text, truth["first"], truth["last"])
        ):
            tally.bounds += 1
    return tally


def pct(right: int, tried: int) -> str:
    return f"{100 * right / tried:5.1f}%" if tried else "    -"


def row(name: str, t: Tally, tool: str) -> str:
    cells = [f"{name:<16}", f"{tool:<11}", f"{t.articles:>5}"]
    cells += [pct(t.right[f], t.tried[f]) for f in FIELDS]
    cells += [
        pct(t.all_right, t.all_tried),
        f"{t.markup:>6}",
        f"{t.chrome:>6}",
        f"{t.bounds:>4}/{t.articles:<4}",
    ]
    refused = f"{t.refused_right}/{t.not_articles}" if tool == "newsarc" else "-"
    cells.append(f"{refused:>7}")
    return " ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("collections", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-trafilatura", action="store_true")
    args = parser.parse_args()
    folders = [COLLECTIONS / name for name in args.collections] or sorted(
        p.parent for p in COLLECTIONS.glob("*/truth.json")
    )
    unknown = [f.name for f in folders if not (f / "truth.json").is_file()]
    if unknown:
        known = ", ".join(sorted(p.parent.name for p in COLLECTIONS.glob("*/truth.json")))
        sys.exit(f"no collection {', '.join(unknown)} in {COLLECTIONS} (there are: {known})")
    try:
        import trafilatura  # noqa: F401

        with_trafilatura = not args.no_trafilatura
    except ImportError:
        with_trafilatura = False
    header = (
        f"{'collection':<16} {'extractor':<11} {'arts':>5} {'title':>6} {'date':>6} {'outlet':>6} "
        f"{'link':>6} {'fields':>6} {'markup':>6} {'chrome':>6} {'bounds':>9} {'refused':>7}"
    )
    print(header)
    print("-" * len(header))
    total, total_t = Tally(), Tally()
    started = time.perf_counter()
    for folder in folders:
        tally = score_newsarc(folder, args.verbose)
        total.add(tally)
        print(row(folder.name, tally, "newsarc"))
        if with_trafilatura:
            other = score_trafilatura(folder)
            total_t.add(other)
            print(row("", other, "trafilatura"))
        if args.verbose:
            for miss in tally.misses:
                print("    " + miss)
    print("-" * len(header))
    print(row("all", total, "newsarc"))
    if with_trafilatura:
        print(row("", total_t, "trafilatura"))
    print(
        f"\n{total.files} files ({total.articles} articles, {total.not_articles} not articles) "
        f"in {len(folders)} collections; {total.refused_articles} articles refused; "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(
        "fields = title, date, outlet and link together; bounds = texts that start with the "
        "article's first words and end with its last; refused = non-articles refused"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
