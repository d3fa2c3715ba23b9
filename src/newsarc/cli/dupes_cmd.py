"""`newsarc dupes`"""

from typing import TYPE_CHECKING, Annotated

import typer

from newsarc.cli.app import app, open_archive, stories_ready
from newsarc.cli.options import (
    ScreenLimitOpt,
    SearchOpt,
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
    from newsarc.stories import Story

DUPES_FORMATS = ("table", "tsv", "jsonl", "json")
Group = tuple["Story", list["Article"]]


@app.command("dupes")
def dupes_command(
    ctx: typer.Context,
    min_similarity: Annotated[
        float | None,
        typer.Option(
            "--min-similarity",
            min=0.0,
            max=1.0,
            metavar="S",
            help="Only copies at least this similar to the earliest article (0–1: the share "
            "of their texts' shingles in common). Copies are found from 0.4, to the "
            "earliest or to another copy, so by default some show less.",
            show_default=False,
        ),
    ] = None,
    source: SourceOpt = None,
    tag: TagOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: SearchOpt = None,
    limit: ScreenLimitOpt = None,
    fmt: Annotated[str | None, screen_format_option(DUPES_FORMATS)] = None,
) -> None:
    """Stories published more than once: a wire story and its copies at other outlets (a
    new headline, another credit line, a paragraph cut, traditional script). Each story
    lists its earliest article first, then each copy with its similarity to it; newest
    stories first. The filters choose stories with at least one article they select."""
    output = Output()
    chosen = screen_format(fmt, DUPES_FORMATS, output.stdout_is_terminal)
    limit = screen_limit(limit, output.stdout_is_terminal)
    query = build_query(source, tag, since, until, "date", False, limit, search=search)
    archive = open_archive(ctx)
    stories_ready(output, archive)
    groups = archive.stories(query, min_similarity=min_similarity)
    shown = 0
    if chosen == "json":
        records = [_group_record(group) for group in groups]
        output.data_json(records)
        shown = len(records)
    elif chosen == "jsonl":
        import orjson

        for group in groups:
            output.data_bytes(orjson.dumps(_group_record(group)) + b"\n")
            shown += 1
    elif chosen == "tsv":
        from newsarc.render import sanitize

        for story, articles in groups:
            for article, similar in zip(articles, story.similarities, strict=True):
                cells = [story.rep, article.id, article.date or "", article.source]
                cells += [f"{similar:.2f}", article.title]
                output.data("\t".join(sanitize(c, single_line=True) for c in cells))
            shown += 1
    else:
        shown = _table(output, list(groups))
    if shown:
        more = "; --limit 0 for all" if limit and shown >= limit else ""
        output.say(f"{shown} {'story' if shown == 1 else 'stories'} with copies{more}")
    else:
        output.say("no stories with copies")


def _group_record(group: Group) -> dict[str, object]:
    story, articles = group
    return {
        "story": story.rep,
        "articles": [
            {
                "id": a.id,
                "date": a.date,
                "source": a.source,
                "source_name": a.source_name,
                "title": a.title,
                "url": a.url,
                "similarity": round(similar, 3),
            }
            for a, similar in zip(articles, story.similarities, strict=True)
        ],
    }


def _table(output: Output, groups: list[Group]) -> int:
    from rich.table import Table
    from rich.text import Text

    from newsarc.render import display_date, outlet_label, sanitize

    if not groups:
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("DATE", no_wrap=True, min_width=16, max_width=16)
    table.add_column("OUTLET", no_wrap=True, min_width=12, max_width=16, overflow="ellipsis")
    table.add_column("SIM", justify="right", no_wrap=True)
    table.add_column("TITLE", no_wrap=True, overflow="ellipsis", ratio=1)
    for number, (story, articles) in enumerate(groups):
        if number:
            table.add_row()
        for index, (article, similar) in enumerate(zip(articles, story.similarities, strict=True)):
            title = sanitize(article.title, single_line=True)
            table.add_row(
                Text(article.id[:8] if not index else "  " + article.id[:8]),
                Text(display_date(article.date)),
                Text(sanitize(outlet_label(article), single_line=True)),
                Text("first" if not index else f"{similar:.2f}"),
                Text(title, style="bold" if not index else ""),
            )
    output.out.print(table)
    return len(groups)
