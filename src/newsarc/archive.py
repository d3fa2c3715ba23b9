"""Archive: the Python API behind every command.

with Archive.open("~/news") as archive:
    archive.import_paths(["posts/"], tags=["2021"])
    article = archive.get("8e80")          # any unique id prefix of 4+ characters
    for meta in archive.find(Query(sources=["xinhua"], since="2021-12")):
        print(meta.id, meta.title)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from newsarc.errors import AmbiguousId, StoreCorrupted, StoreLocked, UnknownId, UsageError
from newsarc.model import SCHEMA_FIELDS, Article
from newsarc.store.catalog import Catalog
from newsarc.store.listing import LISTING_FILE, Listing
from newsarc.store.objects import ObjectStore, pack_article, read_texts

if TYPE_CHECKING:
    from newsarc.importer import ImportReport
    from newsarc.query import Query
    from newsarc.reindex import ReindexReport
    from newsarc.search import SearchIndex

MIN_PREFIX = 4
# Texts to read, from which export reads them in worker processes: decompressing and
# decoding is most of its work, and starting the workers costs ~0.1 s.
PARALLEL_TEXTS = 4000
PACK_ARTICLES = 1000
LOCK_TIMEOUT = 600.0
ENV_DB = "NEWSARC_DB"


def default_location() -> Path:
    """$NEWSARC_DB, else the platform's user data folder (e.g. ~/.local/share/newsarc)."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("newsarc", appauthor=False)


