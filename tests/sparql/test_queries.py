"""The example queries of schema/queries/ against the examples build, and roqet as a cross-check."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.network import ANALYTICS_GRAPH
from graph.rdf.namespaces import ONTOLOGY_GRAPH, VOCABULARY_GRAPH
from graph.sparql.paging import Page, everything, page_of, paged, with_page
from graph.sparql.query import run_query

QUERIES = Path(__file__).resolve().parents[2] / "schema" / "queries"
EVENT = "PyCon Démo Lyon"
EXPECTED = {
    "01-talks-mentioning-a-tool.rq": [("Profiler la mémoire avec memray", EVENT)],
    "02-speakers-and-organisations.rq": [
        ("Alice MARTIN", "Datacorp", "Profiler la mémoire avec memray"),
        ("Bruno LEROY", "Testlab", "Fear no mutant"),
        ("Chloé DURAND", None, "Fear no mutant"),
        ("Denis PETIT", "geoexample", "Cartes et données géographiques avec GeoPandas"),
        ("Erin WALSH", "Cloudnine", "Testing in Production, Safely"),
    ],
    "03-tools-co-mentioned.rq": [("cosmic-ray", "1"), ("mutmut", "1")],
    "04-topics-by-talks.rq": [
        (topic, "1")
        for topic in ("asynchronous programming", "chaos engineering", "code coverage", "deployment", "feature flags",
                      "flame graphs", "geospatial data", "memory profiling", "mutation testing", "observability",
                      "packaging", "profiling", "testing")
    ],
    "05-where-a-tool-is-mentioned.rq": [("2024-10-12-pycon-demo-lyon.md", "27", "valgrind")],
    "06-missed-talks-with-replay.rq": [
        ("Async sans douleur avec asyncio", "https://videos.example.org/w/async2024", EVENT),
        ("Packaging Python en 2024", "https://videos.example.org/w/pack2024", EVENT),
    ],
    "07-notes-by-year-and-type.rq": [
        ("2016", "book", "1"), ("2022", "blogpost", "1"), ("2023", "video", "1"), ("2024", "blogpost", "1"),
        ("2024", "conference", "1"),
    ],
    "08-speakers-also-cited.rq": [
        ("Alice MARTIN", "Profiler la mémoire avec memray", "Profiling Python code: a practical tour")
    ],
    "10-typo-corrections.rq": [("2024-10-12-pycon-demo-lyon.md", "37", "mumut", "mutmut")],
    "11-candidate-tools.rq": [("geo-talk", "1", "2024-10-12-pycon-demo-lyon.md")],
    "12-note-taker-opinions.rq": [("2024-10-12-pycon-demo-lyon.md", "27", "valgrind", "Valgrind")],
    "13-event-programme.rq": [
        (EVENT, "2024-10-12", "Lyon", "Cartes et données géographiques avec GeoPandas", None, "true"),
        (EVENT, "2024-10-12", "Lyon", "Fear no mutant", "PT1H", "true"),
        (EVENT, "2024-10-12", "Lyon", "Profiler la mémoire avec memray", "PT30M", "true"),
        (EVENT, "2024-10-12", "Lyon", "Async sans douleur avec asyncio", "PT1H", "false"),
        (EVENT, "2024-10-12", "Lyon", "Packaging Python en 2024", "PT30M", "false"),
    ],
}
# 01 uses a SPARQL 1.1 property path (schema:about?), which rasqal does not implement; 02 (and 08)
# two GROUP_CONCATs, to which rasqal 0.9 gives the first one's value
ROQET_CHECKED = ["03-tools-co-mentioned.rq", "04-topics-by-talks.rq",
                 "05-where-a-tool-is-mentioned.rq", "06-missed-talks-with-replay.rq", "07-notes-by-year-and-type.rq",
                 "12-note-taker-opinions.rq", "13-event-programme.rq"]


def test_every_query_file_is_tested():
    assert {p.name for p in QUERIES.glob("*.rq")} == set(EXPECTED) | {"09-most-mentioned-tools.rq"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_gives_expected_rows(examples_build, name):
    result = run_query(examples_build.out_dir, (QUERIES / name).read_text(encoding="utf-8"))
    assert result.values() == EXPECTED[name]


def test_most_mentioned_tools(examples_build):
    rows = run_query(examples_build.out_dir, (QUERIES / "09-most-mentioned-tools.rq").read_text()).values()
    assert rows[:3] == [("Python", "3", "4"), ("memray", "2", "4"), ("tracemalloc", "2", "2")]
    assert len(rows) == 25


# What some queries leave out because the data model implies it (schema/queries/README.md):
# a type test costs one store lookup per row. (property, class it implies, queries relying on it)
IMPLIED_TYPES = [("tg:attended", "tg:Talk", "06, 13"), ("tg:byNoteTaker", "tg:Mention", "12")]


@pytest.mark.parametrize(("prop", "cls", "queries"), IMPLIED_TYPES)
def test_types_the_queries_take_as_implied(examples_build, prop, cls, queries):
    """Every subject of the property has the class (its rdfs:domain), so leaving the test out keeps the rows."""
    where = f"?x {prop} ?y"
    used = run_query(examples_build.out_dir, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").values()
    untyped = run_query(examples_build.out_dir,
                        f"SELECT ?x WHERE {{ {where} FILTER NOT EXISTS {{ ?x a {cls} }} }}").values()
    assert int(used[0][0]) > 0 and untyped == [], f"queries {queries} assume every {prop} implies {cls}"


def test_only_the_resources_of_notes_have_a_resource_type(examples_build):
    """07 counts the subjects of tg:resourceType without joining the notes: each is what a note is about."""
    out = examples_build.out_dir
    typed = run_query(out, "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r tg:resourceType ?t }").values()
    orphans = run_query(out, "SELECT ?r WHERE { ?r tg:resourceType ?t "
                             "FILTER NOT EXISTS { ?note a tg:Note ; schema:about ?r } }").values()
    assert int(typed[0][0]) > 0 and orphans == [], "07 assumes every tg:resourceType is a note's resource"


# The listings that are long at 10k notes answer a page of 25 things at a time (schema/queries/README.md)
PAGED = ["02-speakers-and-organisations.rq", "06-missed-talks-with-replay.rq", "08-speakers-also-cited.rq",
         "13-event-programme.rq"]


def test_the_long_listings_are_paged_and_the_others_are_not():
    pages = {path.name: page_of(path.read_text(encoding="utf-8")) for path in QUERIES.glob("*.rq")}
    assert {name for name, page in pages.items() if page} == set(PAGED)
    assert all(pages[name] == Page(25, 0) for name in PAGED)


@pytest.mark.parametrize("name", PAGED)
def test_the_pages_together_are_the_whole_listing(examples_build, name):
    """Page after page, one thing a page, until an empty one: the rows of --all, in its order."""
    text = (QUERIES / name).read_text(encoding="utf-8").replace("LIMIT 25 OFFSET 0", "LIMIT 1 OFFSET 0")
    whole = run_query(examples_build.out_dir, everything(text)).values()
    rows, number = [], 1
    while page := run_query(examples_build.out_dir, with_page(text, number)).values():
        rows += page
        number += 1
    assert rows == whole == EXPECTED[name]
    assert number > (2 if name == PAGED[0] else 1)  # 02: five speakers, five pages


def test_a_page_is_the_one_limit_offset_outside_comments():
    query = "# LIMIT 9 OFFSET 9 in a comment\nSELECT ?s WHERE { ?s <https://x.org/ns#p> ?o } LIMIT 10 OFFSET 20 # ok"
    assert page_of(query) == Page(10, 20) and page_of(query).number == 3
    assert "LIMIT 10 OFFSET 40 # ok" in with_page(query, 5) and "LIMIT 9 OFFSET 9" in with_page(query, 5)
    assert "LIMIT" not in everything(query).split("\n")[1]
    assert page_of("SELECT * WHERE { ?s ?p ?o } LIMIT 5") is None
    two = "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 OFFSET 0 } } LIMIT 2 OFFSET 0"
    assert page_of(two) is None and paged(two) == (two, None) and everything(two) == two
    with pytest.raises(QueryError, match="no page"):
        with_page("SELECT * WHERE { ?s ?p ?o }", 2)
    with pytest.raises(QueryError, match="from 1"):
        with_page(query, 0)


def _normalise(rows):
    return sorted(tuple(cell or "" for cell in row) for row in rows)


@pytest.fixture(scope="module")
def used_graph(examples_build, tmp_path_factory):
    """The note graphs and what the vocabularies say of the entities they use, as N-Triples.

    roqet is an in-memory engine: the whole vocabulary (thousands of tools) makes its joins
    take minutes, and the entities no note uses cannot change any example's answer.
    """
    quads = list(ox.parse(path=str(examples_build.out_dir / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    vocabularies = {ONTOLOGY_GRAPH, VOCABULARY_GRAPH, ANALYTICS_GRAPH}
    notes = [q for q in quads if q.graph_name.value not in vocabularies]
    used = {q.object for q in notes} | {q.subject for q in notes}
    used |= {q.object for q in quads if q.subject in used and q.graph_name.value == VOCABULARY_GRAPH}
    kept = {ox.Triple(q.subject, q.predicate, q.object) for q in quads
            if q.graph_name.value not in vocabularies or q.subject in used}
    path = tmp_path_factory.mktemp("roqet") / "used.nt"
    path.write_bytes(ox.serialize(sorted(kept, key=str), format=ox.RdfFormat.N_TRIPLES))
    return path


@pytest.mark.skipif(shutil.which("roqet") is None, reason="rasqal-utils (roqet) is not installed")
@pytest.mark.parametrize("name", ROQET_CHECKED)
def test_roqet_agrees_with_talkgraph(examples_build, used_graph, name):
    query = QUERIES / name
    roqet = subprocess.run(["roqet", "-q", "-i", "sparql", "-D", str(used_graph), "-r", "csv", str(query)],
                           capture_output=True, text=True, timeout=120)
    assert roqet.returncode in (0, 2), roqet.stderr  # rasqal exits 2 after warnings about aggregates
    theirs = list(csv.reader(io.StringIO(roqet.stdout)))[1:]
    ours = run_query(examples_build.out_dir, query.read_text(encoding="utf-8")).values()
    assert ours and _normalise(theirs) == _normalise(ours)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, timeout=120)


def test_cli_query_csv_and_table(examples_build):
    out = str(examples_build.out_dir)
    csv_run = run_cli("query", "-o", out, "--format", "csv", str(QUERIES / "02-speakers-and-organisations.rq"))
    assert csv_run.returncode == 0, csv_run.stderr
    lines = csv_run.stdout.strip().splitlines()
    assert lines[0] == "speaker,organisations,talks"
    assert len(lines) == 1 + len(EXPECTED["02-speakers-and-organisations.rq"])
    assert "page 1 (LIMIT 25 OFFSET 0): --page 2 for the next" in csv_run.stderr
    past = run_cli("query", "-o", out, "--page", "2", str(QUERIES / "02-speakers-and-organisations.rq"))
    assert past.returncode == 0 and "0 rows, page 2 (LIMIT 25 OFFSET 25): past the last page" in past.stderr
    every = run_cli("query", "-o", out, "--all", str(QUERIES / "02-speakers-and-organisations.rq"))
    assert every.returncode == 0 and every.stderr.strip() == "5 rows" and "Erin WALSH" in every.stdout
    unpaged = run_cli("query", "-o", out, "--page", "2", str(QUERIES / "04-topics-by-talks.rq"))
    assert unpaged.returncode == 2 and "no page" in unpaged.stderr
    table = run_cli("query", "-o", out, "SELECT ?n WHERE { ?t a tg:Talk ; schema:name ?n } ORDER BY ?n LIMIT 1")
    assert table.returncode == 0 and "Async sans douleur" in table.stdout
    ask = run_cli("query", "-o", out, "ASK { ?t a tg:Talk }")
    assert ask.stdout.strip() == "yes"
    construct = run_cli("query", "-o", out, "--format", "turtle", "CONSTRUCT { ?t a tg:Talk } WHERE { ?t a tg:Talk }")
    assert construct.returncode == 0 and "tg:Talk" in construct.stdout
    bad = run_cli("query", "-o", out, "SELEKT nothing")
    assert bad.returncode == 2 and "syntax" in bad.stderr.lower()


def test_sort_keys_made_in_the_query_keep_the_order(tmp_path):
    """The queries sort on CONCAT("~", name) (compared in memory) instead of the stored name: same order.

    Names that sort before or after the prefix, share prefixes, carry accents or a language tag
    (CONCAT drops it), or are missing (an unbound key sorts first, as an unbound name does).
    """
    store = ox.Store(str(tmp_path / "store"))
    names = ["Zeta", "alpha", "Émile", "~tilde", "!bang", "a b", "ab", "a", "", "日本", "Zeta two", "ZETA"]
    name = ox.NamedNode("https://schema.org/name")
    for i, value in enumerate(names):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/{i}"), name, ox.Literal(value)))
    store.add(ox.Quad(ox.NamedNode("https://example.org/fr"), name, ox.Literal("Émilie", language="fr")))
    store.add(ox.Quad(ox.NamedNode("https://example.org/none"), ox.NamedNode("https://schema.org/url"),
                      ox.Literal("x")))
    body = "?s ?p ?o OPTIONAL { ?s <https://schema.org/name> ?n }"
    plain = [r["s"] for r in store.query(f"SELECT ?s WHERE {{ {body} }} ORDER BY ?n ?s")]
    keyed = [r["s"] for r in store.query(f'SELECT ?s WHERE {{ {body} BIND(CONCAT("~", ?n) AS ?k) }} ORDER BY ?k ?s')]
    assert keyed == plain and len(plain) == len(names) + 2
