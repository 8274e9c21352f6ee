"""talkgraph: Markdown notes about talks, videos, posts and papers -> a knowledge graph.

The library comes first; the ``talkgraph`` command is a thin layer over it::

    import graph
    result = graph.build("notes/", "out/")            # every output, like `talkgraph build`
    note = graph.parse_note("x.md", text)              # stage 1: Markdown -> note model with lines
    record = graph.extract_note(note)                  # stage 2: note model -> domain records
    rows = graph.run_query("out/", "SELECT ...").rows  # SPARQL over OUT/store

The pipeline, stage by stage (each a subpackage): ``notes`` -> ``extract`` -> ``rdf`` ->
``network`` -> ``pipeline`` -> ``outputs`` / ``sparql`` / ``checks`` -> ``cli``; see
docs/architecture.md. Names are imported lazily, so ``import graph`` costs nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "build": "graph.pipeline",
    "Build": "graph.pipeline",
    "network_of": "graph.pipeline",
    "explain": "graph.pipeline",
    "parse_note": "graph.notes",
    "extract_note": "graph.extract",
    "run_query": "graph.sparql.query",
    "QueryResult": "graph.sparql.query",
    "push_graphs": "graph.sparql.push",
    "lint": "graph.checks.lint",
    "link_timestamps": "graph.pipeline.timestamps",
    "check_permalinks": "graph.pipeline.permalinks",
    "validate": "graph.checks.validate",
    "output_names": "graph.outputs",
    "TalkgraphError": "graph.errors",
    "BuildError": "graph.errors",
    "NoBuildError": "graph.errors",
    "UnsupportedFormat": "graph.errors",
    "QueryError": "graph.errors",
    "PushError": "graph.errors",
}
__all__ = [
    "Build",
    "BuildError",
    "NoBuildError",
    "PushError",
    "QueryError",
    "QueryResult",
    "TalkgraphError",
    "UnsupportedFormat",
    "build",
    "check_permalinks",
    "explain",
    "extract_note",
    "link_timestamps",
    "lint",
    "network_of",
    "output_names",
    "parse_note",
    "push_graphs",
    "run_query",
    "validate",
]

if TYPE_CHECKING:
    from .checks.lint import lint
    from .checks.validate import validate
    from .errors import BuildError, NoBuildError, PushError, QueryError, TalkgraphError, UnsupportedFormat
    from .extract import extract_note
    from .notes import parse_note
    from .outputs import output_names
    from .pipeline import Build, build, explain, network_of
    from .pipeline.permalinks import check_permalinks
    from .pipeline.timestamps import link_timestamps
    from .sparql.push import push_graphs
    from .sparql.query import QueryResult, run_query


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
