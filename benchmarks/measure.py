"""Run one command; print its wall time, CPU time (user + system, all its processes) and
peak memory as JSON (used by run.py).

Peak memory is the largest resident set of any one process the command ran (ru_maxrss of
the children), so for an import with worker processes it is the largest of them, not a sum.
With --tty the command's output goes to a pseudo-terminal (read and thrown away), as it
would on a user's screen.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    stdout: int | None = subprocess.DEVNULL
    args = sys.argv[1:]
    if args and args[0] == "--keep-stdout":
        stdout, args = None, args[1:]
    terminal = None
    if args and args[0] == "--tty":
        import pty
        import threading

        terminal, stdout = pty.openpty()
        args = args[1:]
        threading.Thread(target=_drain, args=(terminal,), daemon=True).start()
    start = time.perf_counter()
    done = subprocess.run(args, stdout=stdout, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = children.ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mib": peak_kib / 1024,
                "cpu_seconds": children.ru_utime + children.ru_stime,
                "rc": done.returncode,
                "stderr": done.stderr.decode("utf-8", "replace")[-400:],
            }
        )
    )


def _drain(fd: int) -> None:
    import os

    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


if __name__ == "__main__":
    main()
