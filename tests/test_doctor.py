"""`newsarc doctor`: damage is found, the catalog is rebuilt from packs, backups restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsarc.model import V1_FIELDS

from conftest import FINEWS, SAMPLES, Invoke, lines, manifest, sample


def _v1(records: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    return {i: {k: v for k, v in r.items() if k in V1_FIELDS} for i, r in records.items()}


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
    catalog = manifest(db)
    catalog.write_bytes(catalog.read_bytes()[:30])

    checked = newsarc("doctor")
    assert checked.exit_code == 1
    assert "is damaged" in checked.stderr and "run `newsarc doctor --repair`" in checked.stderr

    repaired = newsarc("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.stderr
    assert "rebuilt the catalog from the packs: 5 articles" in repaired.stderr
    assert len(list((db / "catalog").glob("manifest.json.damaged-*"))) == 1
    assert export_all(newsarc) == before


def test_lost_catalog_is_rebuilt(imported: Invoke, db: Path) -> None:
    before = export_all(imported)
    manifest(db).unlink()
    assert imported("doctor").exit_code == 1
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before


def test_hand_edits_survive_a_rebuild(imported: Invoke, db: Path) -> None:
    # An edit changes only a record: its pack holds records.jsonl and no article.
    assert imported("tag", "5dd4", "--add", "kept").exit_code == 0
    assert imported("edit", "5a49", "--title", "改过的标题").exit_code == 0
    before = export_all(imported)
    manifest(db).unlink()
    assert imported("doctor", "--repair").exit_code == 0
    after = export_all(imported)
    assert after == before
    edited = {str(r["id"])[:4]: r for r in after}
    assert edited["5a49"]["title"] == "改过的标题" and "kept" in edited["5dd4"]["tags"]


def test_removed_articles_stay_removed_after_a_rebuild(imported: Invoke, db: Path) -> None:
    from newsarc.archive import Archive

    archive = Archive.open(db)
    with archive.writing() as writer:
        writer.remove("5dd412ddb53d359a")
    manifest(db).unlink()
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
    from test_reindex import _tamper

    _tamper(db, "5dd412ddb53d359a", title="旧标题")  # so that the reindex changes something
    before = export_all(imported)
    assert "1 changed" in imported("reindex").stderr
    backups = sorted((db / "backups").glob("catalog-*-reindex.json"))
    assert len(backups) == 1
    ids = lines(imported("list", "-f", "ids").stdout)
    assert imported("rm", "--yes", *ids[:3]).exit_code == 0  # a change regretted
    assert len(lines(imported("list", "-f", "ids").stdout)) == 2
    result = imported("doctor", "--restore", "reindex")
    assert result.exit_code == 0
    assert export_all(imported) == before
    assert imported("doctor").exit_code == 0


def test_restore_of_unknown_backup_is_usage_error(imported: Invoke) -> None:
    result = imported("doctor", "--restore", "nope")
    assert result.exit_code == 2 and "no single backup matches" in result.stderr


def _age_backups(db: Path, days: int) -> None:
    """Make every backup so far look `days` older (its time is in its name)."""
    import datetime as dt

    for path in (db / "backups").glob("catalog-*.json"):
        stamp, rest = path.name[len("catalog-") :].split("-", 1)
        when = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ") - dt.timedelta(days=days)
        path.rename(path.with_name(f"catalog-{when:%Y%m%dT%H%M%S%f}Z-{rest}"))


def _rm_and_back(imported: Invoke) -> None:
    """One change that takes a backup: remove an article, then import it again."""
    imported("rm", "--yes", "5dd4")
    imported("import", str(sample("000")))


def test_backups_rotate_by_count_past_a_week_and_keep_only_the_shards_they_name(
    imported: Invoke, db: Path
) -> None:
    import orjson

    for _ in range(7):
        _age_backups(db, days=30)
        _rm_and_back(imported)
    backups = list((db / "backups").glob("catalog-*.json"))
    assert len(backups) == 5
    named = {
        s["file"]
        for path in [*backups, manifest(db)]
        for s in orjson.loads(path.read_bytes())["shards"].values()
    }
    assert {p.name for p in (db / "catalog").iterdir()} == named | {"manifest.json"}


def test_backups_of_the_last_week_are_all_kept(imported: Invoke, db: Path) -> None:
    """Issue 13, item 20: five rm in an afternoon rotated away the backup of the morning.
    Backups younger than a week are kept whatever their number."""
    for _ in range(7):
        _rm_and_back(imported)
    assert len(list((db / "backups").glob("catalog-*.json"))) == 7


def test_a_command_that_changes_nothing_takes_no_backup(imported: Invoke, db: Path) -> None:
    """A reindex that changed nothing took a backup anyway, rotating an older one away."""
    assert "0 changed" in imported("reindex").stderr
    assert list((db / "backups").glob("catalog-*.json")) == []


def test_doctor_lists_the_backups(imported: Invoke, db: Path) -> None:
    _rm_and_back(imported)
    result = imported("doctor", "--backups")
    assert result.exit_code == 0
    (row,) = lines(result.stdout)
    name, when, reason, articles = row.split("\t")
    assert name.startswith("catalog-") and reason == "rm" and articles == "5"
    assert when[:4].isdigit() and when[4] == "-"


def test_a_backup_copies_the_manifest_and_keeps_what_the_change_replaced(
    newsarc: Invoke, db: Path
) -> None:
    """rm of one article among 2,500 (three shards): the backup is the manifest, and the one
    shard the rm rewrote is kept beside its successor; the other two are shared."""
    import orjson

    from stress.conftest import write_posts

    write_posts(db.parent / "posts", 2500)
    assert newsarc("import", "-q", str(db.parent / "posts")).exit_code == 0
    shards = orjson.loads(manifest(db).read_bytes())["shards"]
    assert sorted(s["count"] for s in shards.values()) == [500, 1000, 1000]
    victim = lines(newsarc("list", "-f", "ids", "--all").stdout)[100]
    before = export_all(newsarc)
    assert newsarc("rm", "--yes", victim).exit_code == 0
    (backup,) = (db / "backups").glob("catalog-*-rm.json")
    assert orjson.loads(backup.read_bytes())["shards"] == shards
    files = sorted(p.name for p in (db / "catalog").iterdir())
    assert len(files) == 5  # three shards, the one replaced, the manifest
    assert newsarc("doctor", "--restore", "-rm").exit_code == 0
    assert export_all(newsarc) == before


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
    manifest(db).unlink()
    assert newsarc("doctor", "--repair").exit_code == 0
    assert export_all(newsarc) == before
    assert "nothing to reclaim" in newsarc("doctor", "--compact").stderr


@pytest.mark.parametrize("step", ["rewrite_pack", "remove_pack"])
def test_a_compaction_cut_short_loses_nothing(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Cut short while a pack is rewritten, or after the rewrites and before the packs with
    nothing named go: every pack is old or new, and the archive reads the same."""
    from newsarc.store.objects import ObjectStore

    ids = _changed_archive(newsarc)
    before = export_all(newsarc)
    kept = [i for i in ids if i not in (ids[1], ids[7])]  # those two were removed
    originals = {i: newsarc("show", "--raw", i).stdout_bytes for i in kept}

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(ObjectStore, step, crash)
        assert newsarc("doctor", "--compact").exit_code != 0
    assert not list((db / "objects").glob(".*.tmp"))
    assert export_all(newsarc) == before
    assert newsarc("doctor").exit_code == 0
    assert newsarc("doctor", "--compact").exit_code == 0
    assert export_all(newsarc) == before
    manifest(db).unlink()
    assert newsarc("doctor", "--repair").exit_code == 0
    assert export_all(newsarc) == before
    assert {i: newsarc("show", "--raw", i).stdout_bytes for i in kept} == originals


