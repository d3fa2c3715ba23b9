"""Worker processes, in one place: the importer's extraction and the reading of stored texts
for an export both map a function over chunks of work on all cores, results in order.

At most `in_flight` chunks are pending at a time, so results never pile up however slowly
they are consumed; and the workers end with the process that started them, however it ends.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")


def cores() -> int:
    return os.cpu_count() or 1


def ordered_map(
    work: Callable[[Chunk], Result],
    chunks: Iterable[Chunk],
    *,
    workers: int,
    in_flight: int,
) -> Iterator[Result]:
    """work(chunk) for each chunk, computed in `workers` processes, yielded in order."""
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[Result]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _exit_with_parent(parent: int) -> None:
    """A worker ends when its parent does, however it ends. Pool workers outlive a parent
    killed with SIGKILL (or by the OOM killer), each holding its memory, blocked on a queue
    no one will write to again (CPython issue 111873)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
