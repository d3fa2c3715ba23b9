"""`newsarc import PATH...`"""

from typing import TYPE_CHECKING, Annotated

import typer

from newsarc.cli.app import app, archive_location
from newsarc.cli.options import DefaultSourceOpt, EveryTagOpt, ExcludeOpt, IncludeOpt, PathsArg
from newsarc.cli.output import Output

if TYPE_CHECKING:
    from newsarc.importer import ImportReport


@app.command("import")
def import_command(
    ctx: typer.Context,
    paths: PathsArg,
    source: DefaultSourceOpt = None,
    tag: EveryTagOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and report; store nothing.")
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Re-extract articles that are already stored.")
    ] = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only failures.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list each file skipped and why.")
    ] = False,
) -> None:
    """Import news posts: Jekyll and Hugo posts, Markdown archives, scraped HTML and plain-text
    pages. Pointed at a site's folder, it reads the posts and skips what is not an article."""
    from newsarc.archive import Archive

    output = Output()
    with (
        Archive.for_import(archive_location(ctx), dry_run=dry_run) as archive,
        output.bar("importing", quiet=quiet) as bar,
    ):
        report = archive.import_paths(
            paths,
            source=source or "",
            tags=tag or [],
            update=update,
            dry_run=dry_run,
            include=include or (),
            exclude=exclude or (),
            on_total=bar.start,
            on_file=lambda _path: bar.advance(),
        )
    _print_report(output, report, quiet, verbose)
    if report.interrupted:  # 130 for Ctrl-C, 143 for SIGTERM, as a shell reports them
        raise typer.Exit(128 + report.interrupted)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(output: Output, report: "ImportReport", quiet: bool, verbose: bool) -> None:
    if not quiet:
        for path, warning in report.warnings:
            output.say(f"warning: {path}: {warning}")
        if verbose:
            for path, reason in report.skipped:
                output.say(f"skipped: {path}: {reason}")
    for path, reason in report.failed:
        output.say(f"failed: {path}: {reason}")
    for path, article_id, earlier in report.conflicts:
        if earlier:
            output.say(f"{path}: same id as {article_id}, different text; kept the first file's")
        else:
            output.say(
                f"{path}: same id as {article_id}, different text; kept the stored one, "
                "--update replaces it"
            )
    if report.interrupted:
        updated = f", {report.updated} updated" if report.updated else ""
        output.say(
            f"interrupted: {report.added} added{updated}, the rest not imported; "
            "run the same command again to finish"
        )
        return
    if quiet and report.ok:
        return
    verb = "would add" if report.dry_run else "added"
    parts = [f"{report.added} {verb}"]
    if report.updated:
        parts.append(f"{report.updated} {'would update' if report.dry_run else 'updated'}")
    parts.append(f"{report.existing} already there")
    if report.conflicts:
        parts.append(f"{len(report.conflicts)} with the same id and other text")
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped (not articles)")
    parts.append(f"{len(report.failed)} failed")
    prefix = "dry run: " if report.dry_run else ""
    summary = prefix + ", ".join(parts)
    if not report.added and not report.updated and report.existing and report.ok:
        summary += " (nothing changed)"
    output.say(summary)
