"""Markdown as GitHub and Jekyll users write it: nothing of its syntax reaches the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsarc.ingest import extract_article
from newsarc.ingest.html_text import html_blocks, html_to_paragraphs
from newsarc.ingest.markdown import markdown_parser, markdown_to_html


def text_of(markdown: str) -> list[str]:
    return html_to_paragraphs(markdown_to_html(markdown))


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # CommonMark leaves these ** literal: punctuation before, a letter after the run
        ("他们说这是议题。**他们…**这样做。", "他们说这是议题。他们…这样做。"),
        ("**「重要」**的事", "「重要」的事"),
        ("这是**粗体：**正文", "这是粗体：正文"),
        ("a **b** c", "a b c"),
        ("删掉~~这几个字~~了", "删掉这几个字了"),
        ("~~“引号里的”~~。", "“引号里的”。"),
        ("snake_case_name 与 __init__ 不是强调", "snake_case_name 与 init 不是强调"),
    ],
)
def test_emphasis_closes_next_to_cjk_punctuation(source: str, text: str) -> None:
    assert text_of(source) == [text]


def test_emphasis_rule_is_this_parsers_own() -> None:
    # The CJK-friendly rule is installed on newsarc's parser only, not on markdown-it's class.
    from markdown_it import MarkdownIt

    assert "<strong>" not in MarkdownIt("commonmark").render("议题。**他们…**这样")
    assert "<strong>" in markdown_to_html("议题。**他们…**这样")


def test_table_rows_are_lines_of_cells() -> None:
    blocks = html_blocks(markdown_to_html("| 指标 | 数值 |\n|---|---|\n| 营收 | 10亿 |\n"))
    assert [(b.text, b.kind) for b in blocks] == [("指标  数值", "row"), ("营收  10亿", "row")]


def test_indented_lines_are_paragraphs_not_code() -> None:
    # scraped pages indent paragraphs (and HTML) by four spaces; as code the tags would stay
    source = "    第一段正文。\n\n    <div><p>第二段正文。</p></div>\n"
    assert text_of(source) == ["第一段正文。", "第二段正文。"]


def test_headings_links_and_quotes_leave_only_text() -> None:
    source = "# 标题\n\n## 小节\n\n> 摘要。\n\n见[原文](https://a.cn/1)和<https://b.cn/2>。"
    assert text_of(source) == ["标题", "小节", "摘要。", "见原文和https://b.cn/2。"]


POST = "---\ntitle: 标题\ndate: 2021-01-01\n---\n"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # Liquid runs before Markdown in Jekyll; its tags are never text
        ("正文{% include note.html %}在此处开始。\n", "正文在此处开始。"),
        ("详见[上一篇文章]({% link _posts/2021-01-01-a.md %})。\n", "详见上一篇文章。"),
        ("正文 {{ site.title }} 在此处开始。\n", "正文 在此处开始。"),
        # wiki links (MediaWiki, Obsidian, GitHub wikis): their text, without the brackets
        ("[[zh:美团]] (3690)[[zh:首席执行官]]王兴再减持。\n", "美团 (3690)首席执行官王兴再减持。"),
        ("见[[香港国安法|国安法]]全文。\n", "见国安法全文。"),
        # kramdown attribute lists
        (
            '正文提到[新华网](https://x.cn/a){: target="_blank" }的报道。\n',
            "正文提到新华网的报道。",
        ),
        # a link Markdown refuses to make (javascript:) leaves its text
        (
            "原创 社论 [澎湃新闻评论](javascript:void(0);)\n\n正文在这里，很长很长。\n",
            "正文在这里，很长很长。",
        ),
        # bold that CommonMark does not take (a space before the closing run)
        ("**▲ **图为现场。正文在这里，很长很长。\n", "▲ 图为现场。正文在这里，很长很长。"),
    ],
)
def test_template_and_kramdown_syntax_never_reaches_text(body: str, text: str) -> None:
    assert extract_article((POST + body).encode(), "2021-01-01-a.md").text == text


def _links_in(root: Path) -> set[str]:
    found: set[str] = set()
    for path in root.rglob("*.md"):
        text = path.read_text("utf-8", errors="replace")
        for groups in re.findall(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+)>", text):
            found.update(g for g in groups if g)
    return found


def test_links_keep_markdown_its_normal_form() -> None:
    """The fast path for plain links gives what markdown-it's own normalizeLink gives."""
    from markdown_it import MarkdownIt

    reference = MarkdownIt("gfm-like").normalizeLink
    ours = markdown_parser().normalizeLink
    made_up = [
        "https://example.com/a b",
        "https://例子.com/新闻",
        "HTTP://Example.com/",
        "http://@host/x",
        "http://cG~J:0",
        "https://a.com/%E4%B8%AD%zz",
        "//host.example/p?q=1&r=2#frag",
        "mailto:someone@example.com",
        "javascript:void(0);",
        "../relative/path.html",
        "https://x.com:8080/a/b?c=d",
    ]
    links = sorted(_links_in(Path(__file__).parent / "data" / "collections")) + made_up
    assert len(links) > 1000
    assert [ours(u) for u in links] == [reference(u) for u in links]
