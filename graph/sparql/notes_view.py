"""The notes folder, read-only, as the explorer links to it: ``/notes/<relative path>#L<line>``.

Only Markdown files inside the notes folder of the build are served: no hidden files or
folders, no ``..``, no symbolic link leading out of the folder. A note is shown as text —
every line in its own element with ``id="L<n>"`` so a link lands on the line a fact comes
from — and never as HTML: notes may contain markup or script, and the page forbids any
script anyway (Content-Security-Policy).
"""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath

from ..notes import read_note_file

NOTE_SECURITY = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_STYLE = (
    "body{margin:0;font:14px system-ui,sans-serif}header{padding:.6em 1em;background:#f3f3f3;"
    "border-bottom:1px solid #ddd}pre{margin:0;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap}"
    ".l{display:block;padding:0 1em 0 4.5em;text-indent:-3.5em}.l:target{background:#fff3b0}"
    ".l a{display:inline-block;width:3em;text-indent:0;color:#999;text-decoration:none;text-align:right;"
    "margin-right:.5em;user-select:none}"
)


def note_file(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root``, or None when it is not a note of that folder."""
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    if not relative.endswith(".md"):
        return None
    base = root.resolve()
    try:
        target = (base / relative).resolve()
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


def read_note(root: Path, target: Path) -> str | None:
    """The note's text as the build reads it (UTF-8, else cp1252), None when it is unreadable."""
    return read_note_file(target, root.resolve()).text


def render_note(relative: str, text: str) -> str:
    """The note as an HTML page of escaped lines, each with its anchor ``L<n>``."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "".join(
        f'<span class="l" id="L{n}"><a href="#L{n}">{n}</a>{html.escape(line)}</span>'
        for n, line in enumerate(lines, 1)
    )
    name = html.escape(relative)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{name}</title><style>{_STYLE}</style></head>'
        f'<body><header><strong>{name}</strong> · {len(lines)} lines · <a href="/graph">explorer</a> · '
        f'<a href="?raw=1">raw</a></header><pre>{body}</pre></body></html>'
    )
