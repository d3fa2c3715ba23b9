"""The catalog, the store of record: metadata records in TinyDB files of at most
SHARD_RECORDS records each ("shards"), named by a small manifest.

    catalog/manifest.json   {"layout": 3, "generation": 7,
                             "shards": {"000001": {"file": "000001.7.json", "count": 1000}, …}}
    catalog/000001.7.json   a TinyDB file: {"articles": {"1": record, "2": record, …}}

Any shard opens with plain TinyDB (`TinyDB(path).table("articles").all()`); a record's `id`
is the article's id. Files are never changed: a commit writes the shards it changes under new
names (the new generation), fsyncs them, then renames a new manifest into place. That rename
is the commit: a crash before it leaves the old manifest naming old files, still there. Only
then are the replaced files deleted, unless a backup's manifest still names them. So a change
touching many shards (`rm` of 500 ids, `reindex`) is all-or-nothing, and a change costs the
shards it touches plus the manifest (about 50 bytes a shard: 25 KB at 500k articles).

New articles go into the last shard while it has room, then into new ones, so an import
writes new shards and never rewrites old ones; a changed or removed article is rewritten in
the shard holding it. Which shard that is, the listing knows (store/listing.py, derived and
rebuilt from the shards when it does not match the manifest).

Layout 2 (one `catalog.json`) is migrated on first open (store/migrate.py).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from newsarc.errors import StoreCorrupted
from newsarc.store.atomic import atomic_write_bytes, fsync_dir
from newsarc.store.record import Record

ARTICLES = "articles"  # the TinyDB table of each shard
LAYOUT_VERSION = 3
SHARD_RECORDS = 1000
MANIFEST = "manifest.json"
LEGACY_CATALOG = "catalog.json"  # layout 2: the whole catalog in one TinyDB file
_REPAIR = "`newsarc doctor --repair` rebuilds it from the stored articles"


def file_stamp(path: Path) -> str:
    """Changes whenever the file is replaced (every commit renames a new file into place)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "none"
    return f"{info.st_ino}-{info.st_mtime_ns}-{info.st_size}"


@dataclass(frozen=True)
class Shard:
    file: str
    count: int


@dataclass(frozen=True)
class Manifest:
    generation: int
    shards: dict[str, Shard]  # by shard key ("000001"), in order

    def to_json(self) -> bytes:
        shards = {k: {"file": s.file, "count": s.count} for k, s in sorted(self.shards.items())}
        data = {"layout": LAYOUT_VERSION, "generation": self.generation, "shards": shards}
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)

    def files(self) -> set[str]:
        return {s.file for s in self.shards.values()}


BACKUPS = "catalog-*.json"  # in the backups folder: manifests, or whole layout-2 catalogs


def backup_manifest(path: Path) -> Manifest | None:
    """A backup's manifest; None for a whole layout-2 catalog (store/backup.py)."""
    raw = path.read_bytes()
    return parse_manifest(raw, path) if b'"shards"' in raw[:200] else None


