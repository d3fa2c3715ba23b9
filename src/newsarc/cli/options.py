"""Options shared by `list` and `export`, so both filter the same way."""

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newsarc.query import Query

SourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        "-s",
        help="Outlet: slug prefix (xinhua), part of the name (新华) or alias. Repeatable.",
        show_default=False,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="Tag, exactly. Repeatable.", show_default=False),
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
    )
