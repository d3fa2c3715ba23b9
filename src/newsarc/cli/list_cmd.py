"""`newsarc list`"""

from typing import TYPE_CHECKING, Annotated

import typer

from newsarc.cli.app import app, open_archive
from newsarc.cli.options import (
    LimitOpt,
    ReverseOpt,
    SearchOpt,
    SinceOpt,
    SortOpt,
    SourceOpt,
    TagOpt,
    UntilOpt,
    build_query,
)
from newsarc.cli.output import Output
from newsarc.model import METADATA_FIELDS

if TYPE_CHECKING:
    from newsarc.archive import Archive
    from newsarc.model import Article

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
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table|tsv|jsonl|json|ids. Default: table on a terminal, tsv in a pipe.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List stored articles, newest first: id, date, outlet, title."""
    output = Output()
    fmt = fmt or ("table" if output.stdout_is_terminal else "tsv")
    if fmt not in LIST_FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(LIST_FORMATS)}", param_hint="--format")
    query = build_query(source, tag, since, until, sort, reverse, limit, search=search)
    archive = open_archive(ctx)
    articles = archive.find(query)
    if fmt == "table":
        _print_table(output, archive, articles)
    else:
        print_records(output, articles, fmt)


def print_records(output: Output, articles: list["Article"], fmt: str) -> None:
    from newsarc.archive import public_record
    from newsarc.render import sanitize

    if fmt == "ids":
        for article in articles:
            output.data(article.id)
    elif fmt == "tsv":
        for article in articles:
            cells = [article.id, article.date or "", article.source, article.title]
            output.data("\t".join(sanitize(c, single_line=True) for c in cells))
    else:
        import orjson

        records = [public_record(a, METADATA_FIELDS) for a in articles]
        if fmt == "json":
            output.data_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2) + b"\n")
        else:
            output.data_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


def _print_table(output: Output, archive: "Archive", articles: list["Article"]) -> None:
    from rich.table import Table
    from rich.text import Text

    from newsarc.render import display_date, outlet_label, sanitize

    if not articles:
        output.say("no articles" + ("" if len(archive) else " (the archive is empty)"))
        return
    short = archive.short_ids(a.id for a in articles)
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("DATE", no_wrap=True)
    table.add_column("OUTLET", no_wrap=True, max_width=16, overflow="ellipsis")
    table.add_column("TITLE", overflow="fold")
    for article in articles:
        table.add_row(
            Text(short[article.id]),
            Text(display_date(article.date)),
            Text(sanitize(outlet_label(article), single_line=True)),
            Text(sanitize(article.title, single_line=True)),
        )
    output.out.print(table)
    output.say(f"{len(articles)} article{'s' if len(articles) != 1 else ''}")
