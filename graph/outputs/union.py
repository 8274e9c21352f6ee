"""The union formats: the distinct triples of every named graph as one graph.

Turtle, N-Triples and compact JSON-LD are written from the N-Triples file of the
internal ``union`` stream (``ctx.union``), never from the store: reading every quad back
from disk is several times slower than the stream that wrote them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..rdf.jsonld import write_jsonld as compact_jsonld
from ..rdf.namespaces import prefixes
from ..util.files import atomic_write
from ..util.resources import schema_file
from .registry import WriterContext


def _triples(ctx: WriterContext) -> Iterator[ox.Triple]:
    return ox.parse(path=str(ctx.union), format=ox.RdfFormat.N_TRIPLES)


def write_turtle(ctx: WriterContext) -> list[Path]:
    """graph.ttl: the union of all graphs as Turtle."""
    path = ctx.out_dir / "graph.ttl"
    with atomic_write(path) as handle:
        ox.serialize(_triples(ctx), handle, ox.RdfFormat.TURTLE, prefixes=prefixes(ctx.base))
    return [path]


def write_ntriples(ctx: WriterContext) -> list[Path]:
    """graph.nt: the union of all graphs as N-Triples."""
    path = ctx.out_dir / "graph.nt"
    with atomic_write(path) as handle, ctx.union.open("rb") as source:
        shutil.copyfileobj(source, handle, 1 << 20)
    return [path]


def write_jsonld(ctx: WriterContext) -> list[Path]:
    """graph.jsonld: the union of all graphs as compact JSON-LD with schema/context.jsonld."""
    context = json.loads(schema_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    path = ctx.out_dir / "graph.jsonld"
    with atomic_write(path, "w") as handle:
        compact_jsonld(_triples(ctx), context, handle)
    return [path]
