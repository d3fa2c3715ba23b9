"""`newsarc doctor`: damage is found, the catalog is rebuilt from packs, backups restore."""

from __future__ import annotations

import json
from pathlib import Path

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