def test_a_backup_taken_before_a_compaction_still_restores_every_text(
    newsarc: Invoke, db: Path
) -> None:
    """The texts a backup names are kept by a compaction (removed articles', replaced
    texts'), and packs keep their names: restoring the backup gives back every article."""
    from conftest import CORPUS

    newsarc("import", str(SAMPLES), str(CORPUS))
    before = export_all(newsarc)
    ids = [str(r["id"]) for r in before]
    originals = {i: newsarc("show", "--raw", i).stdout_bytes for i in ids}
    assert newsarc("rm", "--yes", ids[0], ids[3]).exit_code == 0
    assert newsarc("import", "--update", "-q", str(SAMPLES)).exit_code == 0
    assert newsarc("doctor", "--compact").exit_code == 0
    assert newsarc("doctor", "--restore", "-rm").exit_code == 0
    assert newsarc("doctor").exit_code == 0
    assert [r["id"] for r in export_all(newsarc)] == ids
    assert {i: newsarc("show", "--raw", i).stdout_bytes for i in ids} == originals
    assert newsarc("show", ids[0]).exit_code == 0


def test_compact_refuses_an_archive_whose_catalog_is_missing(imported: Invoke, db: Path) -> None:
    manifest(db).unlink()
    size = _pack_bytes(db)
    result = imported("doctor", "--compact")
    assert result.exit_code == 1 and "--repair" in result.stderr
    assert _pack_bytes(db) == size


