"""The archive folder as one object: its catalog (store of record), packs and derived
listing, the lock, and the write transaction. Every service that changes an archive
(importer, reindex, edits, doctor) takes a Store; the Python API (newsarc.archive.Archive)
sits on top of it. Nothing here imports a module above store/.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from newsarc.errors import (
    AmbiguousId,
    NoArchive,
    ReadOnlyArchive,
    StoreCorrupted,
    StoreLocked,
    UnknownId,
    UsageError,
)
from newsarc.store.catalog import Catalog
from newsarc.store.listing import LISTING_FILE, Listing
from newsarc.store.members import pack_article
from newsarc.store.objects import ObjectStore
from newsarc.store.record import Record

MIN_PREFIX = 4
PACK_ARTICLES = 1000
LOCK_TIMEOUT = 600.0
INDEX_FILE = "search.sqlite"  # the search index (newsarc.search), derived like the listing
STORIES_FILE = "stories.sqlite"  # copies of one story (newsarc.stories), derived too


class Store:
    """A folder holding the catalog (metadata), the objects (text + originals) and a lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock_depth = 0
        self.catalog = Catalog(root)
        self.derived = derived_folder(root)
        self.listing = Listing(self.derived / LISTING_FILE, self.catalog)
        self.objects = ObjectStore(root / "objects")

    @classmethod
    def open(cls, root: Path, *, create: bool = False, migrate: bool = True) -> Store:
        """The store at `root`, migrated to the current layout if it was written earlier
        (unless not `migrate`: doctor looks at what is there, which may be what is damaged).
        A folder that does not exist is an error unless `create` (an import's): a mistyped
        --db must not quietly become a new, empty archive."""
        if root.exists() and not root.is_dir():
            raise StoreCorrupted(f"{root} is a file, not an archive folder; give --db a folder")
        if not create and not _holds_an_archive(root):
            raise NoArchive(
                f"no archive at {root} (import something first, or check --db / NEWSARC_DB)"
            )
        store = cls(root)
        if migrate and store.catalog.needs_migration():
            from newsarc.store.migrate import migrate_catalog

            if store.derived != root:
                raise ReadOnlyArchive(
                    f"{root} was written by an earlier newsarc and is read-only for this "
                    "user: someone who can write it must open it once (any command) first"
                )

            with store.locked():
                store.catalog.reload()
                migrate_catalog(store.catalog)
        if migrate:  # doctor opens without: it is the one to look at a damaged archive
            store.refuse_a_lost_catalog()
        return store

    def require_writable(self) -> None:
        """Before a change: an archive this process cannot write is said in one line, before
        anything is tried (its derived files are kept in the user's cache instead)."""
        if self.derived != self.root:
            raise ReadOnlyArchive(
                f"{self.root} is read-only for this user; nothing was changed (list, show, "
                "search, export and stats still work)"
            )

    # -- a catalog that must be there ---------------------------------------------------

    @property
    def committed_marker(self) -> Path:
        """Made at the first catalog commit: from then on, packs without a catalog mean a
        lost catalog, not an import cut short before it committed anything."""
        return self.objects.root / "committed"

    def refuse_a_lost_catalog(self) -> None:
        """A catalog that is gone beside packs that hold articles is damage: a command that
        read it as an empty archive would show nothing, and one that wrote would start a
        new catalog over the packs (their articles then orphaned)."""
        if self.catalog.exists():
            if not self.committed_marker.exists():  # an archive from before the marker
                with contextlib.suppress(OSError):  # a read-only archive
                    self.committed_marker.touch()
            return
        if self.committed_marker.exists():
            raise StoreCorrupted(
                f"{self.root}: the catalog is missing, but the packs hold its articles; "
                "nothing was read or written: `newsarc doctor --repair` rebuilds it from them"
            )

    def _refuse_an_emptied_catalog(self) -> None:
        """A catalog of no articles beside packs that hold live ones (not removed) is a
        catalog emptied by accident: writing over it would orphan them. Only an empty
        catalog costs this look at the packs."""
        self.refuse_a_lost_catalog()
        if not self.catalog.exists() or not self.committed_marker.exists():
            return
        if any(s.count for s in self.catalog.manifest().shards.values()):
            return
        live = self.objects.view().records
        if live:
            raise StoreCorrupted(
                f"{self.root}: the catalog is empty, but the packs hold {len(live)} articles; "
                "nothing was written: `newsarc doctor --repair` puts them back"
            )

    # -- reading -------------------------------------------------------------------------

    def resolve(self, prefix: str) -> str:
        """Full id for a unique prefix of at least 4 characters."""
        wanted = prefix.strip().lower()
        if len(wanted) < MIN_PREFIX:
            raise UsageError(f"id {prefix!r} is too short: give at least {MIN_PREFIX} characters")
        matches = self.listing.with_prefix(wanted)
        if wanted in matches:
            return wanted
        if not matches:
            raise UnknownId(f"no article with id {prefix!r}")
        if len(matches) > 1:
            raise AmbiguousId(prefix, matches)
        return matches[0]

    def record(self, article_id: str) -> Record:
        """An article's stored record (schema fields and newsarc's own `_` keys)."""
        record = self.listing.get(article_id)
        if record is None:
            raise UnknownId(f"no article with id {article_id!r}")
        return record

    def text(self, article_id: str) -> str:
        return self.objects.text(self._pack(article_id), article_id)

    def original(self, article_id: str) -> bytes:
        """The original file's bytes as they were imported."""
        return self.objects.original(self._pack(article_id), article_id)

    def _pack(self, article_id: str) -> str:
        return str(self.record(article_id).get("_pack", ""))

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the archive's lock: one writer at a time, across processes. On POSIX the
        lock is on the archive folder itself (flock): a lock file could be deleted under
        a writer, letting a second one in. Held again in the same Store, it nests."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        release = _lock_folder(self.root) if os.name == "posix" else _lock_file(self.root)
        self._lock_depth = 1
        try:
            yield
        finally:
            self._lock_depth = 0
            release()

    @contextmanager
    def writing(self, *, dry_run: bool = False) -> Iterator[Writer]:
        """Hold the lock, see the latest committed state, commit on success."""
        if dry_run:
            yield Writer(self, dry_run=True)
            return
        with self.locked():
            self.catalog.reload()
            self._refuse_an_emptied_catalog()
            self._remove_stale_temp_files()
            self.listing.ensure_fresh()  # it tells where each record is
            writer = Writer(self, dry_run=False)
            try:
                yield writer
            except BaseException:
                self.catalog.reload()  # drop uncommitted changes
                raise
            writer.commit()

    def _remove_stale_temp_files(self) -> None:
        # Temp files are only written under the lock, so any found now are from a writer that
        # was killed mid-write; the files they were to replace are intact. Likewise shards
        # that no manifest names.
        for stale in self.root.glob("objects/.pack-*.tmp"):
            stale.unlink(missing_ok=True)
        self.catalog.collect_garbage()

    def backup(self, reason: str) -> Path | None:
        """Back up the catalog before a sweeping change (store/backup.py: how long kept)."""
        from newsarc.store.backup import backup_catalog

        self.require_writable()
        with self.locked():
            self.catalog.reload()
            return backup_catalog(self.catalog, reason)


