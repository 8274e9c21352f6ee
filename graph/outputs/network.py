"""GraphML and GEXF exports of the entity graph (for Gephi, Cytoscape, yEd).

The files are the bytes networkx's ``write_graphml`` and ``write_gexf`` give for the
flattened graph (:func:`flat_graph`; ``tests/outputs/test_network_files.py`` checks it on
hostile labels and on the examples' graph), written as text line by line: networkx builds
an ElementTree of every node, edge and value first, which took 100 s for the 32k nodes and
576k links of 10k notes (and most of a one-note rebuild at 1k); this takes a few seconds.
The layout is networkx's pretty print (one element a line, two spaces a level), its key and
attribute ids (in first-use order), its escaping (ElementTree's) and its encoding (UTF-8,
character references for what UTF-8 cannot carry).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import cache
from pathlib import Path

import networkx as nx

from ..util.files import atomic_write
from ..util.sources import source_digest
from .registry import WriterContext

# the flattened node attributes, in networkx's order, with their GraphML/GEXF type
NODE_KEYS = (("type", "string"), ("label", "string"), ("iri", "string"), ("degree", "long"),
             ("aliases", "string"), ("links", "string"), ("mentions", "long"), ("community", "long"),
             ("betweenness", "double"))
GRAPHML_ROOT = {"xmlns": "http://graphml.graphdrawing.org/xmlns",
                "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns "
                                      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"}
GEXF_ROOT = {"xmlns": "http://www.gexf.net/1.2draft", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
             "xsi:schemaLocation": "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd",
             "version": "1.2"}
DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
CHUNK = 2000  # elements per write
SPECIAL = re.compile("[&<>\"\r\n\t]")
STAMP = "network.stamp"  # in OUT/.cache: the key of the last files written and their sizes and times


def write_network(ctx: WriterContext) -> list[Path]:
    """GraphML and GEXF files of the entity graph; left as they are when they would be the same bytes.

    Most edits to a note (a sentence added, a typo fixed) leave the entity graph as it was:
    the files' key (:func:`files_key`) then matches the one OUT/.cache/network.stamp recorded
    with the files' sizes and modification times, and the ~330 MB of a 10k-note corpus are
    not written again. Without the cache (``--no-incremental``) they are always written.
    """
    graph, stats = ctx.network
    paths = [ctx.out_dir / "graph.graphml", ctx.out_dir / "graph.gexf"]
    stamp = ctx.out_dir / ".cache" / STAMP
    key = files_key(graph, stats.digest) if ctx.note_keys is not None else None
    if key is not None and _still_there(stamp, key, paths):
        return paths
    seen: dict[str, list[int]] = {}
    for path, lines in ((paths[0], graphml_lines(graph)), (paths[1], gexf_lines(graph))):
        with atomic_write(path) as handle:
            _write(handle, lines)
            handle.flush()  # its size and time are final: fsync and the rename change neither
            status = os.fstat(handle.fileno())
            seen[path.name] = [status.st_size, status.st_mtime_ns]
    if key is not None:
        with suppress(OSError), atomic_write(stamp) as handle:  # published with the files, or dropped with them
            handle.write(json.dumps({"key": key, "files": seen}).encode())
    return paths


def files_key(graph: nx.MultiDiGraph, links: str) -> str | None:
    """What the two files are made of: this module, networkx's version (GEXF names it), the day
    (:func:`made_on`), every node's written values in order and ``links``, the digest of the
    graph's links and their types in order (:attr:`graph.network.Analytics.digest`; "" gives None)."""
    if not links:
        return None
    digest = hashlib.sha256(_code())
    digest.update(f"{nx.__version__}\0{made_on()}\0{links}\n".encode())
    update = digest.update
    for node, data in graph.nodes(data=True):
        update(repr((node, *_values(data))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


@cache
def _code() -> bytes:
    return source_digest(Path(__file__))


def _still_there(stamp: Path, key: str, paths: list[Path]) -> bool:
    """Whether ``stamp`` records ``key`` and each file is as it was written (same size and modification time)."""
    try:
        recorded = json.loads(stamp.read_bytes())
        if recorded.get("key") != key:
            return False
        for path in paths:
            status = path.stat()
            if recorded["files"][path.name] != [status.st_size, status.st_mtime_ns]:
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def _write(handle, lines: Iterable[str]) -> None:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= CHUNK:
            handle.write("".join(batch).encode("utf-8", "xmlcharrefreplace"))
            batch.clear()
    handle.write("".join(batch).encode("utf-8", "xmlcharrefreplace"))


def _values(data: dict) -> tuple:
    """A node's flattened attributes, in :data:`NODE_KEYS` order: lists become text."""
    return (data["type"], data["label"], data["iri"], data.get("degree", 0), "; ".join(data["aliases"]),
            " ".join(data["links"]), len(data["mentions"]), data.get("community", -1),
            float(data.get("betweenness", 0.0)))


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML/GEXF hold scalar attributes only: the graph networkx would write (the reference of the tests)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **dict(zip((k for k, _ in NODE_KEYS), _values(data), strict=True)))
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, type=data["type"])
    return flat


def _attrib(text: str) -> str:
    """ElementTree's escaping of an attribute value."""
    if not SPECIAL.search(text):
        return text
    if "&" in text:
        text = text.replace("&", "&amp;")
    for char, entity in (("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"),
                         ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, entity)
    return text


