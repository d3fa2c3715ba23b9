"""The store: what goes in comes out, damage is reported not overwritten, old layouts migrate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd
from hypothesis import given
from hypothesis import strategies as st

from newsarc.archive import Archive
from newsarc.ingest import extract_article
from newsarc.model import SCHEMA_FIELDS

from conftest import SAMPLES, Invoke, lines, manifest, sample


def test_store_split_loses_no_field(imported: Invoke) -> None:
    exported = {r["id"]: r for r in map(json.loads, lines(imported("export").stdout))}
    for path in SAMPLES.glob("*.txt"):
        fields = extract_article(path.read_bytes(), path.name).fields()
        record = exported[fields["id"]]
        assert {k: record[k] for k in fields} == fields
        assert record["path"] == str(path)
        assert set(record) == set(SCHEMA_FIELDS)


def test_catalog_holds_no_article_text_and_opens_with_plain_tinydb(
    imported: Invoke, db: Path
) -> None:
    from tinydb import TinyDB

    shards = [db / "catalog" / s["file"] for s in _manifest_data(db)["shards"].values()]
    records = [r for shard in shards for r in TinyDB(shard).table("articles").all()]
    assert sorted(r["id"] for r in records) == sorted(lines(imported("list", "-f", "ids").stdout))
    assert all("text" not in r for r in records)
    assert "四川8市媒体携手建" in shards[0].read_text("utf-8")  # no \\u escapes


def _manifest_data(db: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(manifest(db).read_bytes())
    return data


def test_one_pack_per_import_batch(imported: Invoke, db: Path) -> None:
    assert len(list((db / "objects").glob("pack-*.zip"))) == 1


def test_damaged_catalog_is_reported_and_left_alone(imported: Invoke, db: Path) -> None:
    catalog = manifest(db)
    damaged = catalog.read_bytes()[:-40]
    catalog.write_bytes(damaged)
    for command in (["list"], ["import", str(SAMPLES)], ["show", "5dd4"]):
        result = imported(*command)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"newsarc: {catalog} is damaged")
        assert catalog.read_bytes() == damaged


def test_missing_pack_is_reported(imported: Invoke, db: Path) -> None:
    for pack in (db / "objects").glob("pack-*.zip"):
        pack.unlink()
    result = imported("show", "5dd4")
    assert result.exit_code == 1 and "is missing" in result.stderr
    assert imported("list").exit_code == 0  # metadata is still all there


def test_archive_from_a_newer_newsarc_is_refused(imported: Invoke, db: Path) -> None:
    data = _manifest_data(db)
    data["layout"] = 99
    manifest(db).write_bytes(orjson.dumps(data))
    result = imported("list")
    assert result.exit_code == 1 and "newer newsarc (layout 99)" in result.stderr


def test_listing_copy_is_derived_and_follows_the_catalog(imported: Invoke, db: Path) -> None:
    listing = db / "listing.sqlite"
    assert listing.exists()
    before = imported("list").stdout
    listing.unlink()
    assert imported("list").stdout == before  # rebuilt from the catalog
    listing.write_bytes(b"not sqlite at all" * 100)
    assert imported("list").stdout == before  # damaged: rebuilt too
    # A catalog changed behind newsarc's back (by a script that follows the layout: a new
    # shard file, then a new manifest) is noticed.
    data = _manifest_data(db)
    (shard,) = data["shards"].values()
    table = orjson.loads((db / "catalog" / shard["file"]).read_bytes())["articles"]
    kept = [r for r in table.values() if r["id"] != "5dd412ddb53d359a"]
    (db / "catalog" / "000001.99.json").write_bytes(
        orjson.dumps({"articles": {str(n): r for n, r in enumerate(kept, start=1)}})
    )
    shard.update(file="000001.99.json", count=4)
    manifest(db).write_bytes(orjson.dumps(data))
    assert "5dd412ddb53d359a" not in imported("list").stdout
    assert len(lines(imported("list").stdout)) == 4


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"sort": "title"},
        {"sort": "source"},
        {"sort": "date", "reverse": True},
        {"sort": "source", "reverse": True, "limit": 3},
        {"sources": ["xin", "每日"], "since": "2018-12"},
        {"tags": ["新华网新闻", "青岛财经网新闻"], "until": "2021"},
        {"sources": ["emnews"]},
        {"sources": ["上海证券报"], "sort": "title"},
    ],
)
def test_sql_selection_agrees_with_the_query_object(newsarc: Invoke, db: Path, options) -> None:  # type: ignore[no-untyped-def]
    from newsarc.query import Query

    from conftest import CORPUS, FINEWS

    newsarc("import", str(SAMPLES), str(CORPUS), str(FINEWS))
    archive = Archive.open(db)
    query = Query(**options)
    assert archive.listing.select_ids(query) == query.select(archive.catalog.records())


def test_packs_hold_at_most_pack_articles(newsarc: Invoke, db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("newsarc.store.store.PACK_ARTICLES", 2)
    newsarc("import", str(SAMPLES))
    assert len(list((db / "objects").glob("pack-*.zip"))) == 3
    assert len(lines(newsarc("export").stdout)) == 5
    assert newsarc("doctor").exit_code == 0


def _split_articles_into_text_and_raw(pack: Path) -> None:
    """Rewrite a pack as newsarc wrote packs before `.article.zst` and `records.jsonl`:
    `ID.txt`, `ID.raw` and `ID.json` for each article."""
    import zipfile

    from newsarc.store.members import unpack_article

    with zipfile.ZipFile(pack) as old:
        members = {name: old.read(name) for name in old.namelist()}
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            article_id, _, kind = name.partition(".")
            if kind == "article.zst":
                text, original = unpack_article(data)
                new.writestr(article_id + ".txt", text.encode())
                new.writestr(article_id + ".raw", original)
            elif name == "records.jsonl":
                for line in data.splitlines():
                    new.writestr(json.loads(line)["id"] + ".json", line)
            else:
                new.writestr(name, data)


def test_packs_written_with_a_member_per_text_original_and_record_are_still_read(
    imported: Invoke, db: Path
) -> None:
    exported = imported("export").stdout
    originals = {i: imported("show", "--raw", i).stdout_bytes for i in ("5dd4", "5a49")}
    (pack,) = (db / "objects").glob("pack-*.zip")
    _split_articles_into_text_and_raw(pack)
    Archive.open(db).objects.close()
    assert imported("export").stdout == exported
    for prefix, original in originals.items():
        assert imported("show", "--raw", prefix).stdout_bytes == original
    assert imported("doctor").exit_code == 0
    manifest(db).unlink()
    assert imported("doctor", "--repair").exit_code == 0
    assert imported("export").stdout == exported
    assert imported("reindex").exit_code == 0


def test_each_article_is_one_zstandard_member_holding_text_then_original(
    imported: Invoke, db: Path
) -> None:
    import zipfile

    (pack,) = (db / "objects").glob("pack-*.zip")
    with zipfile.ZipFile(pack) as zipped:
        names = zipped.namelist()
        payload = zstd.decompress(zipped.read("5dd412ddb53d359a.article.zst"))
        records = [json.loads(line) for line in zipped.read("records.jsonl").splitlines()]
    assert sorted(names) == sorted([f"{r['id']}.article.zst" for r in records] + ["records.jsonl"])
    assert len(records) == 5 and "5dd412ddb53d359a" in {r["id"] for r in records}
    length, _, rest = payload.partition(b"\n")
    assert (
        rest[: int(length)].decode().startswith("2021年12月27日，新华网与成都市新津区签署合作协议")
    )
    assert rest[int(length) :] == sample("000").read_bytes()


@pytest.mark.parametrize(
    "damaged",
    [
        b"999999\nshort",
        zstd.compress(b"999999\nshort"),
        zstd.compress(b"no length"),
        b"",
        zstd.compress(b"300\n" + "字".encode() * 100)[:-8],  # cut short inside the text
    ],
)
def test_a_damaged_article_member_is_reported(imported: Invoke, db: Path, damaged: bytes) -> None:
    import zipfile

    (pack,) = (db / "objects").glob("pack-*.zip")
    with zipfile.ZipFile(pack) as old:
        members = {name: old.read(name) for name in old.namelist()}
    members["5dd412ddb53d359a.article.zst"] = damaged
    with zipfile.ZipFile(pack, "w") as new:
        for name, data in members.items():
            new.writestr(name, data)
    result = imported("show", "5dd4")
    assert result.exit_code == 1
    assert "5dd412ddb53d359a.article.zst is damaged" in result.stderr
    assert "Traceback" not in result.stderr


@given(text=st.text(), original=st.binary())
def test_article_member_round_trips_any_text_and_bytes(text: str, original: bytes) -> None:
    from newsarc.store.members import pack_article, unpack_article, unpack_text

    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    member = pack_article(text, original)
    assert unpack_article(member) == (text, original)
    assert unpack_text(member) == text


def _stores_opened_here(root: str) -> list[int]:
    from newsarc.store.objects import _STORES, read_texts

    read_texts((root, []))
    return [pid for pid, folder in _STORES if folder == root]


def test_a_forked_process_opens_stores_of_its_own(imported: Invoke, db: Path) -> None:
    """Worker processes read packs through zip files they opened themselves: through one
    inherited from the parent they would share its file offset, and two reading at once
    read garbage ("Bad magic number for file header")."""
    import multiprocessing
    import os

    root = str(db / "objects")
    assert _stores_opened_here(root) == [os.getpid()]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        child_pids = pool.apply(_stores_opened_here, (root,))
    assert len(child_pids) == 2 and os.getpid() in child_pids  # inherited, and its own
    assert child_pids[-1] != os.getpid()


def test_an_archive_with_packs_of_both_layouts_reads_and_repairs(
    imported: Invoke, db: Path
) -> None:
    """Packs written before `.article.zst` beside packs written after: every command reads
    both, and `doctor --repair` rebuilds the catalog from both."""
    from conftest import CORPUS

    (old_pack,) = (db / "objects").glob("pack-*.zip")
    _split_articles_into_text_and_raw(old_pack)
    post = sorted(CORPUS.glob("*.md"))[0]
    assert imported("import", str(post)).exit_code == 0
    assert len(list((db / "objects").glob("pack-*.zip"))) == 2
    exported = imported("export").stdout
    assert len(lines(exported)) == 6
    new_id = next(
        r["id"] for r in map(json.loads, lines(exported)) if r["path"] == str(post.resolve())
    )
    assert imported("show", "--raw", new_id).stdout_bytes == post.read_bytes()
    assert imported("show", "--raw", "5dd4").stdout_bytes == sample("000").read_bytes()
    manifest(db).unlink()
    assert imported("doctor", "--repair").exit_code == 0
    assert imported("export").stdout == exported


def test_a_listing_in_an_earlier_layout_is_rebuilt(imported: Invoke, db: Path) -> None:
    """listing.sqlite of version 3 (rows keyed by id) under a catalog it mirrors: the
    version tells it apart and it is laid out again, losing nothing."""
    import contextlib
    import sqlite3

    from newsarc.store.listing_sql import SCHEMA_VERSION

    listed, shown = imported("list").stdout, imported("show", "5dd4").stdout
    listing = db / "listing.sqlite"
    columns = "id, day, date, title, source, source_name, feed, feed_name, tags, pack"
    with contextlib.closing(sqlite3.connect(listing)) as con:
        (stamp,) = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        rows = con.execute(f"SELECT {columns} FROM articles").fetchall()
        records = con.execute("SELECT id, record FROM articles JOIN records USING (n)").fetchall()
    for path in db.glob("listing.sqlite*"):
        if not path.name.endswith(".lock"):
            path.unlink()
    with contextlib.closing(sqlite3.connect(listing)) as con:
        con.executescript(
            "CREATE TABLE articles(id TEXT PRIMARY KEY, day TEXT, date TEXT, title TEXT, "
            "source TEXT, source_name TEXT, feed TEXT, feed_name TEXT, tags TEXT, pack TEXT) "
            "WITHOUT ROWID; CREATE TABLE records(id TEXT PRIMARY KEY, record BLOB) WITHOUT "
            "ROWID; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
        )
        con.executemany(f"INSERT INTO articles({columns}) VALUES ({','.join('?' * 10)})", rows)
        con.executemany("INSERT INTO records VALUES (?, ?)", records)
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("stamp", stamp), ("version", "3")])
        con.commit()
    assert imported("list").stdout == listed
    assert imported("show", "5dd4").stdout == shown
    with contextlib.closing(sqlite3.connect(listing)) as con:
        version = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        numbered = [c[1] for c in con.execute("PRAGMA table_info(records)")]
    assert version == (SCHEMA_VERSION,) and numbered == ["n", "record"]


def test_reading_a_text_decompresses_no_further_than_its_end() -> None:
    """`show` and `export` need the text, never the original behind it: a member whose
    original part is cut off still gives its text, while the whole article cannot be read."""
    import os

    from newsarc.store.members import pack_article, unpack_article, unpack_text

    text = "新华网与成都新津签署合作协议。" * 20
    member = pack_article(text, os.urandom(1_000_000))  # random bytes: stored blocks
    cut = member[: len(member) // 2]
    assert unpack_text(cut) == text
    with pytest.raises(ValueError):
        unpack_article(cut)


def test_a_write_rewrites_only_the_shards_it_changes(newsarc: Invoke, db: Path) -> None:
    """New articles fill the last shard, then new ones; a tag rewrites the shard holding
    the article; no other shard file is touched."""
    from stress.conftest import write_posts

    write_posts(db.parent / "posts", 2500)
    write_posts(db.parent / "more", 10, start=2500)
    assert newsarc("import", "-q", str(db.parent / "posts")).exit_code == 0

    def files() -> dict[str, tuple[str, int]]:
        shards = _manifest_data(db)["shards"]
        return {key: (s["file"], s["count"]) for key, s in shards.items()}

    first = files()
    assert [count for _, count in first.values()] == [1000, 1000, 500]
    assert newsarc("import", "-q", str(db.parent / "more")).exit_code == 0
    second = files()
    assert second["000001"] == first["000001"] and second["000002"] == first["000002"]
    assert second["000003"][1] == 510 and second["000003"][0] != first["000003"][0]
    some_id = lines(newsarc("list", "-f", "ids", "--all").stdout)[0]
    assert newsarc("tag", some_id, "--add", "x").exit_code == 0
    third = files()
    assert sum(third[k] != second[k] for k in third) == 1
    assert sorted(p.name for p in (db / "catalog").iterdir()) == sorted(
        [f for f, _ in third.values()] + ["manifest.json"]
    )


def test_a_damaged_shard_is_reported_left_alone_and_repaired(imported: Invoke, db: Path) -> None:
    before = imported("export").stdout
    (shard,) = [db / "catalog" / s["file"] for s in _manifest_data(db)["shards"].values()]
    damaged = shard.read_bytes()[:-40]
    shard.write_bytes(damaged)
    checked = imported("doctor")
    assert checked.exit_code == 1 and f"{shard} is damaged" in checked.stderr
    result = imported("tag", "5dd4", "--add", "x")  # a write that needs the shard
    assert result.exit_code == 1 and result.stderr.startswith(f"newsarc: {shard} is damaged")
    assert shard.read_bytes() == damaged
    repaired = imported("doctor", "--repair")
    assert repaired.exit_code == 0 and "rebuilt the catalog from the packs: 5" in repaired.stderr
    assert len(list((db / "catalog").glob(f"{shard.name}.damaged-*"))) == 1
    assert imported("export").stdout == before
    assert imported("doctor").exit_code == 0


def test_reading_across_more_packs_than_stay_open_reads_each_directory_once(
    newsarc: Invoke, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export reads texts in date order, jumping between every pack of the archive: with
    more packs than files kept open, each pack's directory must still be parsed once, not at
    every jump (at 500k articles that was minutes of an export)."""
    import zipfile

    from stress.conftest import write_posts

    monkeypatch.setattr("newsarc.store.store.PACK_ARTICLES", 2)
    monkeypatch.setattr("newsarc.store.objects.MAX_OPEN_PACKS", 2)
    write_posts(db.parent / "posts", 12)
    assert newsarc("import", str(db.parent / "posts")).exit_code == 0
    archive = Archive.open(db)
    wanted = archive._packs_of(archive.listing.ids())
    assert len({pack for pack, _ in wanted}) == 6
    opened: list[object] = []
    real = zipfile.ZipFile

    def counting(*args: Any, **kwargs: Any) -> zipfile.ZipFile:
        opened.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", counting)
    interleaved = sorted(wanted, key=lambda pair: pair[1])  # ids: the packs in no order
    for _ in range(3):
        texts = archive.objects.texts(interleaved)
        assert all(t.startswith("2021年12月27日") for t in texts.values())
    assert len(opened) == 6


