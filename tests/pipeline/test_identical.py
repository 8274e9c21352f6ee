"""Refactoring guard: the exports of examples/ (and of the shared corpus, when present) are
byte-identical to the reviewed digests in tests/expected/digests.json.

A restructuring must leave every byte as it was. When the outputs change on purpose (an
extraction rule, a new term), regenerate the digests with

    python -m tests.pipeline.test_identical

and say in the commit why they changed (tests/expected/examples.nq shows the quads).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

from graph import build

from ..conftest import CORPUS, EXAMPLES

DIGESTS = Path(__file__).resolve().parents[1] / "expected" / "digests.json"
FILES = ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "report.json", "graph.graphml",
         "graph.gexf")  # graph.html names the notes folder relative to OUT, which differs from run to run


SOURCE_DATE_EPOCH = "1764547200"  # 2026-12-01: GEXF's lastmodifieddate, the one clock-dependent byte


def digests(notes: Path, out: Path) -> dict[str, str]:
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        build(notes, out, incremental=False, jobs=1, permalinks=False)  # independent of the git state of the checkout
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in FILES}


def expected(name: str) -> dict[str, str]:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))[name]


def test_examples_outputs_are_byte_identical(tmp_path):
    assert digests(EXAMPLES, tmp_path / "out") == expected("examples")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (real notes not shipped)")
def test_corpus_outputs_are_byte_identical(tmp_path):
    assert digests(CORPUS, tmp_path / "out") == expected("corpus")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        table = {"examples": digests(EXAMPLES, Path(folder) / "examples")}
        if CORPUS.is_dir():
            table["corpus"] = digests(CORPUS, Path(folder) / "corpus")
    DIGESTS.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {DIGESTS}", file=sys.stderr)
