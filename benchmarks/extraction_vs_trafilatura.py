"""newsarc's extractor against trafilatura on the same posts, with the front matter as truth.

    pip install trafilatura   # benchmark-only dependency, not a project dependency
    python benchmarks/extraction_vs_trafilatura.py [-v] [--favor-precision] [PATH ...]

PATHs are files or folders (every `*.md` below a folder, README.md and SOURCES.md excepted);
the default is tests/data/corpus and tests/data/finews. Each file is a Jekyll post. The truth
is read here with PyYAML, independently of newsarc: title and day of `date` from the front
matter, and the outlet: the publisher the body credits (`（文章来源：X）`, or a trailing `（X）`
at the end of the last paragraph), else the feed slug in `categories`.

newsarc reads the file's bytes. trafilatura gets what a general-purpose extractor would get:
the body rendered to HTML (markdown-it-py, CommonMark with HTML) in a bare page with an empty
<head>, so neither tool is handed the title. Prints one table; `-v` lists every disagreement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml.etree import LxmlError
from markdown_it import MarkdownIt

from newsarc.errors import UnreadableFile
from newsarc.ingest import extract_article
from newsarc.ingest.outlets import slugify_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = (ROOT / "tests" / "data" / "corpus", ROOT / "tests" / "data" / "finews")
SKIP_NAMES = frozenset({"README.md", "SOURCES.md"})
TOOLS = ("newsarc", "trafilatura")

# Same opening as Jekyll's: blank lines before the first --- are tolerated.
FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
TAG = re.compile(r"<[^>]*>")  # HTML tags, autolinks and the empty `<>`
MD_LINK_LINE = re.compile(r"^\s*(?:\[[^\]]*\]\([^)]*\)[\s｜|]*)+$")
SOURCE_CREDIT = re.compile(r"[（(]\s*文章来源\s*[:：]\s*(?P<name>[^）)]+?)\s*[）)]")
TRAILING_CREDIT = re.compile(r"[（(](?P<name>[^（）()\s:：]{2,16})[）)]\s*$")
CJK = re.compile(r"[\u4e00-\u9fff]")

CHROME_MARKERS = (
    "文章来源",
    "返回首页",
    "返回",
    "EM_StockImg",
    "K图",
    "NewsShare",
    "http://",
    "https://",
    "](",
    "<http",
    "版权声明",
    "上一篇",
    "下一篇",
    "分享成功",
    "Copyright",
    "ICP",
    "图片来源",
    "&nbsp;",
)


@dataclass
class Truth:
    title: str | None = None  # None: not known (empty, or front matter unreadable)
    day: str | None = None
    outlet_name: str = ""  # the credited publisher, when the body credits one
    outlet_slug: str = ""
    metadata_error: str = ""


@dataclass
class Prediction:
    title: str = ""
    day: str = ""
    names: list[str] = field(default_factory=list)  # outlet candidates, as names
    slugs: list[str] = field(default_factory=list)  # outlet candidates, as slugs
    text: str = ""
    failed: str = ""  # why the tool produced nothing for this file


@dataclass
class Post:
    path: Path
    truth: Truth
    body: str


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok

    def cell(self) -> str:
        if not self.total:
            return "n/a"
        return f"{self.right}/{self.total} = {100 * self.right / self.total:.1f}%"


@dataclass
class ToolStats:
    title: Tally = field(default_factory=Tally)
    date: Tally = field(default_factory=Tally)
    outlet: Tally = field(default_factory=Tally)
    chrome: Tally = field(default_factory=Tally)  # `right` counts texts WITH chrome
    chars: int = 0
    texts: int = 0
    failures: int = 0
    seconds: float = 0.0


# --- inputs and truth -------------------------------------------------------------------------


def find_posts(inputs: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for item in inputs:
        candidates = sorted(item.rglob("*.md")) if item.is_dir() else [item]
        found.extend(p for p in candidates if p.is_file() and p.name not in SKIP_NAMES)
    return found


def split_post(text: str) -> tuple[str | None, str]:
    """(front matter source or None when there is none, body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match["yaml"] or "", text[match.end() :]


def day_of(value: Any) -> str | None:
    """YYYY-MM-DD as written: YAML may give a datetime, a date or (with `+0800`) a string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = DAY.match(value)
        return match[1] if match else None
    return None


def first_word(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        return ""
    words = str(value).split()
    return words[0].lower() if words else ""


def credited_publisher(body: str) -> str:
    """The publisher the body credits: `（文章来源：X）` anywhere, else `（X）` ending the last
    paragraph (X: 2-16 characters with a CJK one and no digit, so （完） or （2） never count)."""
    plain = html.unescape(TAG.sub("", body))
    match = SOURCE_CREDIT.search(plain)
    if match:
        return match["name"].split()[0]
    blocks = []
    for block in re.split(r"\n\s*\n", plain):
        lines = [ln for ln in block.splitlines() if ln.strip() and not MD_LINK_LINE.match(ln)]
        if lines:
            blocks.append("\n".join(lines))
    if not blocks:
        return ""
    match = TRAILING_CREDIT.search(blocks[-1])
    if match and CJK.search(match["name"]) and not re.search(r"\d", match["name"]):
        return match["name"]
    return ""


def read_truth(text: str) -> tuple[Truth, str]:
    raw, body = split_post(text)
    truth = Truth()
    if raw is None:
        truth.metadata_error = "no front matter"
        return truth, body
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        truth.metadata_error = f"front matter is not valid YAML ({type(exc).__name__})"
        return truth, body
    if not isinstance(meta, dict):
        truth.metadata_error = "front matter is not a mapping"
        return truth, body
    title = meta.get("title")
    truth.title = str(title).strip() if title is not None and str(title).strip() else None
    truth.day = day_of(meta.get("date"))
    publisher = credited_publisher(body)
    if publisher:
        truth.outlet_name, truth.outlet_slug = publisher, slugify_name(publisher)
    else:
        truth.outlet_slug = first_word(meta.get("categories", meta.get("category")))
    return truth, body


def load_posts(paths: list[Path]) -> list[Post]:
    posts = []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            posts.append(Post(path, Truth(metadata_error="not UTF-8"), ""))
            continue
        truth, body = read_truth(text)
        posts.append(Post(path, truth, body))
    return posts


# --- the two tools ----------------------------------------------------------------------------


def run_newsarc(post: Post) -> Prediction:
    try:
        found = extract_article(post.path.read_bytes(), post.path.name)
    except UnreadableFile as exc:
        return Prediction(failed=f"UnreadableFile: {exc}")
    return Prediction(
        title=found.title,
        day=(found.date or "")[:10],
        names=[found.source_name] if found.source_name else [],
        slugs=[found.source] if found.source else [],
        text=found.text,
    )


def render_page(body: str, markdown: MarkdownIt) -> str:
    rendered = markdown.render(body)
    return f"<html><head></head><body><article>{rendered}</article></body></html>"


def trafilatura_runner(favor_precision: bool) -> Callable[[str], Prediction]:
    import trafilatura

    def run(page: str) -> Prediction:
        try:
            doc = trafilatura.bare_extraction(
                page, with_metadata=True, favor_precision=favor_precision
            )
        except (ValueError, TypeError, LxmlError) as exc:
            return Prediction(failed=f"{type(exc).__name__}: {exc}")
        if doc is None:
            return Prediction(failed="no result")
        # 2.x returns a Document (as_dict() gives its fields), 1.x a dict.
        data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        names = [str(data[k]) for k in ("sitename", "hostname") if data.get(k)]
        return Prediction(
            title=str(data.get("title") or ""),
            day=str(data.get("date") or "")[:10],
            names=names,
            slugs=[slugify_name(n) for n in names],
            text=str(data.get("text") or ""),
        )

    return run


# --- scoring ----------------------------------------------------------------------------------


def chrome_in(text: str) -> list[str]:
    hits = [marker for marker in CHROME_MARKERS if marker in text]
    if any(line.strip() == "<>" for line in text.splitlines()):
        hits.append("<> line")
    return hits


def outlet_right(truth: Truth, pred: Prediction) -> bool:
    if truth.outlet_name and truth.outlet_name in pred.names:
        return True
    return bool(truth.outlet_slug) and truth.outlet_slug in pred.slugs


def score(post: Post, tool: str, pred: Prediction, stats: ToolStats, notes: list[str]) -> None:
    truth = post.truth
    name = post.path.name

    def miss(what: str, want: str, got: str) -> None:
        notes.append(f"{name}: {tool} {what}: got {got!r}, truth {want!r}")

    if pred.failed:
        stats.failures += 1
        notes.append(f"{name}: {tool} failed: {pred.failed}")
    if not truth.metadata_error:
        if truth.title is not None:
            ok = pred.title.strip() == truth.title
            stats.title.add(ok)
            if not ok:
                miss("title", truth.title, pred.title)
        if truth.day is not None:
            ok = pred.day == truth.day
            stats.date.add(ok)
            if not ok:
                miss("date", truth.day, pred.day)
        if truth.outlet_slug:
            ok = outlet_right(truth, pred)
            stats.outlet.add(ok)
            if not ok:
                want = f"{truth.outlet_name} / {truth.outlet_slug}".strip(" /")
                miss("outlet", want, " / ".join(pred.names + pred.slugs))
    if pred.failed:
        return
    hits = chrome_in(pred.text)
    stats.chrome.add(bool(hits))
    stats.texts += 1
    stats.chars += len(pred.text)
    if hits:
        notes.append(f"{name}: {tool} text has chrome: {', '.join(hits)}")


# --- output -----------------------------------------------------------------------------------


def table(stats: dict[str, ToolStats], files: int) -> str:
    def mean_chars(s: ToolStats) -> str:
        return f"{s.chars / s.texts:.0f}" if s.texts else "n/a"

    rows: list[tuple[str, Callable[[ToolStats], str]]] = [
        ("title accuracy", lambda s: s.title.cell()),
        ("date accuracy (same day)", lambda s: s.date.cell()),
        ("outlet accuracy", lambda s: s.outlet.cell()),
        ("texts with page chrome", lambda s: s.chrome.cell()),
        ("mean text length (chars)", mean_chars),
        ("failures (no result)", lambda s: f"{s.failures}/{files}"),
        ("total time (s)", lambda s: f"{s.seconds:.3f}"),
    ]
    header = ("", *TOOLS)
    body = [(label, *(cell(stats[t]) for t in TOOLS)) for label, cell in rows]
    widths = [max(len(r[i]) for r in (header, *body)) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join(("-" * (widths[0] + 2), *("-" * (w + 1) + ":" for w in widths[1:])))
    return "\n".join([line(header), rule + "|", *(line(r) for r in body)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="post files or folders")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--favor-precision",
        action="store_true",
        help="call trafilatura with favor_precision=True (default: its defaults)",
    )
    args = parser.parse_args(argv)
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed: pip install trafilatura", file=sys.stderr)
        return 2

    paths = find_posts(args.paths or DEFAULT_INPUTS)
    if not paths:
        print("no posts found", file=sys.stderr)
        return 2
    posts = load_posts(paths)
    markdown = MarkdownIt("commonmark", {"html": True})
    pages = [render_page(post.body, markdown) for post in posts]
    run_trafilatura = trafilatura_runner(args.favor_precision)

    # One untimed pass each first: both load modules and data lazily (pypinyin, OpenCC;
    # htmldate, dateparser, …), and that one-off cost is not what is being compared.
    for post, page in zip(posts, pages, strict=True):
        run_newsarc(post)
        run_trafilatura(page)
    predictions: dict[str, list[Prediction]] = {}
    stats = {tool: ToolStats() for tool in TOOLS}
    start = time.perf_counter()
    predictions["newsarc"] = [run_newsarc(post) for post in posts]
    stats["newsarc"].seconds = time.perf_counter() - start
    start = time.perf_counter()
    predictions["trafilatura"] = [run_trafilatura(page) for page in pages]
    stats["trafilatura"].seconds = time.perf_counter() - start

    notes: list[str] = []
    for index, post in enumerate(posts):
        if post.truth.metadata_error:
            notes.append(f"{post.path.name}: metadata rows skipped: {post.truth.metadata_error}")
        for tool in TOOLS:
            score(post, tool, predictions[tool][index], stats[tool], notes)

    skipped = [p.path.name for p in posts if p.truth.metadata_error]
    credited = sum(1 for p in posts if p.truth.outlet_name)
    print(
        f"{len(posts)} files; trafilatura {trafilatura.__version__} "
        f"(favor_precision={args.favor_precision}); Python {platform.python_version()}; "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"outlet truth: {credited} files credit a publisher in the body, "
        f"the rest use the feed slug; metadata skipped for {len(skipped)} files"
        + (f" ({', '.join(skipped)})" if skipped else "")
    )
    print()
    print(table(stats, len(posts)))
    if args.verbose:
        print()
        print("\n".join(notes) if notes else "no disagreements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