WRONG_SHAPES = [
    "[]",
    '"x"',
    "{}",
    '{"articles": []}',
    '{"articles": {"1": "x"}}',
    '{"articles": {"1": {"title": "no id"}}}',
]


@pytest.mark.parametrize("shape", WRONG_SHAPES)
@pytest.mark.parametrize("which", ["manifest", "shard"])
def test_a_catalog_file_of_the_wrong_shape_is_one_line_and_repairable(
    imported: Invoke, db: Path, which: str, shape: str
) -> None:
    """Issue 13, item 12: valid JSON in the wrong shape gave a traceback. Each command says
    in one line which file is damaged and that doctor --repair rebuilds it; the file is left
    as it is until then; the repair brings every article back."""
    ids = sorted(imported("list", "-f", "ids").stdout.split())
    target = manifest(db) if which == "manifest" else next((db / "catalog").glob("0*.json"))
    target.write_text(shape)
    for path in db.glob("listing.sqlite*"):
        path.unlink()  # so the next command reads the catalog
    result = imported("list")
    assert result.exit_code == 1 and len(lines(result.stderr)) == 1, result.stderr
    assert str(target) in result.stderr and "doctor --repair" in result.stderr
    assert target.read_text() == shape
    assert imported("doctor", "--repair").exit_code == 0
    assert sorted(imported("list", "-f", "ids").stdout.split()) == ids


def test_a_lost_catalog_is_damage_that_no_command_writes_over(imported: Invoke, db: Path) -> None:
    """Issue 13, item 1: with the catalog moved away, `import` started a fresh one over the
    packs and `doctor` then said "1 articles, 0 problems" while the rest sat orphaned. Every
    command but doctor now refuses, nothing is written, and the repair brings all back."""
    import shutil

    ids = sorted(imported("list", "-f", "ids").stdout.split())
    shutil.move(db / "catalog", db.parent / "catalog-away")
    for args in (["list"], ["import", str(FINEWS)], ["tag", ids[0], "--add", "x"]):
        result = imported(*args)
        assert result.exit_code == 1, args
        assert "catalog is missing" in result.stderr and "doctor --repair" in result.stderr
    assert not (db / "catalog").exists()  # nothing started over the packs
    assert imported("doctor").exit_code == 1
    assert imported("doctor", "--repair").exit_code == 0
    assert sorted(imported("list", "-f", "ids").stdout.split()) == ids


def test_articles_in_the_packs_but_not_in_the_catalog_are_found_and_put_back(
    imported: Invoke, db: Path
) -> None:
    """doctor cross-checks the packs against the catalog: live articles that the catalog
    lost are a problem, listed by id, and the repair puts them back."""
    from newsarc.archive import Archive

    ids = sorted(imported("list", "-f", "ids").stdout.split())
    store = Archive.open(db).store
    with store.locked():  # a catalog that lost two records (as a bad restore or edit might)
        store.catalog.reload()
        store.catalog.replace_all(r for r in store.catalog.records() if r["id"] not in ids[:2])
    result = imported("doctor")
    assert result.exit_code == 1
    assert "2 articles are in the packs but not in the catalog" in result.stdout + result.stderr
    assert ids[0] in result.stdout + result.stderr
    assert imported("doctor", "--repair").exit_code == 0
    assert sorted(imported("list", "-f", "ids").stdout.split()) == ids
    assert imported("doctor").exit_code == 0


