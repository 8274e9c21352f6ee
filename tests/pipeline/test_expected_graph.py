"""The examples/ build compared triple for triple with a reviewed expected graph.

tests/expected/examples.nq is the reviewed output of `talkgraph build examples`. When the
extraction changes on purpose, regenerate it with

    python -m tests.pipeline.test_expected_graph

and review the diff (git diff tests/expected/) before committing: every added or removed
quad is a behaviour change a reader should be able to justify. Permalinks are left out:
examples/ sits in talkgraph's own repository, whose commits are not the examples' business.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from graph import build

from ..conftest import EXAMPLES

EXPECTED = Path(__file__).resolve().parents[1] / "expected" / "examples.nq"
WRITERS = ["nquads"]


def _note_quads(path: Path) -> set[str]:
    """N-Quads lines of the note graphs (the ontology and vocabularies have tests of their own)."""
    keep = set()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if "/note/" in graph:
            keep.add(str(quad))
    return keep


def test_examples_build_matches_expected_graph(tmp_path):
    result = build(EXAMPLES, tmp_path, writers=WRITERS, incremental=False, permalinks=False)
    got = _note_quads(result.out_dir / "graph.nq")
    expected = _note_quads(EXPECTED)
    missing = sorted(expected - got)
    extra = sorted(got - expected)
    assert not missing and not extra, "\n".join(
        ["missing:"] + missing[:30] + ["extra:"] + extra[:30] + ["(python -m tests.test_expected_graph to update)"]
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = build(EXAMPLES, tmp, writers=WRITERS, incremental=False, permalinks=False)
        lines = sorted(_note_quads(result.out_dir / "graph.nq"))
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    EXPECTED.write_text("".join(line + " .\n" if not line.endswith(" .") else line + "\n" for line in lines))
    print(f"wrote {EXPECTED} ({len(lines)} quads)", file=sys.stderr)


if __name__ == "__main__":
    main()
