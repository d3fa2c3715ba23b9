"""The app as a whole: version, help, exit codes for usage errors."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsarc import __version__
from newsarc.cli import app

from conftest import DATA, ROOT, Invoke

COLLECTIONS = DATA / "collections"


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
    from conftest import SAMPLES

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "newsarc", "--db", str(tmp_path / "a"), *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    assert run("import", "-q", str(SAMPLES)).returncode == 0
    done = run("list", "-f", "ids")
    assert done.returncode == 0 and len(done.stdout.split()) == 5


def test_db_file_instead_of_folder_is_refused(newsarc: Invoke, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsarc.cli import app

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = CliRunner().invoke(app, ["--db", str(not_a_folder), "list"])
    assert result.exit_code == 1 and "is a file, not an archive folder" in result.stderr


@pytest.mark.parametrize("command", [["list", "-f", "jsonl"], ["export"], ["export", "-f", "csv"]])
def test_a_closed_pipe_ends_quietly_as_cat_does(
    imported: Invoke, db: Path, command: list[str]
) -> None:
    """Issue 13: `newsarc list | head -1` printed "newsarc: Broken pipe" and exited 1. Like
    cat and git, it ends by SIGPIPE (the shell shows 141), saying nothing. The output must
    be bigger than the pipe's buffer (64 KiB), or newsarc finishes before the reader goes."""
    from conftest import CORPUS, FINEWS

    imported("import", "-q", str(CORPUS), str(FINEWS), str(COLLECTIONS))
    assert len(imported(*command).stdout.encode()) > 2 * 65536
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


READING = [
    ["list"],
    ["show", "5dd4"],
    ["search", "的"],
    ["export"],
    ["sources"],
    ["tags"],
    ["stats"],
    ["dupes"],
    ["doctor"],
    ["tag", "5dd4", "--add", "x"],
    ["rm", "--yes", "5dd4"],
    ["reindex"],
]


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_a_missing_archive_is_an_error_and_stays_missing(
    newsarc: Invoke, db: Path, command: list[str]
) -> None:
    """Issue 13: a mistyped --db silently made an empty archive and listed nothing. Every
    command but import says there is no archive there, and creates nothing."""
    result = newsarc(*command)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.startswith(f"newsarc: no archive at {db} (import something first")
    assert "--db" in result.stderr and not db.exists()


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_a_folder_that_is_no_archive_is_an_error_and_stays_as_it_was(
    newsarc: Invoke, db: Path, command: list[str]
) -> None:
    """--db pointed at a folder newsarc never wrote (a typo for another folder, `--db ""`,
    the current one): it said nothing, listed nothing and wrote its index files there."""
    db.mkdir()
    (db / "notes.txt").write_text("mine", encoding="utf-8")
    result = newsarc(*command)
    assert result.exit_code == 1, result.stdout
    assert result.stderr.startswith(f"newsarc: no archive at {db} (import something first")
    assert [p.name for p in db.iterdir()] == ["notes.txt"]


def test_a_dry_run_import_into_a_missing_archive_creates_nothing(newsarc: Invoke, db: Path) -> None:
    from conftest import SAMPLES

    result = newsarc("import", "--dry-run", str(SAMPLES))
    assert result.exit_code == 0 and "5 would add" in result.stderr, result.stderr
    assert not db.exists()
    assert newsarc("import", str(SAMPLES)).exit_code == 0 and db.is_dir()


NOT_UTF8 = b"\xff\xfe".decode("utf-8", "surrogateescape")  # as Python hands over such bytes


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--source", NOT_UTF8],
        ["search", NOT_UTF8],
        ["tag", "5dd4", "--add", NOT_UTF8],
        ["edit", "5dd4", "--title", NOT_UTF8],
        ["show", NOT_UTF8],
        ["import", "--source", NOT_UTF8, "samples"],
    ],
    ids=lambda a: a[0],
)
def test_arguments_that_are_not_utf8_are_a_usage_error(imported: Invoke, args: list[str]) -> None:
    """Issue 13: bytes that are not UTF-8 in an argument ended in a traceback (surrogates
    not allowed). They are a usage error now; file names given to import may be any bytes
    (tested in test_hostile)."""
    result = imported(*args)
    assert result.exit_code == 2, result.stdout
    assert "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_an_archive_path_that_is_not_utf8_is_a_usage_error(newsarc: Invoke, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsarc.cli import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / NOT_UTF8), "list"])
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def _commands() -> list[str]:
    from newsarc.cli.app import COMMAND_ORDER

    return list(COMMAND_ORDER)


@pytest.mark.parametrize("command", _commands())
def test_every_help_has_examples_and_says_what_options_take(command: str) -> None:
    """Issue 14, item 5: no command's help had an example; options showed as `<str>`."""
    runner = CliRunner()
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = result.stdout
    examples = text.split("Examples:", 1)[1].split("\n\n", 2)[1] if "Examples:" in text else ""
    assert len([line for line in examples.splitlines() if line.startswith("    newsarc ")]) >= 2
    assert not re.search(r"<(str|int|path|float)[^>]*>", text), text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_the_command_list_fits_80_columns_uncut() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "80"})
    listed = result.stdout.split("Commands:", 1)[1].splitlines()
    assert len([line for line in listed if line.strip()]) == len(_commands())
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert not any(line.endswith("...") for line in listed)  # no summary cut short


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_and_outlets_and_tags_from_the_archive(
    imported: Invoke, db: Path, shell: str
) -> None:
    import os
    import subprocess
    import sys

    assert imported("tag", "5dd4", "--add", "数字经济").exit_code == 0
    env = {**os.environ, "NEWSARC_DB": str(db)}
    newsarc = [sys.executable, "-m", "newsarc"]
    # the script for the shell typer detects (the one running the tests); typer writes
    # one for each of bash, zsh and fish, and each asks newsarc as complete() does below
    script = subprocess.run(
        [*newsarc, "--show-completion"], capture_output=True, text=True, env=env
    )
    assert script.returncode == 0 and "_NEWSARC_COMPLETE" in script.stdout

    def complete(words: str) -> str:
        if shell == "bash":
            extra = {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
        else:  # fish asks for the candidates, then for their help
            extra = {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
        found = subprocess.run(
            newsarc,
            capture_output=True,
            text=True,
            env={**env, "_NEWSARC_COMPLETE": f"complete_{shell}", **extra},
        )
        return found.stdout

    assert "xinhuawang" in complete("newsarc list --source xin")
    assert "meirijingjixinwen" not in complete("newsarc list --source xin")
    assert "数字经济" in complete("newsarc search --tag 数")
