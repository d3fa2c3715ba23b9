"""`newsarc extract PATH...`"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsarc.cli.app import app
from newsarc.cli.options import DefaultSourceOpt, EveryTagOpt, ExcludeOpt, IncludeOpt, PathsArg
from newsarc.cli.output import Output

EXTRACT_FORMATS = ("jsonl", "json", "csv", "parquet")


@app.command("extract")
def extract_command(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl|json|csv|parquet.")] = "jsonl",
    out: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: stdout).", show_default=False),
    ] = None,
    fields: Annotated[
        str | None,
        typer.Option("--fields", help="Comma-separated fields (default: all).", show_default=False),
    ] = None,
    source: DefaultSourceOpt = None,
    tag: EveryTagOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    with_original: Annotated[
        bool,
        typer.Option(
            "--with-original",
            help="Also each file's bytes, as a field `original` (base64): `newsarc import` "
            "of the records then keeps the originals, as an import of the files would.",
        ),
    ] = False,
) -> None:
    """Extract articles from files straight to schema-v1 records, with no archive: the
    import's extraction, for scripts and engines that keep the records themselves.

    Files that fail are listed on stderr (exit 1); files that are no articles are counted."""
    from newsarc import export
    from newsarc.importer import ImportReport, extract_files
    from newsarc.ingest.discover import Filters
    from newsarc.model import V1_FIELDS

    if fmt not in EXTRACT_FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(EXTRACT_FORMATS)}", param_hint="--format")
    known = (*V1_FIELDS, "original") if with_original else V1_FIELDS
    chosen = export.parse_fields(fields, known)
    output = Output()
    report = ImportReport()
    articles = extract_files(
        paths,
        report,
        default_source=source or "",
        tags=tag or [],
        filters=Filters(tuple(include or ()), tuple(exclude or ())),
        with_original=with_original,
    )
    if out is None:
        sys.stdout.flush()
        export.write_stream(articles, fmt, chosen, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        export.write_file(articles, fmt, chosen, out)
    for path, reason in report.failed:
        output.say(f"failed: {path}: {reason}")
    for path, article_id, _ in report.conflicts:
        output.say(f"{path}: same id as {article_id}, different text; kept the first file's")
    skipped = f", {len(report.skipped)} skipped (not articles)" if report.skipped else ""
    again = f", {report.existing} already extracted" if report.existing else ""
    other = f", {len(report.conflicts)} with the same id and other text" if report.conflicts else ""
    where = f" to {out}" if out else ""
    output.say(
        f"extracted {report.added} articles{where}{again}{other}{skipped}, "
        f"{len(report.failed)} failed"
    )
    if report.failed or report.conflicts:
        raise typer.Exit(1)
