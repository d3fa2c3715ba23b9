"""The layers of docs/architecture.md, held: no module imports one above it.

cli → archive (the Python API) → core services → store/ → errors
                                ↘ ingest/ (pure) ↗
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "newsarc"


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[module] = {n for n in names if n.split(".")[0] == "newsarc"}
    return found


IMPORTS = _imports()


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("cli", "ingest", "store", "data"):
        return parts[1]
    return {
        "newsarc.archive": "archive",
        "newsarc.errors": "errors",
        "newsarc.cluster": "cluster",
    }.get(module, "core")


# What each layer may import, besides itself.
ALLOWED = {
    "errors": set(),
    "data": set(),
    "ingest": {"errors"},
    "store": {"errors"},
    "core": {"errors", "ingest", "store", "data"},
    "archive": {"errors", "ingest", "store", "core"},
    "cli": {"errors", "ingest", "store", "core", "archive"},
    # the Dask recipe (docs/cluster.md): a driver over the importer's extraction and
    # export's writer, beside the API; no command imports it
    "cluster": {"errors", "ingest", "core"},
}


@pytest.mark.parametrize(
    "module", sorted(m for m in IMPORTS if m not in ("newsarc.__init__", "newsarc.__main__"))
)
def test_no_module_imports_a_layer_above_it(module: str) -> None:
    layer = _layer(module)
    above = {
        name
        for name in IMPORTS[module]
        if name != "newsarc" and _layer(name) != layer and _layer(name) not in ALLOWED[layer]
    }
    assert not above, f"{module} ({layer}) imports {sorted(above)}"


def test_the_check_sees_a_violation() -> None:
    assert _layer("newsarc.store.catalog") == "store" and _layer("newsarc.search") == "core"
    assert "core" not in ALLOWED["store"] and "archive" not in ALLOWED["core"]
    assert "newsarc.store.store" in IMPORTS["newsarc.importer"]
