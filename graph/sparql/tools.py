"""Tool mention counts of a build, asked of its store."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import NoBuildError
from .store import open_store

TG = "https://w3id.org/talkgraph/ns#"
SDO = "https://schema.org/"


def tool_counts(out: Path) -> list[tuple[str, int, int]]:
    """(tool name, mentions, notes) sorted by mentions, from OUT/store."""
    if not (Path(out) / "report.json").is_file():
        raise NoBuildError(out)
    store = open_store(out)
    query = f"""
        PREFIX tg: <{TG}> PREFIX schema: <{SDO}>
        SELECT ?name (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?note) AS ?notes) WHERE {{
          GRAPH ?g {{ ?m a tg:Mention ; tg:entity ?tool ; tg:note ?note . }}
          GRAPH ?v {{ ?tool a schema:SoftwareApplication ; schema:name ?name . }}
        }} GROUP BY ?name ORDER BY DESC(?mentions) ?name"""
    return [(s["name"].value, int(s["mentions"].value), int(s["notes"].value)) for s in store.query(query)]


def candidate_counts(out: Path) -> list[tuple[str, int]]:
    """(candidate tool, mentions) of the build's report, most mentioned first: names to review."""
    try:
        report = json.loads((Path(out) / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NoBuildError(out) from None
    return sorted(report.get("candidates", {}).items(), key=lambda kv: (-kv[1], kv[0]))
