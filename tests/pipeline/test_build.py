"""The whole build: exports parse back, determinism, IRIs, bad input, CLI errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
import rdflib

from graph import build
from graph.errors import BuildCancelled
from graph.rdf.iris import Minter, resolve_agents
from graph.rdf.namespaces import DEFAULT_BASE

from ..conftest import CORPUS, EXAMPLES, needs_corpus

FORMATS = {"graph.trig": ("trig", ox.RdfFormat.TRIG), "graph.nq": ("nquads", ox.RdfFormat.N_QUADS),
           "graph.ttl": ("turtle", ox.RdfFormat.TURTLE), "graph.nt": ("nt", ox.RdfFormat.N_TRIPLES),
           "graph.jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_exports_parse_back_to_the_same_count(examples_build, name):
    path = examples_build.out_dir / name
    rd_format, ox_format = FORMATS[name]
    if rd_format in ("trig", "nquads"):
        rd = rdflib.Dataset()
        rd.parse(path, format=rd_format)
        rd_count = sum(1 for _ in rd.quads((None, None, None, None)))
    else:
        rd = rdflib.Graph()
        rd.parse(path, format=rd_format)
        rd_count = len(rd)
    ox_count = sum(1 for _ in ox.parse(path=str(path), format=ox_format))
    assert rd_count == ox_count > 100


def test_trig_has_one_graph_per_note(examples_build):
    graphs = {q.graph_name.value for q in ox.parse(path=str(examples_build.out_dir / "graph.trig"),
                                                  format=ox.RdfFormat.TRIG)}
    notes = {Minter().note(p.name) for p in EXAMPLES.glob("*.md")}
    assert notes <= graphs
    assert "https://w3id.org/talkgraph/vocabulary" in graphs


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) is not installed")
def test_rapper_accepts_turtle(examples_build):
    result = subprocess.run(["rapper", "-i", "turtle", "-c", str(examples_build.out_dir / "graph.ttl")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "returned" in result.stderr


def test_same_input_gives_byte_identical_files(tmp_path):
    first = build(EXAMPLES, tmp_path / "a")
    second = build(EXAMPLES, tmp_path / "b")
    for name in ("graph.trig", "graph.ttl", "graph.nt", "graph.nq", "graph.jsonld"):
        assert (first.out_dir / name).read_bytes() == (second.out_dir / name).read_bytes(), name


def test_base_iri_is_configurable(tmp_path):
    result = build(EXAMPLES, tmp_path, base="https://notes.example.org/kg")
    subjects = {q.subject.value for q in result.quads if isinstance(q.subject, ox.NamedNode)}
    assert any(s.startswith("https://notes.example.org/kg/note/") for s in subjects)
    assert not any(s.startswith(DEFAULT_BASE) for s in subjects)


def test_iris_are_readable_and_stable():
    minter = Minter("https://x.example/")
    assert minter.note("2023-02-18-pyconfr-talence.md") == "https://x.example/note/2023-02-18-pyconfr-talence"
    assert minter.talk("a/b.md", "Fear the mutants. Love the mutants.") == \
        "https://x.example/talk/a/b/fear-the-mutants-love-the-mutants"
    assert minter.tag("language", ("Python",)) == "https://x.example/tag/language/python"
    assert minter.note("dir/é x.md") == "https://x.example/note/dir/%C3%A9%20x"


def test_same_person_is_one_iri_across_notes(corpus_or_examples_records):
    index = resolve_agents(corpus_or_examples_records)
    assert index.by_name  # every agent has a slug
    from graph.extract.records import Agent

    assert index.slug_for(Agent(name="Alice MARTIN")) == index.slug_for(Agent(name="alice martin"))


@pytest.fixture
def corpus_or_examples_records(examples_build):
    return examples_build.records


def test_agents_merge_by_link(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-01-01-a.md").write_text("# A\n\n- **url** = https://a.example\n- **type** = post\n"
                                           "- **auteur** = [Julia EVANS](https://jvns.example/about/)\n")
    (notes / "2024-01-02-b.md").write_text("# B\n\n- **url** = https://b.example\n- **type** = post\n"
                                           "- **auteur** = [Julia Evans-Smith](https://jvns.example/about)\n")
    result = build(notes, tmp_path / "out")
    authors = {q.object.value for q in result.quads if q.predicate.value == "https://schema.org/author"}
    assert len(authors) == 1


def test_bad_input_warns_and_goes_on(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-01-01-good.md").write_text("# Good\n\n- **url** = https://good.example\n- **type** = post\n")
    (notes / "2024-01-02-cp1252.md").write_bytes("# Caf\xe9 cr\xe8me\n\n- **type** = vid\xe9o\n".encode("cp1252"))
    (notes / "empty.md").write_bytes(b"")
    (notes / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    (notes / "no-title.md").write_text("just a line\n")
    result = build(notes, tmp_path / "out")
    warnings = [str(w) for w in result.warnings]
    assert any(w.startswith("2024-01-02-cp1252.md") and "cp1252" in w for w in warnings)
    assert any(w.startswith("empty.md") and "empty" in w for w in warnings)
    assert any(w.startswith("binary.md") and "binary" in w for w in warnings)
    assert any(w.startswith("no-title.md:1") for w in warnings)
    titles = {r.title for r in result.records}
    assert {"Good", "Café crème"} <= titles


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, timeout=120)


def test_cli_missing_folder_is_one_line_exit_2(tmp_path):
    result = run_cli("build", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "notes folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_unwritable_output_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("build", str(EXAMPLES), "-o", str(blocker / "out"))
    assert result.returncode == 2
    assert "cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_build_reports(tmp_path):
    result = run_cli("build", str(EXAMPLES), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "read 5 notes" in result.stdout
    assert "graph.trig" in result.stdout


@needs_corpus
def test_corpus_builds_without_crash(corpus_build):
    assert len(corpus_build.records) == len(list(CORPUS.glob("*.md")))
    assert corpus_build.skipped == []


def test_parallel_and_serial_builds_are_identical(tmp_path, monkeypatch):
    build_module = sys.modules["graph.pipeline.extract"]

    monkeypatch.setattr(build_module, "PARALLEL_MIN_NOTES", 1)
    monkeypatch.setattr(sys.modules["graph.pipeline.fragments"], "PARALLEL_MIN_NOTES", 1)  # minting in workers
    network = sys.modules["graph.pipeline.network"]
    monkeypatch.setattr(network, "FORK_NODES", 1)  # the analytics in a process of their own
    forked = []

    class Counted(network.Forked):
        def __init__(self, *args, **options):
            super().__init__(*args, **options)
            forked.append(self.process.name)

    monkeypatch.setattr(network, "Forked", Counted)
    serial = build(EXAMPLES, tmp_path / "serial", jobs=1, incremental=False)
    assert forked == []
    parallel = build(EXAMPLES, tmp_path / "parallel", jobs=2, incremental=False)  # writers side by side, too
    assert forked == ["talkgraph-analytics"]
    for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.jsonld", "report.json", "graph.graphml", "graph.html"):
        assert (serial.out_dir / name).read_bytes() == (parallel.out_dir / name).read_bytes(), name
    assert parallel.minted == len(parallel.records)
    kept = list((tmp_path / "parallel" / ".cache" / "analytics").glob("*.pickle"))
    assert len(kept) == 1
    written = kept[0].stat().st_mtime_ns
    again = build(EXAMPLES, tmp_path / "parallel", jobs=2)  # the forked analytics were kept: read back, the same
    assert forked == ["talkgraph-analytics"] * 2 and kept[0].stat().st_mtime_ns == written
    assert (again.out_dir / "graph.graphml").read_bytes() == (serial.out_dir / "graph.graphml").read_bytes()


def test_incremental_rebuild_uses_cache_and_drops_deleted_notes(tmp_path):
    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    out = tmp_path / "out"
    first = build(notes, out)
    assert first.cache_hits == 0
    again = build(notes, out)
    assert again.cache_hits == len(first.records)
    assert (out / "graph.trig").read_bytes() == (first.out_dir / "graph.trig").read_bytes()
    changed = notes / "2022-12-04-profiling-python-mumut.md"
    changed.write_text(changed.read_text().replace("Profiling Python code", "Profiling Python programs"))
    (notes / "2023-09-02-domain-driven-design-distilled.md").unlink()
    third = build(notes, out)
    assert third.cache_hits == len(first.records) - 2
    trig = (out / "graph.trig").read_text()
    assert "Profiling Python programs" in trig
    for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "graph.html", "graph.graphml"):
        assert "domain-driven-design-distilled" not in (out / name).read_text(), name
    from graph.sparql.store import open_store

    assert not [g for g in open_store(out).named_graphs() if "domain-driven-design" in g.value]
    fresh = build(notes, tmp_path / "fresh", incremental=False)
    for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "graph.html"):
        assert (out / name).read_bytes() == (fresh.out_dir / name).read_bytes(), name
    assert set(open_store(out)) == set(open_store(fresh.out_dir))


def test_union_exports_hold_each_triple_of_every_graph_once(examples_build):
    """graph.nt (streamed, deduplicated by subject locality) is exactly the store's union, without repeats."""
    from graph.sparql.store import open_store, union_triples

    lines = (examples_build.out_dir / "graph.nt").read_text(encoding="utf-8").splitlines()
    parsed = [ox.Triple(q.subject, q.predicate, q.object)
              for q in ox.parse(path=str(examples_build.out_dir / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)]
    assert len(parsed) == len(set(parsed)) == len([line for line in lines if line.strip()])
    assert set(parsed) == set(union_triples(open_store(examples_build.out_dir)))


def test_streamed_dataset_equals_the_store(examples_build):
    """graph.nq is written while minting, OUT/store loaded at the same time: the same quads, term for term."""
    from graph.sparql.store import named_quads, open_store

    streamed = set(ox.parse(path=str(examples_build.out_dir / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    assert streamed == set(named_quads(open_store(examples_build.out_dir)))


def test_union_exports_are_one_graph_for_rdflib(examples_build):
    """Turtle, N-Triples and JSON-LD written by Oxigraph and our compactor: rdflib reads the very same triples."""
    graphs = {name: set(rdflib.Graph().parse(examples_build.out_dir / name, format=fmt))
              for name, fmt in (("graph.nt", "nt"), ("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"))}
    assert graphs["graph.nt"] == graphs["graph.ttl"] == graphs["graph.jsonld"]
    trig = rdflib.Dataset()
    trig.parse(examples_build.out_dir / "graph.trig", format="trig")
    assert {(s, p, o) for s, p, o, _ in trig.quads((None, None, None, None))} == graphs["graph.nt"]


def test_a_build_leaves_the_cyclic_collector_as_it_found_it(tmp_path):
    """A build holds the collector off (rarer young collections, what is alive frozen) and gives it back:
    a library caller's process keeps its thresholds and nothing stays frozen, also when the build fails."""
    import gc

    before = gc.get_threshold()
    build(EXAMPLES, tmp_path / "out", permalinks=False, jobs=1)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    answers = iter([False, False])  # carry on through extraction, then stop while minting
    with pytest.raises(BuildCancelled):
        build(EXAMPLES, tmp_path / "out", permalinks=False, jobs=1, cancel=lambda: next(answers, True))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
