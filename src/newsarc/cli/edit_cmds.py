"""`newsarc tag`, `newsarc edit`, `newsarc rm`: changes by hand."""

from typing import TYPE_CHECKING, Annotated

import typer

from newsarc.cli.app import app, open_archive
from newsarc.cli.output import Output

if TYPE_CHECKING:
    from newsarc.edits import Change

IdsArg = Annotated[list[str], typer.Argument(metavar="ID...", help="Ids or unique prefixes.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say what would change; change nothing.")
]


@app.command("tag")
def tag_command(
    ctx: typer.Context,
    ids: IdsArg,
    add: Annotated[
        list[str] | None, typer.Option("--add", help="Tag to add. Repeatable.", show_default=False)
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", help="Tag to remove. Repeatable.", show_default=False),
    ] = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Add or remove tags. Kept through reindex and re-import."""
    changes = open_archive(ctx).tag(ids, add or [], remove or [], dry_run=dry_run)
    _report(Output(), changes, dry_run)


@app.command("edit")
def edit_command(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Id or unique prefix.")],
    title: Annotated[str | None, typer.Option("--title", show_default=False)] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS] [+HH:MM].", show_default=False
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", help="Outlet: a name (上海证券报), slug or alias.", show_default=False
        ),
    ] = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Correct an article's title, date or outlet. Kept through reindex and re-import."""
    change = open_archive(ctx).edit(
        article_id, title=title, date=date, source=source, dry_run=dry_run
    )
    _report(Output(), [change], dry_run)


@app.command("rm")
def rm_command(
    ctx: typer.Context,
    ids: IdsArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    dry_run: DryRunOpt = False,
) -> None:
    """Remove articles from the archive (a catalog backup is taken first)."""
    from newsarc.render import sanitize

    output = Output()
    archive = open_archive(ctx)
    full_ids = list(dict.fromkeys(archive.resolve(p) for p in ids))
    titles = [f"{i[:8]}  {sanitize(archive.meta(i).title, single_line=True)}" for i in full_ids]
    if dry_run:
        for line in titles:
            output.say(f"would remove: {line}")
        return
    if not yes:
        if not _stdin_is_terminal():
            raise typer.BadParameter("not a terminal: confirm with --yes", param_hint="--yes")
        for line in titles:
            output.say(f"  {line}")
        if not typer.confirm(f"Remove {len(full_ids)} article(s)?", err=True):
            output.say("nothing removed")
            raise typer.Exit(1)
    removed = archive.remove(full_ids)
    output.say(f"removed {len(removed)} article{'s' if len(removed) != 1 else ''}")


def _stdin_is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def _report(output: Output, changes: list["Change"], dry_run: bool) -> None:
    verb = "would change" if dry_run else "changed"
    for change in changes:
        if not change.fields:
            output.say(f"{change.id}: unchanged")
        for name, (before, after) in change.fields.items():
            output.say(f"{change.id}: {verb} {name}: {_show(before)} → {_show(after)}")


def _show(value: object) -> str:
    from newsarc.render import sanitize

    if isinstance(value, list):
        return "[" + ", ".join(sanitize(str(v), single_line=True) for v in value) + "]"
    return sanitize(str(value), single_line=True) if value is not None else "—"
