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


def test_what_a_convention_need_not_give_is_information_not_a_warning(tmp_path):
    """A talk heard in a room has no URL and a conference report's file name no date: no warning.
    A video note without its URL is a note to improve: a warning, with its file."""
    notes = tmp_path / "notes"
    (notes / "devconf-2016").mkdir(parents=True)
    (notes / "devconf-2016" / "README.md").write_text("# DevConf - Brno 2016\n")
    (notes / "devconf-2016" / "fast_tests.md").write_text(
        "## Fast Tests\n\n### Ann Lee\n\n- keep the suite under a minute with pytest-xdist\n")
    (notes / "2016-03-01-a-video.md").write_text(
        "# A video on profiling\n\n- **type** = vidéo\n- **auteur** = Bob Stone\n\nOn mesure avec memray.\n")
    build(notes, tmp_path / "out", writers=["nquads", "report"], incremental=False, permalinks=False)
    result = validate(tmp_path / "out")
    assert result.conforms
    assert [(v.shape, v.file) for v in result.warnings] == [("OnlineResource", "2016-03-01-a-video.md")]
    assert {v.shape for v in result.infos} == {"DatedNote"}
    assert {v.file for v in result.infos} == {"devconf-2016/README.md", "devconf-2016/fast_tests.md"}
    run = CliRunner().invoke(cli.app, ["validate", "-o", str(tmp_path / "out")])
    assert run.exit_code == 0 and "0 violations, 1 warning; 2 information results (--all lists them)" in run.output
    assert "fast_tests.md" not in run.output
    assert "fast_tests.md" in CliRunner().invoke(cli.app, ["validate", "-o", str(tmp_path / "out"), "--all"]).output
