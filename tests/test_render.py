"""Article text is data: nothing in it reaches the terminal as an instruction."""

from __future__ import annotations

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
