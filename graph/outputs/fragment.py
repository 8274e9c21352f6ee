"""A minted named graph as bytes: what the streams write and what the build caches per note.

A note's graph is serialised once, when it is minted (in a worker process or from the
cache of a previous build): N-Quads (the store's digest, graph.nq and the shards are its
bytes, concatenated) and the TriG block without its prefix lines (graph.trig is the
prefixes, then the blocks). The Python quads are parsed back from the N-Quads only for
the consumers that read terms (the union, the entity graph, the type counts), and only once.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from ..rdf.text import strip_prefixes


class Fragment:
    """One named graph: its name, N-Quads bytes, TriG block, quad count and digest.

    Pickled, it is only bytes (the parsed quads are dropped), so a worker process ships it
    back cheaply and the cache stores it as is.
    """

    __slots__ = ("name", "nquads", "trig", "count", "digest", "_quads")

    def __init__(self, name: str, nquads: bytes, trig: bytes, count: int, quads: list[ox.Quad] | None = None):
        self.name, self.nquads, self.trig, self.count = name, nquads, trig, count
        self.digest = hashlib.sha256(nquads).hexdigest()[:32]  # the store's graph_digest of the same quads
        self._quads = quads

    @classmethod
    def of(cls, name: str, quads: list[ox.Quad], prefixes: dict[str, str]) -> Fragment:
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        trig = strip_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes))
        return cls(name, nquads, trig, len(quads), quads)

    @property
    def quads(self) -> list[ox.Quad]:
        """The graph's quads (parsed from the N-Quads on first use, then kept until :meth:`release`)."""
        if self._quads is None:
            self._quads = self.parse()
        return self._quads

    def parse(self) -> list[ox.Quad]:
        """The graph's quads, parsed from the N-Quads (not kept)."""
        if self._quads is not None:
            return self._quads
        # lenient: Oxigraph's own serialisation of terms it validated (no IRI is checked twice)
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS, lenient=True))

    def ntriples(self) -> bytes:
        """The graph's triples as N-Triples: its N-Quads lines without the graph name (each ends every line)."""
        if not self.name:
            return self.nquads
        return self.nquads.replace(f" <{self.name}> .\n".encode("utf-8", "surrogatepass"), b" .\n")

    def release(self) -> None:
        """Drop the parsed quads once every consumer has read them."""
        self._quads = None

    def __getstate__(self):
        return (self.name, self.nquads, self.trig, self.count, self.digest)

    def __setstate__(self, state) -> None:
        """The digest travels with the bytes: hashing every cached fragment again cost ~1 s a rebuild at 10k notes."""
        self.name, self.nquads, self.trig, self.count, self.digest = state
        self._quads = None
