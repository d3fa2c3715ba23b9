"""Golden records: what extraction must give for each sample and corpus post.

Regenerate after an intended extraction change, then review every diff by eye against the
source file before committing:  python tests/golden_files.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from newsarc.ingest import extract_article  # noqa: E402

from conftest import CORPUS, FINEWS, GOLDEN, SAMPLES  # noqa: E402


def golden_sources() -> list[Path]:
    files = (
        sorted(SAMPLES.glob("*.txt")) + sorted(CORPUS.glob("*.md")) + sorted(FINEWS.glob("*.md"))
    )
    return [f for f in files if f.name not in ("README.md", "SOURCES.md")]


def golden_path(source: Path) -> Path:
    return GOLDEN / source.parent.name / (source.name + ".json")


def extracted_record(source: Path) -> dict[str, object]:
    return extract_article(source.read_bytes(), source.name).fields()


def main() -> None:
    for source in golden_sources():
        target = golden_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(extracted_record(source), ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        print(target.relative_to(HERE))


if __name__ == "__main__":
    main()
