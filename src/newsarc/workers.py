"""Worker processes, in one place: the importer's extraction and the reading of stored texts
for an export both map a function over chunks of work on all cores, results in order.

At most `in_flight` chunks are pending at a time, so results never pile up however slowly
they are consumed; and the workers end with the process that started them, however it ends.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
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
    """work(chunk) for each chunk, computed in `workers` processes, yielded in order. Left
    early (the consumer stops, an exception, an interrupt), the work still pending is
    dropped and the workers are ended at once, not waited for."""
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
    )
    finished = False
    try:
        pending: deque[Future[Result]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            processes = list((pool._processes or {}).values())  # no public way to end them
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(timeout=5)


def _exit_with_parent(parent: int) -> None:
    """A worker ends when its parent does, however it ends. Pool workers outlive a parent
    killed with SIGKILL (or by the OOM killer), each holding its memory, blocked on a queue
    no one will write to again (CPython issue 111873). Ctrl-C, which the terminal sends to
    every process of the group, is the parent's to handle (deferred_interrupts): a worker
    that took it would die with a traceback and break the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass
class Interrupt:
    """Set by the first SIGINT or SIGTERM under deferred_interrupts: its number, else 0."""

    signum: int = 0


@contextmanager
def deferred_interrupts() -> Iterator[Interrupt]:
    """The first Ctrl-C or SIGTERM only sets a flag, for the work to stop at its next safe
    point (an import commits what was extracted); a second one ends at once (Ctrl-C as
    KeyboardInterrupt, SIGTERM as exit 143)."""
    state = Interrupt()

    def handler(signum: int, _frame: FrameType | None) -> None:
        if not state.signum:
            state.signum = signum
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            raise SystemExit(128 + signum)

    with _handling((signal.SIGINT, signal.SIGTERM), handler):
        yield state


@contextmanager
def terminated_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) meanwhile, so cleanup runs as for Ctrl-C (the default
    action ends the process on the spot, a temp file and all)."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    with _handling((signal.SIGTERM,), stop):
        yield


@contextmanager
def _handling(
    signums: tuple[int, ...], handler: Callable[[int, FrameType | None], None]
) -> Iterator[None]:
    """`handler` for these signals meanwhile, then what was there before. Only the main
    thread may set handlers: elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, handler) for s in signums}
    try:
        yield
    finally:
        for signum, action in previous.items():
            signal.signal(signum, action)
