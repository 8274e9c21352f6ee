"""`talkgraph serve` and `talkgraph push` against real servers on loopback."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.sparql.query import run_query

from .flood import stop

pytestmark = pytest.mark.server
QUERIES = Path(__file__).resolve().parents[2] / "schema" / "queries"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


@contextlib.contextmanager
def running(args: list[str], url: str, seconds: float = 30.0):
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(url, seconds)
        yield process
    finally:
        stop(process, timeout=10)


@pytest.fixture(scope="module")
def endpoint(examples_build):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(
        [sys.executable, "-m", "graph", "serve", "-o", str(examples_build.out_dir), "--port", str(port)], base + "/"
    ):
        yield base


SPEAKERS = "SELECT DISTINCT ?name WHERE { ?t a tg:Talk ; schema:performer ?p . ?p schema:name ?name } ORDER BY ?name"
FULL_SPEAKERS = "PREFIX tg: <https://w3id.org/talkgraph/ns#> PREFIX schema: <https://schema.org/> " + SPEAKERS


def test_sparqlwrapper_queries_serve(endpoint, examples_build):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(FULL_SPEAKERS)
    client.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert names == [row[0] for row in run_query(examples_build.out_dir, SPEAKERS).values()]
    assert "Alice MARTIN" in names


def test_rdflib_sparqlstore_queries_serve(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint + "/sparql", returnFormat="json")
    rows = list(store.query(FULL_SPEAKERS))
    assert "Bruno LEROY" in {str(row[0]) for row in rows}


@pytest.mark.parametrize(
    ("accept", "marker"),
    [
        ("application/sparql-results+json", '"bindings"'),
        ("application/sparql-results+xml", "<sparql"),
        ("text/csv", "name\r\n"),
        ("text/tab-separated-values", "?name"),
    ],
)
def test_content_negotiation_for_results(endpoint, accept, marker):
    response = httpx.post(
        endpoint + "/sparql", content=SPEAKERS, headers={"Content-Type": "application/sparql-query", "Accept": accept}
    )
    assert response.status_code == 200 and marker in response.text


@pytest.mark.parametrize(
    ("accept", "marker"),
    [
        ("text/turtle", "tg:Talk"),
        ("application/n-triples", "<https://w3id.org/talkgraph/ns#Talk>"),
        ("application/ld+json", "@id"),
    ],
)
def test_content_negotiation_for_graphs(endpoint, accept, marker):
    response = httpx.get(
        endpoint + "/sparql",
        params={"query": "CONSTRUCT { ?t a tg:Talk } WHERE { ?t a tg:Talk }"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200 and marker in response.text


def test_updates_are_refused_and_change_nothing(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = httpx.get(endpoint + "/sparql", params={"query": count}).json()
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    refused = [
        httpx.post(endpoint + "/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        httpx.post(endpoint + "/sparql", data={"update": update}),
        httpx.get(endpoint + "/sparql", params={"update": update}),
    ]
    assert all(400 <= r.status_code < 500 for r in refused)
    assert httpx.get(endpoint + "/sparql", params={"query": count}).json() == before


def test_query_page_and_errors(endpoint):
    page = httpx.get(endpoint + "/")
    assert (
        page.status_code == 200 and "talkgraph SPARQL" in page.text and "Speakers with their organisations" in page.text
    )
    assert httpx.get(endpoint + "/sparql").status_code == 400
    assert httpx.get(endpoint + "/sparql", params={"query": "SELEKT"}).status_code == 400


@pytest.mark.skipif(
    shutil.which("oxigraph") is None and not (Path(sys.executable).parent / "oxigraph").exists(),
    reason="the oxigraph server (PyPI package oxigraph) is not installed",
)
def test_push_twice_to_oxigraph_server_gives_the_same_answers(examples_build, tmp_path):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"], base + "/"):
        for _ in range(2):  # idempotent: PUT replaces each graph
            pushed = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "graph",
                    "push",
                    "-o",
                    str(examples_build.out_dir),
                    "--endpoint",
                    base + "/store",
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert pushed.returncode == 0, pushed.stderr
        for name in (
            "02-speakers-and-organisations.rq",
            "06-missed-talks-with-replay.rq",
            "07-notes-by-year-and-type.rq",
        ):
            text = (QUERIES / name).read_text(encoding="utf-8")
            response = httpx.post(
                base + "/query",
                params={"union-default-graph": ""},
                content=text.encode(),
                headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
            )
            assert response.status_code == 200, response.text
            data = response.json()
            theirs = [
                tuple(b.get(v, {}).get("value") for v in data["head"]["vars"]) for b in data["results"]["bindings"]
            ]
            assert theirs == run_query(examples_build.out_dir, text).values(), name


def test_shards_hold_every_quad_once(tmp_path):
    from graph import build

    from ..conftest import EXAMPLES

    result = build(EXAMPLES, tmp_path, shards=3, writers=["nquads", "shards"])
    shard_lines = [
        line for path in sorted((tmp_path / "shards").glob("*.nq")) for line in path.read_text().splitlines()
    ]
    assert len(list((tmp_path / "shards").glob("part-*.nq"))) == 3
    assert sorted(shard_lines) == sorted((result.out_dir / "graph.nq").read_text().splitlines())


def _oxigraph() -> str:
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.mark.skipif(
    shutil.which("oxigraph") is None and not (Path(sys.executable).parent / "oxigraph").exists(),
    reason="the oxigraph server (PyPI package oxigraph) is not installed",
)
def _readme_push_session(base: str) -> list[str]:
    """What the README's push session shows after each command, on this test's server."""
    from ..conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("$ oxigraph serve --location /tmp/oxi-db")
    block = text[start:text.index("```", start)].replace("http://127.0.0.1:7894", base)
    outputs = [(part.split("\n", 1) + [""])[1].strip() for part in block.split("\n$ ")[1:]]
    return [shown for shown in outputs if shown]  # the rebuild's command prints nothing


def test_push_deletes_the_graphs_of_deleted_notes_and_says_what_changed(tmp_path):
    from graph import build

    from ..conftest import EXAMPLES

    notes, out = tmp_path / "notes", tmp_path / "out"
    shutil.copytree(EXAMPLES, notes)
    build(notes, out)
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def push(*extra: str) -> str:
        done = subprocess.run([sys.executable, "-m", "graph", "push", "-o", str(out), "--endpoint", base + "/store",
                               *extra], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def remote_graphs() -> set[str]:
        response = httpx.post(base + "/query", content=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": "application/sparql-results+json"})
        return {b["g"]["value"] for b in response.json()["results"]["bindings"]}

    def quads_csv() -> str:
        query = "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }"
        response = httpx.post(base + "/query", content=query.encode(),
                              headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
        return response.text.replace("\r\n", "\n").strip()

    readme = _readme_push_session(base)
    with running([_oxigraph(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                 base + "/"):
        assert push().strip() == readme[0]
        assert push().strip() == readme[1] and "0 graphs added, 0 replaced, 0 deleted, 8 unchanged" in readme[1]
        assert quads_csv() == readme[2]
        gone = notes / "2024-10-12-pycon-demo-lyon.md"
        gone.unlink()
        build(notes, out)
        said = push()
        assert "0 graphs added" in said and " 1 deleted" in said, said
        assert said.strip() == readme[3]
        assert not any("pycon-demo-lyon" in g for g in remote_graphs())
        assert len(remote_graphs()) == 7
        assert "0 graphs added, 7 replaced, 0 deleted, 0 unchanged" in push("--all")


def test_the_query_page_turns_the_pages_of_a_listing(endpoint):
    """In Chromium: the 02 example shows the pager; page → runs page 2 (empty here), ← page 1 again."""
    from playwright.sync_api import expect  # its waits run in Playwright's own script: the page's CSP forbids eval

    from tests.outputs.browser import browser, chromium_available

    if not chromium_available():
        pytest.skip("chromium is not installed")
    with browser() as instance:
        page = instance.new_page()
        page.goto(endpoint + "/")
        page.select_option("#examples", label="Speakers with their organisations")
        expect(page.locator("#page")).to_have_text("page 1 (LIMIT 25 OFFSET 0)")
        page.click("#run")
        expect(page.locator("#status")).to_have_text("5 rows", timeout=60_000)
        assert "Erin WALSH" in page.inner_text("#results")
        page.click("#next")
        expect(page.locator("#status")).to_have_text("0 rows", timeout=60_000)
        assert page.inner_text("#page") == "page 2 (LIMIT 25 OFFSET 25)" and "OFFSET 25" in page.input_value("#query")
        page.click("#previous")
        expect(page.locator("#status")).to_have_text("5 rows", timeout=60_000)
        page.fill("#query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
        expect(page.locator("#pager")).to_be_hidden()
