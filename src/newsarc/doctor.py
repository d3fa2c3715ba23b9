"""Checking an archive and repairing it.

The catalog is the store of record, but every pack carries the records it was written with,
so a damaged or lost catalog is rebuilt from the packs, and articles the catalog lost are
put back from them. A copy of each damaged catalog file is kept beside it; the new catalog
is committed over the old in one step, so a repair cut short leaves one or the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsarc.errors import StoreCorrupted, UsageError
from newsarc.search import SearchIndex
from newsarc.store.members import RECORDS
from newsarc.store.pack_view import PackView
from newsarc.store.record import Record
from newsarc.stories import StoryIndex

if TYPE_CHECKING:
    from newsarc.progress import Progress
    from newsarc.store.store import Store


@dataclass(frozen=True)
class Problem:
    """One thing wrong, as doctor prints it (`text`), with what a repair decides by: its
    `kind` (one of KINDS) and the article or pack it is about."""

    text: str
    kind: str
    article: str = ""
    pack: str = ""

    def __str__(self) -> str:
        return self.text


KINDS = {
    "leftover": "a temporary file a write left behind: removed",
    "catalog": "a catalog file missing or damaged: the catalog is rebuilt",
    "pack": "a pack that cannot be read",
    "missing": "an article's text or original not where its record says: rebuilt",
    "damaged": "an article's bytes fail their checksum: re-import its file",
    "records": "a pack's records.jsonl fails its checksum: written again",
    "derived": "a listing or search index fails SQLite's check: built again",
    "orphans": "articles in the packs but not in the catalog: put back",
    "lost": "an article whose text or record nothing holds any more",
}


@dataclass
class DoctorReport:
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    catalog_damaged: bool = False
    # live articles the packs hold that the catalog does not: the records to put back
    orphans: dict[str, Record] = field(default_factory=dict)
    derived_damaged: list[Path] = field(default_factory=list)  # listing, search index
    pack_view: PackView | None = None  # what the packs said, as read for the check

    def drop(self, kind: str, pack: str | None = None) -> None:
        """Problems of this kind (about this pack) repaired: no longer problems."""
        self.problems = [
            p for p in self.problems if p.kind != kind or (pack is not None and p.pack != pack)
        ]

    @property
    def healthy(self) -> bool:
        return not self.problems


def check(store: Store) -> DoctorReport:
    return _check(store)[0]


def _check(store: Store) -> tuple[DoctorReport, list[Record]]:
    """The report, and the catalog's records as read for it (all there when it is healthy)."""
    report = DoctorReport()
    for leftover in _leftovers(store.root):
        report.problems.append(Problem(f"leftover temporary file {leftover}", "leftover"))
    catalog = store.catalog
    if not catalog.exists() and store.objects.root.exists() and store.objects.packs():
        report.catalog_damaged = True
        report.problems.append(
            Problem(f"{catalog.manifest_path} is missing but articles are stored", "catalog")
        )
        return report, []
    records, damaged = catalog.scan()
    if damaged:
        report.catalog_damaged = True
        report.problems += [Problem(f"{path} is damaged or missing", "catalog") for path in damaged]
        return report, records
    report.articles = len(records)
    stored: dict[str, set[str] | None] = {}
    for record in records:
        pack = str(record.get("_pack", ""))
        if pack not in stored:
            try:
                stored[pack] = store.objects.complete_ids(pack) if pack else None
            except StoreCorrupted as exc:
                report.problems.append(Problem(str(exc), "pack", pack=pack))
                stored[pack] = None
        ids = stored[pack]
        article_id = record["id"]
        if ids is None or article_id not in ids:
            report.problems.append(
                Problem(
                    f"article {article_id}: text or original missing from {pack!r}",
                    "missing",
                    article_id,
                    pack,
                )
            )
    # Every byte of every pack, against its checksum (a directory can be whole and its
    # members not): which articles' texts or originals are damaged.
    for pack in store.objects.packs():
        try:
            broken = store.objects.damaged_members(pack)
        except StoreCorrupted as exc:
            report.problems.append(Problem(str(exc), "pack", pack=pack))
            continue
        for member, why in broken:
            if member == RECORDS:  # the pack's copy of its records, not an article's bytes
                text = f"{pack}: {member} is damaged ({why})"
                report.problems.append(Problem(text, "records", pack=pack))
                continue
            article_id = member.split(".", 1)[0]
            text = f"article {article_id}: {member} is damaged ({why})"
            report.problems.append(Problem(text, "damaged", article_id, pack))
    report.derived_damaged = _failing_indexes(store)
    report.problems += [
        Problem(f"{path.name} fails SQLite's check", "derived") for path in report.derived_damaged
    ]
    # The other way round: what the packs hold that the catalog has lost.
    report.pack_view = store.objects.view()
    listed = {str(r["id"]) for r in records}
    report.orphans = {i: r for i, r in report.pack_view.records.items() if i not in listed}
    if report.orphans:
        shown = ", ".join(sorted(report.orphans)[:10])
        more = f" and {len(report.orphans) - 10} more" if len(report.orphans) > 10 else ""
        text = f"{len(report.orphans)} articles are in the packs but not in the catalog: "
        report.problems.append(Problem(text + shown + more, "orphans"))
    return report, records


