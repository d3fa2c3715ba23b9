"""The archive as its packs tell it, read whole: what a repair rebuilds the catalog from
when the catalog cannot say (doctor.py), and how doctor finds articles the catalog lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import orjson

from newsarc.errors import StoreCorrupted
from newsarc.store.members import ARTICLE, RECORD, RECORDS, REMOVED, TEXT, split_member
from newsarc.store.record import Record

if TYPE_CHECKING:
    from newsarc.store.objects import ObjectStore


@dataclass
class PackView:
    """The archive as the packs tell it (read_view)."""

    # live articles, their records as last written to a pack, `_pack` the latest text's
    records: dict[str, Record] = field(default_factory=dict)
    # what cannot be read: (pack, member or "" for the whole pack, why)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    # live articles whose text is in a pack but whose record none could give: id → pack
    unrecorded: dict[str, str] = field(default_factory=dict)
    # live articles whose record a pack gives but whose text none holds
    textless: list[str] = field(default_factory=list)
    # every text a pack holds, removed or not: id → packs, oldest first
    texts: dict[str, list[str]] = field(default_factory=dict)


def read_view(objects: ObjectStore) -> PackView:
    """What the packs tell, read in the order they were written; a damaged member is a
    problem, never the end of the reading."""
    view = PackView()
    records: dict[str, Record] = {}
    text_pack: dict[str, str] = {}
    for pack in objects.packs():
        try:
            names = objects.member_names(pack)  # in the order they were written
        except StoreCorrupted as exc:
            view.problems.append((pack, "", str(exc)))
            continue
        members = [(member, *split_member(member)) for member in names]
        # A pack's removals come after its records, as they were written.
        for member, article_id, kind in members:
            try:
                if member == RECORDS:
                    for line in objects.read_member(pack, member).splitlines():
                        record = orjson.loads(line)
                        records[record["id"]] = record
                elif kind == RECORD:
                    records[article_id] = orjson.loads(objects.read_member(pack, member))
            except (StoreCorrupted, orjson.JSONDecodeError) as exc:
                view.problems.append(
                    (pack, member, f"{objects.root / pack}: {member} is damaged ({exc})")
                )
            if kind in (ARTICLE, TEXT):
                text_pack[article_id] = pack
                view.texts.setdefault(article_id, []).append(pack)
        for _, article_id, kind in members:
            if kind == REMOVED:
                records.pop(article_id, None)
                text_pack.pop(article_id, None)
    for article_id, record in records.items():
        # an article put back after its removal (a restore writes its record again):
        # its latest text, removed with it
        held = view.texts.get(article_id)
        pack = text_pack.get(article_id) or (held[-1] if held else "")
        if pack:
            view.records[article_id] = {**record, "_pack": pack}
        else:
            view.textless.append(article_id)
    view.unrecorded = {i: pack for i, pack in text_pack.items() if i not in records}
    return view