class Writer:
    """Changes made under the lock. Articles go into packs as they come, PACK_ARTICLES at a
    time (so a batch never holds its articles' bytes, and packing overlaps extraction); on
    commit the last pack is written, then the catalog that names them all."""

    def __init__(self, store: Store, *, dry_run: bool) -> None:
        self._store = store
        self._dry_run = dry_run
        self._unpacked: dict[str, tuple[Record, bytes | None]] = {}
        self._packed: dict[str, Record] = {}  # records naming the pack just written
        self._removed: list[str] = []
        self._written: list[str] = []  # packs this change wrote

    def record(self, article_id: str) -> Record | None:
        """The article's record as last committed."""
        return self._store.listing.get(article_id)

    def records(self, ids: list[str]) -> dict[str, Record]:
        """Records as last committed of those of `ids` that are stored, by id."""
        return {str(r["id"]): r for r in self._store.listing.get_many(ids)}

    def ids_with_content(self, keys: list[str], *, unlinked: bool = False) -> dict[str, str]:
        """The first stored article with each of these content keys (with `unlinked`, of
        those without a link): key → id."""
        return self._store.listing.with_content(keys, unlinked=unlinked)

    def backup(self, reason: str) -> Path | None:
        """Back up the catalog as it is before this change (see Store.backup)."""
        from newsarc.store.backup import backup_catalog

        if self._dry_run:
            return None
        self._store.require_writable()
        return backup_catalog(self._store.catalog, reason)

    def put(self, record: Record, text: str | None = None, original: bytes | None = None) -> None:
        """Store an article with its text and original file; with neither, only its record
        changes."""
        if text is None and original is None:
            self.put_packed(record, None)
        elif text is not None and original is not None:
            self.put_packed(record, pack_article(text, original))
        else:
            raise ValueError("an article's text and original are stored together")

    def put_packed(self, record: Record, article: bytes | None) -> None:
        """Like put, with text and original already packed by members.pack_article (the
        importer's workers do that, in parallel)."""
        self._packed.pop(record["id"], None)
        # A dry run only needs to know what it would have stored, not the bytes.
        self._unpacked[record["id"]] = (record, None if self._dry_run else article)
        if len(self._unpacked) >= PACK_ARTICLES and not self._dry_run:
            self._write_pack()

    def remove(self, article_id: str) -> None:
        """Forget an article (its object becomes garbage in its pack)."""
        self._removed.append(article_id)

    def _write_pack(self, removed: Iterable[str] = ()) -> None:
        # Packs stay small enough that opening one (reading its directory) is quick. Every
        # change writes at least one pack before its catalog: the one place to refuse an
        # archive this user cannot write.
        self._store.require_writable()
        items = list(self._unpacked.values())
        pack = self._store.objects.write_pack(items, removed)
        self._written.append(pack)
        for record, article in items:
            self._packed[record["id"]] = (
                {**record, "_pack": pack} if article is not None else record
            )
        self._unpacked = {}

    def _discard_packs(self, before: str) -> None:
        """A commit that failed (a full disk): the packs this change wrote are named by no
        committed catalog, and one holding removal markers would make a later rebuild from
        the packs apply an rm that never happened. Unless the manifest was replaced after
        all (the failure came after its rename): then they are the catalog's."""
        if self._store.catalog.stamp_on_disk() != before:
            return
        for pack in self._written:
            with contextlib.suppress(OSError):
                self._store.objects.remove_pack(pack)
        self._written = []

    def commit(self) -> None:
        if self._dry_run or not (self._unpacked or self._packed or self._removed):
            return
        catalog, listing = self._store.catalog, self._store.listing
        changing = [*self._packed.values(), *(r for r, _ in self._unpacked.values())]
        where = listing.shards([str(r["id"]) for r in changing] + self._removed)
        read = catalog.read_shards(set(where.values()))  # before any pack is written
        if self._unpacked or self._removed:
            self._write_pack(self._removed)
        records = list(self._packed.values())
        before = catalog.stamp
        try:
            placed = catalog.commit(
                [(r, where.get(str(r["id"]))) for r in records],
                [(i, where[i]) for i in self._removed if i in where],
                read,
            )
        except BaseException:
            self._discard_packs(before)
            raise
        if not self._store.committed_marker.exists():
            self._store.committed_marker.parent.mkdir(parents=True, exist_ok=True)
            self._store.committed_marker.touch()
        try:
            listing.apply(
                [(placed[str(r["id"])], r) for r in records], self._removed, before, catalog.stamp
            )
        except (sqlite3.Error, OSError):
            # Committed already: the listing is derived, and its stamp no longer matches the
            # catalog's, so the next read builds it again. The command has not failed.
            listing.close()
        self._unpacked, self._packed, self._removed, self._written = {}, {}, [], []


