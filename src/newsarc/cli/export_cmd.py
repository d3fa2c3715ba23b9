"""`newsarc export`"""

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
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
)
from newsarc.cli.output import Bar, Output

if TYPE_CHECKING:
    from newsarc.model import Article


@app.command("export")
def export_command(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Ids or prefixes; default: all that match the filters.",
            show_default=False,
        ),
    ] = None,
    source: SourceOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    sort: SortOpt = "date",
    reverse: ReverseOpt = False,
    limit: LimitOpt = None,
    collapse: CollapseOpt = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl|json|csv|md|txt|parquet.")
    ] = "jsonl",
    fields: Annotated[
        str | None,
        typer.Option("--fields", help="Comma-separated fields (default: all).", show_default=False),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File; for md/txt a folder gives one file per article.",
            show_default=False,
        ),
    ] = None,
    csv_raw: Annotated[
        bool,
        typer.Option(
            "--csv-raw",
            help="CSV cells as stored, even those a spreadsheet would run as a formula "
            "(by default =, +, -, @ … first get a leading ').",
        ),
    ] = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Excel: a UTF-8 byte-order mark (so the Chinese opens intact), "
            "cells cut at Excel's 32,767 characters.",
        ),
    ] = False,
) -> None:
    """Export articles with their text, for scripts (jsonl: one record per line)."""
    from newsarc import export

    if fmt not in export.FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(export.FORMATS)}", param_hint="--format")
    if excel and fmt != "csv":
        raise typer.BadParameter("--excel goes with --format csv", param_hint="--excel")
    chosen = export.parse_fields(fields)
    archive = open_archive(ctx)
    full_ids = [archive.resolve(prefix) for prefix in ids or []]
    query = build_query(
        source,
        tag,
        since,
        until,
        sort,
        reverse,
        limit,
        ids=full_ids,
        search=search,
        collapse=collapse,
    )
    if out is not None:
        archive.check_output(Path(out))
    output = Output()
    if collapse or export.needs_stories(chosen):
        stories_ready(output, archive)
    query = archive.narrowed_by_search(query)  # searched once, for the rows and their count
    articles = archive.iter_find(
        query, with_text="text" in chosen, with_stories=export.needs_stories(chosen)
    )
    wants_folder = out is not None and (Path(out).is_dir() or out.endswith(("/", os.sep)))
    if out is None:
        if output.stdout_is_terminal and fmt in ("txt", "md", "csv"):
            from newsarc.render import article_for_terminal

            articles = map(article_for_terminal, articles)  # JSON escapes controls itself
        sys.stdout.flush()
        export.write_stream(articles, fmt, chosen, sys.stdout.buffer, csv_raw=csv_raw, excel=excel)
        sys.stdout.buffer.flush()
        return
    with output.bar("exporting") as bar:  # on a terminal, while the file or folder fills
        total = archive.count(query) if output.stderr_is_terminal else 0
        bar.start(min(total, query.limit) if query.limit is not None else total)
        articles = _counted(articles, bar)
        if wants_folder:
            count = export.write_folder(articles, fmt, chosen, Path(out))
        else:
            count = export.write_file(
                articles, fmt, chosen, Path(out), csv_raw=csv_raw, excel=excel
            )
    where = out.rstrip("/") + "/" if wants_folder else out
    output.say(f"exported {count} article{'s' if count != 1 else ''} to {where}")


def _counted(articles: Iterable["Article"], bar: Bar) -> Iterator["Article"]:
    for article in articles:
        yield article
        bar.advance()
