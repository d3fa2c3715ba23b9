"""Archive: the Python API behind every command.

with Archive.open("~/news") as archive:
    archive.import_paths(["posts/"], tags=["2021"])
    article = archive.get("8e80")          # any unique id prefix of 4+ characters
    for meta in archive.find(Query(sources=["xinhua"], since="2021-12")):
        print(meta.id, meta.title)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from newsarc.errors import StoreCorrupted, UsageError
from newsarc.model import Article
from newsarc.store.objects import read_texts
from newsarc.store.store import Store, Writer

if TYPE_CHECKING:
    from newsarc.doctor import CompactReport, DoctorReport
    from newsarc.edits import Change
    from newsarc.importer import ImportReport
    from newsarc.progress import Progress
    from newsarc.query import Query
    from newsarc.reindex import ReindexReport
    from newsarc.search import SearchIndex, SearchQuery
    from newsarc.stories import Story, StoryIndex

# Texts to read, from which export reads them in worker processes: decompressing and
# decoding is most of its work, and starting the workers costs ~0.1 s.
PARALLEL_TEXTS = 4000
ENV_DB = "NEWSARC_DB"


def default_location() -> Path:
    """$NEWSARC_DB, else the platform's user data folder (e.g. ~/.local/share/newsarc)."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("newsarc", appauthor=False)


@dataclass(frozen=True)
class BackupInfo:
    name: str  # what doctor --restore takes
    taken: dt.datetime  # UTC
    reason: str  # the command that took it
    articles: int | None  # what restoring it gives; None when not known without parsing


