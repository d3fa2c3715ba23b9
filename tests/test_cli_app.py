"""The app as a whole: version, help, exit codes for usage errors."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsarc import __version__

from conftest import ROOT, Invoke


def test_version_matches_pyproject(newsarc: Invoke) -> None:
    declared = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert declared and declared.group(1) == __version__
    assert newsarc("--version").stdout == f"newsarc {__version__}\n"


def test_help_lists_the_daily_loop_first(newsarc: Invoke) -> None:
    commands = re.findall(r"^  (\w+)  ", newsarc("--help").stdout, re.M)
    assert commands[:5] == ["import", "list", "show", "search", "export"]
    assert set(commands) >= {"sources", "tags", "stats", "tag", "edit", "rm", "reindex", "doctor"}


def test_unknown_option_is_usage_error_without_traceback(newsarc: Invoke) -> None:
    result = newsarc("list", "--bogus")
    assert result.exit_code == 2 and "No such option" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsarc", "--db", str(tmp_path / "a"), "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout == ""


def test_db_file_instead_of_folder_is_refused(newsarc: Invoke, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsarc.cli import app

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = CliRunner().invoke(app, ["--db", str(not_a_folder), "list"])
    assert result.exit_code == 1 and "is a file, not an archive folder" in result.stderr


@pytest.mark.parametrize("command", [["list"], ["export"], ["export", "-f", "csv"]])
def test_a_closed_pipe_ends_quietly_as_cat_does(
    imported: Invoke, db: Path, command: list[str]
) -> None:
    """Issue 13: `newsarc list | head -1` printed "newsarc: Broken pipe" and exited 1. Like
    cat and git, it ends by SIGPIPE (the shell shows 141), saying nothing."""
    from conftest import CORPUS, FINEWS

    imported("import", str(CORPUS), str(FINEWS))
    process = subprocess.Popen(
        [sys.executable, "-m", "newsarc", "--db", str(db), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # the reader goes away, as `head` does
    error = process.stderr.read()
    assert process.wait(timeout=60) == -signal.SIGPIPE
    assert error == b""
