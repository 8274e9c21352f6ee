"""``talkgraph`` — a thin command line over the library: each command is one library call.

Exit codes: 0 success, 1 findings (validate, lint) or a refused push, 2 usage or
environment errors (:class:`graph.errors.TalkgraphError`), 130 interrupted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import TalkgraphError

app = typer.Typer(
    name="talkgraph",
    help="Turn a folder of Markdown notes about talks, videos, posts and papers into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder of a build.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` on stderr; the caller raises the returned Exit."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    return typer.Exit(code)


def print_table(table, console: Console | None = None) -> None:
    """A table at the terminal's width, or at its own when piped (``| grep``, ``> file``, ``| less -S``).

    Rich wraps to 80 columns when it cannot see a terminal: a ``file:line`` or an IRI folded
    over two lines can no longer be grepped or copied. ``COLUMNS`` still sets the width.
    """
    console = console or out_console
    if console.is_terminal or "COLUMNS" in os.environ:
        console.print(table)
    else:
        natural = console.measure(table, options=console.options.update_width(100_000)).maximum
        wide = Console(file=console.file, width=max(console.width, natural), highlight=False)  # print() caps
        wide.print(table)                                                                        # at its console's


def counted(n: int, noun: str) -> str:
    """``1 note``, ``2 notes``: a count with its noun, for every message that counts things."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


class reported:  # noqa: N801 - used as a context manager, reads like a keyword
    """Turns a :class:`TalkgraphError` raised by a library call into its message and exit code."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if isinstance(exc, TalkgraphError):
            raise fail(str(exc), exc.exit_code) from None
        return False


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        out_console.print(f"talkgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn a folder of Markdown notes about talks, videos, posts and papers into a knowledge graph."""


def main() -> None:
    from ..util.igraphs import without_plots

    without_plots()  # this process never draws: igraph need not import matplotlib (~1 s a build)
    app()


def _one_line_paragraphs() -> None:
    """Each command's help with every paragraph on one line: typer's rich help keeps the docstring's own
    line breaks past the first paragraph, which made `--help` break lines in the middle of a sentence."""
    import inspect as source

    for info in app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            paragraphs = source.cleandoc(info.callback.__doc__).split("\n\n")
            info.help = "\n\n".join(" ".join(paragraph.split("\n")) for paragraph in paragraphs)


# each module registers its commands on `app` (explicitly listed: no discovery by file name)
from . import build, checks, inspect, links, query, serve  # noqa: E402, F401

_one_line_paragraphs()