class Archive:
    """The Python API over an archive folder (newsarc.store.Store): reading, searching,
    importing, editing, checking. Commands call these methods and only print."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = store.root
        self.catalog = store.catalog
        self.listing = store.listing
        self.objects = store.objects

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str] | None = None,
        *,
        create: bool = False,
        migrate: bool = True,
    ) -> Archive:
        """The archive in a folder (default: the platform's data folder). One that does not
        exist is newsarc.errors.NoArchive, unless `create`: then the first write makes it.
        An archive of an earlier layout is migrated, unless not `migrate` (doctor)."""
        root = Path(location).expanduser() if location else default_location()
        return cls(Store.open(root, create=create, migrate=migrate))

    @classmethod
    @contextlib.contextmanager
    def scratch(cls) -> Iterator[Archive]:
        """An empty archive in a temporary folder, removed after: what a dry run of an
        import into an archive that does not exist yet runs against, creating nothing."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="newsarc-dry-run-") as folder:
            yield cls(Store.open(Path(folder), create=True))

    @classmethod
    @contextlib.contextmanager
    def for_import(
        cls, location: str | os.PathLike[str] | None = None, *, dry_run: bool = False
    ) -> Iterator[Archive]:
        """The archive an import writes to, made by its first write; for a dry run, the
        archive if there is one, else an empty scratch one: a dry run creates nothing."""
        from newsarc.errors import NoArchive

        try:
            archive = cls.open(location, create=not dry_run)
        except NoArchive:
            if not dry_run:
                raise
            with cls.scratch() as scratch:
                yield scratch
            return
        yield archive

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
        return self.store.resolve(prefix)

    def meta(self, article_id: str) -> Article:
        return Article.from_dict(self.store.record(article_id))

    def get(self, prefix: str) -> Article:
        """One article with its text, by id or unique id prefix."""
        article = self.meta(self.resolve(prefix))
        article.text = self.text(article.id)
        return article

    def text(self, article_id: str) -> str:
        return self.store.text(article_id)

    def original(self, prefix: str) -> bytes:
        """The original file's bytes as they were imported."""
        return self.store.original(self.resolve(prefix))

    def find(self, query: Query | None = None, *, with_stories: bool = False) -> list[Article]:
        """Articles (metadata only, text empty) matching the query, sorted and limited."""
        return list(self.iter_find(query, with_stories=with_stories))

    def iter_find(
        self,
        query: Query | None = None,
        *,
        with_text: bool = False,
        with_stories: bool = False,
        chunk: int = 1000,
    ) -> Iterator[Article]:
        """Like find, a chunk at a time: memory stays bounded for an export of everything.
        With texts, many articles have them read in worker processes, a few chunks ahead;
        with stories, each article's `story` and `copies` are filled in (stories index)."""
        ids = self.listing.select_ids(self.narrowed_by_search(query))
        chunks = [ids[start : start + chunk] for start in range(0, len(ids), chunk)]
        texts = self._texts_of(chunks) if with_text else None
        stories = self.story_index() if with_stories else None
        for chunk_ids in chunks:
            articles = [Article.from_dict(r) for r in self.listing.get_many(chunk_ids)]
            if texts is not None:
                text_of = next(texts)
                for article in articles:
                    article.text = text_of[article.id]
            if stories is not None:
                _fill_stories(stories, articles)
            yield from articles

    def count(self, query: Query | None = None) -> int:
        """How many articles the query selects, whatever its limit."""
        return self.listing.count_matching(self.narrowed_by_search(query))

    def narrowed_by_search(self, query: Query | None) -> Query:
        """The query, its words (if any) turned into the ids the search index finds: the
        search runs once for a query that is both listed and counted. A query that collapses
        copies has the stories index brought up to date and attached for its SQL."""
        from newsarc.query import Query

        query = query or Query()
        if query.collapse:
            self.listing.attach("stories", self.story_index().ready())
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

    def search(self, query: Query, *, with_stories: bool = False) -> list[tuple[Article, bool]]:
        """Full-text search: (article, matched in title), title matches first, then newest;
        the query's other filters apply, its sort does not. With a limit, only as many
        matches are read as it takes to fill it."""
        terms, within = _search_parts(query)
        hits = self._search_index_for(query).search(terms, limit=query.limit, within=within)
        records = self.listing.get_many([h.id for h in hits])
        in_title = {h.id: h.in_title for h in hits}
        found = [(Article.from_dict(r), in_title[r["id"]]) for r in records]
        if with_stories or query.collapse:
            _fill_stories(self.story_index(), [article for article, _ in found])
        return found

    def search_count(self, query: Query) -> int:
        """How many articles a search matches in all, whatever its limit."""
        terms, within = _search_parts(query)
        return self._search_index_for(query).count(terms, within=within)

    def _search_index_for(self, query: Query) -> SearchIndex:
        """The search index, with the stories index attached for a query that collapses."""
        from newsarc.search import SearchIndex

        if not query.collapse:
            return self.search_index()
        return SearchIndex(self.store, attach={"stories": self.story_index().ready()})

    def check_output(self, path: Path) -> None:
        """Refuse to write an export inside the archive: a pack, the catalog or an index
        overwritten by an export is lost (a link into the archive is followed and refused
        too)."""
        root, target = self.root.resolve(), path.resolve()
        if target == root or root in target.parents:
            raise UsageError(f"{path}: inside the archive ({root}); write the export elsewhere")

    def search_index(self, progress: Progress | None = None) -> SearchIndex:
        from newsarc.search import SearchIndex

        return SearchIndex(self.store, progress)

    def story_index(self, progress: Progress | None = None) -> StoryIndex:
        from newsarc.stories import StoryIndex

        return StoryIndex(self.store, progress)

    def stories(
        self,
        query: Query | None = None,
        *,
        min_similarity: float | None = None,
        progress: Progress | None = None,
    ) -> Iterator[tuple[Story, list[Article]]]:
        """Stories with copies (`newsarc dupes`), newest first by their earliest article,
        each with its articles earliest first; only stories with an article the query's
        filters (and search words) select, at most its limit of them. With min_similarity,
        only the copies at least that similar to the earliest article (a copy linked to the
        story through another may be less similar to it than the stories are made at)."""
        query = self.narrowed_by_search(query)
        within = replace(query, limit=None) if query.has_filters() else None
        found = self.story_index(progress).stories(
            within,
            min_similarity=min_similarity or 0.0,
            limit=query.limit,
        )
        for story in found:
            records = self.listing.get_many(story.ids)
            yield story, [Article.from_dict(r) for r in records]

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

    def locked(self) -> AbstractContextManager[None]:
        """Hold the archive's lock: one writer at a time, across processes."""
        return self.store.locked()

    def writing(self, *, dry_run: bool = False) -> AbstractContextManager[Writer]:
        """Hold the lock, see the latest committed state, commit on success (Store.writing)."""
        return self.store.writing(dry_run=dry_run)

    def backup(self, reason: str) -> Path | None:
        """Back up the catalog before a sweeping change (store/backup.py: how long kept)."""
        return self.store.backup(reason)

    def reindex(
        self,
        prefixes: Iterable[str] | None = None,
        *,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> ReindexReport:
        """Re-extract stored originals; see newsarc.reindex."""
        from newsarc.reindex import reindex

        ids = [self.resolve(p) for p in prefixes] if prefixes else None
        return reindex(self.store, ids, workers=workers, progress=progress)

    def tag(
        self,
        prefixes: Iterable[str],
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
        *,
        dry_run: bool = False,
    ) -> list[Change]:
        """Add and remove tags; kept through reindex and re-import (newsarc.edits)."""
        from newsarc.edits import retag

        return retag(self.store, prefixes, add, remove, dry_run=dry_run)

    def edit(
        self,
        prefix: str,
        *,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
        dry_run: bool = False,
    ) -> Change:
        """Correct an article's title, date or outlet (newsarc.edits)."""
        from newsarc.edits import edit

        return edit(self.store, prefix, title=title, date=date, source=source, dry_run=dry_run)

    def remove(self, prefixes: Iterable[str], *, dry_run: bool = False) -> list[str]:
        """Remove articles (a catalog backup is taken first); their full ids."""
        from newsarc.edits import remove

        return remove(self.store, prefixes, dry_run=dry_run)

    def check(self) -> DoctorReport:
        from newsarc.doctor import check

        return check(self.store)

    def repair(self, progress: Progress | None = None) -> DoctorReport:
        """Rebuild a damaged or lost catalog from the packs (newsarc.doctor)."""
        from newsarc.doctor import repair

        return repair(self.store, progress)

    def compact(self) -> CompactReport:
        """Reclaim what no record points at (newsarc.doctor)."""
        from newsarc.doctor import compact

        return compact(self.store)

    def restore(self, name: str) -> Path:
        """Put back the catalog backup whose name holds `name`; returns the backup of the
        catalog it replaced."""
        from newsarc.doctor import restore

        return restore(self.store, name)

    def backups(self) -> list[Path]:
        """Catalog backups, newest first."""
        from newsarc.store.backup import list_backups

        return list_backups(self.root)

    def backup_details(self) -> list[BackupInfo]:
        """Each backup, newest first: its name, when, the command that took it, and how
        many articles restoring it would give."""
        from newsarc.store.backup import backup_reason, backup_time
        from newsarc.store.catalog import backup_manifest

        details = []
        for path in self.backups():
            try:
                manifest = backup_manifest(path)
            except StoreCorrupted:
                manifest = None  # damaged: listed, not counted
            # None too for a whole layout-2 catalog: counting it means parsing it all
            articles = sum(s.count for s in manifest.shards.values()) if manifest else None
            details.append(BackupInfo(path.name, backup_time(path), backup_reason(path), articles))
        return details

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
            self.store,
            paths,
            default_source=source,
            tags=tags,
            update=update,
            dry_run=dry_run,
            filters=Filters(tuple(include), tuple(exclude)),
            workers=workers,
            **callbacks,
        )


def _fill_stories(index: StoryIndex, articles: list[Article]) -> None:
    """Each article's story and copies, from the stories index."""
    story_of = index.stories_of([a.id for a in articles])
    for article in articles:
        article.story, article.copies = story_of[article.id]


def _search_parts(query: Query) -> tuple[SearchQuery, Query | None]:
    """A search's terms, and the rest of its filters (None when it has none to apply)."""
    if query.parsed_search is None:
        raise UsageError("search needs terms")
    within = replace(query, search=None, limit=None) if query.has_filters() else None
    return query.parsed_search, within