def test_a_restore_is_not_undone_by_a_repair(imported: Invoke, db: Path) -> None:
    """Articles a restore took out of the catalog (imported after the backup) are marked
    removed in the packs too, so doctor finds nothing to put back."""
    imported("rm", "--yes", "5dd4")
    imported("import", str(FINEWS))
    assert imported("doctor", "--restore", "rm").exit_code == 0
    restored = sorted(imported("list", "-f", "ids").stdout.split())
    assert len(restored) == 5
    assert imported("doctor").exit_code == 0
    imported("doctor", "--repair")
    assert sorted(imported("list", "-f", "ids").stdout.split()) == restored


def test_a_repair_cut_short_leaves_the_old_catalog_not_none(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, item 1: a kill -9 of doctor --repair left no catalog at all (2 of 30 tries):
    it moved the damaged files aside before writing the new catalog. It now keeps copies
    aside and writes the new catalog over the old in one commit, so a repair cut short at
    any point leaves the old catalog (still damaged, repairable) or the new one."""
    from newsarc.store.catalog import Catalog

    newsarc("import", str(SAMPLES))
    before = export_all(newsarc)
    damaged = manifest(db).read_bytes()[:30]
    manifest(db).write_bytes(damaged)

    def cut_short(self: Catalog, records: object) -> None:
        raise KeyboardInterrupt  # as a kill would, just before the new catalog is committed

    monkeypatch.setattr(Catalog, "replace_all", cut_short)
    assert newsarc("doctor", "--repair").exit_code != 0
    assert manifest(db).read_bytes() == damaged  # the old catalog, as it was
    monkeypatch.undo()
    assert newsarc("doctor", "--repair").exit_code == 0
    assert export_all(newsarc) == before


def test_doctor_reads_every_member_of_every_pack(imported: Invoke, db: Path) -> None:
    """Issue 13, item 8: four flipped bytes in a pack broke every search and a full export
    while doctor said "0 problems": it only read the packs' directories. It now reads each
    member against its checksum and names the article whose text or original is damaged."""
    import zipfile

    (pack,) = sorted((db / "objects").glob("pack-*.zip"))
    with zipfile.ZipFile(pack) as archive:
        member = next(i for i in archive.infolist() if i.filename.endswith(".article.zst"))
    data = bytearray(pack.read_bytes())
    middle = member.header_offset + 30 + len(member.filename) + member.compress_size // 2
    data[middle : middle + 4] = bytes(b ^ 0xFF for b in data[middle : middle + 4])
    pack.write_bytes(bytes(data))
    result = imported("doctor")
    assert result.exit_code == 1
    assert member.filename.split(".")[0] in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["listing.sqlite", "search.sqlite"])
def test_doctor_checks_the_derived_indexes_and_repair_rebuilds_them(
    imported: Invoke, db: Path, name: str
) -> None:
    """A corrupt search.sqlite answered with fewer hits, silently; a corrupt listing.sqlite
    printed a traceback. doctor runs SQLite's quick_check on both; --repair builds a failing
    one again (they are derived)."""
    from newsarc.doctor import _failing_indexes
    from newsarc.store.store import Store

    imported("search", "习近平")  # both files are there and current
    path = db / name
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data), page):  # every page past the first two, whole
        data[start : start + page] = b"\xa5" * len(data[start : start + page])
    path.write_bytes(bytes(data))
    for leftover in db.glob(name + "-*"):
        leftover.unlink()
    assert _failing_indexes(Store(db)) == [path]
    result = imported("doctor")
    # doctor names it; unless opening the archive already found the file unreadable and,
    # as for any derived file, built it again (derived.open_derived)
    rebuilt = result.exit_code == 0 and _failing_indexes(Store(db)) == []
    assert rebuilt or (result.exit_code == 1 and name in result.stdout + result.stderr)
    assert "Traceback" not in result.stderr
    assert imported("doctor", "--repair").exit_code == 0
    assert imported("doctor").exit_code == 0
    assert len(imported("search", "-f", "ids", "习近平").stdout.split()) == 4


def _flip_member(pack: Path, name: str) -> None:
    import zipfile

    with zipfile.ZipFile(pack) as archive:
        member = archive.getinfo(name)
    data = bytearray(pack.read_bytes())
    middle = member.header_offset + 30 + len(member.filename) + member.compress_size // 2
    data[middle : middle + 4] = bytes(b ^ 0xFF for b in data[middle : middle + 4])
    pack.write_bytes(bytes(data))


def test_a_repair_salvages_records_past_a_damaged_records_file(imported: Invoke, db: Path) -> None:
    """Issue 13, item 3: one damaged records.jsonl made the repair of a damaged catalog
    abort, leaving the archive unreadable. The records it held are taken from the catalog
    files still readable (the shards, even with the manifest lost); what nothing holds is
    listed by id."""
    before = export_all(imported)
    (pack,) = sorted((db / "objects").glob("pack-*.zip"))
    _flip_member(pack, "records.jsonl")
    manifest(db).write_bytes(manifest(db).read_bytes()[:20])
    result = imported("doctor", "--repair")
    assert "Traceback" not in result.stderr
    assert "records.jsonl" in result.stdout + result.stderr
    # the damaged records.jsonl is written again, so no problem is left to report
    assert result.exit_code == 0, result.stderr
    assert export_all(imported) == before  # every record back, from the intact shard
    _flip_member(pack, "records.jsonl")  # damaged again (the repair wrote it anew)
    for shard in (db / "catalog").glob("0*.json"):
        shard.unlink()  # now nothing but the damaged records.jsonl held them
    manifest(db).write_bytes(b"{")
    result = imported("doctor", "--repair")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    lost = result.stdout + result.stderr
    assert all(i in lost for i in ("5dd412ddb53d359a", "5a49b1c97322588d")), lost
    assert "re-import" in lost


def _damage_shard_of(db: Path) -> None:
    """The one catalog shard, damaged: a repair must rebuild from what else there is."""
    (shard,) = json.loads(manifest(db).read_bytes())["shards"].values()
    path = db / "catalog" / shard["file"]
    path.write_bytes(path.read_bytes()[:40])


def test_an_rm_that_failed_is_not_applied_by_a_later_repair(
    imported: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, item 4: an rm that failed on a full disk (and said so) left its removal
    marker in a pack; the next repair that read the packs applied it."""
    import errno

    from newsarc.store.catalog import Catalog

    before = export_all(imported)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Catalog, "commit", full)
    result = imported("rm", "--yes", "5dd4")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    monkeypatch.undo()
    assert export_all(imported) == before
    _damage_shard_of(db)
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before


