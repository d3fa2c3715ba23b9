"""Options shared by `list` and `export`, so both filter the same way."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from newsarc.query import Query


def _completions(ctx: typer.Context, incomplete: str, of: str) -> list[str]:
    """Outlet slugs or tags of the archive that begin with what was typed, for the shell's
    completion: nothing at all (never an error) when there is no archive to read."""
    import sqlite3

    from newsarc.archive import Archive, default_location
    from newsarc.errors import NewsarcError

    root = ctx.find_root()
    db = root.params.get("db") if root.params else None
    try:
        archive = Archive.open(db or default_location())
        if of == "tags":
            found = [tag for tag, _ in archive.listing.tag_counts()]
        else:
            found = [slug for slug, *_ in archive.listing.outlet_counts() if slug]
    except (NewsarcError, OSError, sqlite3.Error):
        return []
    return [value for value in found if value.startswith(incomplete)]


def complete_outlets(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, incomplete, "outlets")


def complete_tags(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, incomplete, "tags")


SourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        "-s",
        help="Outlet: slug prefix (xinhua), part of the name (新华) or alias. Repeatable.",
        show_default=False,
        autocompletion=complete_outlets,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="Tag, exactly. Repeatable.",
        show_default=False,
        autocompletion=complete_tags,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since", help="From this day on: YYYY, YYYY-MM or YYYY-MM-DD.", show_default=False
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until", help="Through this day: YYYY, YYYY-MM or YYYY-MM-DD.", show_default=False
    ),
]
SortOpt = Annotated[str, typer.Option("--sort", help="date (newest first), title or source.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the order.")]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        help='Full-text terms: all must match; "exact phrase"; -excluded. Script-insensitive.',
        show_default=False,
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=0, help="At most this many.", show_default=False),
]
# search and dupes: a screenful on a terminal, everything for a script (see screen_limit)
ScreenLimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=0,
        metavar="N",
        help="At most N; 0 for all. Default: 20 on a terminal, all in a pipe.",
        show_default=False,
    ),
]


def screen_format_option(formats: tuple[str, ...]) -> Any:
    """--format of list, search and dupes: a table on a terminal, tsv in a pipe (screen_format
    reads it). Annotated[str | None, screen_format_option(FORMATS)]."""
    return typer.Option(
        "--format",
        "-f",
        help=f"{'|'.join(formats)}. Default: table on a terminal, tsv in a pipe.",
        show_default=False,
    )


def screen_format(fmt: str | None, formats: tuple[str, ...], on_terminal: bool) -> str:
    """The format screen_format_option gave, or its default; a usage error for another."""
    chosen = fmt or ("table" if on_terminal else "tsv")
    if chosen not in formats:
        raise typer.BadParameter(f"use one of {', '.join(formats)}", param_hint="--format")
    return chosen


def screen_limit(limit: int | None, on_terminal: bool) -> int | None:
    """--limit as ScreenLimitOpt reads it: None for all."""
    if limit is None:
        limit = 20 if on_terminal else 0
    return limit or None


CollapseOpt = Annotated[
    bool,
    typer.Option(
        "--collapse",
        help="Each story once: copies of one story (see `newsarc dupes`) are counted and "
        "shown as their earliest article, with how many copies it has.",
    ),
]


def build_query(
    source: list[str] | None,
    tag: list[str] | None,
    since: str | None,
    until: str | None,
    sort: str,
    reverse: bool,
    limit: int | None,
    ids: list[str] | None = None,
    search: str | None = None,
    collapse: bool = False,
) -> "Query":
    from newsarc.query import Query

    return Query(
        sources=source or [],
        tags=tag or [],
        since=since,
        until=until,
        ids=ids or [],
        search=search,
        sort=sort,
        reverse=reverse,
        limit=limit,
        collapse=collapse,
    )


# What `import` and `extract` read, and how: the same options for both.
PathsArg = Annotated[
    list[Path], typer.Argument(metavar="PATH...", help="Files and folders (read recursively).")
]
DefaultSourceOpt = Annotated[
    str | None,
    typer.Option("--source", help="Outlet for files that do not name one.", show_default=False),
]
EveryTagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Tag every article. Repeatable.", show_default=False),
]
IncludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        metavar="GLOB",
        help="Read only files whose path below the folder (or name) matches. Repeatable.",
        show_default=False,
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Leave out files and folders whose path or name matches. Repeatable.",
        show_default=False,
    ),
]
