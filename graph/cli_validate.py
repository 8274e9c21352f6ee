"""``talkgraph validate``: SHACL validation of a build."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from .cli import OutOption, app, fail, out_console


@app.command()
def validate(out: OutOption = Path("out")) -> None:
    """Check OUT against schema/shapes.ttl; violations grouped by shape with file:line. Exit 1 if not conforming."""
    from .validate import validate as run

    try:
        result = run(out)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    for shape, items in result.by_shape().items():
        table = Table(title=f"{shape} ({len(items)})", title_justify="left", show_edge=False)
        for column in ("severity", "where", "path", "message"):
            table.add_column(column, overflow="fold")
        for item in items[:50]:
            table.add_row(item.severity, item.where(), item.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1], item.message)
        out_console.print(table)
    errors, warnings = len(result.errors), len(result.violations) - len(result.errors)
    verdict = "conforms" if result.conforms else "does not conform"
    out_console.print(f"{verdict}: {errors} violations, {warnings} warnings")
    if not result.conforms:
        raise typer.Exit(1)