def repair(store: Store, progress: Progress | None = None) -> DoctorReport:
    """Rebuild the catalog from the packs when it is damaged or points at missing objects."""
    from newsarc.store.backup import copy_aside

    store.require_writable()
    with store.locked():
        store.catalog.reload()
        report = check(store)
        for leftover in _leftovers(store.root):
            leftover.unlink(missing_ok=True)
            report.repairs.append(f"removed {leftover}")
        report.drop("leftover")
        # A damaged member is not the catalog's fault: no rebuild brings its bytes back, so
        # it stays a problem, named by article, for a re-import of that file.
        unrecoverable = [p for p in report.problems if p.kind == "damaged"]
        needs_rebuild = report.catalog_damaged or any(p.kind == "missing" for p in report.problems)
        if needs_rebuild:
            view = report.pack_view if not _salvage_cut_packs(store, report) else None
            backup = _backup_before_repair(store)
            if backup:
                report.repairs.append(f"backed up the catalog as it was: {backup.name}")
            records, problems = _rebuilt(store, backup, view)
            # Copies aside first, then the new catalog in one commit over the old, then the
            # damaged files go: cut short anywhere, the old catalog or the new one is there.
            damaged = [p for p in store.catalog.damaged_files() if p.exists()]
            damaged = damaged if report.catalog_damaged else []
            for path in damaged:
                aside = copy_aside(path)
                report.repairs.append(f"kept the damaged {path.name} as {aside}")
            store.catalog.reload()
            store.catalog.replace_all(records.values())
            named = store.catalog.manifest().files() | {store.catalog.manifest_path.name}
            for path in damaged:
                if path.name not in named and path.exists():
                    path.unlink()
            report.repairs.append(f"rebuilt the catalog from the packs: {len(records)} articles")
            report.problems = problems + unrecoverable
            report.articles = len(records)
        elif report.orphans:
            with store.writing() as writer:  # their records as the packs keep them
                for record in report.orphans.values():
                    writer.put(record)
            report.repairs.append(
                f"put back {len(report.orphans)} articles the catalog had lost (from the packs)"
            )
            report.drop("orphans")
            report.articles += len(report.orphans)
        _rewrite_records_files(store, report)
        for path in report.derived_damaged:  # derived: built again, never trusted
            for part in (path, *path.parent.glob(path.name + "-*")):
                part.unlink(missing_ok=True)
            report.repairs.append(f"built {path.name} again (it failed SQLite's check)")
        report.drop("derived")
        store.catalog.reload()
        index = SearchIndex(store, progress)
        if not index.path.exists() and store.listing.count():
            report.repairs.append("built the search index again")
        index.catch_up(create=True)  # the one command that may wait on a whole build
        StoryIndex(store, progress).catch_up(create=True)
    return report


