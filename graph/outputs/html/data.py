"""The explorer's page data: the entity graph as compact, JSON-able lists.

The JSON is most of the page, so it is compact: a mention is ``[file index, line, text]``
into ``files``, then, when needed, the permalink when it is not the file's permalink base +
``#L`` + line (else null), and the start (seconds) and URL of the clip of a video the line
points at, ``edges`` is one flat list ``[from, to, type index, …]`` into ``edgeTypes``, and keys
with empty values are left out of a node. Colour, shape, size, the short label and the
route (``#/tool/memray``) are derived in the page from the type, degree and IRI.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import networkx as nx

from ...network import Mentions

VOCAB_BASE = "https://w3id.org/talkgraph/"  # routes are IRIs' paths after the build's base or this
LARGE_GRAPH = 1500  # nodes: above, precomputed layout and no physics in "show everything"
EDGE_BUDGET = 20_000  # links: above (in a large graph), only the selected node's links are drawn
LINK_ROLES = ("page", "profile", "replay", "slides", "link", "permalink")
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


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
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


class _Files:
    """The table of note files every mention and origin points into, with each file's permalink base."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        notes = sorted({o["file"] for _, d in graph.nodes(data=True) if d["type"] == "note"
                        for o in d.get("origins", ())})
        self.index: dict[str, int] = {path: i for i, path in enumerate(notes)}
        self.links: dict[int, str] = {}

    def of(self, path: str) -> int:
        return self.index.setdefault(path, len(self.index))

    def mentions(self, mentions) -> list[list]:
        """The rows of a node's mentions; the common case (no permalink, no clip) inline: 280k of them at 10k notes."""
        if isinstance(mentions, Mentions):
            return self.table_rows(mentions)
        index, rows = self.index, []
        for m in mentions:
            if "permalink" in m or "clip" in m:
                rows.append(self.mention(m))
                continue
            file = index.get(m["file"])
            if file is None:
                file = index[m["file"]] = len(index)
            rows.append([file, m["line"], m["text"]])
        return rows

    def table_rows(self, mentions: Mentions) -> list[list]:
        """The same rows read from the graph's mention table's columns, without a dict per mention."""
        table, index, rows = mentions.table, self.index, []
        columns, order, paths = table.columns, table.order, table.files  # read in place: 56k rows at 1k notes
        extra, file_of, line_of, text_of = columns.extra, columns.file, columns.line, columns.text
        for i in range(mentions.start, mentions.stop):
            row = order[i]
            if row in extra:
                rows.append(self.mention(table.row(i)))
                continue
            path = paths[file_of[row]]
            file = index.get(path)
            if file is None:
                file = index[path] = len(index)
            rows.append([file, line_of[row], text_of(row)])
        return rows

    def mention(self, m: dict) -> list:
        """``[file, line, text]`` (+ ``permalink`` when the file's base does not give it, + clip start and URL)."""
        file, line = self.of(m["file"]), m["line"]
        row = [file, line, m["text"]]
        link = m.get("permalink")
        if link:
            base, _, anchor = link.partition("#L")
            known = self.links.setdefault(file, base)
            if known != base or anchor != str(line):
                row.append(link)
        clip = m.get("clip")
        if clip and clip.get("start") is not None:
            row += [None] * (4 - len(row)) + [float(clip["start"]), clip.get("url") or ""]
        return row


def _node(data: dict, ident: int, files: _Files) -> dict:
    """One node's compact record (see the module docstring)."""
    item: dict = {"id": ident, "name": data["label"], "type": data["type"], "iri": data["iri"]}
    roles = data.get("link_roles", {})
    optional = {
        "aliases": data["aliases"],
        "links": [[link, LINK_ROLES.index(roles.get(link, "page"))]
                  for link in sorted(set(data["links"]) | set(roles))],
        "properties": data.get("properties", {}),
        "mentions": files.mentions(data.get("mentions", ())),
        "origins": [[files.of(o["file"]), o["line"]] for o in data.get("origins", ())],
        "clips": [_clip(c) for c in data.get("clips", ())],
    }
    item.update((key, value) for key, value in optional.items() if value)
    item["degree"] = data.get("degree", 0)
    item["community"] = data.get("community", -1)
    return item


def _clip(clip: dict) -> dict:
    """A clip of a talk's recording (schema:Clip): start offset in seconds, deep link, name, line."""
    start = clip.get("startOffset", clip.get("start"))
    return {"start": None if start is None else float(start), "url": clip.get("url", ""),
            "name": clip.get("name", ""), "line": clip.get("line")}


