"""The command line: options → calls on newsarc's core → printing. No work lives here."""

from __future__ import annotations

import sys

from newsarc.cli import (
    doctor_cmd,
    dupes_cmd,
    edit_cmds,
    export_cmd,
    extract_cmd,
    import_cmd,
    list_cmd,
    reindex_cmd,
    search_cmd,
    show_cmd,
    stats_cmds,
)
from newsarc.cli.app import NewsarcCommand, app, ended_by_closed_pipe

for _command in app.registered_commands:  # every command checks its arguments first
    _command.cls = NewsarcCommand

__all__ = [
    "app",
    "doctor_cmd",
    "dupes_cmd",
    "edit_cmds",
    "export_cmd",
    "extract_cmd",
    "import_cmd",
    "list_cmd",
    "main",
    "reindex_cmd",
    "search_cmd",
    "show_cmd",
    "stats_cmds",
]


def main() -> None:
    try:
        app(prog_name="newsarc")
    except BrokenPipeError:  # at the last flush, after the command
        ended_by_closed_pipe()
    except KeyboardInterrupt:
        sys.stderr.write("newsarc: interrupted\n")
        sys.exit(130)
