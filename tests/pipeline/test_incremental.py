"""Incremental builds: only what an edit concerns is minted again, and the outputs are those of a fresh build.

Each scenario edits a copy of examples/, rebuilds into the same OUT (cache on), builds the
same notes from scratch into another OUT, and compares every export byte for byte — so a
note whose quads depend on a fact of *another* note (a person's slug, a tool candidate's
corpus-wide verdict, its folder's README) must not be served stale from the cache.
"""

from __future__ import annotations

import json
import shutil

from graph import build

FILES = ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "report.json", "graph.graphml",
         "graph.gexf", "graph.html")


def rebuild_matches_fresh(notes, tmp_path, label: str):
    """The incremental rebuild into OUT, checked against a from-scratch build of the same notes."""
    again = build(notes, tmp_path / "out", permalinks=False)
    fresh = build(notes, tmp_path / f"fresh-{label}", incremental=False, permalinks=False)
    for name in FILES:
        assert (again.out_dir / name).read_bytes() == (fresh.out_dir / name).read_bytes(), name
    return again


def first_build(notes, tmp_path):
    first = build(notes, tmp_path / "out", permalinks=False)
    assert first.minted == len(first.records)
    unchanged = build(notes, tmp_path / "out", permalinks=False)
    assert unchanged.minted == 0 and unchanged.cache_hits == len(first.records)
    return first


def test_one_note_changed_mints_one_note(notes, tmp_path):
    first_build(notes, tmp_path)
    changed = notes / "2022-12-04-profiling-python-mumut.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "edit")
    assert again.minted == 1
    assert "scalene" in (again.out_dir / "graph.trig").read_text(encoding="utf-8")


def test_deleted_note_leaves_every_output(notes, tmp_path):
    first_build(notes, tmp_path)
    (notes / "2023-09-02-domain-driven-design-distilled.md").unlink()
    again = rebuild_matches_fresh(notes, tmp_path, "delete")
    assert again.minted == 0
    for name in FILES:
        assert "domain-driven-design-distilled" not in (again.out_dir / name).read_text(encoding="utf-8"), name
    from graph.sparql.store import open_store

    assert not [g for g in open_store(again.out_dir).named_graphs() if "domain-driven-design" in g.value]