class Archive:
    """A folder holding the catalog (metadata), the objects (text + originals) and a lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.catalog = Catalog(root)
        self.listing = Listing(root / LISTING_FILE, self.catalog)
        self.objects = ObjectStore(root / "objects")

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None) -> Archive:
        root = Path(location).expanduser() if location else default_location()
        if root.exists() and not root.is_dir():
            raise StoreCorrupted(f"{root} is a file, not an archive folder; give --db a folder")
        archive = cls(root)
        if archive.catalog.needs_migration():
            from newsarc.store.migrate import migrate_catalog

            with archive.locked():
                archive.catalog.reload()
                migrate_catalog(archive.catalog)
        return archive

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.listing.count()

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

    def meta(self, article_id: str) -> Article:
        record = self.listing.get(article_id)
        if record is None:
            raise UnknownId(f"no article with id {article_id!r}")
        return Article.from_dict(record)

    def get(self, prefix: str) -> Article:
        """One article with its text, by id or unique id prefix."""
        article = self.meta(self.resolve(prefix))
        article.text = self.text(article.id)
        return article

    def text(self, article_id: str) -> str:
        return self.objects.text(self._pack(article_id), article_id)

    def original(self, prefix: str) -> bytes:
        """The original file's bytes as they were imported."""
        article_id = self.resolve(prefix)
        return self.objects.original(self._pack(article_id), article_id)

    def _pack(self, article_id: str) -> str:
        record = self.listing.get(article_id)
        if record is None:
            raise UnknownId(f"no article with id {article_id!r}")
        return str(record.get("_pack", ""))

    def find(self, query: Query | None = None) -> list[Article]:
        """Articles (metadata only, text empty) matching the query, sorted and limited."""
        return list(self.iter_find(query))

    def iter_find(
        self, query: Query | None = None, *, with_text: bool = False, chunk: int = 1000
    ) -> Iterator[Article]:
        """Like find, a chunk at a time: memory stays bounded for an export of everything.
        With texts, many articles have them read in worker processes, a few chunks ahead."""
        ids = self.listing.select_ids(self.narrowed_by_search(query))
        chunks = [ids[start : start + chunk] for start in range(0, len(ids), chunk)]
        texts = self._texts_of(chunks) if with_text else None
        for chunk_ids in chunks:
            articles = [Article.from_dict(r) for r in self.listing.get_many(chunk_ids)]
            if texts is not None:
                text_of = next(texts)
                for article in articles:
                    article.text = text_of[article.id]
            yield from articles

    def count(self, query: Query | None = None) -> int:
        """How many articles the query selects, whatever its limit."""
        return self.listing.count_matching(self.narrowed_by_search(query))

    def narrowed_by_search(self, query: Query | None) -> Query:
        """The query, its words (if any) turned into the ids the search index finds: the
        search runs once for a query that is both listed and counted."""
        from newsarc.query import Query

        query = query or Query()
        if query.parsed_search is not None:
            hits = self.search_index().search(query.parsed_search)
            query = query.restricted_to(hit.id for hit in hits)
        return query

    def _texts_of(self, chunks: list[list[str]]) -> Iterator[dict[str, str]]:
        """Each chunk's texts by id, in worker processes when there are many."""
        from newsarc.workers import cores, ordered_map

        wanted = (self._packs_of(ids) for ids in chunks)
        if sum(map(len, chunks)) < PARALLEL_TEXTS or cores() < 2:
            yield from map(self.objects.texts, wanted)
        else:
            jobs = ((str(self.objects.root), pairs) for pairs in wanted)
            yield from ordered_map(read_texts, jobs, workers=cores(), in_flight=2 * cores())

    def _packs_of(self, ids: list[str]) -> list[tuple[str, str]]:
        """(pack, id) for each id: where its text is stored."""
        packs = self.listing.packs(ids)
        return [(packs.get(i, ""), i) for i in ids]

    def search(self, query: Query) -> list[tuple[Article, bool]]:
        """Full-text search: (article, matched in title), title matches first, then newest;
        the query's other filters apply, its sort does not."""
        if query.parsed_search is None:
            raise UsageError("search needs terms")
        filtered = query.has_filters()
        limit = None if filtered else query.limit
        hits = self.search_index().search(query.parsed_search, limit=limit)
        if filtered:
            narrowed = replace(query.restricted_to(h.id for h in hits), limit=None)
            allowed = set(self.listing.select_ids(narrowed))
            hits = [h for h in hits if h.id in allowed]
        if query.limit:
            hits = hits[: query.limit]
        records = self.listing.get_many([h.id for h in hits])
        in_title = {h.id: h.in_title for h in hits}
        return [(Article.from_dict(r), in_title[r["id"]]) for r in records]

    def search_index(self) -> SearchIndex:
        from newsarc.search import SearchIndex

        return SearchIndex(self)

    def short_ids(self, ids: Iterable[str], minimum: int = 8) -> dict[str, str]:
        """Shortest prefix (at least `minimum` long) that names each id uniquely."""
        return self.short_id_namer(minimum)(ids)

    def short_id_namer(self, minimum: int = 8) -> Callable[[Iterable[str]], dict[str, str]]:
        """short_ids for many calls (a table printed a chunk at a time): the archive's ids
        are read once."""
        from newsarc.query import shortest_unique_prefixes

        every = self.listing.ids()
        return lambda ids: shortest_unique_prefixes(every, ids, minimum)

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the archive's lock: one writer at a time, across processes."""
        from filelock import FileLock, Timeout

        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / "lock"))
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
        except Timeout as exc:
            raise StoreLocked(
                f"{self.root} is busy: another newsarc has held it for {LOCK_TIMEOUT:.0f} s"
            ) from exc
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def writing(self, *, dry_run: bool = False) -> Iterator[_Writer]:
        """Hold the lock, see the latest committed state, commit on success."""
        if dry_run:
            yield _Writer(self, dry_run=True)
            return
        with self.locked():
            self.catalog.reload()
            self._remove_stale_temp_files()
            self.listing.ensure_fresh()  # it tells where each record is
            writer = _Writer(self, dry_run=False)
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
        """Back up the catalog before a sweeping change (kept: the newest five)."""
        from newsarc.store.backup import backup_catalog

        with self.locked():
            self.catalog.reload()
            return backup_catalog(self.catalog, reason)

    def reindex(
        self, prefixes: Iterable[str] | None = None, *, workers: int | None = None
    ) -> ReindexReport:
        """Re-extract stored originals; see newsarc.reindex."""
        from newsarc.reindex import reindex

        ids = [self.resolve(p) for p in prefixes] if prefixes else None
        return reindex(self, ids, workers=workers)

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        source: str = "",
        tags: Iterable[str] = (),
        update: bool = False,
        dry_run: bool = False,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        workers: int | None = None,
        **callbacks: Any,
    ) -> ImportReport:
        """Import files and folders; see newsarc.importer.run_import. `include`/`exclude` are
        globs on the path below each folder given (newsarc.ingest.discover.Filters)."""
        from newsarc.importer import run_import
        from newsarc.ingest.discover import Filters

        return run_import(
            self,
            paths,
            default_source=source,
            tags=tags,
            update=update,
            dry_run=dry_run,
            filters=Filters(tuple(include), tuple(exclude)),
            workers=workers,
            **callbacks,
        )