def test_the_archive_lock_cannot_be_bypassed_by_deleting_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, item 7: a writer locked the file `lock`; deleting it while the writer ran
    let a second writer in (4 of 16 runs lost 300 tags). The lock must hold whatever happens
    to the files in the archive."""
    import subprocess
    import sys

    from newsarc.errors import StoreLocked
    from newsarc.store.store import Store

    db = tmp_path / "archive"
    db.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from newsarc.store.store import Store\n"
            "with Store.open(Path(sys.argv[1]), create=True).locked():\n"
            "    print('held', flush=True); time.sleep(30)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for leftover in db.iterdir():
            if leftover.is_file():
                leftover.unlink()  # what a user's clean-up, or a sync tool, might do
        monkeypatch.setattr("newsarc.store.store.LOCK_TIMEOUT", 0.5)
        with pytest.raises(StoreLocked), Store.open(db, create=True).locked():
            pass
    finally:
        holder.kill()
        holder.wait()
    with Store.open(db, create=True).locked():  # free again once the holder is gone
        pass


def test_an_error_in_the_listing_after_a_commit_does_not_fail_the_command(
    imported: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, item 9: a full disk while the listing (derived) was brought along, after the
    catalog had committed, reported the whole command as failed. The change is committed:
    the command succeeds and the listing is rebuilt from the catalog on the next read."""
    import sqlite3

    from newsarc.store.listing import Listing

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Listing, "apply", full)
    result = imported("tag", "5dd4", "--add", "提交了")
    assert result.exit_code == 0, result.stderr
    monkeypatch.undo()
    assert "提交了" in imported("show", "5dd4").stdout


def test_sqlite_errors_are_one_line(imported: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """'database is locked' and the like ended in a traceback."""
    import sqlite3

    from newsarc.store.listing import Listing

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Listing, "select_ids", locked)
    result = imported("list")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("newsarc: ") and "database is locked" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
