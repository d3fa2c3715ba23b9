"""Issue 13, item 11: an archive newsarc cannot write to (`chmod -R a-w`, another user's, a
read-only mount) can still be read: list, show, search, export, stats, sources, tags.

The tests run newsarc in a process of its own over an archive it cannot write: as a user
other than root, after `chmod -R a-w`; as root (which writes through permissions), on a
read-only bind mount of the archive in a mount namespace of the process's own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SAMPLES, Invoke

Run = Callable[..., "subprocess.CompletedProcess[str]"]
READS = [
    ("list",),
    ("list", "-f", "ids"),
    ("show", "5dd4"),
    ("show", "--raw", "5dd4"),
    ("search", "数字经济"),
    ("export", "-f", "jsonl"),
    ("export", "-f", "csv"),
    ("stats",),
    ("sources",),
    ("tags",),
    ("dupes",),
    ("list", "--collapse"),
]


def _read_only(db: Path, tmp_path: Path) -> Run:
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "NO_COLOR": "1",
        "COLUMNS": "120",
    }
    command = [sys.executable, "-m", "newsarc", "--db", str(db)]
    if os.geteuid() != 0:
        for path in [db, *db.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([*command, *args], capture_output=True, text=True, env=env)

        return run
    mount = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'

    def run_mounted(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["unshare", "-m", "sh", "-c", mount, "sh", str(db), *command, *args],
            capture_output=True,
            text=True,
            env=env,
        )

    probe = run_mounted("--version")
    assert probe.returncode == 0, f"cannot make a read-only mount here: {probe.stderr}"
    return run_mounted


def _files(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("derived", ["current", "missing", "stale"])
def test_a_read_only_archive_can_be_read(
    newsarc: Invoke, db: Path, tmp_path: Path, derived: str
) -> None:
    assert newsarc("import", str(SAMPLES)).exit_code == 0
    expected = {args: newsarc(*args).stdout for args in READS}
    if derived == "missing":
        for path in [*db.glob("listing.sqlite*"), *db.glob("search.sqlite*")]:
            path.unlink()
    elif derived == "stale":  # the catalog changed since: a tag, with its listing lost
        assert newsarc("tag", "5dd4", "--add", "later").exit_code == 0
        expected = {args: newsarc(*args).stdout for args in READS}
        for path in db.glob("listing.sqlite*"):
            path.unlink()
    files = _files(db)
    run = _read_only(db, tmp_path)
    for args in READS:
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stdout == expected[args], args
    assert _files(db) == files


def test_a_write_to_a_read_only_archive_is_one_line(
    newsarc: Invoke, db: Path, tmp_path: Path
) -> None:
    assert newsarc("import", str(SAMPLES)).exit_code == 0
    run = _read_only(db, tmp_path)
    result = run("tag", "5dd4", "--add", "x")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "read-only" in result.stderr.lower() or "permission" in result.stderr.lower()
