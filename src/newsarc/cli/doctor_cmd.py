"""`newsarc doctor`"""

from typing import Annotated

import typer

from newsarc.cli.app import app, open_archive
from newsarc.cli.output import Output


@app.command("doctor")
def doctor_command(
    ctx: typer.Context,
    repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild a damaged catalog from the stored packs.")
    ] = False,
    compact: Annotated[
        bool,
        typer.Option(
            "--compact",
            help="Reclaim the space of texts no record points at (after rm, --update, reindex).",
        ),
    ] = False,
    restore: Annotated[
        str | None,
        typer.Option(
            "--restore",
            metavar="BACKUP",
            help="Put a catalog backup back in place.",
            show_default=False,
        ),
    ] = None,
    list_backups: Annotated[
        bool,
        typer.Option(
            "--backups",
            help="List the catalog backups: name, time, the command that took it, articles.",
        ),
    ] = False,
) -> None:
    """Check the archive; repair it, reclaim space, or list and restore catalog backups.

    A backup is taken before rm, reindex, --compact and --restore change anything; the
    newest five are kept, and every one of the last seven days."""
    output = Output()
    archive = open_archive(ctx, migrate=False)  # not migrated: it may be what is damaged
    if list_backups:
        for info in archive.backup_details():
            articles = "" if info.articles is None else str(info.articles)
            when = info.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            output.data(f"{info.name}\t{when}\t{info.reason}\t{articles}")
        return
    if restore:
        aside = archive.restore(restore)
        output.say(f"restored {restore}; the catalog it replaced is kept as {aside}")
        return
    if compact:
        done = archive.compact()
        if done.packs_before == done.packs_after and not done.rewritten:
            output.say(f"{archive.root}: nothing to reclaim ({done.packs_after} packs)")
        else:
            output.say(
                f"{archive.root}: reclaimed {_mb(done.bytes_before - done.bytes_after)} "
                f"({done.packs_before} packs, {_mb(done.bytes_before)} → {done.packs_after}, "
                f"{_mb(done.bytes_after)})"
            )
        return
    if repair:
        with output.bar("indexing for search") as bar:
            report = archive.repair(bar)
    else:
        report = archive.check()
    for line in report.repairs:
        output.say(f"repaired: {line}")
    for problem in report.problems:
        output.say(f"problem: {problem}")
    backups = archive.backups()
    output.say(
        f"{archive.root}: {report.articles} articles, {len(report.problems)} problem"
        f"{'s' if len(report.problems) != 1 else ''}, {len(backups)} catalog backup"
        f"{'s' if len(backups) != 1 else ''}"
        + ("" if report.healthy or repair else "; run `newsarc doctor --repair`")
    )
    if not report.healthy:
        raise typer.Exit(1)


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"
