"""``talkgraph lint``: the notes against their own conventions (also a pre-commit hook)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .cli import app, fail


@app.command()
def lint(
    paths: Annotated[list[Path], typer.Argument(help="Notes folders or files.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Check notes: title, metadata, tags, dates, file names, duplicates, links, tool typos. Exit 1 on findings."""
    from .lint import lint as run

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
