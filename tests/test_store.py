"""The store: what goes in comes out, damage is reported not overwritten, old layouts migrate."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import orjson
import pytest

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd
from hypothesis import given
from hypothesis import strategies as st

from newsarc.archive import Archive
from newsarc.errors import StoreCorrupted
from newsarc.ingest import extract_article
from newsarc.model import SCHEMA_FIELDS

from conftest import SAMPLES, Invoke, lines, sample


def test_store_split_loses_no_field(imported: Invoke) -> None:
    exported = {r["id"]: r for r in map(json.loads, lines(imported("export").stdout))}
    for path in SAMPLES.glob("*.txt"):
        fields = extract_article(path.read_bytes(), path.name).fields()
        record = exported[fields["id"]]
        assert {k: record[k] for k in fields} == fields
        assert record["path"] == str(path)
        assert set(record) == set(SCHEMA_FIELDS)


def test_catalog_holds_no_article_text(imported: Invoke, db: Path) -> None:
    catalog = orjson.loads((db / "catalog.json").read_bytes())
    records = catalog["articles"].values()
    assert len(records) == 5
    assert all("text" not in r for r in records)
    assert "四川8市媒体携手建" in (db / "catalog.json").read_text("utf-8")  # no \\u escapes


def test_one_pack_per_import_batch(imported: Invoke, db: Path) -> None:
    assert len(list((db / "objects").glob("pack-*.zip"))) == 1


def test_damaged_catalog_is_reported_and_left_alone(imported: Invoke, db: Path) -> None:
    catalog = db / "catalog.json"
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
    catalog = db / "catalog.json"
    data = orjson.loads(catalog.read_bytes())
    data["meta"]["layout"]["version"] = 99
    catalog.write_bytes(orjson.dumps(data))
    result = imported("list")
    assert result.exit_code == 1 and "newer newsarc (layout 99)" in result.stderr


def _write_layout1_archive(root: Path) -> dict[str, dict[str, object]]:
    """An archive as the first development layout wrote it: one gzip object per article."""
    records = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        found = extract_article(path.read_bytes(), path.name)
        record = {**found.fields(), "path": str(path), "imported_at": "2026-01-01T00:00:00+00:00"}
        text = str(record["text"]).encode()
        payload = b"newsarc-object 1\n" + str(len(text)).encode() + b"\n" + text + path.read_bytes()
        target = root / "objects" / found.id[:2] / f"{found.id}.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(gzip.compress(payload))
        records[found.id] = record
    catalog = {
        "articles": {i: {k: v for k, v in r.items() if k != "text"} for i, r in records.items()},
        "meta": {"layout": {"version": 1}},
    }
    (root / "catalog.json").write_bytes(orjson.dumps(catalog))
    return records


def test_layout1_archive_is_migrated_to_packs(tmp_path: Path) -> None:
    root = tmp_path / "old"
    records = _write_layout1_archive(root)
    archive = Archive.open(root)
    assert archive.catalog.layout_version() == 2
    assert not list((root / "objects").glob("*/*.gz"))
    for article_id, record in records.items():
        assert archive.get(article_id).to_dict() == record
        assert archive.original(article_id) == Path(str(records[article_id]["path"])).read_bytes()


def test_migration_that_cannot_read_an_object_leaves_the_old_layout(tmp_path: Path) -> None:
    root = tmp_path / "old"
    records = _write_layout1_archive(root)
    broken = next(iter(records))
    (root / "objects" / broken[:2] / f"{broken}.gz").write_bytes(b"not gzip")
    with pytest.raises(StoreCorrupted, match="cannot be read for migration"):
        Archive.open(root)
    assert orjson.loads((root / "catalog.json").read_bytes())["meta"]["layout"]["version"] == 1
    assert len(list((root / "objects").glob("*/*.gz"))) == 5


def test_listing_copy_is_derived_and_follows_the_catalog(imported: Invoke, db: Path) -> None:
    listing = db / "listing.sqlite"
    assert listing.exists()
    before = imported("list").stdout
    listing.unlink()
    assert imported("list").stdout == before  # rebuilt from the catalog
    listing.write_bytes(b"not sqlite at all" * 100)
    assert imported("list").stdout == before  # damaged: rebuilt too
    # A catalog changed behind newsarc's back (a restore, another version) is noticed.
    catalog = db / "catalog.json"
    data = orjson.loads(catalog.read_bytes())
    data["articles"].pop("5dd412ddb53d359a")
    catalog.write_bytes(orjson.dumps(data))
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
    monkeypatch.setattr("newsarc.archive.PACK_ARTICLES", 2)
    newsarc("import", str(SAMPLES))
    assert len(list((db / "objects").glob("pack-*.zip"))) == 3
    assert len(lines(newsarc("export").stdout)) == 5
    assert newsarc("doctor").exit_code == 0


def _split_articles_into_text_and_raw(pack: Path) -> None:
    """Rewrite a pack as newsarc wrote packs before `.article.zst` and `records.jsonl`:
    `ID.txt`, `ID.raw` and `ID.json` for each article."""
    import zipfile

    from newsarc.store.objects import unpack_article

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
    originals = {i: imported("show", "--raw", i).stdout_bytes for i in ("5dd4", "d3e1")}
    (pack,) = (db / "objects").glob("pack-*.zip")
    _split_articles_into_text_and_raw(pack)
    Archive.open(db).objects.close()
    assert imported("export").stdout == exported
    for prefix, original in originals.items():
        assert imported("show", "--raw", prefix).stdout_bytes == original
    assert imported("doctor").exit_code == 0
    (db / "catalog.json").unlink()
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
    from newsarc.store.objects import pack_article, unpack_article, unpack_text

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
    (db / "catalog.json").unlink()
    assert imported("doctor", "--repair").exit_code == 0
    assert imported("export").stdout == exported


def test_a_listing_in_an_earlier_layout_is_rebuilt(imported: Invoke, db: Path) -> None:
    """listing.sqlite of version 3 (rows keyed by id) under a catalog it mirrors: the
    version tells it apart and it is laid out again, losing nothing."""
    import contextlib
    import sqlite3

    from newsarc.store.listing import SCHEMA_VERSION

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

    from newsarc.store.objects import pack_article, unpack_article, unpack_text

    text = "新华网与成都新津签署合作协议。" * 20
    member = pack_article(text, os.urandom(1_000_000))  # random bytes: stored blocks
    cut = member[: len(member) // 2]
    assert unpack_text(cut) == text
    with pytest.raises(ValueError):
        unpack_article(cut)
