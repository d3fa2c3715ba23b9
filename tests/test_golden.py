"""Every sample and corpus post extracts to its reviewed golden record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden_files import extracted_record, golden_path, golden_sources


@pytest.mark.parametrize("source", golden_sources(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_extraction_matches_golden_record(source: Path) -> None:
    expected = json.loads(golden_path(source).read_text("utf-8"))
    assert extracted_record(source) == expected


def test_every_source_has_a_golden_record() -> None:
    sources = golden_sources()
    assert len(sources) >= 30
    assert all(golden_path(s).exists() for s in sources)
