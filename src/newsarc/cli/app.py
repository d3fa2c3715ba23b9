"""The typer app, global options, and the one place errors become messages and exit codes."""

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from newsarc import __version__
from newsarc.errors import NewsarcError

# The order `newsarc --help` lists commands in: the daily loop first, upkeep last.
COMMAND_ORDER = (
    "import",
    "list",
    "show",
    "search",
    "export",
    "sources",
    "tags",
    "stats",
    "tag",
    "edit",
    "rm",
    "reindex",
    "doctor",
)


def ended_by_closed_pipe() -> NoReturn:
    """The reader of a pipe went away (`newsarc list | head`): not an error of ours. End as
    cat and git do, by SIGPIPE (status 141 in the shell), saying nothing; what is left in
    stdout's buffer goes to /dev/null rather than fail again at exit."""

    import signal

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sigpipe = getattr(signal, "SIGPIPE", None)
    if sigpipe is not None:  # POSIX
        signal.signal(sigpipe, signal.SIG_DFL)
        os.kill(os.getpid(), sigpipe)
    sys.exit(1)  # Windows has no SIGPIPE


class _NewsarcGroup(typer.core.TyperGroup):
    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        known = super().list_commands(ctx)
        return [c for c in COMMAND_ORDER if c in known] + [
            c for c in known if c not in COMMAND_ORDER
        ]

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NewsarcError as exc:
            sys.stderr.write(f"newsarc: {exc}\n")
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            ended_by_closed_pipe()  # before click, which would say nothing and exit 1
        except OSError as exc:
            # Disk full, permissions: the store's writes are atomic, so nothing was damaged.
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            sys.stderr.write(f"newsarc: {exc.strerror or exc}{where}\n")
            ctx.exit(1)


app = typer.Typer(
    cls=_NewsarcGroup,
    help="A command-line archive for Chinese-language news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click-style help and usage errors: no rich import at start-up (about 40 ms), and
    # a usage error is two plain lines a script can read.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsarc {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="NEWSARC_DB",
            help="Archive folder (created on first use). Default: the user data folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = {"db": db}


def archive_location(ctx: typer.Context) -> Path:
    from newsarc.archive import default_location

    db = (ctx.find_root().obj or {}).get("db") or os.environ.get("NEWSARC_DB") or None
    return Path(db).expanduser() if db else default_location()


def open_archive(ctx: typer.Context) -> Any:
    from newsarc.archive import Archive

    return Archive.open(archive_location(ctx))
