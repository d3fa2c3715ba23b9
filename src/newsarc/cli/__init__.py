"""The command line: options → calls on newsarc's core → printing. No work lives here."""

from __future__ import annotations

import os
import sys

from newsarc.cli import (
    doctor_cmd,
    edit_cmds,
    export_cmd,
    import_cmd,
    list_cmd,
    reindex_cmd,
    search_cmd,
    show_cmd,
    stats_cmds,
)
from newsarc.cli.app import app

__all__ = [
    "app",
    "doctor_cmd",
    "edit_cmds",
    "export_cmd",
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
    except BrokenPipeError:
        # The reader of a pipe went away (`newsarc list | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("newsarc: interrupted\n")
        sys.exit(130)
