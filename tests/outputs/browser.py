"""A real headless Chromium (Debian's) driven by Playwright, shared by the browser tests and docs."""

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


def screenshot(page_path: Path, png: Path, *, search: str | None = None) -> None:
    """A picture of an explorer page once its layout has settled (for docs/)."""
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(page_path.resolve().as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=30000)
        page.wait_for_timeout(4000)
        if search:
            page.fill("#search", search)
            page.press("#search", "Enter")
            page.wait_for_timeout(800)
        page.screenshot(path=str(png))


if __name__ == "__main__":  # python -m tests.outputs.browser NOTES_DIR PNG [SEARCH]
    import sys
    import tempfile

    from graph import build

    with tempfile.TemporaryDirectory() as tmp:
        result = build(sys.argv[1], tmp, writers=["network", "html"], incremental=False)
        screenshot(result.out_dir / "graph.html", Path(sys.argv[2]), search=sys.argv[3] if len(sys.argv) > 3 else None)