def test_a_person_merged_by_another_note_is_reminted_where_named(notes, tmp_path):
    """A new note names Alice by her link under another name: her slug changes in the note that named her first."""
    first_build(notes, tmp_path)
    before = (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")
    assert "/agent/alice-martin>" in before
    (notes / "2025-01-01-a-martin.md").write_text(
        "# Profiling, again\n\n- **url** = https://example.org/again\n- **type** = post\n"
        "- **auteur** = [A. Martin](https://alice.example.org)\n\n- py-spy encore\n", encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "person")
    after = (again.out_dir / "graph.nq").read_text(encoding="utf-8")
    assert "/agent/alice-martin>" not in after  # one group, one slug, in both notes
    naming = [p for p in notes.glob("*.md") if "alice" in p.read_text(encoding="utf-8").lower()]
    assert again.minted == len(naming) < len(again.records)  # the new note and those that named her, no other


def test_a_candidate_named_by_a_second_note_is_reminted(notes, tmp_path):
    """A second note naming a tool candidate changes its corpus-wide entity: the first note is minted again."""
    first = first_build(notes, tmp_path)
    assert "geo-talk" in first.report()["candidates"]
    (notes / "2025-02-02-geo.md").write_text(
        "# Geo, encore\n\n- **url** = https://example.org/geo\n- **type** = post\n\n"
        "- le code : [github](https://github.com/example/geo-talk), `pip install geo-talk`\n", encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "candidate")
    report = json.loads((again.out_dir / "report.json").read_text(encoding="utf-8"))
    assert report["candidates"].get("geo-talk", 0) + report["open_tools"].get("geo-talk", 0) >= 2
    assert again.minted == 2


def test_a_folder_readme_edit_remints_its_notes_only(notes, tmp_path):
    event = notes / "pycon"
    event.mkdir()
    (event / "README.md").write_text("# PyCon Demo\n\n- **date** = 2024-10-12\n- **lieu** = Lyon\n", encoding="utf-8")
    (event / "talk.md").write_text("# Un talk\n\n- **type** = talk\n\n- pytest partout\n", encoding="utf-8")
    first_build(notes, tmp_path)
    (event / "README.md").write_text("# PyCon Demo 2024\n\n- **date** = 2024-10-12\n- **lieu** = Lyon\n",
                                     encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "readme")
    assert 1 <= again.minted <= 2  # the README's notes, not the whole corpus


def test_records_are_whole_though_only_summaries_are_held(notes, tmp_path):
    """A cached build holds each record's summary; ``result.records`` still gives every record whole."""
    cached = build(notes, tmp_path / "out", permalinks=False, writers=["report"])
    again = build(notes, tmp_path / "out", permalinks=False, writers=["report"])  # summaries from the cache
    fresh = build(notes, tmp_path / "fresh", incremental=False, permalinks=False, writers=["report"])
    assert list(cached.records) == list(fresh.records) == list(again.records)
    assert cached.records[0] == fresh.records[0] and cached.records[-1] == fresh.records[-1]
    assert cached.records[1:3] == fresh.records[1:3]
    assert sum(len(r.mentions) for r in again.summaries) < sum(len(r.mentions) for r in fresh.records)
    assert all(not r.trace for r in again.summaries)
    assert again.report() == cached.report() == fresh.report()
    assert (tmp_path / "out" / ".cache" / "summaries").is_dir()


def test_summaries_share_one_mention_per_tool_and_keep_the_reported_ones(tmp_path):
    """Two notes naming pytest hold one shared mention of it; candidates and repairs stay whole."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for day in ("01", "02"):
        (notes / f"2024-01-{day}-mutants.md").write_text(
            f"# Mutants {day}\n\n## Mutants\n\n- [mutmut](https://mutmut.readthedocs.io/) et pytest\n"
            "- démo live avec mumut\n- encore pytest\n", encoding="utf-8")
    for round_ in ("cold", "cached"):
        result = build(notes, tmp_path / "out", permalinks=False, writers=["report"])
        named = [m for r in result.summaries for m in r.mentions if m.key == "pytest"]
        assert len(named) == 2 and named[0] is named[1], round_  # one per note, the same object
        assert named[0].line == 0 and named[0].surface == "pytest"
        repaired = [(r.path, m.line, m.surface) for r in result.summaries for m in r.mentions if m.corrected]
        whole = [(r.path, m.line, m.surface) for r in result.records for m in r.mentions if m.corrected]
        assert repaired == whole and repaired, round_
        assert result.report()["corrections"] == build(notes, tmp_path / f"fresh-{round_}", incremental=False,
                                                        permalinks=False, writers=["report"]).report()["corrections"]


def test_a_shared_mention_pickles_as_itself_and_the_others_as_their_fields(tmp_path):
    """Summaries read back from the cache share the one named mention rather than make one each."""
    import pickle

    from graph.extract.records import Mention, named_mention
    from graph.pipeline.build import SummaryCache

    dumps = SummaryCache(tmp_path).dumps
    shared = named_mention("tool", "pytest")
    assert pickle.loads(dumps(shared)) is shared
    alike = Mention(kind="tool", key="pytest", surface="pytest", line=0)  # equal, but not the shared one
    copy = pickle.loads(dumps(alike))
    assert copy == alike and copy is not shared
    whole = Mention(kind="tool", key="pytest", surface="PyTest", line=7, evidence="name")
    assert pickle.loads(dumps(whole)) == whole


def test_fragments_without_their_facts_entry_are_still_served(notes, tmp_path):
    """A cache written before the facts side entries (or missing some) is read whole and given them."""
    first_build(notes, tmp_path)
    facts, fragments = (tmp_path / "out" / ".cache" / name for name in ("fragment-facts", "fragments"))
    assert len(list(facts.rglob("*.pickle"))) == len(list(fragments.rglob("*.pickle")))
    shutil.rmtree(facts)
    changed = notes / "2022-12-04-profiling-python-mumut.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "no-facts")
    assert again.minted == 1 and facts.is_dir()


def test_the_code_of_every_part_a_cached_fragment_carries_is_in_its_key():
    """A cached Minted carries the note's entity-graph part and type counts beside its quads: a new
    version of that code (entity.py, result.py) must not be served the last version's parts."""
    import inspect
    from pathlib import Path

    from graph.network import EntityGraphBuilder
    from graph.outputs.fragment import Fragment
    from graph.pipeline import fragments
    from graph.pipeline.result import TypeCounter

    sources = set(fragments.mint_sources())
    for carried in (EntityGraphBuilder, TypeCounter, Fragment, fragments.Minted):
        assert Path(inspect.getsourcefile(carried)) in sources, carried


def test_a_new_version_of_the_minting_code_mints_every_note_again(notes, tmp_path, monkeypatch):
    from graph.pipeline import fragments

    first = first_build(notes, tmp_path)
    changed = tmp_path / "entity.py"
    changed.write_text("# another version of the entity graph's parts\n", encoding="utf-8")
    sources = fragments.mint_sources()
    monkeypatch.setattr(fragments, "mint_sources", lambda: [*sources, changed])
    fragments.mint_fingerprint.cache_clear()
    try:
        again = build(notes, tmp_path / "out", permalinks=False)
    finally:
        fragments.mint_fingerprint.cache_clear()
    assert again.minted == len(first.records)


def _written(out, names=("graph.graphml", "graph.gexf")) -> dict[str, tuple[int, int]]:
    return {name: ((out / name).stat().st_ino, (out / name).stat().st_mtime_ns) for name in names}


def test_an_edit_that_leaves_the_entity_graph_leaves_graphml_and_gexf_unwritten(notes, tmp_path):
    first_build(notes, tmp_path)
    before = _written(tmp_path / "out")
    trig = (tmp_path / "out" / "graph.trig").stat()
    changed = notes / "2022-12-04-profiling-python-mumut.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne phrase de plus, relue deux fois.\n",
                       encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "prose")
    assert again.minted == 1
    assert _written(again.out_dir) == before
    rewritten = (again.out_dir / "graph.trig").stat()  # the rest is written: a new file put in place
    assert (rewritten.st_ino, rewritten.st_size) != (trig.st_ino, trig.st_size)