def _file_dates(graph: nx.MultiDiGraph, files: _Files) -> list[list[str]]:
    """Per file: [consultation date, publication date, event date] ('' when unknown)."""
    dates = [["", "", ""] for _ in files.index]
    for node, data in graph.nodes(data=True):
        if data["type"] != "note" or not data.get("origins"):
            continue
        row = dates[files.index[data["origins"][0]["file"]]]
        row[0] = _first(data, "consulted")
        for _, target, kind in graph.out_edges(node, data="type"):
            if kind == "about" and graph.nodes[target]["type"] in ("resource", "event", "talk"):
                row[1] = row[1] or _first(graph.nodes[target], "published")
                row[2] = row[2] or _first(graph.nodes[target], "date")
    return dates


def _first(data: dict, key: str) -> str:
    values = data.get("properties", {}).get(key, ())
    return min(values) if values else ""


def page_data(graph: nx.MultiDiGraph, notes_href: str = "", *, base: str = "") -> dict:
    """Everything the page shows, as plain JSON-able data (see the module docstring)."""
    page = PageData(graph, notes_href, base)
    nodes = list(page.nodes())
    edges = [number for edge in page.edges() for number in edge]
    return {"nodes": nodes, "edges": edges, **page.tail(len(edges) // 3)}


class PageData:
    """:func:`page_data` one node at a time, or its JSON piece by piece (:meth:`json_pieces`): the page of
    10k notes held whole was a dict of every mention row, then its JSON, then the page's text."""

    def __init__(self, graph: nx.MultiDiGraph, notes_href: str = "", base: str = "") -> None:
        self.graph, self.notes_href, self.base = graph, notes_href, base
        self.large = graph.number_of_nodes() > LARGE_GRAPH
        self.order = sorted(graph.nodes)
        self.ids = {node: index for index, node in enumerate(self.order)}
        self.files = _Files(graph)  # complete once every node is made: mentions may add files
        self.counts: dict[str, int] = {}
        self.edge_types: dict[str, int] = {}

    def nodes(self) -> Iterator[dict]:
        positions = layout(self.graph) if self.large else {}
        for node in self.order:
            data = self.graph.nodes[node]
            self.counts[data["type"]] = self.counts.get(data["type"], 0) + 1
            item = _node(data, self.ids[node], self.files)
            if self.large:
                item["x"], item["y"] = (round(value, 1) for value in positions[node])
            yield item

    def edges(self) -> Iterator[tuple[int, int, int]]:
        ids, types = self.ids, self.edge_types
        for source, target, kind in self.graph.edges(data="type"):
            yield ids[source], ids[target], types.setdefault(kind, len(types))

    def tail(self, edge_count: int) -> dict:
        """What follows the nodes and edges (made after them: the files and types they use)."""
        counts, files = self.counts, self.files
        legend = [{"type": t, "color": c, "shape": s, "count": counts[t]} for t, (c, s) in STYLE.items() if t in counts]
        legend += [{"type": t, "color": "#aaaaaa", "shape": "dot", "count": n}
                   for t, n in counts.items() if t not in STYLE]
        dates = _file_dates(self.graph, files)
        return {
            "edgeTypes": list(self.edge_types),
            "files": list(files.index),
            "fileDates": dates,
            "fileLinks": [files.links.get(i, "") for i in range(len(files.index))],
            "linkRoles": list(LINK_ROLES),
            "legend": legend,
            "large": self.large,
            "drawAllEdges": not self.large or edge_count <= EDGE_BUDGET,
            "notesHref": self.notes_href,
            "bases": [b for b in dict.fromkeys((self.base, VOCAB_BASE)) if b],
        }

    def json_pieces(self, batch: int = 500) -> Iterator[str]:
        """``json.dumps(page_data(…), ensure_ascii=False, separators=(",", ":"))``, in pieces."""
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        yield '{"nodes":['
        yield from _joined((dumps(item) for item in self.nodes()), batch)
        yield '],"edges":['
        count = 0

        def edges() -> Iterator[str]:
            nonlocal count
            for source, target, kind in self.edges():
                count += 1
                yield f"{source},{target},{kind}"

        yield from _joined(edges(), batch * 20)
        yield "]"
        for key, value in self.tail(count).items():
            yield f",{dumps(key)}:{dumps(value)}"
        yield "}"


def _joined(items: Iterator[str], batch: int) -> Iterator[str]:
    """``",".join(items)`` in pieces of ``batch`` items."""
    separator, chunk = "", []
    for item in items:
        chunk.append(item)
        if len(chunk) >= batch:
            yield separator + ",".join(chunk)
            separator, chunk = ",", []
    if chunk:
        yield separator + ",".join(chunk)