def parse_manifest(raw: bytes, path: Path) -> Manifest:
    """A manifest's bytes, checked; StoreCorrupted if they are not one."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupted(f"{path} is damaged ({exc}); it was left as it is: {_REPAIR}") from exc
    if isinstance(data, dict) and isinstance(data.get("layout"), int):
        if data["layout"] > LAYOUT_VERSION:
            raise StoreCorrupted(
                f"{path} was written by a newer newsarc (layout {data['layout']}); "
                "upgrade newsarc to read it"
            )
        try:
            shards = {
                str(key): Shard(str(value["file"]), int(value["count"]))
                for key, value in data["shards"].items()
            }
            return Manifest(int(data["generation"]), shards)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    raise StoreCorrupted(
        f"{path} is not a newsarc catalog manifest; it was left as it is: {_REPAIR}"
    )


class Catalog:
    """Metadata records by article id, in shards; see the module's docstring."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "catalog"
        self.manifest_path = self.folder / MANIFEST
        self.legacy_path = root / LEGACY_CATALOG
        self.backups = root / "backups"
        self._manifest: Manifest | None = None
        self._stamp = ""

    # -- reading ----------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def needs_migration(self) -> bool:
        """Layout 2's catalog.json is still there (not yet, or not wholly, migrated)."""
        return self.legacy_path.exists()

    def manifest(self) -> Manifest:
        """The manifest as last read (read now if it was not, or after `reload`)."""
        if self._manifest is None:
            stamp = file_stamp(self.manifest_path)
            try:
                raw = self.manifest_path.read_bytes()
            except FileNotFoundError:
                # New, or lost: later files must not take the names of shards still there.
                self._manifest, self._stamp = Manifest(self._highest_generation(), {}), stamp
                return self._manifest
            except OSError as exc:
                raise StoreCorrupted(f"cannot read {self.manifest_path}: {exc.strerror}") from exc
            self._manifest, self._stamp = parse_manifest(raw, self.manifest_path), stamp
        return self._manifest

    def _highest_generation(self) -> int:
        if not self.folder.exists():
            return 0
        found = [p.name.split(".") for p in self.folder.glob("*.json")]
        return max((int(n[1]) for n in found if len(n) == 3 and n[1].isdigit()), default=0)

    @property
    def stamp(self) -> str:
        """The stamp (file_stamp) of the manifest the data in memory came from."""
        self.manifest()
        return self._stamp

    def stamp_on_disk(self) -> str:
        return file_stamp(self.manifest_path)

    def reload(self) -> None:
        """Read the manifest again when next needed: see what other processes committed."""
        self._manifest = None

    def shard(self, key: str) -> dict[str, Record]:
        """One shard's records by id."""
        return self.read_file(self.manifest().shards[key].file)

    def entries(self) -> Iterator[tuple[str, Record]]:
        """(shard key, record) for every record, a shard at a time."""
        for key in list(self.manifest().shards):
            for record in self.shard(key).values():
                yield key, record

    def records(self) -> Iterator[Record]:
        return (record for _, record in self.entries())

    def read_file(self, name: str) -> dict[str, Record]:
        """The records of a shard file by its name (a backup's, which may not be current)."""
        return self._load(self.folder / name)

    def salvage(self) -> dict[str, Record]:
        """Every record still readable in the folder's shard files, the newest generation
        of each shard first, whatever the state of the manifest (a repair's last resort)."""
        if not self.folder.exists():
            return {}
        by_key: dict[str, list[tuple[int, Path]]] = {}
        for path in self.folder.glob("*.json"):
            parts = path.name.split(".")
            if len(parts) == 3 and parts[1].isdigit():
                by_key.setdefault(parts[0], []).append((int(parts[1]), path))
        found: dict[str, Record] = {}
        for versions in by_key.values():
            for _, path in sorted(versions, reverse=True):
                try:
                    records = self._load(path)
                except StoreCorrupted:
                    continue
                for article_id, record in records.items():
                    found.setdefault(article_id, record)
                break
        return found

    def last_committed(self) -> dict[str, Record]:
        """The records of the last commit that can still be read: those of the shards the
        manifest names that are whole, or with the manifest lost or damaged, those of the
        newest file of each shard (salvage). A repair builds on these."""
        if not self.exists():
            return self.salvage()
        records, damaged = self.scan()
        if self.manifest_path in damaged:
            return self.salvage()
        return {str(r["id"]): r for r in records}

    def damaged_files(self) -> list[Path]:
        """Files of the catalog that cannot be read as what the manifest says they are."""
        return self.scan()[1]

    def scan(self) -> tuple[list[Record], list[Path]]:
        """Every record, and the files of the catalog that cannot be read as what the
        manifest says they are (when there are any, the records are not all there): one
        read of each shard, for a check."""
        try:
            manifest = self.manifest()
        except StoreCorrupted:
            return [], [self.manifest_path]
        records: list[Record] = []
        damaged = []
        for shard in manifest.shards.values():
            try:
                held = self.read_file(shard.file)
            except StoreCorrupted:
                damaged.append(self.folder / shard.file)
                continue
            if len(held) != shard.count:
                damaged.append(self.folder / shard.file)
            records.extend(held.values())
        return records, damaged

    def _load(self, path: Path) -> dict[str, Record]:
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise StoreCorrupted(f"{path} is missing from the catalog: {_REPAIR}") from exc
        except OSError as exc:
            raise StoreCorrupted(f"cannot read {path}: {exc.strerror}") from exc
        try:
            table = orjson.loads(raw)[ARTICLES]
            return {str(r["id"]): r for r in table.values()}
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise StoreCorrupted(
                f"{path} is damaged ({exc!r}); it was left as it is: {_REPAIR}"
            ) from exc

    # -- writing ----------------------------------------------------------------------------

    def read_shards(self, keys: Iterable[str]) -> dict[str, dict[str, Record]]:
        """The shards a change will rewrite (those given, and the last, where new articles
        go), read before anything is written: a damaged one stops the change before it
        starts. Give the result to `commit`."""
        shards = self.manifest().shards
        wanted = {*keys, max(shards)} if shards else set(keys)
        return {key: self.shard(key) for key in sorted(wanted) if key in shards}

    def commit(
        self,
        put: Iterable[tuple[Record, str | None]],
        removed: Iterable[tuple[str, str]],
        read: dict[str, dict[str, Record]] | None = None,
    ) -> dict[str, str]:
        """Write a change: `put` records, each with the key of the shard holding it now (None
        for a new article), `removed` (id, shard key); `read`: shards from read_shards.
        Returns each put record's shard key."""
        manifest = self.manifest()
        shards = dict(manifest.shards)
        changed: dict[str, dict[str, Record]] = {}
        read = read or {}

        def contents(key: str) -> dict[str, Record]:
            if key not in changed:
                changed[key] = read.get(key) or (self.shard(key) if key in shards else {})
            return changed[key]

        for article_id, key in removed:
            if key in shards:
                contents(key).pop(article_id, None)
        placed: dict[str, str] = {}
        new: list[Record] = []
        for record, held_in in put:
            if held_in is not None and held_in in shards:
                contents(held_in)[str(record["id"])] = record
                placed[str(record["id"])] = held_in
            else:
                new.append(record)
        keys = sorted(shards)
        tail = keys[-1] if keys else None
        next_key = int(tail) + 1 if tail else 1
        while new:
            if tail is not None and len(contents(tail)) < SHARD_RECORDS:
                key = tail
            else:
                key, next_key = f"{next_key:06d}", next_key + 1
                tail = key
            room = SHARD_RECORDS - len(contents(key))
            for record in new[:room]:
                contents(key)[str(record["id"])] = record
                placed[str(record["id"])] = key
            new = new[room:]
        self._write(manifest, shards, changed)
        return placed

    def replace_all(self, records: Iterable[Record]) -> dict[str, str]:
        """Replace every record (a repair, a migration, a restore); committed at once, over
        the manifest there even when it is damaged (a repair's), never after removing it."""
        try:
            manifest = self.manifest()
        except StoreCorrupted:  # a damaged manifest: its files are unknown, none is deleted
            manifest = Manifest(self._highest_generation(), {})
        changed: dict[str, dict[str, Record]] = {}
        placed: dict[str, str] = {}
        for record in records:
            key = f"{len(placed) // SHARD_RECORDS + 1:06d}"
            changed.setdefault(key, {})[str(record["id"])] = record
            placed[str(record["id"])] = key
        self._write(manifest, {}, changed)
        return placed

    def install(self, other: Manifest) -> None:
        """Make another manifest (a backup's) the current one; its files must be there."""
        for shard in other.shards.values():
            if not (self.folder / shard.file).exists():
                raise StoreCorrupted(f"{self.folder / shard.file} is missing: cannot restore")
        manifest = self.manifest()
        new = Manifest(manifest.generation + 1, dict(other.shards))
        atomic_write_bytes(self.manifest_path, new.to_json())
        self._committed(manifest, new)

    def _write(
        self,
        manifest: Manifest,
        shards: dict[str, Shard],
        changed: dict[str, dict[str, Record]],
    ) -> None:
        generation = manifest.generation + 1
        shards = dict(shards)
        self.folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        try:
            for key, records in changed.items():
                if not records:
                    shards.pop(key, None)
                    continue
                name = f"{key}.{generation}.json"
                table = {str(n): r for n, r in enumerate(records.values(), start=1)}
                _write_synced(self.folder / name, orjson.dumps({ARTICLES: table}))
                written.append(self.folder / name)
                shards[key] = Shard(name, len(records))
            fsync_dir(self.folder)
            new = Manifest(generation, shards)
            atomic_write_bytes(self.manifest_path, new.to_json())
        except BaseException:
            for path in written:  # not committed: garbage
                path.unlink(missing_ok=True)
            raise
        self._committed(manifest, new)

    def _committed(self, old: Manifest, new: Manifest) -> None:
        """After `new` was renamed into place: remember it, delete the files it replaced."""
        self._manifest, self._stamp = new, file_stamp(self.manifest_path)
        kept = new.files() | self.files_kept_by_backups()
        for name in old.files() - kept:
            (self.folder / name).unlink(missing_ok=True)

    # -- files no manifest names ------------------------------------------------------------

    def files_kept_by_backups(self) -> set[str]:
        """Shard files named by the manifests of backups (store/backup.py)."""
        kept: set[str] = set()
        for path in self.backups.glob(BACKUPS):
            with contextlib.suppress(OSError, StoreCorrupted):
                kept |= (backup_manifest(path) or Manifest(0, {})).files()
        return kept

    def collect_garbage(self) -> list[Path]:
        """Delete files of the catalog folder that no manifest names: shards of a commit cut
        short before its manifest, or of backups since dropped, and temp files. Only under
        the lock, with the manifest just read."""
        if not self.folder.exists():
            return []
        kept = self.manifest().files() | self.files_kept_by_backups() | {MANIFEST}
        gone = []
        for path in self.folder.iterdir():
            if path.name not in kept and (path.suffix in (".json", ".tmp")):
                path.unlink(missing_ok=True)
                gone.append(path)
        return gone


def _write_synced(path: Path, data: bytes) -> None:
    """A new file, on disk before the manifest that names it is (the folder is synced once,
    after all of a commit's shards)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
