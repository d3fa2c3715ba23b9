"""The parse floor: the least any importer must do — read each file, split the front matter,
turn the body into text — in one plain process. `newsarc import` is measured against it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from lxml import html as lxml_html
from markdown_it import MarkdownIt

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT = re.compile(r"\A\s*---\n(.*?)\n---\n", re.S)


def body_text(body: str, md: MarkdownIt) -> str:
    rendered = md.render(body)
    if not rendered.strip():
        return ""
    return str(lxml_html.fragment_fromstring(rendered, create_parent="div").text_content())


def main() -> None:
    md = MarkdownIt("commonmark", {"html": True})
    files = chars = 0
    for folder in sys.argv[1:]:
        for path in sorted(Path(folder).rglob("*")):
            if not path.is_file():
                continue
            text = path.read_bytes().decode("utf-8", "replace")
            match = FRONT.match(text)
            if match:
                yaml.load(match.group(1), Loader=LOADER)
                text = body_text(text[match.end() :], md)
            files += 1
            chars += len(text)
    print(f"{files} files, {chars} characters of text", file=sys.stderr)


if __name__ == "__main__":
    main()