def _rewrite_records_files(store: Store, report: DoctorReport) -> None:
    """A pack's records.jsonl that fails its checksum, written again from the catalog (the
    records of the articles whose texts are there), so that the packs can rebuild the
    catalog once more. Under the repair's lock, after the catalog is whole."""
    damaged = sorted({p.pack for p in report.problems if p.kind == "records"})
    if not damaged:
        return
    store.catalog.reload()
    by_pack: dict[str, list[Record]] = {}
    for record in store.catalog.records():
        by_pack.setdefault(str(record.get("_pack", "")), []).append(record)
    for pack in damaged:
        if not (store.objects.root / pack).exists():
            continue  # salvaged into a new pack already
        try:
            texts, removed = store.objects.contents(pack)
            store.objects.rewrite_pack(pack, by_pack.get(pack, []), texts, removed)
        except StoreCorrupted as exc:
            text = f"{pack}: its records.jsonl could not be written again: {exc}"
            report.problems.append(Problem(text, "pack", pack=pack))
            continue
        report.drop("records", pack)
        report.repairs.append(f"wrote the records.jsonl of {pack} again from the catalog")


def _salvage_cut_packs(store: Store, report: DoctorReport) -> int:
    """Packs whose directory is lost (cut short): what is whole in them, into new packs.
    Returns how many there were (the packs are not what the check read any more)."""
    cut = store.objects.unreadable_packs()
    for pack in cut:
        new, whole, aside = store.objects.salvage_pack(pack)
        into = f" into {new}" if new else ""
        report.repairs.append(
            f"read {whole} whole members out of the damaged {pack}{into}; kept it as {aside}"
        )
    return len(cut)


def _backup_before_repair(store: Store) -> Path | None:
    """A backup of the catalog a repair replaces, which keeps the files it names (the
    records of articles whose texts are lost among them); none when its manifest is
    unreadable (a copy of it is kept aside instead)."""
    try:
        return store.backup("repair")
    except (StoreCorrupted, OSError):
        return None


def _rebuilt(
    store: Store, backup: Path | None = None, view: PackView | None = None
) -> tuple[dict[str, Record], list[Problem]]:
    """The catalog as last committed, as far as any file tells it: the records of the
    catalog's readable files win (a tag, an edit, a restore, an rm that failed are as they
    were committed); the packs give the rest (a damaged shard's articles, as last written
    there, and articles the catalog lost). Each with a pack that holds its text. `view`:
    the packs as the check read them, if they have not changed since."""
    view = view or store.objects.view()
    problems = [
        Problem(why, "records" if member == RECORDS else "pack", pack=pack)
        for pack, member, why in view.problems
    ]
    records = dict(view.records)
    lost: dict[str, Problem] = {}
    kept = f"its record is kept in the catalog backup {backup.name}; " if backup else ""
    for article_id, record in store.catalog.last_committed().items():
        packs = view.texts.get(article_id, [])
        if not packs:  # its pack is gone or cut short before it
            where = record.get("_pack", "its pack")
            lost[article_id] = Problem(
                f"article {article_id}: its text and original were lost with {where}; "
                f"{kept}re-import {record.get('path', 'its file')}",
                "lost",
                article_id,
            )
            continue
        pack = record.get("_pack", "")
        records[article_id] = {**record, "_pack": pack if pack in packs else packs[-1]}
    for article_id, pack in sorted(view.unrecorded.items()):
        if article_id not in records:
            problems.append(
                Problem(
                    f"article {article_id}: its text is in {pack} but its record is lost (no "
                    "readable records.jsonl or catalog file holds it); re-import its file",
                    "lost",
                    article_id,
                )
            )
    for article_id in view.textless:  # unless the catalog's own record says otherwise
        if article_id not in records and article_id not in lost:
            text = f"article {article_id}: its text is in no readable pack"
            problems.append(Problem(text, "lost", article_id))
    return records, problems + [lost[i] for i in sorted(lost)]


@dataclass
class CompactReport:
    packs_before: int = 0
    packs_after: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    rewritten: int = 0


