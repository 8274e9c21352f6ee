"""The explorer on the shared notes (skipped when ../shared is absent): what its author asked
for, checked in Chromium with robust assertions (counts come from the build, not from here)."""

from __future__ import annotations

import pytest

from graph.pipeline import network_of

from ..conftest import CORPUS, needs_corpus
from .browser import Watched, browser, chromium_available
from .test_browser import body_phrase

pytestmark = [
    pytest.mark.browser,
    needs_corpus,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]
SEED = "2023-02-18-pyconfr-talence.md"


@pytest.fixture(scope="module")
def explorer(corpus_build):
    with browser() as chromium:
        watched = Watched(chromium)
        watched.url = (corpus_build.out_dir / "graph.html").resolve().as_uri()
        watched.graph = network_of(corpus_build)[0]
        watched.open(watched.url)
        yield watched
        watched.close()
        assert watched.errors == []
        assert watched.requests == []
        assert watched.dialogs == []


def test_a_phrase_only_in_a_note_body_lists_that_note(explorer):
    name, phrase = body_phrase(CORPUS)
    results = explorer.search(phrase)
    assert any(text.startswith(name) for text in results.locator(".result").all_inner_texts()), (name, phrase)


def test_python_and_enter_opens_the_tool_with_its_mention_count(explorer):
    tool = next(d for _, d in explorer.graph.nodes(data=True) if d["type"] == "tool" and d["label"] == "Python")
    explorer.search("Python", enter=True)
    details = explorer.details()
    assert details.get_by_role("heading", level=2).inner_text() == "Python"
    assert details.locator(".type").inner_text() == "tool"
    assert details.locator(".count").inner_text() == f"{len(tool['mentions'])} mentions"
    assert len(tool["mentions"]) > 50


def test_memray_route_shows_the_pyconfr_note_line(explorer):
    page = explorer.page
    page.goto(explorer.url + "#/tool/memray")
    page.wait_for_function("() => (document.querySelector('#panel h2') || {}).textContent === 'memray'")
    page.wait_for_function("() => document.body.dataset.index === 'ready'")
    links = explorer.details().locator("#mentions li.mention a").all_inner_texts()
    seed = [link for link in links if link.startswith(SEED + ":")]
    assert seed
    lines = (CORPUS / SEED).read_text(encoding="utf-8").splitlines()
    for link in seed:
        assert "memray" in lines[int(link.rsplit(":", 1)[1]) - 1].lower()


def test_the_timeline_is_there_and_spans_the_notes(explorer):
    timeline = explorer.page.get_by_label("Timeline")
    assert timeline.is_visible()
    assert timeline.locator("svg rect").count() > 20
    assert explorer.page.locator("#period").inner_text().startswith("all time (")
