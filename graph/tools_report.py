"""Tool mention counts of a build, read from its TriG export."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox

TG = "https://w3id.org/talkgraph/ns#"
SDO = "https://schema.org/"


def tool_counts(out: Path) -> list[tuple[str, int, int]]:
    """(tool name, mentions, notes) sorted by mentions, from OUT/graph.nq or graph.trig."""
    path = out / "graph.nq" if (out / "graph.nq").is_file() else out / "graph.trig"
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    query = f"""
        PREFIX tg: <{TG}> PREFIX schema: <{SDO}>
        SELECT ?name (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?note) AS ?notes) WHERE {{
          GRAPH ?g {{ ?m a tg:Mention ; tg:entity ?tool ; tg:note ?note . }}
          ?tool a schema:SoftwareApplication ; schema:name ?name .
          FILTER NOT EXISTS {{ ?tool tg:candidate true }}
        }} GROUP BY ?name ORDER BY DESC(?mentions) ?name"""
    counts: Counter = Counter()
    rows = []
    for solution in store.query(query):
        rows.append((solution["name"].value, int(solution["mentions"].value), int(solution["notes"].value)))
    del counts
    return rows
