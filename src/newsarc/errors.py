"""Exceptions the core raises; the CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class NewsarcError(Exception):
    """Base class: the message is meant for the user, one line."""

    exit_code = 1


class UnreadableFile(NewsarcError):
    """A file that cannot be imported; the message says why."""


class NotAnArticle(UnreadableFile):
    """A file that is readable but is no news article (a site page, an English README):
    an import skips it and counts it apart from failures."""


class UnknownId(NewsarcError):
    """No stored article has this id or id prefix."""


class AmbiguousId(NewsarcError):
    """An id prefix matches more than one article."""

    def __init__(self, prefix: str, candidates: list[str]) -> None:
        self.prefix = prefix
        self.candidates = candidates
        super().__init__(
            f"id prefix {prefix!r} is ambiguous: matches {', '.join(candidates[:10])}"
            + (f" and {len(candidates) - 10} more" if len(candidates) > 10 else "")
        )


class StoreCorrupted(NewsarcError):
    """The archive's files cannot be read; nothing is written over them."""


class NoArchive(NewsarcError):
    """The archive folder does not exist; only an import makes one."""


class ReadOnlyArchive(NewsarcError):
    """The archive cannot be written by this process; reading commands still work."""


class StoreLocked(NewsarcError):
    """Another newsarc process holds the archive for writing for too long."""


class UsageError(NewsarcError):
    """Bad option values found by the core (e.g. a malformed date)."""

    exit_code = 2
