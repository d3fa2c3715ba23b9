"""`newsarc doctor`: damage is found, the catalog is rebuilt from packs, backups restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLES, Invoke, lines, sample


def export_all(invoke: Invoke) -> list[dict[str, object]]:
    return sorted(map(json.loads, lines(invoke("export").stdout)), key=lambda r: str(r["id"]))


def test_healthy_archive(imported: Invoke, db: Path) -> None:
    result = imported("doctor")
    assert result.exit_code == 0
    assert result.stderr == f"{db}: 5 articles, 0 problems, 0 catalog backups\n"


def test_damaged_catalog_is_rebuilt_from_packs(newsarc: Invoke, db: Path) -> None:
    newsarc("import", "--tag", "mine", str(SAMPLES))
    newsarc("import", "--update", str(sample("000")))  # a second pack with a newer record
    before = export_all(newsarc)
    catalog = db / "catalog.json"
    catalog.write_bytes(catalog.read_bytes()[:100])

    checked = newsarc("doctor")
    assert checked.exit_code == 1
    assert "is damaged" in checked.stderr and "run `newsarc doctor --repair`" in checked.stderr

    repaired = newsarc("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.stderr
    assert "rebuilt the catalog from the packs: 5 articles" in repaired.stderr
    assert len(list(db.glob("catalog.json.damaged-*"))) == 1
    assert export_all(newsarc) == before


def test_lost_catalog_is_rebuilt(imported: Invoke, db: Path) -> None:
    before = export_all(imported)
    (db / "catalog.json").unlink()
    assert imported("doctor").exit_code == 1
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before


def test_hand_edits_survive_a_rebuild(imported: Invoke, db: Path) -> None:
    # An edit changes only a record: its pack holds records.jsonl and no article.
    assert imported("tag", "5dd4", "--add", "kept").exit_code == 0
    assert imported("edit", "d3e1", "--title", "改过的标题").exit_code == 0
    before = export_all(imported)
    (db / "catalog.json").unlink()
    assert imported("doctor", "--repair").exit_code == 0
    after = export_all(imported)
    assert after == before
    edited = {str(r["id"])[:4]: r for r in after}
    assert edited["d3e1"]["title"] == "改过的标题" and "kept" in edited["5dd4"]["tags"]


def test_removed_articles_stay_removed_after_a_rebuild(imported: Invoke, db: Path) -> None:
    from newsarc.archive import Archive

    archive = Archive.open(db)
    with archive.writing() as writer:
        writer.remove("5dd412ddb53d359a")
    (db / "catalog.json").unlink()
    imported("doctor", "--repair")
    assert "5dd412ddb53d359a" not in imported("list", "-f", "ids").stdout
    assert len(lines(imported("list", "-f", "ids").stdout)) == 4


def test_leftover_temp_files_are_found_and_removed(imported: Invoke, db: Path) -> None:
    leftover = db / "objects" / ".pack-123.zip.tmp"
    leftover.write_bytes(b"half a pack")
    assert "leftover temporary file" in imported("doctor").stderr
    result = imported("doctor", "--repair")
    assert result.exit_code == 0 and not leftover.exists()


def test_reindex_takes_a_backup_that_restores(imported: Invoke, db: Path) -> None:
    before = export_all(imported)
    imported("reindex")
    backups = sorted((db / "backups").glob("catalog-*-reindex.json"))
    assert len(backups) == 1
    (db / "catalog.json").write_text('{"articles": {}}')
    assert imported("list").stdout == ""
    result = imported("doctor", "--restore", "reindex")
    assert result.exit_code == 0
    assert export_all(imported) == before


def test_restore_of_unknown_backup_is_usage_error(imported: Invoke) -> None:
    result = imported("doctor", "--restore", "nope")
    assert result.exit_code == 2 and "no single backup matches" in result.stderr


def test_backups_rotate(imported: Invoke, db: Path) -> None:
    for _ in range(7):
        imported("reindex")
    assert len(list((db / "backups").glob("catalog-*.json"))) == 5


def _pack_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in (db / "objects").glob("pack-*.zip"))


def _changed_archive(newsarc: Invoke) -> list[str]:
    """Samples and the corpus, then removals, a tag, an edit and re-extractions: packs that
    hold texts no record points at, superseded records and removal markers."""
    from conftest import CORPUS

    newsarc("import", str(SAMPLES), str(CORPUS))
    ids = lines(newsarc("list", "-f", "ids").stdout)
    newsarc("rm", "--yes", ids[1], ids[7])
    newsarc("tag", ids[2], "--add", "keep")
    newsarc("edit", ids[3], "--title", "改过的标题")
    newsarc("import", "--update", "-q", str(SAMPLES))
    return ids


def test_compact_reclaims_what_no_record_points_at_and_keeps_everything_else(
    newsarc: Invoke, db: Path
) -> None:
    ids = _changed_archive(newsarc)
    kept = [i for i in ids if i not in (ids[1], ids[7])]
    before = export_all(newsarc)
    originals = {i: newsarc("show", "--raw", i).stdout_bytes for i in kept}
    found = newsarc("search", "-f", "ids", "改过的标题").stdout
    size = _pack_bytes(db)

    result = newsarc("doctor", "--compact")
    assert result.exit_code == 0, result.stderr
    assert "reclaimed" in result.stderr
    assert _pack_bytes(db) < size
    assert export_all(newsarc) == before
    assert {i: newsarc("show", "--raw", i).stdout_bytes for i in kept} == originals
    assert newsarc("doctor").exit_code == 0
    again = newsarc("search", "-f", "ids", "改过的标题")
    assert again.stdout == found and "indexing" not in again.stderr  # no index rebuilt
    # the packs alone now tell the archive as it is: a repair gives it back, removals stay
    (db / "catalog.json").unlink()
    assert newsarc("doctor", "--repair").exit_code == 0
    assert export_all(newsarc) == before
    assert "nothing to reclaim" in newsarc("doctor", "--compact").stderr


def test_a_compaction_cut_short_before_its_catalog_loses_nothing(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _changed_archive(newsarc)
    before = export_all(newsarc)
    from newsarc.store.catalog import Catalog

    def crash(self: Catalog) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(Catalog, "commit", crash)
        assert newsarc("doctor", "--compact").exit_code != 0
    assert export_all(newsarc) == before  # the old packs are all still there
    assert newsarc("doctor", "--compact").exit_code == 0
    assert export_all(newsarc) == before
    (db / "catalog.json").unlink()
    assert newsarc("doctor", "--repair").exit_code == 0
    assert export_all(newsarc) == before


def test_compact_refuses_an_archive_whose_catalog_is_missing(imported: Invoke, db: Path) -> None:
    (db / "catalog.json").unlink()
    size = _pack_bytes(db)
    result = imported("doctor", "--compact")
    assert result.exit_code == 1 and "--repair" in result.stderr
    assert _pack_bytes(db) == size
