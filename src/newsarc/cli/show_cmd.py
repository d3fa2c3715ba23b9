"""`newsarc show ID`"""

import os
from typing import Annotated

import typer

from newsarc.cli.app import app, open_archive
from newsarc.cli.output import Output


@app.command("show")
def show_command(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Id or unique prefix (4+).")],
    raw: Annotated[bool, typer.Option("--raw", help="Print the original file as stored.")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page.")] = False,
) -> None:
    """Show one article: header, then its clean text."""
    output = Output()
    archive = open_archive(ctx)
    if raw:
        original = archive.original(article_id)
        if output.stdout_is_terminal:  # text, sanitised: an original is data, not commands
            from newsarc.render import original_for_terminal

            output.data(original_for_terminal(original).rstrip("\n"))
        else:  # byte for byte into a pipe or a file
            output.data_bytes(original)
        return
    article = archive.get(article_id)
    if not output.stdout_is_terminal:
        from newsarc.render import article_plain

        output.data(article_plain(article).rstrip("\n"))
        return
    from newsarc.render import article_renderable

    console = output.out
    renderable = article_renderable(article, console.width)
    lines = console.render_lines(renderable, pad=False)
    if not no_pager and len(lines) > console.size.height:
        # As git does: let less pass colours through (-R) unless the user configured it.
        os.environ.setdefault("LESS", "FRX")
        with console.pager(styles=not output.no_color):
            console.print(renderable)
    else:
        console.print(renderable)
