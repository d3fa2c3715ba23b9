"""`newsarc list`"""

from typing import TYPE_CHECKING, Annotated

import typer

from newsarc.cli.app import app, open_archive, stories_ready
from newsarc.cli.options import (
    CollapseOpt,
    LimitOpt,
    ReverseOpt,
    SearchOpt,
    SinceOpt,
    SortOpt,
    SourceOpt,
    TagOpt,
    UntilOpt,
    build_query,
    screen_format,
    screen_format_option,
)
from newsarc.cli.output import Output
from newsarc.model import METADATA_FIELDS

if TYPE_CHECKING:
    from newsarc.archive import Archive
    from newsarc.model import Article
    from newsarc.query import Query

LIST_FORMATS = ("table", "tsv", "jsonl", "json", "ids")


@app.command("list")
def list_command(
    ctx: typer.Context,
    source: SourceOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    sort: SortOpt = "date",
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    collapse: CollapseOpt = False,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            "-a",
            help="On a terminal, every article, not one screen of them (a pipe gets all).",
        ),
    ] = False,
    fmt: Annotated[str | None, screen_format_option(LIST_FORMATS)] = None,
) -> None:
    """List stored articles, newest first: id, date, outlet, title.

    On a terminal, one screen of them and how many there are in all; a pipe gets every one.
    """
    output = Output()
    fmt = screen_format(fmt, LIST_FORMATS, output.stdout_is_terminal)
    one_screen = fmt == "table" and output.stdout_is_terminal and limit is None and not every
    if one_screen:
        limit = max(output.out.size.height - SCREEN_MARGIN, MIN_SCREEN_ROWS)
    query = build_query(
        source, tag, since, until, sort, reverse, limit, search=search, collapse=collapse
    )
    archive = open_archive(ctx)
    with_stories = collapse or fmt in ("json", "jsonl")  # what shows a story's fields
    if with_stories:
        stories_ready(output, archive)
    if fmt == "table":
        _print_table(output, archive, query)
    else:
        print_records(output, archive.find(query, with_stories=with_stories), fmt, collapse)


def print_records(
    output: Output, articles: list["Article"], fmt: str, copies: bool = False
) -> None:
    """Rows in a format for scripts; with `copies` (--collapse), tsv rows end with how many
    copies each article's story has."""
    from newsarc.model import public_record
    from newsarc.render import sanitize

    if fmt == "ids":
        for article in articles:
            output.data(article.id)
    elif fmt == "tsv":
        for article in articles:
            cells = [article.id, article.date or "", article.source, article.title]
            if copies:
                cells.append(str(article.copies or 0))
            output.data("\t".join(sanitize(c, single_line=True) for c in cells))
    else:
        import orjson

        if fmt == "json":
            records = [public_record(a, METADATA_FIELDS) for a in articles]
            output.data_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n")
            return
        # a chunk at a time: one write of everything held it all twice in memory, and a
        # reader that went away mid-write went unnoticed (a pipe returns a short count)
        for start in range(0, len(articles), JSONL_CHUNK):
            chunk = articles[start : start + JSONL_CHUNK]
            output.data_bytes(
                b"".join(orjson.dumps(public_record(a, METADATA_FIELDS)) + b"\n" for a in chunk)
            )


JSONL_CHUNK = 100  # records written at once
SCREEN_MARGIN = 4  # lines a screen keeps for the header, the count and the prompt
MIN_SCREEN_ROWS = 10
TABLE_CHUNK = 500  # rows printed at once: the first appear at once, widths stay fixed


def _print_table(output: Output, archive: "Archive", query: "Query") -> None:
    """The table a chunk at a time, with fixed column widths: rows appear as they are read,
    however many there are; then how many of how many were shown."""
    from itertools import islice

    from rich.table import Table
    from rich.text import Text

    from newsarc.render import display_date, outlet_label, sanitize

    query = archive.narrowed_by_search(query)  # listed, then counted: one search
    articles = archive.iter_find(query, with_stories=query.collapse)
    chunk = list(islice(articles, TABLE_CHUNK))
    if not chunk:
        output.say("no articles" + ("" if len(archive) else " (the archive is empty)"))
        return
    short_ids = archive.short_id_namer()
    shown = 0
    while chunk:
        short = short_ids(a.id for a in chunk)
        table = Table(box=None, pad_edge=False, header_style="bold", show_header=shown == 0)
        table.add_column("ID", style="cyan", no_wrap=True, min_width=8)
        table.add_column("DATE", no_wrap=True, min_width=16, max_width=16)
        table.add_column("OUTLET", no_wrap=True, min_width=16, max_width=16, overflow="ellipsis")
        # one line a row, as in `git log --oneline`: `show ID` has the whole title
        if query.collapse:
            table.add_column("COPIES", justify="right", no_wrap=True, min_width=6)
        table.add_column("TITLE", no_wrap=True, overflow="ellipsis", ratio=1)
        for article in chunk:
            cells = [
                Text(short[article.id]),
                Text(display_date(article.date)),
                Text(sanitize(outlet_label(article), single_line=True)),
            ]
            if query.collapse:
                cells.append(Text(f"+{article.copies}" if article.copies else ""))
            table.add_row(*cells, Text(sanitize(article.title, single_line=True)))
        output.out.print(table)
        shown += len(chunk)
        chunk = list(islice(articles, TABLE_CHUNK))
    total = archive.count(query) if query.limit is not None and shown >= query.limit else shown
    noun = (
        ("story" if total == 1 else "stories")
        if query.collapse
        else ("article" if total == 1 else "articles")
    )
    if shown < total:
        output.say(f"{shown} of {total} {noun}; --limit N for more, --all for every one")
    else:
        output.say(f"{total} {noun}")