def test_an_edit_that_changes_the_entity_graph_writes_them_again(notes, tmp_path):
    first_build(notes, tmp_path)
    before = _written(tmp_path / "out")
    changed = notes / "2022-12-04-profiling-python-mumut.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "- et aussi scalene\n", encoding="utf-8")
    again = rebuild_matches_fresh(notes, tmp_path, "tool")
    after = _written(again.out_dir)
    assert all(after[name] != before[name] for name in before)


def test_graphml_touched_or_removed_by_hand_is_written_again(notes, tmp_path):
    first = first_build(notes, tmp_path)
    graphml, gexf = first.out_dir / "graph.graphml", first.out_dir / "graph.gexf"
    whole = graphml.read_bytes()
    graphml.write_bytes(whole.replace(b"<graphml", b"<graphml ", 1))
    gexf.unlink()
    rebuild_matches_fresh(notes, tmp_path, "touched")
    assert graphml.read_bytes() == whole and gexf.is_file()


def test_without_the_cache_they_are_always_written(notes, tmp_path):
    out = tmp_path / "out"
    build(notes, out, incremental=False, permalinks=False)
    before = _written(out)
    build(notes, out, incremental=False, permalinks=False)
    after = _written(out)
    assert all(after[name] != before[name] for name in before)


def test_the_forked_analytics_name_their_shape_too(notes, tmp_path, monkeypatch):
    """With two jobs and a graph past FORK_NODES the analytics come from a forked process: the files stay too."""
    from graph.pipeline import network

    monkeypatch.setattr(network, "FORK_NODES", 1)
    build(notes, tmp_path / "out", permalinks=False, jobs=2)
    before = _written(tmp_path / "out")
    changed = notes / "2022-12-04-profiling-python-mumut.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    again = build(notes, tmp_path / "out", permalinks=False, jobs=2)
    assert again.network[1].digest
    assert _written(again.out_dir) == before
