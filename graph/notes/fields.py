"""Fields written in the text: Dataview/Logseq ``key:: value``, ``Key: value`` lines, ``#tags``.

The parser records every field as written, with its line; which keys mean something
(``speaker``, ``event``, a user's own keys from ``talkgraph.toml``) is decided at
extraction, so a ``Note: …`` remark is recorded here and ignored there. Lines inside code
blocks are never fields, and a ``::`` glued to a word (``std::vector``) is not one either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .frontmatter import make_field
from .model import Block, Field

_LIST = r"^\s*(?:>\s*)*(?:[-*+]\s+|\d{1,3}[.)]\s+)?"
_KEY = r"[A-Za-zÀ-ÖØ-öø-ÿ][\wÀ-ÖØ-öø-ÿ'’ ./()-]{0,40}?"
_DATAVIEW_LINE = re.compile(_LIST + r"(?:\*\*|__)?(?P<key>" + _KEY + r")(?:\*\*|__)?\s*::(?:\s+(?P<value>.*))?$")
_DATAVIEW_INLINE = re.compile(r"[\[(](?P<key>" + _KEY + r")::\s*(?P<value>[^\])]*)[\])]")
_WORD_KEY = r"[A-Za-zÀ-ÖØ-öø-ÿ][\wÀ-ÖØ-öø-ÿ'’ /-]{0,30}?"
_PLAIN_LINE = re.compile(
    _LIST + r"(?:\*\*|__)?(?P<key>" + _WORD_KEY + r")\s*(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+(?P<value>.*))?$"
)
_HASHTAG = re.compile(r"(?<![\w&/#\[(=:.])#(?P<tag>[A-Za-zÀ-ÖØ-öø-ÿ][\wÀ-ÖØ-öø-ÿ/-]*[\wÀ-ÖØ-öø-ÿ])")
_HEX = re.compile(r"^(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_TEXT_KINDS = ("paragraph", "list_item", "item_text", "cell")


def text_fields(lines: list[str], blocks: Iterable[Block], skip: tuple[int, int] | None = None) -> list[Field]:
    """Every ``key:: value``, ``[key:: value]`` and ``Key: value`` of the text, and every ``#tag``."""
    blocks = list(blocks)
    code = {n for b in blocks if b.kind in ("code", "html") for n in range(b.line, b.end_line + 1)}
    if skip is not None:
        code.update(range(skip[0], skip[1] + 1))
    fields: list[Field] = []
    fence = False
    for number, text in enumerate(lines, 1):
        if text.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or number in code or ":" not in text:  # every field has a colon
            continue
        fields.extend(_line_fields(text, number))
    fields.extend(hashtags(blocks))
    return fields


def _line_fields(text: str, number: int) -> list[Field]:
    if "::" in text:  # both Dataview forms hold it: most lines skip their two regexes
        m = _DATAVIEW_LINE.match(text)
        if m and "://" not in m["key"]:
            return [make_field(m["key"], (m["value"] or "").strip(), number, "inline")]
        found = _DATAVIEW_INLINE.finditer(text)
        inline = [make_field(m["key"], m["value"].strip(), number, "inline") for m in found]
        if inline:
            return inline
    m = _PLAIN_LINE.match(text)
    if m and m["value"] and len(m["key"].split()) <= 4 and not m["value"].startswith(("//", ":")):
        return [make_field(m["key"], m["value"].strip(), number, "line")]
    return []


def hashtags(blocks: Iterable[Block]) -> list[Field]:
    """``#python``, ``#topic/testing``: Obsidian-style tags in running text (not headings, code or colours)."""
    out: list[Field] = []
    for block in blocks:
        if block.kind not in _TEXT_KINDS or "#" not in block.text:
            continue
        codes = {c.text for c in block.code_spans}
        for m in _HASHTAG.finditer(block.text):
            tag = m["tag"]
            if _HEX.match(tag) or tag in codes or any(f"#{tag}" in c for c in codes):
                continue
            out.append(make_field("tags", tag, block.line_of(m.start(), "#" + tag), "hashtag"))
    return out
