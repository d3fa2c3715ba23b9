"""`newsarc reindex [ID...]`"""

from typing import Annotated

import typer

from newsarc.cli.app import app, open_archive
from newsarc.cli.output import Output


@app.command("reindex")
def reindex_command(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...", help="Ids or prefixes; default: every article.", show_default=False
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Name the fields that changed, per article.")
    ] = False,
) -> None:
    """Re-extract stored originals with the current extractor; say what changed."""
    output = Output()
    archive = open_archive(ctx)
    with output.bar("reindexing") as bar:
        report = archive.reindex(ids or None, progress=bar)
    if verbose:
        for article_id, fields in report.changed.items():
            output.say(f"changed: {article_id}: {', '.join(fields)}")
        for article_id, reason in report.kept:
            output.say(f"kept: {article_id}: {reason}; left as it was")
    for article_id, reason in report.failed:
        output.say(f"failed: {article_id}: {reason}")
    total = len(report.changed) + report.unchanged + len(report.failed) + len(report.kept)
    kept = f", {len(report.kept)} kept as they were (no longer read as articles)"
    output.say(
        f"reindexed {total} article{'s' if total != 1 else ''}: {len(report.changed)} changed, "
        f"{report.unchanged} unchanged{kept if report.kept else ''}, {len(report.failed)} failed"
    )
    if not report.ok:
        raise typer.Exit(1)
