"""Article text is data: nothing in it reaches the terminal as an instruction."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from newsarc.render import sanitize

from conftest import Invoke

HOSTILE_TITLE = "标题\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202e反转\x9b31m[bold]粗[/bold]"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a\x1b[31mred\x1b[0m", "ared"),
        ("clip\x1b]52;c;ZXZpbA==\x07board", "clipboard"),
        ("c1\x9b31m", "c131m"),
        ("bidi\u202eevil\u2066", "bidievil"),
        ("nul\x00bell\x07", "nulbell"),
        ("[bold]literal[/bold]", "[bold]literal[/bold]"),
    ],
)
def test_sanitize(raw: str, safe: str) -> None:
    assert sanitize(raw) == safe


def test_sanitize_single_line_folds_newlines_and_tabs() -> None:
    assert sanitize("a\nb\tc", single_line=True) == "a b c"


@pytest.fixture
def hostile(newsarc: Invoke, tmp_path: Path) -> Invoke:
    post = tmp_path / "evil.md"
    body = "正文\x1b[2J第一段。\n\n[red]第二段[/red]。\n"
    escaped = HOSTILE_TITLE.replace("\x1b", "\\e").replace("\x07", "\\a").replace("\x9b", "\\x9b")
    post.write_text(f'---\ntitle: "{escaped}"\ndate: 2021-01-01\n---\n{body}', "utf-8")
    assert newsarc("import", str(post)).exit_code == 0
    return newsarc


@pytest.mark.parametrize("fmt", ["table", "tsv", "ids"])
def test_list_neutralises_controls(hostile: Invoke, fmt: str) -> None:
    out = hostile("list", "--format", fmt).stdout
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in out
    if fmt != "ids":
        assert "[bold]粗[/bold]" in out


def test_show_neutralises_controls_and_prints_markup_literally(hostile: Invoke) -> None:
    out = hostile(*["show", hostile("list", "-f", "ids").stdout.strip()]).stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert "[bold]粗[/bold]" in out and "[red]第二段[/red]" in out


NO_LINE_START = "、，。！？”）》：；"
NO_LINE_END = "“（《"
WRAP_TEXT = (
    "新华网与成都新津签署合作协议，助力成都打造数字经济发展高地。“十四五”期间，双方将在5G、"
    "Artificial Intelligence等领域合作、共建（试点）《数字经济》平台！记者从会上获悉，"
    "2021年12月27日至今，已有https://example.com/path项目落地。"
)


def _check_lines(lines: list[str], width: int) -> None:
    from newsarc.render import display_width

    assert "".join(lines).replace(" ", "") == WRAP_TEXT.replace(" ", "")
    for line in lines:
        assert display_width(line) <= width, line
        assert line and line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line
    for before, after in itertools.pairwise(lines):  # no Latin word or number cut in two
        tail = re.search(r"[A-Za-z0-9]*$", before)
        head = re.match(r"[A-Za-z0-9]*", after)
        assert tail and head
        if tail.group() and head.group():
            assert f"{tail.group()} {head.group()}" in WRAP_TEXT, (before, after)


@pytest.mark.parametrize("width", range(12, 41))
def test_wrapping_follows_the_unicode_line_breaking_rules(width: int) -> None:
    """Issue 14, item 1: `show` broke Chinese lines before `、，。”`."""
    from newsarc.render import wrap_lines

    _check_lines(wrap_lines(WRAP_TEXT, width), width)


def test_show_on_a_terminal_wraps_by_those_rules(
    newsarc: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsarc.cli.output._isatty", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "23")
    monkeypatch.setenv("LINES", "500")
    post = tmp_path / "post.md"
    post.write_text(f"---\ntitle: 标题\ndate: 2021-12-27\n---\n\n{WRAP_TEXT}\n", "utf-8")
    assert newsarc("import", str(post)).exit_code == 0
    (article_id,) = newsarc("list", "-f", "ids").stdout.split()
    out = newsarc("show", "--no-pager", article_id).stdout.splitlines()
    body = out[out.index("") + 1 :] if "" in out else out
    start = next(i for i, line in enumerate(body) if line.startswith("新华网"))
    _check_lines([line.rstrip() for line in body[start:] if line.strip()], 23)
