"""What text becomes in the search index, and what a search becomes: tokens and queries.

Chinese has no spaces, so text is indexed as overlapping character pairs (bigrams) of each
run of CJK characters — 习近平 → 习近 近平 — plus the last character of each run, in a
SQLite FTS5 table (stdlib, no server). A query term is the same pairs as an adjacent phrase,
so a term matches where its characters stand together, at any length from one character up.
Text and queries are folded to simplified script (OpenCC) and lower case first, so 習近平
finds 习近平. Pure: no store, no SQLite.
"""

from __future__ import annotations

import operator
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsarc.errors import UsageError
from newsarc.ingest.script import CJK_CLASS

_RUNS = re.compile(f"([{CJK_CLASS}]+)|[^{CJK_CLASS}]+")  # group 1: a run of CJK characters
_IS_CJK = re.compile(f"[{CJK_CLASS}]")


def fold(text: str) -> str:
    from newsarc.ingest.script import fold_script

    return fold_script(text.lower())


def index_tokens(folded: str) -> tuple[str, str]:
    """(bigram stream, tails) for folded text: see the module docstring."""
    stream: list[str] = []
    tails: list[str] = []
    for match in _RUNS.finditer(folded):
        run = match[1]
        if run is None:
            stream.append(match[0])
        else:
            stream.extend(_pairs(run))
            tails.append(run[-1])
    return " ".join(stream), " ".join(tails)


def text_tokens(text: str) -> tuple[str, str]:
    """A text's tokens for the index; the import's worker processes make them, beside the
    text, so that the import can index what it stores."""
    return index_tokens(fold(text))


def _pairs(run: str) -> Iterable[str]:
    """习近平 → 习近 近平; a lone character stands for itself."""
    # map over two slices runs in C: a generator of slices took half of an index build
    return map(operator.add, run, run[1:]) if len(run) > 1 else (run,)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def term_query(term: str, columns: str = "title body") -> str:
    """An FTS5 expression matching documents where the folded term's characters stand
    together, in the given columns (a lone character may also end a run: `tails`)."""
    folded = fold(term)
    parts: list[str] = []
    for match in _RUNS.finditer(folded):
        if match[1] is None:
            parts.extend(re.findall(r"\w+", match[0]))
        else:
            parts.extend(_pairs(match[1]))
    if not parts:
        raise UsageError(f"search term {term!r} has no letters or characters to look for")
    if len(parts) == 1 and len(parts[0]) == 1 and _IS_CJK.match(parts[0]):
        char = _quote(parts[0])
        return f"({{{columns}}} : {char}* OR tails : {char})"
    phrase = " + ".join(_quote(p) for p in parts)  # FTS5: `+` joins tokens into a phrase
    return f"({{{columns}}} : {phrase})"


@dataclass
class SearchQuery:
    """Terms that must all match, and terms that must not; parsed from what a user types:
    `习近平 "一带一路 倡议" -股市` (quoted text is one exact phrase, `-` excludes)."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        try:
            words = shlex.split(text)
        except ValueError as exc:
            raise UsageError(f"bad search {text!r}: {exc}") from exc
        query = cls()
        for word in words:
            if word.startswith("-") and len(word) > 1:
                query.exclude.append(word[1:])
            elif word.strip():
                query.include.append(word)
        if not query.include:
            raise UsageError("a search needs at least one term to look for (not only -terms)")
        return query

    def fts(self) -> str:
        """The FTS5 expression for the `fts` table: every term, in title or text, and none
        of the excluded ones."""
        expression = " AND ".join(term_query(t) for t in self.include)
        if self.exclude:
            expression = f"({expression}) NOT ({self.excluded()})"
        return expression

    def in_titles(self) -> str:
        """For the `titles` table: every term in the title (excluded terms are checked in
        `fts`, which also has the text)."""
        return " AND ".join(term_query(t, "title") for t in self.include)

    def excluded(self) -> str:
        return " OR ".join(term_query(t) for t in self.exclude)


def snippet(text: str, terms: Iterable[str], width: int = 60) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt around the first match, and the (start, end) of each match in it.

    Folding keeps one character for one in almost all text, so positions found in the folded
    text stand for the same characters in the original."""
    needles = [fold(t) for t in terms if t]
    flat = " ".join(text.split())
    folded = fold(flat)
    starts = [at for at in (folded.find(n) for n in needles) if at >= 0]
    begin = max(0, min(starts) - width // 3) if starts else 0
    excerpt = flat[begin : begin + width]
    folded_excerpt = folded[begin : begin + width]
    marks: list[tuple[int, int]] = []
    for needle in needles:
        at = folded_excerpt.find(needle)
        while at >= 0:
            marks.append((at, at + len(needle)))
            at = folded_excerpt.find(needle, at + len(needle))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if begin + width < len(flat) else ""
    shift = len(prefix)
    return prefix + excerpt + suffix, sorted((a + shift, b + shift) for a, b in marks)
