"""`newsarc doctor`"""

from typing import Annotated

import typer

from newsarc.cli.app import app, archive_location
from newsarc.cli.output import Output


@app.command("doctor")
def doctor_command(
    ctx: typer.Context,
    repair: Annotated[
        bool, typer.Option("--repair", help="Rebuild a damaged catalog from the stored packs.")
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
) -> None:
    """Check the archive; repair it, or restore a catalog backup."""
    from newsarc import doctor
    from newsarc.archive import Archive
    from newsarc.store.backup import list_backups

    output = Output()
    archive = Archive(archive_location(ctx))
    if restore:
        aside = doctor.restore(archive, restore)
        output.say(f"restored {restore}; the catalog it replaced is kept as {aside}")
        return
    report = doctor.repair(archive) if repair else doctor.check(archive)
    for line in report.repairs:
        output.say(f"repaired: {line}")
    for problem in report.problems:
        output.say(f"problem: {problem}")
    backups = list_backups(archive.root)
    output.say(
        f"{archive.root}: {report.articles} articles, {len(report.problems)} problem"
        f"{'s' if len(report.problems) != 1 else ''}, {len(backups)} catalog backup"
        f"{'s' if len(backups) != 1 else ''}"
        + ("" if report.healthy or repair else "; run `newsarc doctor --repair`")
    )
    if not report.healthy:
        raise typer.Exit(1)
