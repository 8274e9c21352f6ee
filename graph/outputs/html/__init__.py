"""OUT/graph.html: an offline, self-contained explorer that leads back to the notes.

One page holds the entity graph's data (:mod:`.data`), the notes' full-text index
(:mod:`.textindex`, decoded on first need), the vis-network library and the page's script
(``js/*.js``, concatenated in order into one closure). pyvis provides vis-network (its bundled
standalone build is inlined); the template and script are ours, because pyvis's template
loads CSS/JS from a CDN, writes node titles with innerHTML (note text would run as HTML) and
adds nodes one by one.

Safety: every string from a note travels as JSON inside a ``<script
type="application/json">`` block and reaches the page through ``textContent``; links are
clickable only for http(s); the Content-Security-Policy allows no request but to the page's
own origin (when ``talkgraph serve`` serves it: the notes, the ``/events`` stream and the page
itself, re-read when a build lands). benchmarks/html_bench.py measures the time to
interactive and the sizes.
"""

from __future__ import annotations

import os
import pickle
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import networkx as nx

from ...notes.read import read_note_file
from ...util.files import atomic_write
from ..chunks import ChunkCache
from ..registry import WriterContext
from .data import EDGE_BUDGET, LARGE_GRAPH, STYLE, VOCAB_BASE, PageData, page_data
from .textindex import Compressed, index_of, parts_fingerprint

HERE = Path(__file__).resolve().parent
SCRIPTS = ("core.js", "search.js", "timeline.js", "views.js", "panel.js", "app.js")

__all__ = ["EDGE_BUDGET", "LARGE_GRAPH", "STYLE", "VOCAB_BASE", "page_data", "page_pieces", "render", "vis_network_js",
           "write_html"]


@cache
def vis_network_js() -> str:
    """The standalone vis-network build shipped inside the pyvis package."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")  # found, not imported: importing pyvis (jinja2, IPython checks) took 0.4 s a build
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the pyvis package is not installed")
    base = Path(next(iter(spec.submodule_search_locations))).resolve()
    candidates = sorted(base.glob("templates/lib/vis-*/vis-network.min.js")) + sorted(
        base.glob("lib/vis-*/vis-network.min.js")
    )
    if not candidates:
        raise FileNotFoundError("vis-network.min.js not found in the pyvis package")
    return candidates[-1].read_text(encoding="utf-8")


def script() -> str:
    """The page's own script: the js/ files in order, inside one strict closure."""
    parts = [(HERE / "js" / name).read_text(encoding="utf-8") for name in SCRIPTS]
    return '(function () {\n"use strict";\n' + "\n".join(parts) + "\n})();\n"


def _json_safe(data: str) -> str:
    """JSON that cannot close its ``<script>`` element nor open markup."""
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(graph: nx.MultiDiGraph, **options: object) -> str:
    """The whole page as one string: :func:`page_pieces` (same keyword options) joined."""
    return "".join(page_pieces(graph, **options))


def page_pieces(
    graph: nx.MultiDiGraph,
    *,
    title: str = "talkgraph",
    notes_href: str = "",
    base: str = "",
    read: Callable[[str], str | None] | None = None,
    known: dict | None = None,
    deflated: Compressed | None = None,
) -> Iterator[str]:
    """The page piece by piece, so that a writer never holds it whole (nor its data's JSON).

    ``read`` gives a note's text from its path (for the text index), unless ``known`` has that
    note's part of the index (:func:`.textindex.file_part`) already; ``deflated`` keeps the
    index's compressed pieces between builds.
    """
    page = PageData(graph, notes_href, base)
    values: dict[str, Callable[[], Iterable[str]]] = {
        "TITLE": lambda: [_escape(title)],
        "DATA": lambda: map(_json_safe, page.json_pieces()),
        # after DATA in the template: the files table is complete once the nodes are made
        "INDEX": lambda: [index_of(list(page.files.index), read or (lambda path: None), known, deflated)],
        "VIS": lambda: [vis_network_js().replace("</script", "<\\/script")],
        "SCRIPT": lambda: [script()],
    }
    template = (HERE / "template.html").read_text(encoding="utf-8")
    # the template is cut, not the values: a "{{SCRIPT}}" written in a note is never replaced inside the data
    for number, part in enumerate(re.split(r"\{\{(TITLE|DATA|INDEX|VIS|SCRIPT)\}\}", template)):
        if number % 2:
            yield from values[part]()
        elif part:
            yield part


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def note_reader(notes_dir: Path) -> Callable[[str], str | None]:
    """Reads a note as the build did (cp1252 fallback; a file gone or unreadable gives None)."""
    root = notes_dir.resolve()

    def read(path: str) -> str | None:
        return read_note_file(root / path, root).text

    return read


def write_html(ctx: WriterContext) -> list[Path]:
    graph, _ = ctx.network
    href = os.path.relpath(ctx.notes_dir.resolve(), ctx.out_dir.resolve()).replace(os.sep, "/") + "/"
    path = ctx.out_dir / "graph.html"
    keys = ctx.note_keys or {}
    known = _known_parts(ctx.out_dir, keys)
    with _deflated(ctx.out_dir if keys else None) as deflated:
        pieces = page_pieces(graph, title=f"talkgraph — {ctx.notes_dir.name}", notes_href=href, base=ctx.base,
                             read=note_reader(ctx.notes_dir), known=known, deflated=deflated)
        with atomic_write(path, "w") as handle:
            handle.writelines(pieces)
    if keys:
        for stale in (ctx.out_dir / ".cache").glob("textindex-*.pickle"):  # another code's parts
            if stale != _parts_path(ctx.out_dir):
                stale.unlink(missing_ok=True)
        with suppress(OSError), atomic_write(_parts_path(ctx.out_dir)) as handle:
            pickle.dump({rel: (keys[rel], part) for rel, part in known.items() if rel in keys}, handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
    return [path]


@contextmanager
def _deflated(out_dir: Path | None) -> Iterator[ChunkCache | None]:
    """OUT/.cache/textindex-deflated: the index's deflated pieces, by their text and this code (cache on)."""
    if out_dir is None:
        yield None
        return
    salt = f"{parts_fingerprint()}\0{zlib.ZLIB_RUNTIME_VERSION}".encode()  # another zlib may deflate otherwise
    with ChunkCache(out_dir, "textindex", salt, folder="textindex-deflated") as cache:
        yield cache


def _parts_path(out_dir: Path) -> Path:
    return out_dir / ".cache" / f"textindex-{parts_fingerprint()}.pickle"


def _known_parts(out_dir: Path, keys: dict[str, str]) -> dict:
    """The text index's parts of the last build for the notes whose content key is unchanged."""
    if not keys:
        return {}
    with suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError), \
            _parts_path(out_dir).open("rb") as handle:
        return {rel: part for rel, (key, part) in pickle.load(handle).items() if keys.get(rel) == key}
    return {}
