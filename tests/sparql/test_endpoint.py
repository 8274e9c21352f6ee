"""The endpoint follows the notes: negotiation, HEAD, the notes view, live reload, /events, watch, a busy port."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from graph import build
from graph.sparql.notes_view import note_file, render_note
from graph.sparql.serve import negotiate

from ..conftest import CORPUS, EXAMPLES
from .test_serve import free_port, running

SEED = "2023-02-18-pyconfr-talence.md"


@pytest.mark.parametrize(("accept", "select", "graph"), [
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "xml", None),
    ("*/*", "json", "turtle"),
    ("", "json", "turtle"),
    ("text/*", "csv", "turtle"),
    ("application/*;q=0.2, text/tab-separated-values", "tsv", "ntriples"),
    ("text/csv;q=0, */*;q=0.1", "json", "turtle"),
    ("image/png", None, None),
    ("application/n-triples, text/turtle;q=0.8", None, "ntriples"),
    ("not a media type, text/csv", "csv", None),
])
def test_content_negotiation_follows_rfc_9110(accept, select, graph):
    chosen = negotiate(accept)
    assert (chosen["select"], chosen["graph"]) == (select, graph)


def test_only_markdown_files_inside_the_notes_folder_are_served(tmp_path):
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "sub" / "a.md").write_text("# A\n")
    (notes / ".hidden").mkdir()
    (notes / ".hidden" / "b.md").write_text("# B\n")
    (notes / "c.txt").write_text("c")
    (tmp_path / "secret.md").write_text("# secret\n")
    (notes / "link.md").symlink_to(tmp_path / "secret.md")
    assert note_file(notes, "sub/a.md") == (notes / "sub" / "a.md").resolve()
    for bad in ("../secret.md", "sub/../../secret.md", "/etc/passwd", str(tmp_path / "secret.md"), ".hidden/b.md",
                "c.txt", "link.md", "sub\\..\\..\\secret.md", "", "sub/a.md\x00"):
        assert note_file(notes, bad) is None, bad


def test_a_note_is_shown_as_text_with_one_anchor_per_line():
    page = render_note("x.md", "# <script>alert(1)</script>\n\nline three\n")
    assert '<span class="l" id="L3"><a href="#L3">3</a>line three</span>' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'id="L4"' not in page


@pytest.fixture()
def own_build(tmp_path):
    """A build of a copy of examples/ that a test may change and rebuild."""
    notes = tmp_path / "notes"
    shutil.copytree(EXAMPLES, notes)
    (notes / "2099-01-01-hostile.md").write_text(
        "# <script>alert('x')</script> hostile\n\n- **type** = article\n\ntext <img src=x onerror=alert(2)>\n")
    out = tmp_path / "out"
    build(notes, out)
    return notes, out


class Events:
    """A real /events client, reading in a thread."""

    def __init__(self, url: str):
        self.events: list[tuple[str, dict]] = []
        self.thread = threading.Thread(target=self._read, args=(url,), daemon=True)
        self.thread.start()

    def _read(self, url: str) -> None:
        kind = None
        with contextlib.suppress(httpx.HTTPError), httpx.stream(
                "GET", url, timeout=httpx.Timeout(5.0, read=None)) as response:
            for line in response.iter_lines():  # until the server stops
                if line.startswith("event:"):
                    kind = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and kind:
                    self.events.append((kind, json.loads(line.split(":", 1)[1])))

    def wait(self, kind: str, count: int, seconds: float) -> list[dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [data for name, data in self.events if name == kind]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{count} '{kind}' events expected, got {self.events}")


ASK_TITLE = "ASK {{ ?r schema:name ?n FILTER(CONTAINS(?n, \"{}\")) }}"


def ask(base: str, text: str) -> tuple[bool, str]:
    response = httpx.get(base + "/sparql", params={"query": ASK_TITLE.format(text)},
                         headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["boolean"], response.headers.get("x-talkgraph-build", "")


@contextlib.contextmanager
def serving(out: Path):
    """``talkgraph serve -o OUT`` on a free loopback port: (base URL, port)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "graph", "serve", "-o", str(out), "--port", str(port)], base + "/"):
        yield base, port


@pytest.mark.server
def test_the_running_endpoint_serves_each_new_build_and_announces_it(own_build):
    notes, out = own_build
    with serving(out) as (base, port):
        events = Events(base + "/events")
        first = events.wait("hello", 1, 10)[0]["build"]
        assert ask(base, "Rebuilt while serving") == (False, first)
        note = notes / "2024-10-12-pycon-demo-lyon.md"
        note.write_text(note.read_text().replace("# PyCon Démo Lyon", "# Rebuilt while serving"))
        result = build(notes, out)
        assert ask(base, "Rebuilt while serving") == (True, result.manifest["build"])
        announced = events.wait("build", 1, 5)[0]
        assert announced["build"] == result.manifest["build"] and "graph.html" in announced["outputs"]
        assert httpx.get(base + "/build").json()["build"] == result.manifest["build"]


