"""Every output of a build, registered by name (like rdflib's serializer plugins).

The registry is declarative — name -> ``"module:attr"`` — and imports an output only
when a build asks for it, so ``talkgraph query`` never loads networkx or the explorer.
Two kinds:

- a *stream* (a :class:`~graph.outputs.streams.GraphStream` class) receives each named
  graph while the build mints it, and never needs the whole dataset in memory;
- a *writer* (a function ``ctx -> [paths]``) runs once the graphs are minted.

An output declares what it needs besides the minted graphs: ``"union"`` (the distinct
triples of every graph, written by the internal ``union`` stream) or ``"network"`` (the
entity graph and its analytics, computed by the pipeline). What it may read is one
explicit :class:`WriterContext`, never attributes of the build.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UnsupportedFormat


@dataclass(frozen=True)
class Output:
    name: str
    target: str  # "module:attr", imported lazily
    kind: str  # "stream" | "writer"
    needs: tuple[str, ...] = ()
    internal: bool = False  # run for others' needs, never asked for by name


OUTPUTS: dict[str, Output] = {
    o.name: o
    for o in (
        Output("trig", "graph.outputs.streams:TriGStream", "stream"),
        Output("nquads", "graph.outputs.streams:NQuadsStream", "stream"),
        Output("shards", "graph.outputs.streams:ShardStream", "stream"),
        Output("union", "graph.outputs.streams:UnionStream", "stream", internal=True),
        Output("turtle", "graph.outputs.union:write_turtle", "writer", needs=("union",)),
        Output("ntriples", "graph.outputs.union:write_ntriples", "writer", needs=("union",)),
        Output("jsonld", "graph.outputs.union:write_jsonld", "writer", needs=("union",)),
        Output("report", "graph.outputs.report:write_report", "writer"),
        Output("network", "graph.outputs.network:write_network", "writer", needs=("network",)),
        Output("html", "graph.outputs.html:write_html", "writer", needs=("network",)),
    )
}
STORE = "store"  # OUT/store is written by the pipeline itself (graph.sparql.store)


@dataclass(frozen=True)
class WriterContext:
    """Everything an output may read: where to write, and the artefacts it declared it needs."""

    out_dir: Path
    notes_dir: Path
    base: str
    shards: int = 0
    report: dict[str, Any] | None = None  # the build report (counts, warnings, corrections, candidates)
    union: Path | None = None  # N-Triples file of the distinct triples (need "union")
    network: Any = None  # (networkx graph, Analytics) (need "network")
    note_keys: dict[str, str] | None = None  # note path -> digest of its content and context (cache on)


def output_names() -> list[str]:
    """Every output a build can be asked for (``build --only``), in the order they are written."""
    return [name for name, o in OUTPUTS.items() if not o.internal] + [STORE]


@dataclass(frozen=True)
class Plan:
    """The outputs one build runs: its streams and writers in registry order, and what they need."""

    streams: tuple[str, ...]
    writers: tuple[str, ...]
    needs: frozenset[str]
    store: bool


def plan(names: Iterable[str] | None) -> Plan:
    """The outputs to run for ``names`` (None: all of them); unknown names raise :class:`UnsupportedFormat`."""
    wanted = set(output_names()) if names is None else set(names)
    unknown = sorted(wanted - set(output_names()))
    if unknown:
        raise UnsupportedFormat(f"unknown writer {', '.join(unknown)}", unknown[0], output_names())
    chosen = [OUTPUTS[n] for n in OUTPUTS if n in wanted]
    needs = frozenset(need for o in chosen for need in o.needs)
    chosen = [o for o in OUTPUTS.values() if o.name in wanted or o.name in needs]
    return Plan(
        streams=tuple(o.name for o in chosen if o.kind == "stream"),
        writers=tuple(o.name for o in chosen if o.kind == "writer"),
        needs=needs,
        store=STORE in wanted,
    )


def load(name: str) -> Any:
    """The stream class or writer function registered under ``name``."""
    output = OUTPUTS.get(name)
    if output is None:
        raise UnsupportedFormat(f"unknown writer {name}", name, output_names())
    module, _, attr = output.target.partition(":")
    return getattr(importlib.import_module(module), attr)
