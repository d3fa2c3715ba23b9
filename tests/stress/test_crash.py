"""kill -9 at random moments of an import: the store always opens, keeps what was committed,
and a re-run completes it. Disk full: the previous store is intact and the user is told."""

from __future__ import annotations

import errno
import random
import signal
import time
from pathlib import Path

import pytest

from newsarc.archive import Archive

from .conftest import group_ends, newsarc_process, run_newsarc, write_posts

FILES = 3000
KILLS = 12


def _stamp(db: Path) -> tuple[int, int] | None:
    try:
        info = (db / "catalog" / "manifest.json").stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns


def _catalog_files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (db / "catalog").iterdir()}


def check_store(db: Path) -> set[str]:
    """The archive opens, and every article it lists has its text and original."""
    archive = Archive.open(db)
    ids = set(archive.listing.ids())
    for article_id in ids:
        assert archive.text(article_id).startswith("2021年12月27日")
        assert archive.original(article_id).startswith(b"---\nlayout: post")
    return ids


def test_kill_9_during_import_loses_nothing_committed(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_posts(posts, FILES)
    db = tmp_path / "archive"
    rng = random.Random(20261123)
    stored: set[str] = set()
    kills = partial = 0
    for _ in range(KILLS):
        before = _stamp(db)
        process = newsarc_process(db, "import", "-q", str(posts), NEWSARC_BATCH_SIZE="100")
        # Wait for a commit, then kill at a random moment: the kill lands mid-import, between
        # or during the writes of later batches, whatever the speed of the machine.
        deadline = time.monotonic() + 60
        while process.poll() is None and _stamp(db) == before and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.15))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        assert group_ends(process.pid)  # its worker processes went with it
        now = check_store(db) if (db / "catalog" / "manifest.json").exists() else set()
        assert stored <= now  # nothing committed before is ever lost
        partial += len(stored) < len(now) < FILES
        stored = now
    assert kills >= 10
    assert partial >= 2  # kills really landed between commits, not only before or after
    finish = run_newsarc(db, "import", str(posts))
    assert finish.returncode == 0, finish.stderr
    assert f"{FILES - len(stored)} added, {len(stored)} already there, 0 failed" in finish.stderr
    assert len(check_store(db)) == FILES
    doctor = run_newsarc(db, "doctor")
    assert doctor.returncode == 0, doctor.stderr


def test_worker_processes_end_with_a_killed_import(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_posts(posts, 2000)
    process = newsarc_process(tmp_path / "archive", "import", "-q", str(posts))
    deadline = time.monotonic() + 30
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(process.pid)
    assert len(workers) >= 2, "the import started no worker processes"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert group_ends(process.pid), f"workers {workers} outlived the import"


def _children(pid: int) -> list[int]:
    """Ids of a process's children (Linux /proc)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in listed.split()]


def test_disk_full_leaves_the_previous_store_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from newsarc.cli import app

    db = tmp_path / "archive"
    runner = CliRunner()
    write_posts(tmp_path / "first", 5)
    write_posts(tmp_path / "second", 5, start=5)
    assert runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "first")]).exit_code == 0
    before = runner.invoke(app, ["--db", str(db), "export"]).stdout
    catalog_before = _catalog_files(db)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newsarc.store.objects.os.fsync", full)
    result = runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "second")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "newsarc: No space left on device"
    monkeypatch.undo()

    assert _catalog_files(db) == catalog_before
    assert runner.invoke(app, ["--db", str(db), "export"]).stdout == before
    assert not list(db.rglob("*.tmp"))
    retry = runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "second")])
    assert retry.exit_code == 0 and "5 added, 0 already there" in retry.stderr
    assert len(runner.invoke(app, ["--db", str(db), "list", "-f", "ids"]).stdout.split()) == 10


def test_disk_full_on_the_catalog_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from newsarc.cli import app

    db = tmp_path / "archive"
    runner = CliRunner()
    write_posts(tmp_path / "first", 3)
    write_posts(tmp_path / "second", 3, start=3)
    runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "first")])
    catalog_before = _catalog_files(db)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newsarc.store.atomic.os.fsync", full)
    result = runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "second")])
    monkeypatch.undo()
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert _catalog_files(db) == catalog_before
    assert len(runner.invoke(app, ["--db", str(db), "list", "-f", "ids"]).stdout.split()) == 3
    assert runner.invoke(app, ["--db", str(db), "doctor"]).exit_code == 0


def test_disk_full_after_some_packs_of_a_batch_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Packs are written as articles come (two at a time here); the catalog only at the end
    of the batch. A failure in between stores nothing the catalog names, and a retry
    completes the import."""
    from typer.testing import CliRunner

    from newsarc.cli import app
    from newsarc.store.objects import ObjectStore

    db = tmp_path / "archive"
    runner = CliRunner()
    write_posts(tmp_path / "posts", 7)
    monkeypatch.setattr("newsarc.store.store.PACK_ARTICLES", 2)
    real_write_pack = ObjectStore.write_pack
    written: list[str] = []

    def third_pack_fails(self: ObjectStore, *args: object, **kwargs: object) -> str:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(real_write_pack(self, *args, **kwargs))  # type: ignore[arg-type]
        return written[-1]

    monkeypatch.setattr(ObjectStore, "write_pack", third_pack_fails)
    result = runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "posts")])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert len(written) == 2 and all((db / "objects" / p).exists() for p in written)
    assert runner.invoke(app, ["--db", str(db), "list", "-f", "ids"]).stdout == ""
    monkeypatch.setattr(ObjectStore, "write_pack", real_write_pack)
    retry = runner.invoke(app, ["--db", str(db), "import", str(tmp_path / "posts")])
    assert retry.exit_code == 0 and "7 added, 0 already there" in retry.stderr
    assert len(runner.invoke(app, ["--db", str(db), "list", "-f", "ids"]).stdout.split()) == 7
    assert runner.invoke(app, ["--db", str(db), "doctor"]).exit_code == 0
