"""Issue 14, item 4: long work shows a progress bar on a terminal and nothing in a pipe:
reindex, index builds (a search after the index was lost, doctor --repair), exports to a
file or folder, imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarc.archive import Archive
from newsarc.cli.output import Bar

from conftest import Invoke


class Recorder:
    """A Progress that remembers what it was told."""

    def __init__(self) -> None:
        self.totals: list[int] = []
        self.done = 0

    def start(self, total: int) -> None:
        self.totals.append(total)

    def advance(self, done: int = 1) -> None:
        self.done += done


def test_reindex_and_an_index_build_report_their_progress(imported: Invoke, db: Path) -> None:
    archive = Archive.open(db)
    seen = Recorder()
    archive.reindex(progress=seen)
    assert seen.totals == [5] and seen.done == 5
    (db / "search.sqlite").unlink()
    built = Recorder()
    archive.search_index(built).catch_up(create=True)
    assert built.totals == [5] and built.done == 5


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool, int]]:
    """(label, drawn, total) of every bar started."""
    started: list[tuple[str, bool, int]] = []
    real = Bar.start

    def start(self: Bar, total: int) -> None:
        started.append((self._label, self._output is not None, total))
        real(self, total)

    monkeypatch.setattr(Bar, "start", start)
    return started


COMMANDS = [
    ("reindex",),
    ("export", "-o", "{tmp}/all.jsonl"),
    ("export", "-f", "md", "-o", "{tmp}/folder/"),
    ("doctor", "--repair"),
    ("search", "习近平"),
]


@pytest.mark.parametrize("terminal", [True, False])
def test_a_bar_on_a_terminal_and_none_in_a_pipe(
    imported: Invoke,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bars: list[tuple[str, bool, int]],
    terminal: bool,
) -> None:
    monkeypatch.setattr("newsarc.cli.output._isatty", lambda stream: terminal)
    for command in COMMANDS:
        if command[0] in ("doctor", "search"):
            (db / "search.sqlite").unlink(missing_ok=True)
        bars.clear()
        args = [a.replace("{tmp}", str(tmp_path)) for a in command]
        result = imported(*args)
        assert result.exit_code == 0, (command, result.stderr)
        assert bars, command
        assert all(drawn == terminal for _, drawn, _ in bars), (command, bars)
        if terminal:
            assert any(total == 5 for _, _, total in bars), (command, bars)


def test_an_export_bar_counts_what_the_limit_lets_through(
    imported: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bars: list[tuple[str, bool, int]],
) -> None:
    monkeypatch.setattr("newsarc.cli.output._isatty", lambda stream: True)
    result = imported("export", "-n", "2", "--search", "融媒体", "-o", str(tmp_path / "two.jsonl"))
    assert result.exit_code == 0, result.stderr
    assert bars == [("exporting", True, 2)]
