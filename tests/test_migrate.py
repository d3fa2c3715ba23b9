"""Archives in layout 2 (the whole catalog in one catalog.json) open in layout 3 (shards
named by a manifest), losing no record, tag, edit, text, original or backup; a migration
cut short leaves layout 2 as it was, and the next open migrates it."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from newsarc.archive import Archive
from newsarc.errors import StoreCorrupted
from newsarc.store import catalog as catalog_module

from conftest import CORPUS, SAMPLES, Invoke, lines, manifest


def _as_layout2(db: Path) -> bytes:
    """Turn the archive into what newsarc wrote before shards: catalog.json (TinyDB, keyed by
    id, with its layout in `meta`), packs as they are, backups as whole copies of
    catalog.json; no listing, no manifest."""
    archive = Archive.open(db)
    records = {r["id"]: r for r in archive.catalog.records()}
    archive.listing.close()
    legacy = orjson.dumps({"articles": records, "meta": {"layout": {"version": 2}}})
    for path in sorted((db / "catalog").iterdir()):
        path.unlink()
    (db / "catalog").rmdir()
    for path in db.glob("listing.sqlite*"):
        path.unlink()
    (db / "catalog.json").write_bytes(legacy)
    for path in (db / "backups").iterdir():
        path.unlink()
    first = next(iter(records))
    older = {**records, first: {**records[first], "title": "备份里的标题"}}
    backup = orjson.dumps({"articles": older, "meta": {"layout": {"version": 2}}})
    (db / "backups" / "catalog-20260101T000000000000Z-rm.json").write_bytes(backup)
    return legacy


def _everything(invoke: Invoke) -> tuple[list[dict[str, object]], dict[str, bytes]]:
    records = sorted(map(json.loads, lines(invoke("export").stdout)), key=lambda r: r["id"])
    originals = {str(r["id"]): invoke("show", "--raw", str(r["id"])).stdout_bytes for r in records}
    return records, originals


@pytest.fixture
def edited(newsarc: Invoke) -> Invoke:
    """Samples and corpus with a tag, an edit, a removal and a re-extraction."""
    newsarc("import", "--tag", "mine", str(SAMPLES), str(CORPUS))
    ids = lines(newsarc("list", "-f", "ids").stdout)
    assert newsarc("tag", ids[0], "--add", "kept").exit_code == 0
    assert newsarc("edit", ids[1], "--title", "改过的标题").exit_code == 0
    assert newsarc("rm", "--yes", ids[2]).exit_code == 0
    assert newsarc("import", "--update", "-q", str(SAMPLES)).exit_code == 0
    return newsarc


def test_a_layout2_archive_is_migrated_on_first_open_keeping_everything(
    edited: Invoke, db: Path
) -> None:
    before = _everything(edited)
    legacy = _as_layout2(db)
    assert _everything(edited) == before  # the first command migrated it
    assert not (db / "catalog.json").exists()
    (kept,) = (db / "backups").glob("catalog-*-migration.json")
    assert kept.read_bytes() == legacy  # the old catalog is a backup, restorable
    shards = orjson.loads(manifest(db).read_bytes())["shards"]
    assert sum(s["count"] for s in shards.values()) == len(before[0])
    assert edited("doctor").exit_code == 0
    assert edited("tag", str(before[0][0]["id"]), "--add", "after").exit_code == 0
    assert edited("doctor", "--restore", "migration").exit_code == 0
    assert _everything(edited) == before
    assert edited("doctor", "--restore", "-rm").exit_code == 0  # a backup from layout 2
    titles = {r["title"] for r in _everything(edited)[0]}
    assert "备份里的标题" in titles and len(titles) == len(before[0])


@pytest.mark.parametrize("cut", ["a shard", "the manifest"])
def test_a_migration_cut_short_leaves_layout2_and_runs_again(
    edited: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch, cut: str
) -> None:
    before = _everything(edited)
    legacy = _as_layout2(db)
    real = catalog_module.atomic_write_bytes if cut == "the manifest" else None

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # as a kill would: nothing after it runs

    target = "atomic_write_bytes" if real else "_write_synced"
    with monkeypatch.context() as patched:
        patched.setattr(catalog_module, target, killed)
        with pytest.raises(KeyboardInterrupt):
            Archive.open(db)
    assert (db / "catalog.json").read_bytes() == legacy
    assert not manifest(db).exists()
    assert _everything(edited) == before
    assert not (db / "catalog.json").exists()
    assert sorted(p.name for p in (db / "catalog").iterdir() if p.name != "manifest.json") == [
        s["file"] for s in orjson.loads(manifest(db).read_bytes())["shards"].values()
    ]  # nothing the cut-short migration wrote is left over


def test_a_migration_cut_short_after_its_commit_finishes(
    edited: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsarc.store import migrate

    before = _everything(edited)
    _as_layout2(db)

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(migrate, "keep_legacy_catalog", killed)
        with pytest.raises(KeyboardInterrupt):
            Archive.open(db)
    assert manifest(db).exists() and (db / "catalog.json").exists()
    assert _everything(edited) == before
    assert not (db / "catalog.json").exists()
    assert len(list((db / "backups").glob("catalog-*-migration.json"))) == 1


def test_a_layout1_catalog_is_refused_and_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    legacy = orjson.dumps(
        {"articles": {"ab12": {"id": "ab12"}}, "meta": {"layout": {"version": 1}}}
    )
    (root / "catalog.json").write_bytes(legacy)
    with pytest.raises(StoreCorrupted, match="layout 1"):
        Archive.open(root)
    assert (root / "catalog.json").read_bytes() == legacy
