"""Markdown text -> :class:`Note`, with a line number on every block, link and code span.

mistune 3 parses; it gives no positions, so the block tokens are parsed first (their
``text`` is still the raw Markdown of the block) and each one is anchored in the source by
looking for its first line from a cursor that only moves forward. Inline parsing then runs
per block, and a link or code span gets the line where its raw form sits inside the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import unquote

import mistune

from ..util.resources import conventions
from ..util.text import fold, phrase_pattern, row_of
from .fields import text_fields
from .frontmatter import split_front_matter
from .model import Block, CodeSpan, Issue, Link, MetaEntry, Note, Section, WikiLink

_META = re.compile(r"^\s*\*\*\s*(?P<key>[^*\n]{1,60}?)\s*\*\*\s*(?P<sep>[=:])?\s*(?P<value>.*)$", re.S)
_PLAIN_META = re.compile(r"^\s*(?P<key>[^\W\d][\w' ]{1,40}?)\s*(?P<sep>[=:])\s*(?P<value>.*)$", re.S)
_FILE_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2}|xx|XX)-(?P<d>\d{2}|xx|XX)(?:-|$)")
_BARE_URL = re.compile(r"(?<![(\[<\w/])(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"»]")
_MAX_BLOCK_TEXT = 200_000  # a longer block is read as plain text (inline parsing of pathological runs is slow)
_PLAIN_BLOCK = "a block of {size:,} characters read as plain text: its links and code spans are not parsed"
_WIKILINK = re.compile(r"\[\[(?P<target>[^\[\]|#\n]*)(?P<anchor>#[^\[\]|\n]*)?(?:\|(?P<text>[^\[\]\n]*))?\]\]")
# the two warnings that only hold for notes about a resource: extraction gives them, knowing the note's convention
NO_TITLE = "no level-1 heading: the note has no title (file name used instead)"
NO_METADATA = "no metadata list (`- **key** = value`) after the title"


@cache
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(renderer=None, plugins=["strikethrough", "table"])


@cache
def _ndm_pattern() -> re.Pattern[str]:
    return phrase_pattern(conventions()["ndm"]["markers"])


@cache
def _tldr_pattern() -> re.Pattern[str]:
    markers = sorted((re.escape(m) for m in conventions()["tldr"]["markers"]), key=len, reverse=True)
    return re.compile(r"^\s*[*_]*\s*(?:" + "|".join(markers) + r")\s*[*_]*\s*[:=]?\s*[*_]*\s*", re.I)


@cache
def _meta_keys() -> dict[str, str]:
    keys = conventions()["metadata"]["keys"]
    return {fold(spelling): canonical for canonical, spellings in keys.items() for spelling in spellings}


def consultation_date(path: str) -> str | None:
    """``2021-07-xx-slug.md`` -> ``2021-07``; ``2023-02-18-x.md`` -> ``2023-02-18``."""
    name = path.rsplit("/", 1)[-1]
    m = _FILE_DATE.match(name)
    if not m:
        return None
    y, mo, d = m["y"], m["m"].lower(), m["d"].lower()
    if mo == "xx":
        return y
    if not 1 <= int(mo) <= 12:
        return None
    if d == "xx":
        return f"{y}-{mo}"
    return f"{y}-{mo}-{d}" if 1 <= int(d) <= 31 else f"{y}-{mo}"


# --- inline rendering -------------------------------------------------------------------


@dataclass
class _Inline:
    text: list[str] = field(default_factory=list)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # text, url, offset in text
    codes: list[tuple[str, int]] = field(default_factory=list)
    length: int = 0  # of the text so far, kept as pieces are added (summing them per link was quadratic)

    def add(self, piece: str) -> None:
        self.text.append(piece)
        self.length += len(piece)


# inline HTML that is markup: a comment, a closing tag, a lowercase tag, or any tag with an attribute
_MARKUP = re.compile(r"<(?:!--|/|[a-z][a-z0-9-]*(?:[\s/>]|$)|[A-Za-z][\w-]*\s+[\w:-]+\s*=)")


class _InlineRenderer:
    """Inline tokens -> plain text with link and code-span offsets, one method per token type (like mistune's)."""

    def render(self, tokens: list[dict[str, Any]], out: _Inline) -> None:
        for tok in tokens:
            method = getattr(self, tok["type"], None)
            if method is not None:
                method(tok, out)
            elif "children" in tok:  # emphasis, strong, strikethrough…: their text
                self.render(tok["children"], out)
            elif "raw" in tok:
                out.add(tok["raw"])

    def text(self, tok: dict[str, Any], out: _Inline) -> None:
        out.add(tok.get("raw", ""))

    def inline_html(self, tok: dict[str, Any], out: _Inline) -> None:
        """A tag is markup, not words: ``<svg onload=…>`` names no SVG, ``<iframe src=javascript:…>`` no
        JavaScript. Only its line breaks are kept (the lines of what follows stay right), or one space
        between two words. ``List<String>`` keeps ``<String>``: a capital is a type, not an HTML tag."""
        raw = tok.get("raw", "")
        if not _MARKUP.match(raw):
            out.add(raw)
        elif "\n" in raw:
            out.add("\n" * raw.count("\n"))
        elif out.text and out.text[-1][-1:] not in ("", " ", "\n"):
            out.add(" ")

    def codespan(self, tok: dict[str, Any], out: _Inline) -> None:
        out.codes.append((tok.get("raw", ""), out.length))
        out.add(tok.get("raw", ""))

    def softbreak(self, tok: dict[str, Any], out: _Inline) -> None:
        out.add("\n")

    linebreak = softbreak

    def link(self, tok: dict[str, Any], out: _Inline) -> None:
        start = out.length
        inner = _Inline()
        self.render(tok.get("children", []), inner)
        for piece in inner.text:
            out.add(piece)
        out.codes.extend((c, start + off) for c, off in inner.codes)
        out.links.append(("".join(inner.text), tok.get("attrs", {}).get("url", ""), start))

    def image(self, tok: dict[str, Any], out: _Inline) -> None:
        return None  # an image shows no text


_INLINE = _InlineRenderer()


# --- block anchoring --------------------------------------------------------------------


class _Anchor:
    """Finds where each block starts in the source lines.

    Blocks mostly come in document order, so the search runs forward from a cursor; when
    mistune reorders tokens (a list interrupted by a block quote), it falls back to the
    first unclaimed line holding the block's first line.
    """

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.cursor = 0
        self.claimed: set[int] = set()

    def _scan(self, probe: str, start: int, stop: int) -> int | None:
        for index in range(start, stop):
            if index not in self.claimed and probe in self.lines[index]:
                return index
        return None

    def find(self, raw: str) -> int:
        """0-based line index of the first source line containing ``raw``'s first line."""
        # the first line holding more than spaces, stripped: cut from the first character that is no
        # space, not by splitting a long block into all its lines
        first = raw.lstrip().split("\n", 1)[0].strip()
        if not first:
            return min(self.cursor, max(len(self.lines) - 1, 0))
        probes = [first[:120]]
        loose = first.strip("*_`>#-+ ")[:40]
        if loose and loose != probes[0]:
            probes.append(loose)
        for probe in probes:
            found = self._scan(probe, self.cursor, len(self.lines))
            if found is None:
                found = self._scan(probe, 0, self.cursor)
            if found is not None:
                self.claimed.add(found)
                self.cursor = max(self.cursor, found + 1)
                return found
        return min(self.cursor, max(len(self.lines) - 1, 0))


def _line_in_block(raw_lines: list[str], needle: str, start_line: int, hint: int) -> int:
    """Line of ``needle`` within a block's raw lines, at or after line index ``hint``."""
    needles = [n for n in dict.fromkeys((needle, unquote(needle))) if n]
    for index in range(hint, len(raw_lines)):
        if any(n in raw_lines[index] for n in needles):
            return index
    return hint


class _Builder:
    def __init__(self, path: str, source: str):
        self.path = path
        self.lines = source.split("\n")
        self.anchor = _Anchor(self.lines)
        self.md = _markdown()
        self.blocks: list[Block] = []
        self.issues: list[Issue] = []
        self.quote_depth = 0

    def inline(self, raw: str, env: dict[str, Any]) -> _Inline:
        out = _Inline()
        if len(raw) > _MAX_BLOCK_TEXT:
            out.add(raw)
            return out
        _INLINE.render(self.md.inline(raw.strip(" \r\n\t\f"), env), out)
        return out

    def leaf(
        self, kind: str, raw: str, env: dict[str, Any], depth: int, parent: int | None, info: str = "",
        at: int | None = None,
    ) -> Block:
        """One block; ``at`` is its 0-based line when the caller knows it (the cells of a table row)."""
        index = self.anchor.find(raw) if at is None else at
        if kind == "code" and index > 0 and self.lines[index - 1].lstrip(" \t>").startswith(("```", "~~~")):
            index -= 1  # a fenced block starts at its fence (also one quoted: "> ```rs")
        line = index + 1
        raw_lines = self.lines[index : index + raw.count("\n") + 1]
        if kind in ("code", "html"):
            text, links, codes = raw, (), ()
        else:
            rendered = self.inline(raw, env)
            if len(raw) > _MAX_BLOCK_TEXT:
                self.issues.append(Issue(self.path, line, _PLAIN_BLOCK.format(size=len(raw))))
            text = "".join(rendered.text)
            links = self._links(rendered, text, raw_lines, line)
            codes = self._codes(rendered, text, line)
        text, wikilinks = _wikilinks(text, line) if "[[" in text else (text, ())
        block = Block(
            kind=kind,
            line=line,
            end_line=line + max(text.count("\n"), raw.strip("\n").count("\n")),
            text=text,
            links=links,
            code_spans=codes,
            depth=depth,
            parent_line=parent,
            ndm=_ndm_spans(text),
            raw=raw,
            wikilinks=wikilinks,
            info=info,
            quoted=self.quote_depth > 0,
        )
        self.blocks.append(block)
        return block

    def _links(self, rendered: _Inline, text: str, raw_lines: list[str], line: int) -> tuple[Link, ...]:
        out: list[Link] = []
        hint = 0
        for label, url, offset in rendered.links:
            at = row_of(text, offset)
            found = _line_in_block(raw_lines, url, line, max(hint, 0)) if url else at
            hint = found
            out.append(Link(text=label, url=url, line=line + (found if url else at)))
        # Bare URLs are links too (the notes often paste them without brackets).
        if rendered.links:
            linked = {url for _, url, _ in rendered.links} | {unquote(url) for _, url, _ in rendered.links}
            labels = [lab for lab, _, _ in rendered.links]
        else:  # most blocks have no link: no sets to build
            linked, labels = set(), []
        for index, raw_line in enumerate(raw_lines):
            if "://" not in raw_line and "www." not in raw_line:
                continue  # every bare URL holds one or the other: the regex runs only on lines that may hold one
            for m in _BARE_URL.finditer(raw_line):
                url = m.group(0)
                if url in linked or any(url in lab for lab in labels):
                    continue
                out.append(Link(text=url, url=url, line=line + index))
        out.sort(key=lambda link: link.line)
        return tuple(out)

    @staticmethod
    def _codes(rendered: _Inline, text: str, line: int) -> tuple[CodeSpan, ...]:
        if not rendered.codes:
            return ()
        return tuple(CodeSpan(code, line + row_of(text, offset)) for code, offset in rendered.codes)

    def walk(
        self, tokens: list[dict[str, Any]], env: dict[str, Any], depth: int = 0, parent: int | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Yields ("heading", (level, Block)) and ("block", Block) in document order.

        One method per block token type (``_block_<type>``); containers without a method
        (tables, their rows) are walked through; block quotes mark the blocks they hold as quoted.
        """
        for tok in tokens:
            method = getattr(self, f"_block_{tok['type']}", None)
            if method is not None:
                yield from method(tok, env, depth, parent)
            elif "children" in tok:
                yield from self.walk(tok["children"], env, depth, parent)

    def _block_heading(self, tok, env, depth, parent):
        block = self.leaf("heading", tok.get("text", ""), env, depth, parent)
        yield "heading", (tok.get("attrs", {}).get("level", 1), block)

    def _block_paragraph(self, tok, env, depth, parent):
        yield "block", self.leaf("paragraph" if depth == 0 else "item_text", tok.get("text", ""), env, depth, parent)

    _block_block_text = _block_paragraph

    def _block_list(self, tok, env, depth, parent):
        for item in tok.get("children", []):
            yield from self._item(item, env, depth, parent)

    def _block_block_code(self, tok, env, depth, parent):
        info = (tok.get("attrs") or {}).get("info") or ""
        yield "block", self.leaf("code", tok.get("raw", ""), env, depth, parent, info.strip())

    def _block_block_quote(self, tok, env, depth, parent):
        self.quote_depth += 1
        try:
            yield from self.walk(tok.get("children", []), env, depth, parent)
        finally:
            self.quote_depth -= 1

    def _block_block_html(self, tok, env, depth, parent):
        yield "block", self.leaf("html", tok.get("raw", ""), env, depth, parent)

    def _block_table_cell(self, tok, env, depth, parent):
        yield "block", self.leaf("cell", tok.get("text", ""), env, depth, parent)

    def _block_table_head(self, tok, env, depth, parent):
        """A row's cells share its line: anchored one by one, each claimed the next line ("| a | b |" on
        line 9 gave b line 10, the row of dashes)."""
        cells = [cell for cell in tok.get("children", []) if cell.get("type") == "table_cell"]
        first = next((cell.get("text", "") for cell in cells if cell.get("text", "").strip()), "")
        at = self.anchor.find(first)
        for cell in cells:
            yield "block", self.leaf("cell", cell.get("text", ""), env, depth, parent, at=at)

    _block_table_row = _block_table_head

    def _item(self, item: dict[str, Any], env: dict[str, Any], depth: int, parent: int | None):
        children = item.get("children", [])
        first_line: int | None = None
        for position, child in enumerate(children):
            if position == 0 and child["type"] in ("block_text", "paragraph"):
                block = self.leaf("list_item", child.get("text", ""), env, depth, parent)
                first_line = block.line
                yield "block", block
            else:
                yield from self.walk([child], env, depth + 1, first_line if first_line else parent)


def _wikilinks(text: str, line: int) -> tuple[str, tuple[WikiLink, ...]]:
    """``[[Target|shown]]`` -> ``shown`` in the text a reader sees, and the link to the other note."""
    found: list[WikiLink] = []

    def shown(m: re.Match[str]) -> str:
        target = m["target"].strip()
        label = (m["text"] or "").strip() or target or (m["anchor"] or "").lstrip("#")
        found.append(WikiLink(target=target, text=label, line=line + row_of(text, m.start())))
        return label

    return _WIKILINK.sub(shown, text), tuple(found)


@cache
def _ndm_leading() -> re.Pattern[str]:
    """A block opened by a remark's word glued to a colon: ``Note: …``, ``**Side note**: …``."""
    words = sorted((re.escape(w) for w in conventions()["ndm"].get("leading", [])), key=len, reverse=True)
    return re.compile(r"^\s*[*_]*(?:" + "|".join(words) + r")[*_]*:(?!//)", re.I) if words else re.compile("(?!)")


@cache
def _ndm_cues() -> tuple[str, ...]:
    """A substring of every marker, lower-cased: a block holding none has no remark (most blocks)."""
    return tuple(sorted({max(re.findall(r"[a-z]+", marker.lower()), key=len, default="")
                         for marker in conventions()["ndm"]["markers"]}))


def _ndm_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the note-taker's remarks: a block opened by ``Note:``, or from an NdM marker to its
    closing bracket or the end."""
    if _ndm_leading().match(text):
        return ((0, len(text)),)
    lowered = text.lower()
    if not any(cue in lowered for cue in _ndm_cues()):
        return ()
    spans = []
    folded = _fold_same_length(text)
    for m in _ndm_pattern().finditer(folded):
        start = m.start()
        opener = folded.rfind("(", 0, start)
        if opener != -1 and folded[opener + 1 : start].strip() == "":
            depth, end = 0, len(text)
            for i in range(opener, len(folded)):
                if folded[i] == "(":
                    depth += 1
                elif folded[i] == ")":
                    depth -= 1
                    if depth == 0:
                        end = i
                        break
            spans.append((opener, end))
        else:
            spans.append((start, len(text)))
    return tuple(spans)


def _fold_same_length(text: str) -> str:
    from ..util.text import fold_block

    return fold_block(text)  # the text of a block, folded again by detection: remembered


def parse_note(path: str, source: str) -> Note:
    """Parse one note. Never raises on odd Markdown: problems become :class:`Issue`\\ s."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    front = split_front_matter(path, source)
    source = front.body
    builder = _Builder(path, source)
    md = builder.md
    state = md.block.state_cls()
    text = source if source.endswith("\n") else source + "\n"
    state.process(text)
    md.block.parse(state)
    env = state.env

    title: str | None = None
    title_line: int | None = None
    sections: list[Section] = []
    # open sections: (level, heading Block, blocks list)
    stack: list[tuple[int, Block, list[Block]]] = []
    preamble: list[Block] = []
    closed: list[tuple[int, Block, list[Block], int]] = []

    def close(until_level: int, at_line: int) -> None:
        while stack and stack[-1][0] >= until_level:
            level, head, blocks = stack.pop()
            closed.append((level, head, blocks, at_line - 1))

    events = list(builder.walk(state.tokens, env))
    events.sort(key=lambda ev: ev[1][1].line if ev[0] == "heading" else ev[1].line)
    builder.blocks.sort(key=lambda b: b.line)
    for kind, payload in events:
        if kind == "heading":
            level, block = payload
            if level == 1 and title is None:
                title, title_line = block.text.strip(), block.line
                close(1, block.line)
                continue
            close(level, block.line)
            stack.append((level, block, []))
        else:
            for _, _, blocks in stack:
                blocks.append(payload)
            if not stack:
                preamble.append(payload)
    close(0, len(builder.lines) + 1)
    for level, head, blocks, end in sorted(closed, key=lambda c: c[1].line):
        end_line = max([end, head.line] + [b.end_line for b in blocks if b.end_line <= end] or [head.line])
        sections.append(
            Section(
                heading=head.text.strip(),
                level=level,
                line=head.line,
                end_line=max(end_line, head.line),
                blocks=tuple(blocks),
                heading_block=head,
            )
        )

    issues = list(front.issues) + list(builder.issues)
    metadata, meta_issues = _metadata(path, preamble) if preamble else _metadata(path, _bold_items(builder.blocks))
    issues.extend(meta_issues)
    tldr, tldr_line = _tldr(builder.blocks)
    return Note(
        path=path,
        title=title,
        title_line=title_line,
        consulted=consultation_date(path),
        metadata=tuple(metadata),
        tldr=tldr,
        tldr_line=tldr_line,
        sections=tuple(sections),
        blocks=tuple(builder.blocks),
        line_count=len(builder.lines) - (1 if source.endswith("\n") else 0),
        issues=tuple(issues),
        fields=front.fields + tuple(text_fields(builder.lines, builder.blocks, front.span)),
        front_matter=front.span,
    )


def _bold_items(blocks: list[Block]) -> list[Block]:
    """Without a preamble, the first list items that read as ``- **key** …``: a `- speaker: Jane` bullet
    under a talk's heading is that talk's, not the note's metadata."""
    items = [b for b in blocks if b.kind == "list_item"][:12]
    return [b for b in items if _META.match(b.raw.strip())]


def _metadata(path: str, blocks: list[Block]) -> tuple[list[MetaEntry], list[Issue]]:
    """The ``- **key** = value`` items before the first section (the first such list)."""
    entries: list[MetaEntry] = []
    issues: list[Issue] = []
    keys = _meta_keys()
    started = False
    for block in blocks:
        if block.kind != "list_item" or block.depth != 0:
            if started and block.kind == "paragraph":
                break
            continue
        m = _META.match(block.raw.strip()) or _PLAIN_META.match(block.raw.strip())
        if not m or (m["sep"] is None and fold(m["key"].strip()) not in keys):
            continue
        if m.re is _PLAIN_META and fold(m["key"].strip()) not in keys:
            continue  # without bold, only the known keys ("url = …") are metadata
        started = True
        raw_key = m["key"].strip()
        value = m["value"].strip()
        key = keys.get(fold(raw_key), raw_key.lower())
        # plain text of the value: drop the bold key prefix from the rendered text
        plain = block.text
        cut = plain.find(raw_key)
        if cut != -1:
            plain = plain[cut + len(raw_key) :]
            plain = re.sub(r"^\s*[=:]\s*", "", plain)
        if not value:
            issues.append(Issue(path, block.line, f"metadata key '{raw_key}' has an empty value (ignored)"))
        form = ("bold" if m.re is _META else "plain") + (m["sep"] or "")
        entries.append(
            MetaEntry(key=key, raw_key=raw_key, value=value, line=block.line, links=block.links, text=plain.strip(),
                      form=form)
        )
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.key in seen and entry.value:
            issues.append(
                Issue(
                    path,
                    entry.line,
                    f"duplicate metadata key '{entry.raw_key}' (first on line {seen[entry.key]}; both values kept)",
                )
            )
        seen.setdefault(entry.key, entry.line)
    return entries, issues


def _tldr(blocks: list[Block] | tuple[Block, ...]) -> tuple[str | None, int | None]:
    pattern = _tldr_pattern()
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "list_item", "item_text"):
            continue
        m = pattern.match(block.raw)
        if not m:
            continue
        rest = pattern.sub("", block.text, count=1).strip() if pattern.match(block.text) else block.text
        rest = re.sub(r"^(?:tl;dr|tldr)\s*[:=]?\s*", "", rest, flags=re.I).strip()
        if not rest or rest.endswith(":"):
            # "**TL;DR** :" followed by a list: the list is the summary
            following = []
            for nxt in blocks[index + 1 :]:
                if nxt.kind == "heading" or (nxt.kind == "paragraph" and following):
                    break
                if nxt.kind in ("list_item", "item_text"):
                    following.append(nxt.text.strip())
            rest = "\n".join(filter(None, [rest] + following)).strip()
        return (rest or None), block.line
    return None, None