def test_articles_a_restore_put_back_stay_through_a_repair(imported: Invoke, db: Path) -> None:
    """Issue 13, item 4: articles put back with `doctor --restore` vanished again at the next
    repair, which replayed the packs' removal markers of the rm the restore undid."""
    before = export_all(imported)
    assert imported("rm", "--yes", "5dd4", "5a49").exit_code == 0
    assert imported("doctor", "--restore", "rm").exit_code == 0
    assert export_all(imported) == before
    _damage_shard_of(db)
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before
    manifest(db).unlink()
    for shard in (db / "catalog").glob("0*.json"):
        shard.unlink()  # nothing but the packs left
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before


def test_a_repair_keeps_the_catalog_state_over_older_records_in_the_packs(
    imported: Invoke, db: Path
) -> None:
    """A catalog whose manifest is lost but whose shard is intact is rebuilt as it was last
    committed: a tag, an edit and a restore, whatever the packs say of earlier states."""
    imported("tag", "5dd4", "--add", "kept")
    imported("rm", "--yes", "d4fa")
    imported("doctor", "--restore", "rm")
    imported("edit", "5a49", "--title", "改过的标题")
    before = export_all(imported)
    manifest(db).unlink()
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before


def _posts_in_one_pack(newsarc: Invoke, db: Path, count: int = 40) -> list[str]:
    from stress.conftest import write_posts

    write_posts(db.parent / "posts", count)
    assert newsarc("import", "-q", str(db.parent / "posts")).exit_code == 0
    assert len(list((db / "objects").glob("pack-*.zip"))) == 1
    return lines(newsarc("list", "-f", "ids").stdout)


