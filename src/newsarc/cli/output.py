"""The one place that decides how output looks: rich on a terminal, plain in a pipe.

Data goes to stdout, everything else to stderr. NO_COLOR is honoured (rich reads it).
"""

from __future__ import annotations

import os
import sys
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class Output:
    def __init__(self) -> None:
        self.stdout_is_terminal = _isatty(sys.stdout)
        self.stderr_is_terminal = _isatty(sys.stderr)

    @cached_property
    def out(self) -> Console:
        from rich.console import Console

        return Console(file=sys.stdout, highlight=False, markup=False, emoji=False)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(file=sys.stderr, highlight=False, markup=False, emoji=False)

    def bar(self, label: str, *, quiet: bool = False, least: int = 20) -> Bar:
        """A progress bar on stderr when it is a terminal (and not `quiet`), for work of
        at least `least` parts; otherwise nothing. Use it in a `with`."""
        return Bar(self if self.stderr_is_terminal and not quiet else None, label, least)

    def data(self, text: str) -> None:
        """A line of data on stdout, exactly as given."""
        sys.stdout.write(text + "\n")

    def data_bytes(self, data: bytes) -> None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    def data_json(self, value: object) -> None:
        import orjson

        self.data_bytes(orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n")

    def table(
        self, headers: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()
    ) -> None:
        """A table on the terminal; cells are data, sanitised and never read as markup."""
        from rich.table import Table
        from rich.text import Text

        from newsarc.render import sanitize

        table = Table(box=None, pad_edge=False, header_style="bold")
        for index, header in enumerate(headers):
            table.add_column(header, justify="right" if index in numeric else "left")
        for row in rows:
            table.add_row(*(Text(sanitize(cell, single_line=True)) for cell in row))
        self.out.print(table)

    def say(self, text: str) -> None:
        """Chatter (counts, progress, warnings) on stderr."""
        sys.stderr.write(text + "\n")

    @property
    def no_color(self) -> bool:
        return "NO_COLOR" in os.environ


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


class Bar:
    """A rich progress bar (newsarc.progress.Progress) that is there only on a terminal."""

    def __init__(self, output: Output | None, label: str, least: int = 20) -> None:
        self._output = output
        self._label = label
        self._least = least
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def start(self, total: int) -> None:
        if self._output is None or total < self._least or self._bar is not None:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress(
            self._label,
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self._output.err,
            transient=True,
        )
        self._task = self._bar.add_task(self._label, total=total)
        self._bar.start()

    def advance(self, done: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, done)
