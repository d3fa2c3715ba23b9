"""newsarc: a command-line archive for Chinese-language news.

The core is importable without the CLI::

    from newsarc import Archive
    with Archive.open("~/news") as archive:
        report = archive.import_paths(["samples"])
        for article in archive.find(Query(sources=["xinhua"])):
            print(article.title)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsarc.archive import Archive
    from newsarc.model import Article
    from newsarc.query import Query

__all__ = ["Archive", "Article", "Query", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy re-exports keep `newsarc --help` from importing lxml, opencc and the store.
    if name == "Archive":
        from newsarc.archive import Archive

        return Archive
    if name == "Article":
        from newsarc.model import Article

        return Article
    if name == "Query":
        from newsarc.query import Query

        return Query
    raise AttributeError(name)