class _Writer:
    """Changes made under the lock. Articles go into packs as they come, PACK_ARTICLES at a
    time (so a batch never holds its articles' bytes, and packing overlaps extraction); on
    commit the last pack is written, then the catalog that names them all."""

    def __init__(self, archive: Archive, *, dry_run: bool) -> None:
        self._archive = archive
        self._dry_run = dry_run
        self._unpacked: dict[str, tuple[dict[str, Any], bytes | None]] = {}
        self._packed: dict[str, dict[str, Any]] = {}  # records naming the pack just written
        self._removed: list[str] = []
        self._replaced: list[dict[str, Any]] = []

    def record(self, article_id: str) -> dict[str, Any] | None:
        """The article's record as last committed."""
        return self._archive.listing.get(article_id)

    def records(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Records as last committed of those of `ids` that are stored, by id."""
        return {str(r["id"]): r for r in self._archive.listing.get_many(ids)}

    def backup(self, reason: str) -> Path | None:
        """Back up the catalog as it is before this change (see Archive.backup)."""
        from newsarc.store.backup import backup_catalog

        return None if self._dry_run else backup_catalog(self._archive.catalog, reason)

    def put(
        self, record: dict[str, Any], text: str | None = None, original: bytes | None = None
    ) -> None:
        """Store an article with its text and original file; with neither, only its record
        changes."""
        if text is None and original is None:
            self.put_packed(record, None)
        elif text is not None and original is not None:
            self.put_packed(record, pack_article(text, original))
        else:
            raise ValueError("an article's text and original are stored together")

    def put_packed(self, record: dict[str, Any], article: bytes | None) -> None:
        """Like put, with text and original already packed by objects.pack_article (the
        importer's workers do that, in parallel)."""
        self._packed.pop(record["id"], None)
        # A dry run only needs to know what it would have stored, not the bytes.
        self._unpacked[record["id"]] = (record, None if self._dry_run else article)
        if len(self._unpacked) >= PACK_ARTICLES and not self._dry_run:
            self._write_pack()

    def replace_records(self, records: list[dict[str, Any]]) -> None:
        """Catalog records whose objects are already stored (migrations, compaction)."""
        self._replaced = records

    def remove(self, article_id: str) -> None:
        """Forget an article (its object becomes garbage in its pack)."""
        self._removed.append(article_id)

    def _write_pack(self, removed: Iterable[str] = ()) -> None:
        # Packs stay small enough that opening one (reading its directory) is quick.
        items = list(self._unpacked.values())
        pack = self._archive.objects.write_pack(items, removed)
        for record, article in items:
            self._packed[record["id"]] = (
                {**record, "_pack": pack} if article is not None else record
            )
        self._unpacked = {}

    def commit(self) -> None:
        if self._dry_run or not (self._unpacked or self._packed or self._removed or self._replaced):
            return
        catalog, listing = self._archive.catalog, self._archive.listing
        changing = [
            *self._replaced,
            *self._packed.values(),
            *(r for r, _ in self._unpacked.values()),
        ]
        where = listing.shards([str(r["id"]) for r in changing] + self._removed)
        read = catalog.read_shards(set(where.values()))  # before any pack is written
        if self._unpacked or self._removed:
            self._write_pack(self._removed)
        latest = {str(r["id"]): r for r in [*self._replaced, *self._packed.values()]}
        records = list(latest.values())
        before = catalog.stamp
        placed = catalog.commit(
            [(r, where.get(str(r["id"]))) for r in records],
            [(i, where[i]) for i in self._removed if i in where],
            read,
        )
        listing.apply(
            [(placed[str(r["id"])], r) for r in records], self._removed, before, catalog.stamp
        )
        self._unpacked, self._packed, self._removed, self._replaced = {}, {}, [], []


def public_record(article: Article, fields: Iterable[str] = SCHEMA_FIELDS) -> dict[str, Any]:
    """The record's chosen fields, for writing out: its lists are the article's own, not
    copies (an export writes 100k of these and throws each away)."""
    return {name: getattr(article, name) for name in fields}
