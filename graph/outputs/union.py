"""The union formats: the distinct triples of every named graph as one graph.

Turtle, N-Triples and compact JSON-LD are written from the N-Triples file of the
internal ``union`` stream (``ctx.union``), never from the store: reading every quad back
from disk is several times slower than the stream that wrote them.

Turtle and JSON-LD are written chunk by chunk — a chunk is one graph's lines of the union
(``union.chunks``), merged with the next when a subject's run crosses the boundary. Both
serialisations group consecutive triples by subject only, so a chunk's text does not
depend on its neighbours: each is kept under OUT/.cache/union-FORMAT/ by the digest of its
lines, and a rebuild after one edit serialises only the chunks that changed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import suppress
from importlib import metadata
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from ..rdf.jsonld import Compactor, jsonld_head, nodes, ntriples_lines
from ..rdf.jsonld import write_jsonld as compact_jsonld
from ..rdf.namespaces import prefixes
from ..util.files import atomic_write, place
from ..util.resources import schema_file
from ..util.sources import source_digest
from .chunks import ChunkCache, chunk_groups
from .fragment import strip_prefixes
from .registry import WriterContext


def _triples(ctx: WriterContext) -> Iterator[ox.Triple]:
    """The union's triples. ``lenient``: its lines are Oxigraph's serialisation of terms it validated
    when the graphs were minted; checking every IRI again costs a quarter of the Turtle writer."""
    return ox.parse(path=str(ctx.union), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def write_turtle(ctx: WriterContext) -> list[Path]:
    """graph.ttl: the union of all graphs as Turtle."""
    path = ctx.out_dir / "graph.ttl"
    names = prefixes(ctx.base)

    def turtle(data: bytes) -> bytes:
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)  # Oxigraph's own lines (see _triples)
        return strip_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=names))

    with atomic_write(path) as handle:
        groups = _groups(ctx)
        if groups is None:
            ox.serialize(_triples(ctx), handle, ox.RdfFormat.TURTLE, prefixes=names)
            return [path]
        salt = f"{metadata.version('pyoxigraph')}{sorted(names.items())}".encode()
        with ChunkCache(ctx.out_dir, "turtle", salt) as cache:
            handle.write(_turtle_header(names))
            for data in groups:
                handle.write(cache.text(data, turtle))
    return [path]


def _groups(ctx: WriterContext) -> Iterator[bytes] | None:
    """The union's chunks, read one at a time (listed, they were all of union.nt in memory: ~0.9 GB at
    10k notes), or None when there are none (the caller then serialises the whole file at once)."""
    groups = chunk_groups(ctx.union)
    first = next(groups, None)
    return None if first is None else chain((first,), groups)


def _turtle_header(names: dict[str, str]) -> bytes:
    probe = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))
    data = ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=names)
    return data[: len(data) - len(strip_prefixes(data))]


def write_ntriples(ctx: WriterContext) -> list[Path]:
    """graph.nt: the union of all graphs as N-Triples: the union stream's file itself, hard-linked
    (renamed over graph.nt, so atomic), else copied. The stream never writes that file again (each
    build's union.nt is a new file), so graph.nt keeps its bytes."""
    path = ctx.out_dir / "graph.nt"
    link = path.with_name(f".{path.name}.{os.getpid()}.link")
    try:
        os.link(ctx.union, link)
        return [place(link, path)]
    except OSError:
        with suppress(OSError):
            link.unlink()
    with atomic_write(path) as handle, ctx.union.open("rb") as source:
        shutil.copyfileobj(source, handle, 1 << 20)
    return [path]


def write_jsonld(ctx: WriterContext) -> list[Path]:
    """graph.jsonld: the union of all graphs as compact JSON-LD with schema/context.jsonld."""
    context = json.loads(schema_file("context.jsonld").read_text(encoding="utf-8"))["@context"]
    path = ctx.out_dir / "graph.jsonld"
    compactor = Compactor(context)

    def nodes_text(data: bytes) -> bytes:
        return ",\n  ".join(nodes(ntriples_lines(data), compactor)).encode("utf-8", "surrogatepass")

    groups = _groups(ctx)
    if groups is None:
        with atomic_write(path, "w") as handle:
            compact_jsonld(_triples(ctx), context, handle)
        return [path]
    salt = json.dumps(context, sort_keys=True).encode() + source_digest(Compactor)
    with atomic_write(path) as handle, ChunkCache(ctx.out_dir, "jsonld", salt) as cache:
        handle.write(jsonld_head(context).encode("utf-8") + b"\n  ")
        separator = b""  # chunk after chunk: joined, the texts of 10k notes were twice the file in memory
        for data in groups:
            text = cache.text(data, nodes_text)
            if text:
                handle.write(separator + text)
                separator = b",\n  "
        handle.write(b"\n ]\n}\n")
    return [path]
