"""The HTML explorer on the examples in a real headless Chromium, used as a person would:
typing in the search box, clicking, dragging on the timeline, going back. Offline and inert."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.pipeline import network_of

from ..conftest import EXAMPLES
from .browser import Watched, browser, brush, chromium_available

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def graph(examples_build):
    return network_of(examples_build)[0]


@pytest.fixture
def explorer(chromium, examples_build):
    """A fresh page of the examples' explorer; at the end, no error, no request, no dialog."""
    watched = Watched(chromium)
    watched.url = (examples_build.out_dir / "graph.html").resolve().as_uri()
    yield watched
    watched.close()
    assert watched.errors == []
    assert watched.requests == []
    assert watched.dialogs == []


def node(graph, label: str, kind: str) -> dict:
    return next(d for _, d in graph.nodes(data=True) if d["label"] == label and d["type"] == kind)


def test_default_view_is_a_labelled_overview_of_the_most_mentioned(explorer, graph):
    page = explorer.open(explorer.url, settle_ms=800)
    assert page.locator("#caption").inner_text().startswith("Overview")
    drawn = page.evaluate("window.talkgraph.nodes.get().map(n => [n.id, n.label])")
    assert 10 <= len(drawn) <= 45 < graph.number_of_nodes() + 45
    assert all(label for _, label in drawn)
    names = {label for _, label in drawn}
    assert "Python" in names and "memray" in names  # the most mentioned tools of the examples
    types = set(page.evaluate("window.talkgraph.nodes.get().map(n => window.talkgraph.data.nodes[n.id].type)"))
    assert "note" not in types and "tag" not in types
    painted = page.evaluate(
        "(() => { const c = document.querySelector('#graph canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"
    )
    assert painted > 1000


def test_search_groups_by_type_ranks_by_mentions_and_enter_opens_the_tool(explorer, graph):
    explorer.open(explorer.url)
    results = explorer.search("python")
    items = results.locator(".result").all_inner_texts()
    tool, tag = node(graph, "Python", "tool"), node(graph, "python", "tag")
    tool_row = next(i for i, t in enumerate(items) if t.startswith("Python — tool,"))
    tag_row = next(i for i, t in enumerate(items) if t.startswith("python — tag"))
    assert tool_row < tag_row
    assert items[tool_row].startswith(f"Python — tool, {len(tool['mentions'])} mention")
    headings = results.locator("h3").all_inner_texts()
    assert headings[0].lower() == "tool (1)" and any(h.lower().startswith("tag (") for h in headings)
    assert any(h.lower().startswith("in the notes' text (") for h in headings)
    assert tag["mentions"] == []
    explorer.page.get_by_label("Search", exact=True).press("Enter")
    details = explorer.details()
    assert details.get_by_role("heading", level=2).inner_text() == "Python"
    assert details.locator(".type").inner_text() == "tool"
    assert details.locator(".count").inner_text() == f"{len(tool['mentions'])} mentions"
    assert explorer.page.url.endswith("#/tool/python")


def test_words_match_whole_words_only(chromium, tmp_path):
    """'uv' finds the tool uv, not "nouveau" (a name) nor the word "nouveau" in a note."""
    from graph.outputs.html import render

    graph = tiny_graph()
    texts = {"a.md": "# A\n\nUn nouveau départ.\n", "b.md": "# B\n\n- on installe avec uv pip\n"}
    page_path = tmp_path / "graph.html"
    page_path.write_text(render(graph, read=texts.get), encoding="utf-8")
    watched = Watched(chromium)
    try:
        watched.open(page_path.as_uri())
        results = watched.search("uv")
        items = results.locator(".result").all_inner_texts()
        assert items[0].startswith("uv — tool")
        assert not any("nouveau" in item.lower() for item in items)
        assert any(item.startswith("b.md") for item in items)
        assert not any(item.startswith("a.md") for item in items)
    finally:
        watched.close()
    assert watched.errors == [] and watched.requests == []