def _cdata(text: str) -> str:
    """ElementTree's escaping of element text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _data(tag: str, text: str) -> str:
    """A ``<data>`` line: ``tag`` is its start up to the key, ``text`` its value (empty: ``<data … />``)."""
    return f"{tag}>{_cdata(text)}</data>\n" if text else f"{tag} />\n"


def _open(depth: int, tag: str, attrs: dict[str, str], end: str = ">") -> str:
    attributes = "".join(f' {name}="{_attrib(value)}"' for name, value in attrs.items())
    return f"{'  ' * depth}<{tag}{attributes}{end}"


def _leaf(depth: int, tag: str, attrs: dict[str, str], text: str = "") -> str:
    """An element without children on its own line (empty text: ``<tag … />``, as ElementTree writes it)."""
    if text:
        return _open(depth, tag, attrs) + f"{_cdata(text)}</{tag}>\n"
    return _open(depth, tag, attrs, " />\n")


def graphml_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """``nx.write_graphml(flat_graph(graph))``, line by line."""
    yield DECLARATION + _open(0, "graphml", GRAPHML_ROOT, ">\n")
    edge_key = f"d{len(NODE_KEYS) if graph.number_of_nodes() else 0}"
    if not nx.is_empty(graph):  # number_of_edges() counts them all: 0.36 s at 10k notes, three times
        yield _leaf(1, "key", {"id": edge_key, "for": "edge", "attr.name": "type", "attr.type": "string"})
    if graph.number_of_nodes():
        for index in reversed(range(len(NODE_KEYS))):  # networkx inserts each new key first
            name, kind = NODE_KEYS[index]
            yield _leaf(1, "key", {"id": f"d{index}", "for": "node", "attr.name": name, "attr.type": kind})
    if not graph.number_of_nodes():
        yield _leaf(1, "graph", {"edgedefault": "directed"}) + "</graphml>\n"
        return
    yield _open(1, "graph", {"edgedefault": "directed"}, ">\n")
    data_tags = [f'      <data key="d{index}"' for index in range(len(NODE_KEYS))]
    for node, data in graph.nodes(data=True):
        rows = "".join(_data(tag, str(value)) for tag, value in zip(data_tags, _values(data), strict=True))
        yield f'    <node id="{_attrib(str(node))}">\n{rows}    </node>\n'
    edge_tag = f'      <data key="{edge_key}"'
    for source, target, key, kind in graph.edges(keys=True, data="type"):
        yield (f'    <edge source="{_attrib(str(source))}" target="{_attrib(str(target))}" id="{_attrib(str(key))}">\n'
               f'{_data(edge_tag, str(kind))}    </edge>\n')
    yield "  </graph>\n</graphml>\n"


def made_on() -> str:
    """GEXF's ``lastmodifieddate``: today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when it is set.

    It is the one byte of the outputs that depends on the clock rather than the notes;
    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) pins it, so the same notes
    give the same files on any day (the byte-identity tests set it).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = time.gmtime(int(epoch)) if epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%d", moment)


def gexf_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """``nx.write_gexf(flat_graph(graph))``, line by line (the label is the node's, not an attribute)."""
    yield DECLARATION + _open(0, "gexf", GEXF_ROOT, ">\n")
    yield _open(1, "meta", {"lastmodifieddate": made_on()}, ">\n")
    yield _leaf(2, "creator", {}, f"NetworkX {nx.__version__}") + "  </meta>\n"
    yield _open(1, "graph", {"defaultedgetype": "directed", "mode": "static", "name": ""}, ">\n")
    attributes = [(str(i), name, kind) for i, (name, kind) in enumerate(k for k in NODE_KEYS if k[0] != "label")]
    edge_id = str(len(attributes)) if graph.number_of_nodes() else "0"
    if not nx.is_empty(graph):  # networkx inserts each new attributes block first
        yield _open(2, "attributes", {"mode": "static", "class": "edge"}, ">\n")
        yield _leaf(3, "attribute", {"id": edge_id, "title": "networkx_key", "type": "string"}) + "    </attributes>\n"
    if graph.number_of_nodes():
        yield _open(2, "attributes", {"mode": "static", "class": "node"}, ">\n")
        for ident, name, kind in attributes:
            yield _leaf(3, "attribute", {"id": ident, "title": name, "type": kind})
        yield "    </attributes>\n"
    yield from _gexf_nodes(graph, [ident for ident, _, _ in attributes])
    yield from _gexf_edges(graph, edge_id)
    yield "  </graph>\n</gexf>\n"


def _gexf_nodes(graph: nx.MultiDiGraph, ids: list[str]) -> Iterator[str]:
    if not graph.number_of_nodes():
        yield _leaf(2, "nodes", {})
        return
    yield "    <nodes>\n"
    tags = [f'          <attvalue for="{ident}" value="' for ident in ids]
    for node, data in graph.nodes(data=True):
        kind, label, *values = _values(data)
        rows = "".join(f'{tag}{_attrib(str(value))}" />\n' for tag, value in zip(tags, (kind, *values), strict=True))
        yield (f'      <node id="{_attrib(str(node))}" label="{_attrib(str(label))}">\n        <attvalues>\n'
               f'{rows}        </attvalues>\n      </node>\n')
    yield "    </nodes>\n"


def _gexf_edges(graph: nx.MultiDiGraph, attribute: str) -> Iterator[str]:
    if nx.is_empty(graph):
        yield _leaf(2, "edges", {})
        return
    yield "    <edges>\n"
    for number, (source, target, key, kind) in enumerate(graph.edges(keys=True, data="type")):
        yield (f'      <edge source="{_attrib(str(source))}" target="{_attrib(str(target))}" id="{number}" '
               f'type="{_attrib(str(kind))}">\n        <attvalues>\n'
               f'          <attvalue for="{attribute}" value="{_attrib(str(key))}" />\n'
               '        </attvalues>\n      </edge>\n')
    yield "    </edges>\n"