def compact(store: Store) -> CompactReport:
    """Reclaim what no record points at, the catalog's or a backup's: texts of removed and
    re-extracted articles, superseded records, removal markers. A pack that holds anything
    else is replaced, under its own name, by one with only the articles still named and
    the current records of its live ones; packs with nothing named go. No record changes,
    so the catalog, its backups and the search index stay as they are; each pack is
    replaced atomically, so a crash leaves every pack old or new, and the packs alone
    (`--repair`) tell the archive as it is."""
    from newsarc.store.backup import articles_backed_up

    report = CompactReport()
    store.require_writable()
    with store.writing():  # the lock, and the catalog as last committed
        health, records = _check(store)
        if not health.healthy:
            raise StoreCorrupted(
                "the archive has problems; run `newsarc doctor --repair` before compacting: "
                + str(health.problems[0])
            )
        packs = store.objects.packs()
        report.packs_before = len(packs)
        report.bytes_before = _size(store, packs)
        by_pack: dict[str, list[Record]] = {}
        for record in records:
            by_pack.setdefault(str(record["_pack"]), []).append(record)
        if not by_pack and packs:
            raise UsageError(
                "the catalog lists no articles but packs are stored: run `newsarc doctor --repair`"
            )
        backed_up = articles_backed_up(store.catalog)

        def also(pack: str) -> set[str]:  # what only backups still name (removed, replaced)
            return backed_up.get(pack, set()) - {str(r["id"]) for r in by_pack.get(pack, [])}

        live = {str(r["id"]) for r in records}

        def kept(pack: str) -> tuple[list[Record], set[str], set[str]]:
            # texts only a backup names, of removed articles, keep their removal markers:
            # a rebuild from the packs must not read them as records lost
            extra = also(pack)
            return by_pack.get(pack, []), extra, extra - live

        drop = [p for p in packs if p not in by_pack and not also(p)]
        rewrite = [p for p in packs if p not in drop and not store.objects.holds_only(p, *kept(p))]
        if rewrite or drop:
            SearchIndex(store).catch_up()  # its forgetting needs the old texts
            for pack in rewrite:
                store.objects.rewrite_pack(pack, *kept(pack))
            for pack in drop:
                store.objects.remove_pack(pack)
            report.rewritten = len(rewrite)
        after = store.objects.packs()
        report.packs_after = len(after)
        report.bytes_after = _size(store, after)
    return report


def _size(store: Store, packs: list[str]) -> int:
    return sum((store.objects.root / p).stat().st_size for p in packs)


def restore(store: Store, name: str) -> Path:
    from newsarc.store.backup import list_backups, restore_backup

    matches = [b for b in list_backups(store.root) if name in b.name]
    if len(matches) != 1:
        known = ", ".join(b.name for b in list_backups(store.root)) or "none"
        raise UsageError(f"no single backup matches {name!r}; backups: {known}")
    store.require_writable()
    with store.locked():
        store.catalog.reload()
        before = set(store.listing.ids())
        aside = restore_backup(store.catalog, matches[0])
        # The packs, which a repair may have to read alone, are told what the restore did:
        # articles it takes out (imported after the backup) are marked removed, and those
        # it puts back (removed after it) get their records written again, after the
        # markers of the rm it undoes.
        after = set(store.listing.ids())
        dropped, back = before - after, sorted(after - before)
        if dropped or back:
            with store.writing() as writer:
                for article_id in sorted(dropped):
                    writer.remove(article_id)
                for record in writer.records(back).values():
                    writer.put(record)
    return aside


def _failing_indexes(store: Store) -> list[Path]:
    """The derived SQLite files (listing, search and stories indexes) that fail PRAGMA
    quick_check, or for the search index FTS5's own integrity-check (its blobs are opaque to
    SQLite)."""
    import contextlib
    import sqlite3

    from newsarc.search import INDEX_FILE, index_version
    from newsarc.store.listing import LISTING_FILE
    from newsarc.store.store import STORIES_FILE

    failing = []
    for name in (LISTING_FILE, INDEX_FILE, STORIES_FILE):
        path = store.derived / name
        if not path.exists():
            continue
        try:
            with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
                verdict = db.execute("PRAGMA quick_check").fetchall()
                version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if name == INDEX_FILE and verdict == [("ok",)] and version == (index_version(),):
                    for table in ("fts", "titles"):  # (another version is rebuilt on use)
                        db.execute(
                            f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)"
                        )
        except sqlite3.DatabaseError:
            verdict = []
        if verdict != [("ok",)]:
            failing.append(path)
    return failing


def _leftovers(root: Path) -> list[Path]:
    return sorted([*root.glob("catalog/.*.tmp"), *root.glob("objects/.pack-*.tmp")])