def test_a_cut_pack_gives_back_every_article_it_still_holds(newsarc: Invoke, db: Path) -> None:
    """Issue 13, item 3: a truncated pack (its directory, at the end, gone) made a repair
    drop every record of it, intact articles too, overwrite the catalog without a backup
    and not say what it dropped. Now the members still whole are read by their own headers
    into a new pack, the catalog is backed up first, and each article lost is named."""
    import zipfile

    ids = _posts_in_one_pack(newsarc, db)
    before = {r["id"]: r for r in export_all(newsarc)}
    (pack,) = (db / "objects").glob("pack-*.zip")
    with zipfile.ZipFile(pack) as archive:
        members = archive.infolist()
    cut = members[len(members) // 2].header_offset + 10  # mid-way into one member's header
    pack.write_bytes(pack.read_bytes()[:cut])
    whole = {m.filename.split(".")[0] for m in members[: len(members) // 2]}
    lost = set(ids) - whole
    assert whole and lost

    result = newsarc("doctor", "--repair")
    assert "Traceback" not in result.stderr
    said = result.stdout + result.stderr
    assert result.exit_code == 1  # what is lost stays a problem, named
    assert all(f"article {i}" in said for i in lost), said
    assert not any(f"article {i}" in said for i in whole)
    assert "re-import" in said and "backup" in said
    after = {r["id"]: r for r in export_all(newsarc)}
    # the posts are near copies of one another: their stories shrink to what is left
    assert {r["story"] for r in after.values()} <= whole
    assert _v1(after) == _v1({i: before[i] for i in whole})
    assert newsarc("show", "--raw", sorted(whole)[0]).exit_code == 0
    assert len(list(db.glob("objects/pack-*.zip.damaged-*"))) == 1
    # the catalog before the repair is a backup that still names every record
    assert "repair" in newsarc("doctor", "--backups").stdout
    assert newsarc("doctor", "--restore", "repair").exit_code == 0
    assert set(lines(newsarc("list", "-f", "ids").stdout)) == set(ids)


def test_a_deleted_pack_is_named_article_by_article(newsarc: Invoke, db: Path) -> None:
    ids = _posts_in_one_pack(newsarc, db, 5)
    newsarc("import", str(SAMPLES))
    (first,) = [p for p in sorted((db / "objects").glob("pack-*.zip"))][:1]
    first.unlink()
    result = newsarc("doctor", "--repair")
    said = result.stdout + result.stderr
    assert result.exit_code == 1 and "Traceback" not in said
    assert all(f"article {i}" in said for i in ids), said
    assert len(lines(newsarc("list", "-f", "ids").stdout)) == 5  # the samples, intact


def test_a_damaged_records_file_is_written_again_from_the_catalog(
    imported: Invoke, db: Path
) -> None:
    """A pack's records.jsonl that fails its checksum is written again from the catalog, so
    that the packs can rebuild the catalog once more."""
    before = export_all(imported)
    (pack,) = sorted((db / "objects").glob("pack-*.zip"))
    _flip_member(pack, "records.jsonl")
    assert imported("doctor").exit_code == 1
    result = imported("doctor", "--repair")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "records.jsonl" in result.stderr
    assert imported("doctor").exit_code == 0
    manifest(db).unlink()
    for shard in (db / "catalog").glob("0*.json"):
        shard.unlink()  # nothing but the packs: the rewritten records.jsonl must hold all
    assert imported("doctor", "--repair").exit_code == 0
    assert export_all(imported) == before
