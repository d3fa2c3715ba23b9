from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from newsarc.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
FINEWS = DATA / "finews"
GOLDEN = Path(__file__).resolve().parent / "golden"


def sample(prefix: str) -> Path:
    """A user sample by its number: sample("002")."""
    (match,) = SAMPLES.glob(f"{prefix}_*.txt")
    return match


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Never touch the developer's real archive, and keep output plain and stable.
    monkeypatch.setenv("NEWSARC_DB", str(tmp_path / "default-archive"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("PAGER", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "archive"


Invoke = Callable[..., Result]


@pytest.fixture
def newsarc(db: Path) -> Iterator[Invoke]:
    """Run the CLI against the test archive: newsarc("list", "--source", "xinhua")."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(
            app, ["--db", str(db), *args], input=input, env=env, catch_exceptions=False
        )

    yield invoke


@pytest.fixture
def imported(newsarc: Invoke) -> Invoke:
    result = newsarc("import", str(SAMPLES))
    assert result.exit_code == 0, result.stderr
    return newsarc


def manifest(db: Path) -> Path:
    """The catalog's manifest: removing it loses the catalog (the shards stay)."""
    return db / "catalog" / "manifest.json"


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def env_without(name: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != name}
