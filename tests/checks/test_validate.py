"""SHACL validation: the builds conform; broken data is caught and traced to its file."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import graph.cli as cli
from graph import build
from graph.checks.validate import validate

from ..conftest import CORPUS, needs_corpus


def test_examples_build_conforms(examples_build):
    result = validate(examples_build.out_dir)
    assert result.conforms, [v for v in result.errors][:5]


@needs_corpus
def test_corpus_build_conforms(corpus_build):
    result = validate(corpus_build.out_dir)
    assert result.conforms, [v for v in result.errors][:5]


PEERS = CORPUS.parent / "peers"


@needs_corpus
@pytest.mark.parametrize("repo", ["underyx", "okize", "jorisroovers"])
def test_peers_builds_conform(repo, tmp_path):
    """Other people's notes, built whole as the scorer builds them, conform to the shapes too."""
    if not (PEERS / repo).is_dir():
        pytest.skip(f"{PEERS / repo} is absent")
    build(PEERS / repo, tmp_path / "out", writers=["nquads", "report"], incremental=False)
    result = validate(tmp_path / "out")
    assert result.conforms, [v for v in result.errors][:5]


def test_broken_data_is_reported_with_shape_and_file(examples_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(examples_build.out_dir, out, ignore=shutil.ignore_patterns("store", ".cache"))
    quads = list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    tg = "https://w3id.org/talkgraph/ns#"
    broken = []
    for quad in quads:
        if quad.predicate.value == tg + "resourceType":
            quad = ox.Quad(quad.subject, quad.predicate, ox.Literal("podcast-ish"), quad.graph_name)
        if quad.predicate.value == tg + "line" and "#L" in quad.subject.value:
            quad = ox.Quad(quad.subject, quad.predicate, ox.Literal("0", datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer")), quad.graph_name)
        broken.append(quad)
    (out / "graph.nq").write_bytes(ox.serialize(broken, format=ox.RdfFormat.N_QUADS))
    result = validate(out)
    assert not result.conforms
    shapes = result.by_shape()
    assert "NoteResource" in shapes and "Mention" in shapes
    assert any(v.file and v.file.endswith(".md") for v in shapes["NoteResource"])
    run = CliRunner().invoke(cli.app, ["validate", "-o", str(out)])
    assert run.exit_code == 1
    ok = CliRunner().invoke(cli.app, ["validate", "-o", str(examples_build.out_dir)])
    assert ok.exit_code == 0 and "conforms" in ok.output
    missing = CliRunner().invoke(cli.app, ["validate", "-o", str(tmp_path / "none")])
    assert missing.exit_code == 2
