"""The HTML explorer in a real headless Chromium: offline, inert to hostile text, searchable."""

from __future__ import annotations

import pytest

from graph.network import network_of

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
