"""`newsarc search QUERY`"""

from typing import TYPE_CHECKING, Annotated

import typer

from newsarc.cli.app import app, open_archive, stories_ready
from newsarc.cli.options import (
    CollapseOpt,
    ScreenLimitOpt,
    SinceOpt,
    SourceOpt,
    TagOpt,
    UntilOpt,
    build_query,
    screen_format,
    screen_format_option,
    screen_limit,
)
from newsarc.cli.output import Output

if TYPE_CHECKING:
    from newsarc.model import Article

SEARCH_FORMATS = ("table", "tsv", "jsonl", "ids")
Row = tuple["Article", str, list[tuple[int, int]]]


# `-term` excludes a term; without this, click would take `-新华网` for an unknown option.
@app.command("search", context_settings={"ignore_unknown_options": True})
def search_command(
    ctx: typer.Context,
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Terms (all must match), "exact phrase", -excluded. Script-insensitive.',
        ),
    ],
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            "-x",
            help="Leave out articles with this term. Repeatable.",
            show_default=False,
        ),
    ] = None,
    source: SourceOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    collapse: CollapseOpt = False,
    limit: ScreenLimitOpt = None,
    fmt: Annotated[str | None, screen_format_option(SEARCH_FORMATS)] = None,
) -> None:
    """Search titles and texts: title matches first, then newest. Shows a snippet.

    Terms match characters, not words, in either script: 习近平 finds 習近平. Every term must
    match; a "quoted phrase" (quotes inside the query: '"一带一路 倡议"') matches as
    written; -term (or --exclude term) leaves out. The query reads as --search reads it on
    list, export and stats. Put -- before the query if an excluded term starts with a
    letter: -- 股市 -n.
    """
    from newsarc.search import snippet

    output = Output()
    chosen = screen_format(fmt, SEARCH_FORMATS, output.stdout_is_terminal)
    text = " ".join([*terms, *(f"-{_quoted(t)}" for t in exclude or [])])
    limit = screen_limit(limit, output.stdout_is_terminal)  # a screenful, or all for a script
    query = build_query(
        source, tag, since, until, "date", False, limit, search=text, collapse=collapse
    )
    archive = open_archive(ctx)
    pending = archive.search_index().pending()
    if pending:
        output.say(f"indexing {pending} article{'s' if pending != 1 else ''} for search first…")
        with output.bar("indexing") as bar:
            archive.search_index(bar).catch_up(create=True)
    if collapse or chosen == "jsonl":
        stories_ready(output, archive)
    results = archive.search(query, with_stories=chosen == "jsonl")
    total = len(results) if not limit or len(results) < limit else archive.search_count(query)
    if chosen == "ids":
        for article, _ in results:
            output.data(article.id)
        _say_total(output, len(results), total)
        return
    wanted = query.parsed_search.include if query.parsed_search else []
    rows: list[Row] = []
    for article, _ in results:
        excerpt, marks = snippet(archive.text(article.id), wanted)
        rows.append((article, excerpt, marks))
    if chosen == "jsonl":
        _jsonl(output, rows)
    elif chosen == "tsv":
        _tsv(output, rows)
    else:
        _table(output, rows)
    _say_total(output, len(rows), total)


def _quoted(term: str) -> str:
    """An --exclude value is one term, spaces and all."""
    return f'"{term}"' if " " in term.strip() else term


def _say_total(output: Output, shown: int, total: int) -> None:
    """On stderr: how many match in all (a pipe's data stays the rows)."""
    noun = "article matches" if total == 1 else "articles match"
    if shown < total:
        output.say(f"{shown} of {total} {noun} (--limit 0 for all)")
    else:
        output.say(f"{total} {noun}" if total else "no articles match")


def _jsonl(output: Output, rows: list[Row]) -> None:
    import orjson

    from newsarc.model import METADATA_FIELDS, public_record

    for article, excerpt, _ in rows:
        record = {**public_record(article, METADATA_FIELDS), "snippet": excerpt}
        output.data_bytes(orjson.dumps(record) + b"\n")


def _tsv(output: Output, rows: list[Row]) -> None:
    from newsarc.render import sanitize

    for article, excerpt, _ in rows:
        cells = [article.id, article.date or "", article.source, article.title, excerpt]
        if article.copies is not None:  # --collapse
            cells.append(str(article.copies))
        output.data("\t".join(sanitize(c, single_line=True) for c in cells))


def _table(output: Output, rows: list[Row]) -> None:
    from rich.table import Table
    from rich.text import Text

    from newsarc.render import display_date, outlet_label, sanitize

    if not rows:
        return
    table = Table(box=None, pad_edge=False, header_style="bold", show_lines=False)
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("DATE", no_wrap=True)
    table.add_column("OUTLET", no_wrap=True, max_width=12, overflow="ellipsis")
    table.add_column("TITLE / SNIPPET", overflow="fold")
    for article, excerpt, marks in rows:
        more = f"  (+{article.copies} copies)" if article.copies else ""
        cell = Text(sanitize(article.title, single_line=True) + more + "\n", style="bold")
        body = Text(excerpt)  # sanitising keeps one character for one, so marks still fit
        body.plain = sanitize(excerpt, single_line=True)
        for start, end in marks:
            body.stylize("reverse", start, end)
        cell.append_text(body)
        table.add_row(
            Text(article.id[:8]),
            Text(display_date(article.date, with_time=False)),
            Text(sanitize(outlet_label(article), single_line=True)),
            cell,
        )
    output.out.print(table)
