"""`newsarc sources`, `newsarc tags`, `newsarc stats`"""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from newsarc.cli.app import app, open_archive, stories_ready
from newsarc.cli.options import (
    CollapseOpt,
    SearchOpt,
    SinceOpt,
    SourceOpt,
    TagOpt,
    UntilOpt,
    build_query,
)
from newsarc.cli.output import Output

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table|tsv|json. Default: table on a terminal, tsv in a pipe.",
        show_default=False,
    ),
]


def _format(
    output: Output, fmt: str | None, allowed: tuple[str, ...] = ("table", "tsv", "json")
) -> str:
    chosen = fmt or ("table" if output.stdout_is_terminal else "tsv")
    if chosen not in allowed:
        raise typer.BadParameter(f"use one of {', '.join(allowed)}", param_hint="--format")
    return chosen


@app.command("sources")
def sources_command(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Outlets: slug, name, articles published, articles carried as a feed."""
    from newsarc.render import sanitize
    from newsarc.stats import outlet_counts

    output = Output()
    chosen = _format(output, fmt)
    counts = outlet_counts(open_archive(ctx).listing)
    if chosen == "json":
        output.data_json([asdict(c) for c in counts])
    elif chosen == "tsv":
        for c in counts:
            output.data(
                f"{c.slug}\t{sanitize(c.name, single_line=True)}\t{c.articles}\t{c.as_feed}"
            )
    else:
        output.table(
            ["SLUG", "NAME", "ARTICLES", "AS FEED"],
            [
                [c.slug or "(unknown)", c.name, str(c.articles), str(c.as_feed or "")]
                for c in counts
            ],
            numeric=(2, 3),
        )


@app.command("tags")
def tags_command(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Tags with how many articles carry each."""
    from newsarc.render import sanitize
    from newsarc.stats import tag_counts

    output = Output()
    chosen = _format(output, fmt)
    counts = tag_counts(open_archive(ctx).listing)
    if chosen == "json":
        output.data_json([{"tag": tag, "articles": n} for tag, n in counts])
    elif chosen == "tsv":
        for tag, n in counts:
            output.data(f"{sanitize(tag, single_line=True)}\t{n}")
    else:
        output.table(["TAG", "ARTICLES"], [[tag, str(n)] for tag, n in counts], numeric=(1,))


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text|json|csv (csv: kind,key,name,articles rows for every month, outlet "
            "and script).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Outlets to show.")] = 10,
    source: SourceOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    collapse: CollapseOpt = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE",
            help="Also draw articles per month and per outlet to FILE (.png, .svg or .pdf; "
            "needs newsarc[plot]).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Totals, date range, articles per month (a bar chart on a terminal), per outlet; of
    the whole archive, or of the articles the filters select (--search: how often a term
    appears, per month and per outlet)."""
    from newsarc.stats import summarize

    output = Output()
    archive = open_archive(ctx)
    query = build_query(
        source, tag, since, until, "date", False, None, search=search, collapse=collapse
    )
    if collapse:
        stories_ready(output, archive)
    filtered = query.has_filters() or query.search is not None
    selected = archive.narrowed_by_search(query) if filtered else None
    summary = summarize(archive.listing, selected)
    if plot is not None:
        from newsarc.plot import plot_summary

        archive.check_output(plot)
        what = "articles per month and per outlet"
        title = f"“{search}”: {what}" if search else what
        if plot_summary(summary, plot, title, top) is None:
            output.say("warning: no font with Chinese glyphs found; Chinese shows as boxes")
        output.say(f"wrote {plot}")
    if (fmt or "text") == "json":
        output.data_json(asdict(summary))
        return
    if fmt == "csv":
        import sys

        from newsarc.stats import write_csv

        write_csv(summary, sys.stdout)
        return
    if fmt not in (None, "text"):
        raise typer.BadParameter("use text, json or csv", param_hint="--format")
    from newsarc.render import stats_plain, stats_renderable

    if output.stdout_is_terminal:
        output.out.print(stats_renderable(summary, top))
    else:
        output.data(stats_plain(summary, top))
