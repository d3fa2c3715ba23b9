"""What a long piece of work reports as it goes: how much there is, then each part done.
The CLI draws a progress bar from it on a terminal (cli/output.py: Bar); a Python caller may
pass anything with these two methods."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, done: int = 1) -> None: ...