def tiny_graph():
    import networkx as nx

    graph = nx.MultiDiGraph()
    rows = [
        ("t/uv", "tool", "uv", [{"file": "b.md", "line": 3, "text": "uv"}], []),
        ("t/nv", "talk", "Le nouveau monde", [], [{"file": "a.md", "line": 3}]),
        ("n/a", "note", "a.md", [], [{"file": "a.md", "line": 1}]),
        ("n/b", "note", "b.md", [], [{"file": "b.md", "line": 1}]),
    ]
    for iri, kind, label, mentions, origins in rows:
        graph.add_node(iri, type=kind, label=label, iri="https://w3id.org/talkgraph/" + iri, aliases=[], links=[],
                       mentions=mentions, origins=origins, degree=1, properties={})
    graph.add_edge("n/a", "t/nv", key="about", type="about")
    graph.add_edge("n/b", "t/uv", key="mentions", type="mentions")
    return graph


def test_a_phrase_of_a_note_body_finds_the_note(explorer):
    name, phrase = body_phrase(EXAMPLES)
    explorer.open(explorer.url)
    results = explorer.search(phrase)
    text_hits = [t for t in results.locator(".result").all_inner_texts() if t.startswith(name)]
    assert text_hits and phrase.split()[0].lower() in text_hits[0].lower()


