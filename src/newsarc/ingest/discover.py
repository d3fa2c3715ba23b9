"""Which files an import reads: given files as they are, folders recursively.

Hidden entries (.git, .DS_Store) inside folders are skipped; symlinked folders are followed
once each, so a link loop cannot make the walk endless.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Found:
    path: Path
    problem: str | None = None  # set when the path cannot be read at all


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Found]:
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            yield from _walk(path.absolute(), seen_dirs)
        elif path.is_file():
            yield Found(path.absolute())
        elif path.exists() or path.is_symlink():
            yield Found(path.absolute(), "not a regular file or folder (or a broken link)")
        else:
            yield Found(path.absolute(), "no such file or folder")


def _walk(root: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Found]:
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            yield Found(folder, f"cannot open folder: {exc.strerror}")
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:
            continue  # a link back to a folder already walked
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield Found(folder, f"cannot list folder: {exc.strerror}")
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            entry_path = folder / entry.name
            try:
                if entry.is_dir():
                    subfolders.append(entry_path)
                elif entry.is_file():
                    yield Found(entry_path)
                elif entry.is_symlink():
                    yield Found(entry_path, "broken link")
            except OSError as exc:
                yield Found(entry_path, f"cannot read: {exc.strerror}")
        stack.extend(reversed(subfolders))
