from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = (ROOT / "samples" / "000_8e803366d3538c4d.txt").read_text("utf-8")


def write_posts(folder: Path, count: int, start: int = 0) -> list[Path]:
    """`count` distinct Jekyll posts (own title and share link each) made from sample 000."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        text = TEMPLATE.replace(
            "助力成都打造数字经济发展高地", f"助力成都打造数字经济发展高地 第{number}号"
        ).replace("NW202112272227024698", f"NW{number:020d}")
        path = folder / f"post-{number:05d}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def newsarc_process(db: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    """newsarc in a process group of its own (its id is the process's), with its workers."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsarc", *args],
        env={**os.environ, "NEWSARC_DB": str(db), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def group_ends(group: int, within: float = 5.0) -> bool:
    """Whether every process of the group has ended within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def run_newsarc(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsarc", *args],
        env={**os.environ, "NEWSARC_DB": str(db), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def stored_ids():  # type: ignore[no-untyped-def]
    def ids(db: Path) -> list[str]:
        result = run_newsarc(db, "list", "--format", "ids")
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    return ids
