"""OUT/graph.html: an offline, self-contained explorer of the entity graph.

pyvis provides the vis-network library (its bundled standalone build is inlined); the
page template and script are ours, because pyvis's template loads CSS/JS from a CDN,
writes node titles with innerHTML (note text would run as HTML) and adds nodes one by
one. Here every string from a note travels as JSON inside a ``<script
type="application/json">`` block and reaches the page through ``textContent``; links are
clickable only for http(s); above :data:`LARGE_GRAPH` nodes the layout is computed in
Python and the physics is off, and above :data:`EDGE_BUDGET` links too only the selected
node's links are drawn (vis-network builds an object per drawn edge and strokes each one
on every frame: half a million of them took ~45 s to first paint on a 10k-note corpus).

The JSON is compact because it is most of the page: a mention is ``[file index, line,
text]`` into ``files``, and ``edges`` is one flat list ``[from, to, type index, …]`` into
``edgeTypes``; colour, shape, size and the short label are derived in the page from the
type and degree. benchmarks/html_bench.py measures the page's time to interactive.
"""

from __future__ import annotations

import json
import math
import os
from functools import cache
from pathlib import Path

import networkx as nx

from ...util.files import atomic_write
from ..registry import WriterContext

HERE = Path(__file__).resolve().parent
LARGE_GRAPH = 1500  # nodes: above, precomputed layout and no physics
EDGE_BUDGET = 20_000  # links: above (in a large graph), only the selected node's links are drawn
STYLE = {  # entity type -> (colour, vis shape)
    "event": ("#d62728", "star"),
    "talk": ("#ff7f0e", "dot"),
    "note": ("#7f7f7f", "square"),
    "resource": ("#8c564b", "square"),
    "person": ("#1f77b4", "dot"),
    "organization": ("#17becf", "triangle"),
    "agent": ("#9edae5", "triangle"),
    "tool": ("#2ca02c", "diamond"),
    "candidate tool": ("#98df8a", "diamond"),
    "specification": ("#dbdb8d", "diamond"),
    "topic": ("#9467bd", "hexagon"),
    "tag": ("#c5b0d5", "hexagon"),
    "source": ("#bcbd22", "square"),
    "place": ("#e377c2", "triangleDown"),
}


@cache
def vis_network_js() -> str:
    """The standalone vis-network build shipped inside the pyvis package."""
    import pyvis

    base = Path(pyvis.__file__).resolve().parent
    candidates = sorted(base.glob("templates/lib/vis-*/vis-network.min.js")) + sorted(
        base.glob("lib/vis-*/vis-network.min.js")
    )
    if not candidates:
        raise FileNotFoundError("vis-network.min.js not found in the pyvis package")
    return candidates[-1].read_text(encoding="utf-8")


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """A precomputed layout for large graphs: communities on a spiral, members on a circle each."""
    groups: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        groups.setdefault(int(data.get("community", 0)), []).append(node)
    positions = {}
    for rank, (_, members) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
        angle = rank * 2.4
        radius_out = 220 * math.sqrt(rank + 1) * 3
        cx, cy = radius_out * math.cos(angle), radius_out * math.sin(angle)
        members.sort(key=lambda n: -graph.nodes[n].get("degree", 0))
        circle = (
            nx.circular_layout(members, scale=30 + 6 * math.sqrt(len(members)) * 4)
            if len(members) > 1
            else {members[0]: (0.0, 0.0)}
        )
        for node, (x, y) in circle.items():
            positions[node] = (float(cx + x), float(cy + y))
    return positions


def page_data(graph: nx.MultiDiGraph, notes_href: str = "") -> dict:
    """Everything the page shows, as plain JSON-able data (see the module docstring)."""
    large = graph.number_of_nodes() > LARGE_GRAPH
    positions = _layout(graph) if large else {}
    order = sorted(graph.nodes)
    ids = {node: index for index, node in enumerate(order)}
    files: dict[str, int] = {}
    file_index = files.setdefault
    nodes = []
    counts: dict[str, int] = {}
    for node in order:
        data = graph.nodes[node]
        counts[data["type"]] = counts.get(data["type"], 0) + 1
        item = {
            "id": ids[node],
            "name": data["label"],
            "type": data["type"],
            "iri": data["iri"],
            "aliases": data["aliases"],
            "links": data["links"],
            "properties": data.get("properties", {}),
            "mentions": [(file_index(m["file"], len(files)), m["line"], m["text"]) for m in data.get("mentions", ())],
            "degree": data.get("degree", 0),
            "community": data.get("community", -1),
        }
        if large:
            item["x"], item["y"] = (round(value, 1) for value in positions[node])
        nodes.append(item)
    edge_types: dict[str, int] = {}
    edges: list[int] = []
    for source, target, kind in graph.edges(data="type"):
        edges += (ids[source], ids[target], edge_types.setdefault(kind, len(edge_types)))
    legend = [{"type": t, "color": c, "shape": s, "count": counts[t]} for t, (c, s) in STYLE.items() if t in counts]
    legend += [{"type": t, "color": "#aaaaaa", "shape": "dot", "count": n} for t, n in counts.items() if t not in STYLE]
    return {
        "nodes": nodes,
        "edges": edges,
        "edgeTypes": list(edge_types),
        "files": list(files),
        "legend": legend,
        "large": large,
        "drawAllEdges": not large or len(edges) // 3 <= EDGE_BUDGET,
        "notesHref": notes_href,
    }


def render(graph: nx.MultiDiGraph, *, title: str = "talkgraph", notes_href: str = "") -> str:
    """The whole page as one string: data, vis-network, style and script inlined."""
    data = json.dumps(page_data(graph, notes_href), ensure_ascii=False, separators=(",", ":"))
    safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = (HERE / "template.html").read_text(encoding="utf-8")
    script = (HERE / "explorer.js").read_text(encoding="utf-8")
    return (
        template.replace("{{TITLE}}", _escape(title))
        .replace("{{DATA}}", safe)
        .replace("{{VIS}}", vis_network_js().replace("</script", "<\\/script"))
        .replace("{{SCRIPT}}", script)
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_html(ctx: WriterContext) -> list[Path]:
    graph, _ = ctx.network
    href = os.path.relpath(ctx.notes_dir.resolve(), ctx.out_dir.resolve()).replace(os.sep, "/") + "/"
    path = ctx.out_dir / "graph.html"
    with atomic_write(path, "w") as handle:
        handle.write(render(graph, title=f"talkgraph — {ctx.notes_dir.name}", notes_href=href))
    return [path]
