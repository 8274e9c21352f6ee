"""``talkgraph lint`` (the notes against their conventions; also a pre-commit hook) and ``validate`` (SHACL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from . import OutOption, app, counted, fail, out_console, print_table, reported


@app.command()
def lint(
    paths: Annotated[list[Path], typer.Argument(help="Notes folders or files.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Check notes: title, metadata, tags, dates, file names, duplicates, links, tool typos. Exit 1 on findings."""
    from ..checks.lint import lint as run

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail("not found: " + ", ".join(missing))
    findings = run(paths)
    if fmt == "json":
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            print(finding)
        print(f"{len(findings)} findings" if findings else "no findings")
    if findings:
        raise typer.Exit(1)


@app.command()
def validate(
    out: OutOption = Path("out"),
    every: Annotated[bool, typer.Option("--all", help="List the information results too (sh:Info).")] = False,
) -> None:
    """Check OUT against schema/shapes.ttl; violations grouped by shape with file:line. Exit 1 if not conforming.

    Violations and warnings are listed; information (what one convention gives and another
    need not, such as a dated file name) is counted, and listed with --all.
    """
    from ..checks.validate import validate as run

    with reported():
        result = run(out)
    for shape, items in result.by_shape().items():
        shown = items if every else [item for item in items if item.severity != "Info"]
        if not shown:
            continue
        table = Table(title=f"{shape} ({len(shown)})", title_justify="left", show_edge=False)
        for column in ("severity", "where", "path", "message"):
            table.add_column(column, overflow="fold")
        for item in shown[:50]:
            table.add_row(item.severity, item.where(), item.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1], item.message)
        print_table(table)
    verdict = "conforms" if result.conforms else "does not conform"
    infos = len(result.infos)
    told = f"; {counted(infos, 'information result')}" + ("" if every else " (--all lists them)") if infos else ""
    out_console.print(f"{verdict}: {counted(len(result.errors), 'violation')}, "
                      f"{counted(len(result.warnings), 'warning')}{told}")
    if not result.conforms:
        raise typer.Exit(1)
