"""Turning files into articles: discover → decode → front matter → format by content →
blocks of visible text → the page reader → identify (docs/extraction.md walks through them).

Each stage is a plain function on one item, so the importer can run them in worker processes.
Submodules are imported lazily: `list` needs dates and outlets, not lxml or markdown-it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsarc.ingest.extract import Extracted, extract_article

__all__ = ["Extracted", "extract_article"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newsarc.ingest import extract

        return getattr(extract, name)
    raise AttributeError(name)
