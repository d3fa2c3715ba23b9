"""Ctrl-C and SIGTERM during an import: the first stops at the next safe point and commits
what was extracted; a second ends at once; no worker outlives the command."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import pytest

from .conftest import group_ends, newsarc_process, run_newsarc, write_posts

FILES = 3000


def _first_commit(db: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (db / "catalog" / "manifest.json").exists():
        assert time.monotonic() < deadline, "no commit within a minute"
        time.sleep(0.01)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_the_first_interrupt_commits_what_was_extracted_and_says_how_to_finish(
    tmp_path: Path,
    stored_ids,
    signum: int,
    status: int,  # type: ignore[no-untyped-def]
) -> None:
    """Issue 13, item 13: Ctrl-C hung a 20,000-file import for good in 5 of 7 tries, and a
    third one dumped multiprocessing tracebacks."""
    posts = tmp_path / "posts"
    write_posts(posts, FILES)
    db = tmp_path / "archive"
    process = newsarc_process(db, "import", str(posts), NEWSARC_BATCH_SIZE="100")
    _first_commit(db)
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=30)
    except Exception:
        process.kill()
        raise
    assert process.returncode == status, err
    assert group_ends(process.pid), "a worker outlived the import"
    message = err.decode().strip().splitlines()[-1]
    said = re.fullmatch(
        r"interrupted: (\d+) added, the rest not imported; "
        r"run the same command again to finish",
        message,
    )
    assert said, err.decode()
    added = int(said[1])
    assert 0 < added < FILES and len(stored_ids(db)) == added
    again = run_newsarc(db, "import", str(posts))
    assert again.returncode == 0
    assert f"{FILES - added} added, {added} already there, 0 failed" in again.stderr


def test_a_second_interrupt_ends_at_once(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_posts(posts, FILES)
    db = tmp_path / "archive"
    process = newsarc_process(db, "import", str(posts), NEWSARC_BATCH_SIZE="100")
    _first_commit(db)
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Traceback" not in err.decode()
    assert group_ends(process.pid)
