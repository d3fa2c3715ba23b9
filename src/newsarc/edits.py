"""Changes people make by hand: tags, title, date, outlet, removal.

Hand edits are kept apart from extracted values (`_overrides`, `_tags_added`,
`_tags_removed` in the record) and applied again after every re-extraction, so `reindex`
and `import --update` never undo them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from newsarc.errors import UsageError
from newsarc.store.record import Overrides, Record

if TYPE_CHECKING:
    from newsarc.store.store import Store


USER_KEYS = ("_overrides", "_tags_added", "_tags_removed")


def apply_user_edits(record: Record, previous: Record | None) -> Record:
    """Carry the user's edits from `previous` onto a freshly extracted record."""
    if previous:
        _copy(previous, record, USER_KEYS)
    overrides = record.get("_overrides", {})
    _copy(overrides, record, overrides)
    removed = set(record.get("_tags_removed", []))
    tags = list(dict.fromkeys(list(record.get("tags", [])) + record.get("_tags_added", [])))
    record["tags"] = [t for t in tags if t not in removed]
    return record


def _copy(source: Record | Overrides, target: Record, keys: Iterable[str]) -> None:
    """`target[key] = source[key]` for those of the keys `source` has (Overrides' keys are
    Record's, with the same types)."""
    given, taken = cast(dict[str, Any], source), cast(dict[str, Any], target)
    for key in keys:
        if key in given:
            taken[key] = given[key]


@dataclass
class Change:
    id: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name → (before, after)


def retag(
    store: Store,
    prefixes: Iterable[str],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    *,
    dry_run: bool = False,
) -> list[Change]:
    adding = [t.strip() for t in add if t.strip()]
    removing = [t.strip() for t in remove if t.strip()]
    if not adding and not removing:
        raise UsageError("give --add TAG or --remove TAG")
    ids = [store.resolve(p) for p in prefixes]

    def change(record: Record) -> None:
        added = [t for t in record.get("_tags_added", []) if t not in removing] + adding
        gone = [t for t in record.get("_tags_removed", []) if t not in adding] + removing
        record["_tags_added"] = list(dict.fromkeys(added))
        record["_tags_removed"] = list(dict.fromkeys(gone))
        tags = list(dict.fromkeys(list(record["tags"]) + adding))
        record["tags"] = [t for t in tags if t not in removing]

    return _update(store, ids, change, dry_run)


def edit(
    store: Store,
    prefix: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    dry_run: bool = False,
) -> Change:
    from newsarc.ingest.dates import normalize_date
    from newsarc.ingest.outlets import OutletRegistry

    overrides: Overrides = {}
    if title is not None:
        if not title.strip():
            raise UsageError("a title cannot be empty")
        overrides["title"] = title.strip()
    if date is not None:
        normalized = normalize_date(date)
        if normalized is None:
            raise UsageError(
                f"bad date {date!r}: use YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] [+08:00]"
            )
        overrides["date"] = normalized
    if source is not None:
        overrides["source"], overrides["source_name"] = OutletRegistry.default().from_user(source)
    if not overrides:
        raise UsageError("give --title, --date or --source")

    def change(record: Record) -> None:
        record["_overrides"] = {**record.get("_overrides", {}), **overrides}
        _copy(overrides, record, overrides)

    return _update(store, [store.resolve(prefix)], change, dry_run)[0]


def remove(store: Store, prefixes: Iterable[str], *, dry_run: bool = False) -> list[str]:
    ids = list(dict.fromkeys(store.resolve(p) for p in prefixes))
    if dry_run or not ids:
        return ids
    with store.writing() as writer:
        writer.backup("rm")
        for article_id in ids:
            writer.remove(article_id)
    return ids


def _update(store: Store, ids: list[str], change: Any, dry_run: bool) -> list[Change]:
    changes: list[Change] = []
    with store.writing(dry_run=dry_run) as writer:
        for article_id in dict.fromkeys(ids):
            before = writer.record(article_id)
            if before is None:
                continue
            after: Record = {**before}
            change(after)
            diff = {
                k: (before.get(k), after.get(k))
                for k in ("title", "date", "source", "source_name", "tags")
                if before.get(k) != after.get(k)
            }
            changes.append(Change(article_id, diff))
            if diff:
                writer.put(after)
    return changes
