"""Which files an import reads: given files as they are, folders recursively.

Hidden entries (.git, .DS_Store) inside folders are skipped; symlinked folders are followed
once each, so a link loop cannot make the walk endless.

Pointed at a whole site, an import reads its posts and not its machinery: Jekyll's special
folders (`_site`, `_layouts`, `_includes`, …) are never entered, a site root (a folder with
Jekyll's `_config.yml` or Hugo's config) also keeps out its `assets`, themes and build
output, and files that are never articles by their kind (images, stylesheets, scripts,
configuration) are skipped. A file named on the command line is always read.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# Jekyll's own folders (everything that starts with _ is special to it, posts and drafts
# aside) and package folders: templates, data, plugins and built copies of every post.
_NEVER_ENTER = frozenset(
    [
        "_site",
        "_includes",
        "_layouts",
        "_sass",
        "_data",
        "_plugins",
        "_config",
        "_templates",
        "_assets",
        "node_modules",
        "__pycache__",
    ]
)
# Inside a site root, also the folders of its theme, static files and build output.
_SITE_FOLDERS = frozenset(
    [
        "assets",
        "static",
        "themes",
        "layouts",
        "archetypes",
        "resources",
        "public",
        "vendor",
        "css",
        "js",
        "images",
        "img",
        "fonts",
        "i18n",
        "data",
        "scripts",
        "script",
        "_pages",
    ]
)
_SITE_MARKERS = (
    "_config.yml",
    "_config.yaml",
    "_config.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
)
# Kinds of file that are never a news post (by name: they are skipped, not read).
_NOT_ARTICLE_SUFFIXES = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".svg",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".css",
        ".scss",
        ".sass",
        ".less",
        ".js",
        ".mjs",
        ".cjs",
        ".ts",
        ".map",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".yml",
        ".yaml",
        ".toml",
        ".lock",
        ".gemspec",
        ".rb",
        ".py",
        ".sh",
        ".ps1",
        ".bat",
        ".mp3",
        ".mp4",
        ".m4a",
        ".wav",
        ".avi",
        ".mov",
        ".webm",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".tar",
        ".exe",
        ".dll",
        ".so",
        ".dylib",
        ".pyc",
        ".jar",
        ".class",
        ".db",
        ".json",
        ".sqlite",
        ".psd",
        ".ai",
        ".swf",
        ".xml",
        ".rss",
        ".atom",
        ".csv",
        ".tsv",
        ".xlsx",
        ".xls",
        ".docx",
        ".doc",
        ".pptx",
        ".ppt",
        ".liquid",
        ".ejs",
        ".hbs",
    ]
)
_NOT_ARTICLE_NAMES = frozenset(
    [
        "gemfile",
        "gemfile.lock",
        "rakefile",
        "cname",
        "license",
        "licence",
        "makefile",
        "dockerfile",
        "procfile",
        "netlify.toml",
        "package.json",
        "package-lock.json",
    ]
)


@dataclass(frozen=True)
class Found:
    path: Path
    problem: str | None = None  # set when the path cannot be read at all
    skipped: str | None = None  # set when the file is no article by its name or place

    @property
    def importable(self) -> bool:
        return self.problem is None and self.skipped is None


@dataclass(frozen=True)
class Filters:
    """`--include` / `--exclude` globs, matched against the path below the folder given (and
    the file's name alone); `*` crosses folders, as in rsync's `**`."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()

    def excluded(self, relative: str, is_dir: bool = False) -> bool:
        name = relative.rsplit("/", 1)[-1]
        if any(_match(relative, name, glob) for glob in self.exclude):
            return True
        if is_dir or not self.include:
            return False
        return not any(_match(relative, name, glob) for glob in self.include)


def _match(relative: str, name: str, glob: str) -> bool:
    glob = glob.replace("**/", "*").replace("/**", "/*").rstrip("/")
    return fnmatch.fnmatchcase(relative, glob) or fnmatch.fnmatchcase(name, glob)


def discover(
    paths: Iterable[str | os.PathLike[str]], filters: Filters | None = None
) -> Iterator[Found]:
    filters = filters or Filters()
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            yield from _walk(path.absolute(), seen_dirs, filters)
        elif path.is_file():
            yield Found(path.absolute())
        elif path.exists() or path.is_symlink():
            yield Found(path.absolute(), "not a regular file or folder (or a broken link)")
        else:
            yield Found(path.absolute(), "no such file or folder")


def is_site_root(folder: Path) -> bool:
    return any((folder / marker).is_file() for marker in _SITE_MARKERS)


def not_article_by_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in _NOT_ARTICLE_NAMES or os.path.splitext(lowered)[1] in _NOT_ARTICLE_SUFFIXES


def _walk(root: Path, seen_dirs: set[tuple[int, int]], filters: Filters) -> Iterator[Found]:
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
        in_site_root = is_site_root(folder)
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            entry_path = folder / entry.name
            relative = entry_path.relative_to(root).as_posix()
            try:
                if entry.is_dir():
                    if entry.name in _NEVER_ENTER or (in_site_root and entry.name in _SITE_FOLDERS):
                        continue
                    if not filters.excluded(relative, is_dir=True):
                        subfolders.append(entry_path)
                elif entry.is_file():
                    if filters.excluded(relative):
                        continue
                    if not_article_by_name(entry.name):
                        yield Found(entry_path, skipped="not an article (by its kind of file)")
                    else:
                        yield Found(entry_path)
                elif entry.is_symlink():
                    yield Found(entry_path, "broken link")
            except OSError as exc:
                yield Found(entry_path, f"cannot read: {exc.strerror}")
        stack.extend(reversed(subfolders))
