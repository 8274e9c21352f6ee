"""The HTML explorer in a real headless Chromium: offline, inert to hostile text, searchable."""

from __future__ import annotations

import pytest

from graph.pipeline import network_of

from .browser import browser, chromium_available

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def page_run(examples_build):
    """Open the examples' page once; record console errors, requests and dialogs."""
    graph, _ = network_of(examples_build)
    record = {"errors": [], "requests": [], "dialogs": []}
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda msg: record["errors"].append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: record["errors"].append(str(exc)))
        page.on("dialog", lambda dialog: (record["dialogs"].append(dialog.message), dialog.dismiss()))

        def route(route_):
            url = route_.request.url
            if not url.startswith(("file://", "data:")):
                record["requests"].append(url)
                return route_.abort()
            return route_.continue_()

        page.route("**/*", route)
        page.goto((examples_build.out_dir / "graph.html").resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=20000)
        page.wait_for_timeout(300)
        yield page, graph, record


def test_no_console_errors_and_no_network(page_run):
    _, _, record = page_run
    assert record["errors"] == []
    assert record["requests"] == []


def test_node_count_equals_entity_count(page_run):
    page, graph, _ = page_run
    assert page.evaluate("window.talkgraph.nodes.length") == graph.number_of_nodes() > 20


def test_search_focuses_the_right_node_and_panel_lists_mentions(page_run):
    page, _, _ = page_run
    page.fill("#search", "memray")
    page.press("#search", "Enter")
    selected = page.evaluate("window.talkgraph.network.getSelectedNodes()")
    names = page.evaluate("ids => ids.map(id => window.talkgraph.data.nodes.find(n => n.id === id).name)", selected)
    assert names == ["memray"]
    mentions = page.locator("#mentions li").all_inner_texts()
    assert any(text.startswith("2024-10-12-pycon-demo-lyon.md:") and "— memray" in text for text in mentions)
    href = page.locator("#mentions li a").first.get_attribute("href")
    assert href.endswith(".md#L" + mentions[0].split(":")[1].split(" ")[0])


def test_search_by_alias(page_run):
    page, _, _ = page_run
    page.fill("#search", "Dpetit")
    page.press("#search", "Enter")
    assert page.locator("#panel h1").inner_text() == "Denis PETIT"


def test_hostile_title_stays_text(page_run):
    page, _, record = page_run
    page.fill("#search", "escaping in html templates")
    page.press("#search", "Enter")
    page.wait_for_timeout(200)
    assert page.locator("#panel h1").inner_text().startswith("<img src=x onerror=alert(1)>")
    assert page.locator("img").count() == 0
    assert record["dialogs"] == []
    page.fill("#search", "a link that must stay inert")  # the javascript: link is not a node and not a link
    assert page.locator("a[href^='javascript']").count() == 0


def test_graph_is_drawn(page_run):
    page, _, _ = page_run
    painted = page.evaluate(
        "(() => { const c = document.querySelector('#graph canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"
    )
    assert painted > 1000


def test_large_graph_draws_the_selected_nodes_links_only(page_run, tmp_path):
    """Above LARGE_GRAPH nodes and EDGE_BUDGET links: precomputed layout, no physics, and only
    the selected node's links handed to vis-network (all of them stay in the side panel)."""
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
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    assert graph.number_of_edges() > EDGE_BUDGET
    page_path = tmp_path / "graph.html"
    page_path.write_text(render(graph), encoding="utf-8")
    errors = []
    page = page_run[0].context.browser.new_page(viewport={"width": 1200, "height": 800})  # the fixture's Chromium
    try:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(page_path.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=30000)
        assert page.evaluate("window.talkgraph.nodes.length") == size
        assert page.evaluate("window.talkgraph.edges.length") == 0
        assert "only the selected node's links" in page.locator("#mode").inner_text()
        page.fill("#search", "tool 42")
        page.press("#search", "Enter")
        assert page.locator("#panel h1").inner_text() == "tool 42"
        assert page.evaluate("window.talkgraph.edges.length") == 2 * step
        assert page.locator("#panel h2").first.inner_text() == f"Neighbours ({2 * step})"
        assert page.locator("#mentions li").all_inner_texts() == ["n42.md:42 — tool 42"]
        assert page.evaluate("window.talkgraph.network.physics.options.enabled") is False
    finally:
        page.close()
    assert errors == []