def _holds_an_archive(root: Path) -> bool:
    """Has newsarc written this folder? A folder of anything else (a typo for another one,
    `--db ""`: the current folder) is no archive, and reading commands must not write their
    index files into it. A catalog that is lost beside its packs still counts (doctor)."""
    from newsarc.store.catalog import LEGACY_CATALOG

    markers = ("catalog", "objects", "backups", LEGACY_CATALOG, LISTING_FILE)
    return root.is_dir() and any((root / name).exists() for name in markers)


def derived_folder(root: Path) -> Path:
    """Where the derived files (listing, search index) live: in the archive, or for an
    archive this process cannot write (another user's, `chmod -R a-w`, a read-only mount)
    in the user's cache, as copies of the archive's that are brought up to date there, so
    that reading commands work and the archive is never written."""
    if not root.exists() or os.access(root, os.W_OK):
        return root
    import hashlib

    from platformdirs import user_cache_path

    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    folder = user_cache_path("newsarc", appauthor=False) / f"read-only-{key}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in (LISTING_FILE, INDEX_FILE, STORIES_FILE):
        _copy_if_newer(root / name, folder / name)
    return folder


def _copy_if_newer(source: Path, target: Path) -> None:
    """The archive's copy of a derived file, with its write-ahead log, when it is newer
    than the one in the cache (whose stamps then say whether it is current)."""
    import shutil

    wal = source.with_name(source.name + "-wal")
    if not source.exists():
        return
    newest = max(_mtime(source), _mtime(wal))
    if target.exists() and target.stat().st_mtime_ns >= newest:
        return
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.copy2(source, target)
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + "-wal"))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def _busy(root: Path) -> StoreLocked:
    return StoreLocked(f"{root} is busy: another newsarc has held it for {LOCK_TIMEOUT:.0f} s")


def _lock_folder(root: Path) -> Callable[[], None]:
    """flock on the folder: it cannot be deleted while it holds the archive, and a lock
    on it stays whatever happens to the files inside. Released when the process ends."""
    import fcntl
    import time

    fd = os.open(root, os.O_RDONLY)
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _busy(root) from None
            time.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise

    def release() -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    return release


def _lock_file(root: Path) -> Callable[[], None]:
    """Where folders cannot be locked (Windows): a lock file, which Windows keeps from
    being deleted while it is open."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(root / "lock"))
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout as exc:
        raise _busy(root) from exc
    return lock.release
