"""The typer app, global options, and the one place errors become messages and exit codes."""

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.core

from newsarc import __version__
from newsarc.errors import NewsarcError, UsageError

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
    "dupes",
    "tag",
    "edit",
    "rm",
    "reindex",
    "doctor",
    "extract",
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


def _check_utf8(
    command: typer.core.TyperCommand | typer.core.TyperGroup, params: dict[str, Any], raw: set[str]
) -> None:
    """Arguments are text, and text must be UTF-8: bytes that are not reach Python as lone
    surrogates, which fail at the first JSON or SQLite they meet. `raw` names parameters
    that may be any bytes (file names to import)."""
    for param in command.params:
        if param.name in raw or param.name not in params:
            continue
        value = params[param.name]
        for text in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(text, (str, os.PathLike)):
                try:
                    os.fspath(text).encode("utf-8")
                except UnicodeEncodeError:
                    name = param.opts[0] if param.opts else param.human_readable_name
                    shown = os.fsencode(os.fspath(text)).decode("utf-8", "backslashreplace")
                    raise UsageError(f"{name}: {shown!r} is not UTF-8 text") from None


# What each option takes, by its parameter's name, for every command's help: `--since DATE`,
# not typer's `--since <str>`. An option that names its own metavar keeps it.
METAVARS = {
    "source": "OUTLET",
    "tag": "TAG",
    "since": "DATE",
    "until": "DATE",
    "search": "QUERY",
    "sort": "FIELD",
    "limit": "N",
    "top": "N",
    "fmt": "FORMAT",
    "fields": "FIELDS",
    "out": "PATH",
    "exclude": "TERM",
    "include": "GLOB",
    "add": "TAG",
    "remove": "TAG",
    "title": "TITLE",
    "date": "DATE",
    "restore": "BACKUP",
}


class NewsarcCommand(typer.core.TyperCommand):
    """Every command: its text arguments checked before it runs (newsarc.cli sets it), its
    options' metavars from METAVARS."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from newsarc.cli.examples import SUMMARIES, with_examples

        super().__init__(*args, **kwargs)
        name = self.name or ""
        self.help = with_examples(self.help or "", name)
        self.short_help = self.short_help or SUMMARIES.get(name)
        for param in self.params:
            wanted = METAVARS.get(param.name or "")
            if isinstance(param, typer.core.TyperOption) and wanted and not param.metavar:
                if param.is_flag:
                    continue
                if self.name in ("import", "extract") and param.name == "exclude":
                    wanted = "GLOB"
                param.metavar = wanted

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        _check_utf8(self, ctx.params, {"paths"} if self.name in ("import", "extract") else set())
        return super().invoke(ctx)


class _NewsarcGroup(typer.core.TyperGroup):
    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        known = super().list_commands(ctx)
        return [c for c in COMMAND_ORDER if c in known] + [
            c for c in known if c not in COMMAND_ORDER
        ]

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            _check_utf8(self, ctx.params, set())  # --db
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
        except Exception as exc:
            sqlite = sys.modules.get("sqlite3")  # not imported at start-up: --help stays quick
            if sqlite is None or not isinstance(exc, sqlite.Error):
                raise
            # the derived listing or search index: busy, full disk, damaged
            sys.stderr.write(f"newsarc: {exc} (in a derived index; `newsarc doctor` checks them)\n")
            ctx.exit(1)


app = typer.Typer(
    cls=_NewsarcGroup,
    help="A command-line archive for Chinese-language news.",
    no_args_is_help=True,
    add_completion=True,
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
            metavar="PATH",
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


def open_archive(ctx: typer.Context, *, create: bool = False, migrate: bool = True) -> Any:
    from newsarc.archive import Archive

    return Archive.open(archive_location(ctx), create=create, migrate=migrate)


def stories_ready(output: Any, archive: Any) -> None:
    """Before a command reads the stories index (dupes, --collapse, an export's story
    field): when it must first sign many articles (an archive imported before there was
    one, or with NEWSARC_FIND_COPIES=0), say so and show it on a bar."""
    pending = archive.story_index().pending()
    if pending >= STORIES_WORTH_SAYING:
        output.say(f"finding copies among {pending} articles first…")
        with output.bar("finding copies") as bar:
            archive.story_index(bar).catch_up(create=True)


STORIES_WORTH_SAYING = 1000  # articles to sign, from which a command says it does so first