def body_phrase(notes: Path) -> tuple[str, str]:
    """Three words that occur, in this order, on one body line of one note only (and in no other)."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(notes.glob("*.md"))}
    for name, text in texts.items():
        for line in text.splitlines()[12:]:
            words = re.findall(r"[^\W\d_]{5,}", line)
            for i in range(len(words) - 2):
                phrase = " ".join(words[i : i + 3])
                if sum(phrase.lower() in " ".join(re.findall(r"[^\W\d_]+", t)).lower() for t in texts.values()) == 1:
                    return name, phrase
    raise AssertionError("no phrase of three long words occurs in one note only")


def test_route_opens_the_tool_with_its_mentions_linked_to_the_lines(explorer, graph):
    page = explorer.open(explorer.url + "#/tool/memray", settle_ms=800)
    details = explorer.details()
    assert details.get_by_role("heading", level=2).inner_text() == "memray"
    assert page.locator("#caption").inner_text().startswith("Focus: memray")
    selected = "window.talkgraph.network.getSelectedNodes().map(id => window.talkgraph.data.nodes[id].name)"
    assert page.evaluate(selected) == ["memray"]
    page.wait_for_function("() => document.body.dataset.index === 'ready'")
    rows = details.locator("#mentions li.mention")
    expected = {(m["file"], m["line"]) for m in node(graph, "memray", "tool")["mentions"]}
    assert rows.count() == len(expected)
    for i in range(rows.count()):
        link = rows.nth(i).locator("a")
        file, line = link.inner_text().rsplit(":", 1)
        assert (file, int(line)) in expected
        written = (EXAMPLES / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert "memray" in written.lower() and written.strip()[:20] in rows.nth(i).inner_text()
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
        href = link.get_attribute("href")
        assert href.endswith(f"{file}#L{line}") and not href.startswith(("http", "/"))


def test_address_bar_follows_selection_and_back_works(explorer):
    page = explorer.open(explorer.url)
    explorer.search("memray", enter=True)
    assert page.url.endswith("#/tool/memray")
    details = explorer.details()
    details.locator("a.entity", has_text="Profiler la mémoire avec memray").first.click()
    page.wait_for_function("() => location.hash.startsWith('#/talk/')")
    assert details.get_by_role("heading", level=2).inner_text() == "Profiler la mémoire avec memray"
    page.go_back()
    page.wait_for_function("() => location.hash === '#/tool/memray'")
    assert details.get_by_role("heading", level=2).inner_text() == "memray"
    page.go_back()
    page.wait_for_function("() => !location.hash || location.hash === '#/'")
    assert page.locator("#caption").inner_text().startswith("Overview")


def test_a_talk_shows_its_event_speakers_links_and_line(explorer, graph):
    talk = node(graph, "Profiler la mémoire avec memray", "talk")
    route = talk["iri"].removeprefix("https://w3id.org/talkgraph/id/")
    explorer.open(explorer.url + "#/" + route)
    details = explorer.details()
    text = details.inner_text()
    assert "event\nPyCon Démo Lyon" in text and "speakers\nAlice MARTIN" in text
    for role in ("Replay", "Slides"):
        assert details.get_by_role("heading", name=role).count() == 1
    replay = details.locator("a[href='https://videos.example.org/w/memray2024']")
    assert replay.get_attribute("target") == "_blank"
    origin = talk["origins"][0]
    explorer.page.wait_for_function("() => document.body.dataset.index === 'ready'")
    row = details.locator("#mentions li.mention").first
    assert row.locator("a").inner_text() == f"{origin['file']}:{origin['line']}"
    assert "Profiler la mémoire avec memray" in row.inner_text()


def test_a_note_shows_its_tldr_and_resource(explorer, graph):
    note = node(graph, "2022-12-04-profiling-python-mumut.md", "note")
    explorer.open(explorer.url + "#/" + note["iri"].removeprefix("https://w3id.org/talkgraph/id/"))
    text = explorer.details().inner_text()
    assert "TL;DR" in text and note["properties"]["TL;DR"][0] in text
    assert "about\nProfiling Python code: a practical tour" in text


def test_filters_relayout_and_show_everything(explorer, graph):
    page = explorer.open(explorer.url)
    types = lambda: set(page.evaluate("window.talkgraph.nodes.get().map(n => window.talkgraph.data.nodes[n.id].type)"))  # noqa: E731
    assert "topic" in types()
    page.get_by_label("Filters").locator("input[data-type=topic]").uncheck()
    page.wait_for_timeout(300)
    assert "topic" not in types() and "hide=topic" in page.url
    page.get_by_label("Show everything").check()
    page.wait_for_timeout(300)
    visible = page.evaluate("window.talkgraph.nodes.get().filter(n => !n.hidden).length")
    topics = sum(1 for _, d in graph.nodes(data=True) if d["type"] == "topic")
    assert page.evaluate("window.talkgraph.nodes.length") == graph.number_of_nodes()
    assert visible == graph.number_of_nodes() - topics
    assert "all=1" in page.url


def test_timeline_brush_filters_the_graph_and_the_search(explorer, graph):
    page = explorer.open(explorer.url)
    timeline = page.get_by_label("Timeline")
    assert timeline.is_visible() and timeline.locator("svg rect").count() > 0
    explorer.search("memray")
    before = explorer.page.get_by_label("Search results").inner_text()
    page.keyboard.press("Escape")
    brush(page, 0.0, 0.08)  # the first months of the examples: December 2022, one note
    page.wait_for_function("() => location.hash.includes('from=')")
    period = page.locator("#period").inner_text()
    assert period.startswith("2022-12") and "1 note" in period
    memray = node(graph, "memray", "tool")
    inside = [m for m in memray["mentions"] if m["file"].startswith("2022-12")]
    results = explorer.search("memray")
    assert results.locator(".result").first.inner_text() == f"memray — tool, {len(inside)} mentions"
    assert results.inner_text() != before
    assert "2024-10-12-pycon-demo-lyon.md" not in results.inner_text()
    drawn = page.evaluate("window.talkgraph.nodes.get().map(n => window.talkgraph.data.nodes[n.id].name)")
    assert "Alice MARTIN" in drawn and "Erin WALSH" not in drawn  # the 2024 talk's speaker is out of the period
    page.get_by_role("button", name="All time").click()
    assert page.locator("#period").inner_text().startswith("all time")


def test_hostile_title_stays_text(explorer):
    page = explorer.open(explorer.url)
    explorer.search("escaping in html templates", enter=True)
    assert explorer.details().get_by_role("heading", level=2).inner_text().startswith("<img src=x onerror=alert(1)>")
    assert page.locator("img").count() == 0
    explorer.search("a link that must stay inert")
    assert page.locator("a[href^='javascript']").count() == 0


def test_clips_and_permalinks_when_the_build_has_them(chromium, tmp_path):
    """A talk with clips shows their timestamps as links; a mention's git permalink is its link."""
    from graph.outputs.html import render

    graph = tiny_graph()
    link = "https://git.example.org/notes/blob/0123abc/b.md#L3"
    graph.nodes["t/uv"]["mentions"] = [
        {"file": "b.md", "line": 3, "text": "uv", "permalink": link},
        {"file": "a.md", "line": 4, "text": "uv", "clip": {"url": "https://videos.example.org/w/x?t=90", "start": 90}},
    ]
    graph.nodes["t/nv"]["clips"] = [{"startOffset": 3723, "url": "https://videos.example.org/w/x?start=3723",
                                     "name": "the demo", "line": 3},
                                    {"startOffset": 75, "url": "javascript:alert(1)", "name": "inert", "line": 3}]
    page_path = tmp_path / "graph.html"
    texts = {"a.md": "# A\n\n## Le nouveau monde\n- 1:30 la démo de uv\n", "b.md": "# B\n\n- uv\n"}
    page_path.write_text(render(graph, read=texts.get), encoding="utf-8")
    watched = Watched(chromium)
    try:
        page = watched.open(page_path.as_uri() + "#/t/uv")
        page.wait_for_function("() => document.body.dataset.index === 'ready'")
        hrefs = watched.details().locator("#mentions li.mention a").evaluate_all("links => links.map(a => a.href)")
        assert link in hrefs and "https://videos.example.org/w/x?t=90" in hrefs  # the line's clip: "▶ 1:30"
        page.goto(page_path.as_uri() + "#/t/nv")
        page.wait_for_function("() => document.querySelector('#panel h2').textContent === 'Le nouveau monde'")
        clips = watched.details().locator("h3:has-text('Clips') + ul li").all_inner_texts()
        assert [c.split(" ")[0] for c in clips] == ["1:15", "1:30", "1:02:03"]  # its own, then its section's
        assert clips[0].startswith("1:15 inert") and clips[2].startswith("1:02:03 the demo")
        assert page.locator("a[href^='javascript']").count() == 0
        assert watched.details().locator("a", has_text="1:02:03").get_attribute("href").endswith("start=3723")
    finally:
        watched.close()
    assert watched.errors == [] and watched.requests == []


