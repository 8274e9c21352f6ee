"""VimOutliner outlines (``*.otl``) -> the same :class:`Note` model as Markdown notes.

An outline is a tree written with tabs: each line is a heading whose depth is its number
of leading tabs, and body text sits one tab deeper than its heading behind a marker
(``:`` wrapping text, ``;`` preformatted text, ``|`` a table row, ``>``/``<`` user-defined
text). So the model is direct and needs no Markdown parser (which would read ``__init__``
as emphasis): a heading with children is a :class:`Section` (level = depth + 1), a heading
without children is a list item, consecutive body lines one block. A single top-level
heading is the title, as a Markdown note's ``# title``. Every block keeps the line of the
file it comes from, so the extraction and its ``file:line`` provenance are the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block, Issue, Link, Note, Section
from .parse import _BARE_URL, _metadata, _ndm_spans, _tldr, consultation_date

_CHECKBOX = re.compile(r"^\[[_xX ]\](?:\s+\d{1,3}%)?\s+")
_BODY_KIND = {":": "paragraph", ">": "paragraph", ";": "code", "<": "code", "|": "cell"}


@dataclass(frozen=True, slots=True)
class _Item:
    line: int
    depth: int
    marker: str  # "" for a heading, else the body marker
    text: str


def _items(lines: list[str]) -> list[_Item]:
    items = []
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        body = raw.lstrip("\t")
        depth = len(raw) - len(body)
        body = body.strip()
        marker = body[0] if body[0] in _BODY_KIND else ""
        text = body[1:].strip() if marker else _CHECKBOX.sub("", body)
        items.append(_Item(index + 1, depth, marker, text))
    return items


def _links(text: str, line: int) -> tuple[Link, ...]:
    """Bare URLs, the only links an outline has; a block's offsets map to lines by its ``\\n``."""
    out = []
    for m in _BARE_URL.finditer(text):
        out.append(Link(text=m.group(0), url=m.group(0), line=line + text.count("\n", 0, m.start())))
    return tuple(out)


def _block(kind: str, items: list[_Item], depth: int) -> Block:
    text = "\n".join(item.text for item in items)
    first = items[0].line
    return Block(
        kind=kind,
        line=first,
        end_line=items[-1].line,
        text=text,
        links=() if kind == "code" else _links(text, first),
        depth=depth,
        ndm=() if kind == "code" else _ndm_spans(text),
        raw=text,
    )


def _groups(items: list[_Item]) -> list[tuple[int, list[_Item]]]:
    """Items grouped into blocks: a heading alone, consecutive body lines of one marker and depth together."""
    groups: list[tuple[int, list[_Item]]] = []
    for position, item in enumerate(items):
        previous = groups[-1][1][-1] if groups else None
        if (
            item.marker
            and previous is not None
            and previous.marker
            and _BODY_KIND[previous.marker] == _BODY_KIND[item.marker]
            and previous.depth == item.depth
            and previous.line == item.line - 1
        ):
            groups[-1][1].append(item)
        else:
            groups.append((position, [item]))
    return groups


def _subtrees(items: list[_Item]) -> list[tuple[bool, int]]:
    """For each item: whether it has children, and the last line of its subtree (one pass, a stack of open items)."""
    out = [(False, item.line) for item in items]
    stack: list[int] = []
    for position, item in enumerate(items):
        while stack and items[stack[-1]].depth >= item.depth:
            stack.pop()
        for ancestor in stack:
            out[ancestor] = (True, item.line)
        if not item.marker:
            stack.append(position)
    return out


def parse_outline(path: str, source: str) -> Note:
    """Parse one ``.otl`` file. Never raises: an outline has no syntax to get wrong."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    lines = source.split("\n")
    items = _items(lines)
    trees = _subtrees(items)
    roots = [i for i, item in enumerate(items) if item.depth == 0 and not item.marker]
    title_at = roots[0] if len(roots) == 1 and trees[roots[0]][0] else None
    blocks: list[Block] = []
    open_sections: list[tuple[int, int, Block, list[Block]]] = []  # depth, end line, heading, blocks
    sections: list[Section] = []
    preamble: list[Block] = []

    def close(depth: int) -> None:
        while open_sections and open_sections[-1][0] >= depth:
            level_depth, end, head, inner = open_sections.pop()
            sections.append(Section(_heading(head.text), level_depth + 1, head.line, end, tuple(inner), head))

    for position, group in _groups(items):
        item = group[0]
        close(item.depth)
        section_depth = open_sections[-1][0] if open_sections else (0 if title_at is not None else -1)
        depth = max(0, item.depth - section_depth - 1)
        if item.marker:
            block = _block(_BODY_KIND[item.marker], group, depth)
        else:
            children, end = trees[position]
            kind = "heading" if children else "list_item"
            block = _block(kind, group, 0 if children else depth)
            if children and position != title_at:
                blocks.append(block)
                for *_, inner in open_sections:
                    inner.append(block)
                open_sections.append((item.depth, end, block, []))
                continue
        blocks.append(block)
        for *_, inner in open_sections:
            inner.append(block)
        if not open_sections and position != title_at:
            preamble.append(block)
    close(0)
    return _note(path, lines, source, items, title_at, blocks, sections, preamble)


def _heading(text: str) -> str:
    """An outline heading as a section name: the trailing ``:`` of ``HOWTO :`` dropped."""
    return text.rstrip(" :").strip() or text.strip()


def _note(path, lines, source, items, title_at, blocks, sections, preamble) -> Note:
    issues: list[Issue] = []
    metadata, meta_issues = _metadata(path, preamble)
    issues.extend(meta_issues)
    tldr, tldr_line = _tldr(blocks)
    return Note(
        path=path,
        title=_heading(items[title_at].text) if title_at is not None else None,
        title_line=items[title_at].line if title_at is not None else None,
        consulted=consultation_date(path),
        metadata=tuple(metadata),
        tldr=tldr,
        tldr_line=tldr_line,
        sections=tuple(sorted(sections, key=lambda s: s.line)),
        blocks=tuple(blocks),
        line_count=len(lines) - (1 if source.endswith("\n") else 0),
        issues=tuple(issues),
    )