@pytest.mark.server
def test_head_accept_q_values_and_the_notes_view(own_build):
    notes, out = own_build
    with serving(out) as (base, port):
        query = {"query": "SELECT ?n WHERE { ?t a tg:Talk ; schema:name ?n }"}
        head = httpx.head(base + "/sparql", params=query)
        get = httpx.get(base + "/sparql", params=query)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"] == "application/sparql-results+json"
        xml = httpx.get(base + "/sparql", params=query,
                        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9"})
        assert xml.headers["content-type"].startswith("application/sparql-results+xml")
        refused = httpx.get(base + "/sparql", params=query, headers={"Accept": "image/png"})
        assert refused.status_code == 406 and "no acceptable format for a SELECT result" in refused.text
        ask = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/turtle"})
        assert ask.status_code == 406 and "no acceptable format for an ASK result" in ask.text
        page = httpx.get(base + "/notes/2024-10-12-pycon-demo-lyon.md")
        assert page.status_code == 200 and 'id="L27"' in page.text and "valgrind" in page.text
        assert "script-src" not in page.headers["content-security-policy"]
        hostile = httpx.get(base + "/notes/2099-01-01-hostile.md").text
        assert "<script>" not in hostile and "<img" not in hostile and "&lt;img src=x" in hostile
        with socket.create_connection(("127.0.0.1", port)) as raw:  # a path that no client would normalise
            raw.sendall(b"GET /notes/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = raw.recv(65536).decode(errors="replace")
        assert " 404 " in answer.splitlines()[0] and "root:" not in answer
        for path in ("/notes/%2e%2e/%2e%2e/etc/passwd", "/notes/..%2f..%2fREADME.md", "/notes/.cache/x.md"):
            assert httpx.get(base + path).status_code == 404, path


@pytest.mark.server
def test_a_busy_port_is_a_clear_error(examples_build):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "graph", "serve", "-o", str(examples_build.out_dir), "--port",
                               str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr and "Traceback" not in done.stderr
    assert "SPARQL endpoint" not in done.stderr


def test_a_reader_of_the_old_store_is_safe_across_the_swap(own_build):
    from graph.sparql.query import execute, query_prefixes
    from graph.sparql.store import open_store

    notes, out = own_build
    old = open_store(out)
    prefixes = query_prefixes(out)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = [s["n"].value for s in execute(old, count, prefixes)]
    (notes / "2024-10-12-pycon-demo-lyon.md").unlink()
    build(notes, out)  # swaps a new store in and deletes the old folder
    assert [s["n"].value for s in execute(old, count, prefixes)] == before
    assert len(list(execute(old, "SELECT * WHERE { ?s ?p ?o }", prefixes))) == int(before[0])
    assert [s["n"].value for s in execute(open_store(out), count, prefixes)] != before


@pytest.mark.server
@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (real notes not shipped)")
def test_watch_makes_a_saved_note_queryable_within_a_second_and_a_half(tmp_path):
    notes, out = tmp_path / "notes", tmp_path / "out"
    shutil.copytree(CORPUS, notes)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "graph", "serve", "-o", str(out), "--port", str(port), "--watch",
                  str(notes)], base + "/", seconds=240):
        deadline = time.monotonic() + 240
        while "graph.html" not in httpx.get(base + "/build").json().get("outputs", []):
            assert time.monotonic() < deadline, "the first full build did not land"
            time.sleep(0.2)
        events = Events(base + "/events")
        events.wait("hello", 1, 10)
        seed = notes / SEED
        text = seed.read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        saved = time.monotonic()
        seed.write_text(f"{first} watch-probe-16\n{rest}", encoding="utf-8")
        while not ask(base, "watch-probe-16")[0]:
            assert time.monotonic() - saved < 10, "the change never became queryable"
            time.sleep(0.03)
        latency = time.monotonic() - saved
        told = events.wait("build", 1, 5)
        building = httpx.get(base + "/build").json()["seconds"]
    print(f"\nsave -> queryable through the endpoint: {latency:.2f} s, of which the quick build {building:.2f} s")
    assert told[0]["outputs"] == ["store"] and told[0]["build"]
    # the target is 1.5 s; on a machine so loaded that the build alone takes longer, the endpoint's
    # own share (noticing the save, reopening the store) must still stay under half a second
    assert latency <= 1.5 or latency - building <= 0.5, (latency, building)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie left for a reaper that never comes counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _sigint_ignored() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads child processes from /proc (Linux)")
@pytest.mark.parametrize("background", [False, True], ids=["foreground", "sigint-ignored"])
def test_the_watch_of_a_server_killed_outright_stops_too(tmp_path, background):
    """Also for a server started in the background of a script (``serve --watch … &``), which
    hands its watch SIGINT ignored: the watch must not rely on an interrupt to end."""
    notes, out = tmp_path / "notes", tmp_path / "out"
    shutil.copytree(EXAMPLES, notes)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "graph", "serve", "-o", str(out), "--port", str(port), "--watch",
                               str(notes)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              preexec_fn=_sigint_ignored if background else None)
    try:
        from .test_serve import wait_for

        wait_for(f"http://127.0.0.1:{port}/", 240)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        watchers = [int(pid) for pid in children
                    if b"\0watch\0" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(watchers) == 1, children
        server.kill()  # no cleanup runs in the server: the watch must notice on its own
        server.wait()
        deadline = time.monotonic() + 30
        while _alive(watchers[0]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(watchers[0]), "the watch outlived its server"
    finally:
        server.kill()
        server.wait()