def test_large_graph_draws_the_selected_nodes_links_only(chromium, tmp_path):
    """Above LARGE_GRAPH nodes and EDGE_BUDGET links, "show everything" has a precomputed layout,
    no physics, and only the selected node's links drawn (all of them stay in the panel)."""
    import networkx as nx

    from graph.outputs.html import EDGE_BUDGET, LARGE_GRAPH, render

    graph = nx.MultiDiGraph()
    size = LARGE_GRAPH + 100
    step = EDGE_BUDGET // size + 1
    for i in range(size):
        graph.add_node(str(i), type="tool", label=f"tool {i}", iri=f"https://example.org/{i}", aliases=[],
                       links=[], mentions=[{"file": f"n{i % 50}.md", "line": i, "text": f"tool {i}"}], community=i % 7)
    for i in range(size):
        for k in range(1, step + 1):
            graph.add_edge(str(i), str((i + k) % size), key="mentions", type="mentions")
    for name, degree in graph.degree():
        graph.nodes[name]["degree"] = degree
    assert graph.number_of_edges() > EDGE_BUDGET
    page_path = tmp_path / "graph.html"
    page_path.write_text(render(graph), encoding="utf-8")
    watched = Watched(chromium, viewport={"width": 1200, "height": 800})
    try:
        page = watched.open(page_path.as_uri() + "#/?all=1")
        assert page.evaluate("window.talkgraph.nodes.length") == size
        assert page.evaluate("window.talkgraph.edges.length") == 0
        assert "only the selected node's links" in page.locator("#mode").inner_text()
        watched.search("tool 42", enter=True)
        assert watched.details().get_by_role("heading", level=2).inner_text() == "tool 42"
        assert page.evaluate("window.talkgraph.edges.length") == 2 * step
        assert page.evaluate("window.talkgraph.network.physics.options.enabled") is False
        assert watched.details().locator("#mentions li.mention").all_inner_texts() == ["n42.md:42 tool 42"]
    finally:
        watched.close()
    assert watched.errors == []


def test_a_tag_lists_the_notes_that_use_it(explorer, graph):
    tag = node(graph, "python", "tag")
    users = {o["file"] for source, _, kind in graph.in_edges(tag["iri"], data="type") if kind == "tag"
             for o in graph.nodes[source]["origins"]}
    page = explorer.open(explorer.url)
    page.keyboard.press("/")  # the shortcut to the search box
    assert page.evaluate("document.activeElement.id") == "search"
    explorer.search("python")
    explorer.page.get_by_label("Search results").locator(".result", has_text="python — tag").first.click()
    details = explorer.details()
    assert details.locator(".count").inner_text() == f"{len(users)} notes"
    files = {a.rsplit(":", 1)[0] for a in details.locator("#mentions li.mention a").all_inner_texts()}
    assert files == users
