"""The explorer served by ``talkgraph serve`` (a real server on loopback): its note links answer,
and it follows the server's ``/events`` stream, reloading its data when a build lands.

The notes view (``/notes/<path>``) and the event stream come with issue 16's endpoint: each test
skips, saying so, only while its route answers 404.
"""

from __future__ import annotations

import shutil
import sys

import httpx
import pytest

from graph import build

from ..conftest import EXAMPLES
from ..sparql.test_serve import free_port, running
from .browser import Watched, browser, chromium_available

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A build of a copy of the examples, served by ``python -m graph serve`` on a free port."""
    notes = tmp_path_factory.mktemp("served-notes")
    for path in EXAMPLES.glob("*.md"):
        shutil.copy(path, notes / path.name)
    out = tmp_path_factory.mktemp("served-out")
    build(notes, out)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "graph", "serve", "-o", str(out), "--port", str(port)], base + "/"):
        yield {"base": base, "notes": notes, "out": out}


def require(url: str) -> None:
    """Skip while the route is missing (issue 16 not merged); any other answer goes on to the test."""
    with httpx.stream("GET", url, timeout=10) as response:  # headers only: /events is a stream
        status = response.status_code
    if status == 404:
        pytest.skip(f"{url} answers 404: the route comes with issue 16's endpoint")


@pytest.fixture
def served_page(served):
    require(served["base"] + "/events")
    with browser() as chromium:
        watched = Watched(chromium, allowed=(served["base"] + "/", "data:", "blob:"))
        watched.base = served["base"]
        yield watched
        watched.close()
        assert watched.errors == []
        assert watched.requests == []


def test_every_note_link_of_a_panel_answers(served, served_page):
    require(served["base"] + "/notes/2024-10-12-pycon-demo-lyon.md")
    explorer = served_page.open(served["base"] + "/graph#/tool/memray")
    explorer.wait_for_function("() => document.body.dataset.index === 'ready'")
    hrefs = explorer.evaluate("[...document.querySelectorAll('#mentions li.mention a')].map(a => a.href)")
    assert hrefs
    for href in hrefs:
        assert href.startswith(served["base"] + "/notes/") and "#L" in href
        assert httpx.get(href.split("#")[0], timeout=10).status_code == 200


def test_a_landed_build_reloads_the_data_keeping_selection_and_view(served, served_page):
    explorer = served_page.open(served["base"] + "/graph#/tool/memray?hide=topic")
    explorer.wait_for_function("() => document.getElementById('live').textContent.startsWith('live')", timeout=10000)
    assert "mypy" not in explorer.evaluate("window.talkgraph.data.nodes.map(n => n.name)")
    note = served["notes"] / "2025-01-05-typing-notes.md"
    note.write_text(
        "# Typer son code\n\n- **url** = https://typing.example.org/\n- **type** = post\n- **auteur** = N/A\n"
        "- **date de publication** = 2025-01-05\n- **source** = N/A\n- **tags** = language>python\n\n"
        "**TL;DR** = mypy et memray dans la même note.\n\n- mypy vérifie les types\n- memray pour la mémoire\n",
        encoding="utf-8",
    )
    build(served["notes"], served["out"])
    explorer.wait_for_function("() => document.body.dataset.build !== undefined", timeout=30000)
    assert "mypy" in explorer.evaluate("window.talkgraph.data.nodes.map(n => n.name)")
    assert explorer.locator("#panel h2").inner_text() == "memray"
    assert "2025-01-05-typing-notes.md" in explorer.locator("#mentions").inner_text()
    assert explorer.url.endswith("#/tool/memray?hide=topic")
    assert not explorer.locator("#filters input[data-type=topic]").is_checked()
