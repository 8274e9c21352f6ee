"""A real headless Chromium (Debian's) driven by Playwright, shared by the browser tests and docs.

``python -m tests.outputs.browser NOTES_DIR DOCS_DIR`` builds NOTES_DIR and takes the README's
screenshots of the explorer (overview, focus, search, timeline) into DOCS_DIR.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


class Watched:
    """A page that records console errors, uncaught exceptions, dialogs and every request that
    leaves the allowed origins (those are aborted): what the explorer must never produce."""

    def __init__(self, chromium, allowed: tuple[str, ...] = ("file://", "data:", "blob:"), viewport=None):
        self.page = chromium.new_page(viewport=viewport or VIEWPORT)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

        def route(route_):
            url = route_.request.url
            if not url.startswith(allowed):
                self.requests.append(url)
                return route_.abort()
            return route_.continue_()

        self.page.route("**/*", route)

    def open(self, url: str, settle_ms: int = 300):
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready=true]", timeout=30000)
        self.page.wait_for_timeout(settle_ms)
        return self.page

    def search(self, text: str, enter: bool = False):
        """Types into the search box as a person would, and waits for the results (text included)."""
        box = self.page.get_by_label("Search", exact=True)
        box.click()
        box.fill("")
        box.press_sequentially(text, delay=15)
        self.page.wait_for_function(
            "() => !document.getElementById('results').hidden && document.body.dataset.index === 'ready'"
            " && !document.getElementById('results').textContent.includes('searching…')",
            timeout=20000,
        )
        if enter:
            box.press("Enter")
            self.page.wait_for_function("() => document.getElementById('results').hidden", timeout=10000)
        return self.page.get_by_label("Search results")

    def details(self):
        return self.page.get_by_label("Details")

    def close(self) -> None:
        self.page.close()


def screenshots(page_url: str, docs: Path, focus: str, query: str) -> list[Path]:
    """The README's pictures of the explorer, each view as a person sees it."""
    shots = []
    with browser() as chromium:
        watched = Watched(chromium)
        page = watched.open(page_url, settle_ms=3500)
        shots.append(docs / "explorer-overview.png")
        page.screenshot(path=str(shots[-1]))
        page.goto(page_url + "#/" + focus)
        page.wait_for_timeout(3500)
        shots.append(docs / "explorer-focus.png")
        page.screenshot(path=str(shots[-1]))
        page.goto(page_url + "#/")
        page.wait_for_timeout(1500)
        watched.search(query)
        page.wait_for_timeout(400)
        shots.append(docs / "explorer-search.png")
        page.screenshot(path=str(shots[-1]))
        page.keyboard.press("Escape")
        brush(page, 0.80, 0.93)
        page.wait_for_timeout(3500)
        shots.append(docs / "explorer-timeline.png")
        page.screenshot(path=str(shots[-1]))
        watched.close()
    return shots


def brush(page, start: float, end: float) -> None:
    """Drags across the timeline from one fraction of its width to another."""
    box = page.get_by_label("Timeline").locator("svg").bounding_box()
    y = box["y"] + box["height"] * 0.6
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end, y, steps=12)
    page.mouse.up()


if __name__ == "__main__":  # python -m tests.outputs.browser NOTES_DIR DOCS_DIR [FOCUS_ROUTE] [QUERY]
    import sys
    import tempfile

    from graph import build

    with tempfile.TemporaryDirectory() as tmp:
        result = build(sys.argv[1], tmp, writers=["network", "html"], incremental=False)
        url = (result.out_dir / "graph.html").resolve().as_uri()
        focus = sys.argv[3] if len(sys.argv) > 3 else "tool/memray"
        query = sys.argv[4] if len(sys.argv) > 4 else "profiling"
        for path in screenshots(url, Path(sys.argv[2]), focus, query):
            print(path)
