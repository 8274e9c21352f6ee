"""The note model: what a Markdown note says, with the line every piece comes from.

Everything here is a frozen dataclass so that the extraction stages downstream can be
pure functions over values, cached by content hash and shipped between processes.
Line numbers are 1-based, as editors and ``file:line`` references count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..util.text import casefolded_lines, row_of

SURFACE_WINDOW = 8  # raw lines searched for a mention's surface, from the estimated line


@dataclass(frozen=True, slots=True)
class Link:
    """An inline link or a bare URL, as written: ``text`` is what a reader sees."""

    text: str
    url: str
    line: int


@dataclass(frozen=True, slots=True)
class CodeSpan:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    """One leaf block: a heading, a paragraph, a list item's text, a code block...

    ``text`` is the plain text a reader sees (link targets and markup removed, soft line
    breaks kept as ``\\n`` so that an offset in ``text`` maps back to a line).
    ``ndm`` holds ``(start, end)`` offsets into ``text`` of the note-taker's own opinion.
    """

    kind: str
    line: int
    end_line: int
    text: str
    links: tuple[Link, ...] = ()
    code_spans: tuple[CodeSpan, ...] = ()
    depth: int = 0
    parent_line: int | None = None
    ndm: tuple[tuple[int, int], ...] = ()
    raw: str = ""

    def line_of(self, offset: int, surface: str | None = None) -> int:
        """The file line of a character offset in :attr:`text` (a bisection over line starts).

        Soft breaks map offsets to lines; a code span that spans lines is rendered on one,
        so when ``surface`` is given the raw lines just at and after the estimate are
        checked and the first that holds it wins (a bounded window: linear in the note).
        """
        row = row_of(self.text, offset)
        if surface and self.raw:
            lines = casefolded_lines(self.raw)
            wanted = surface.casefold()
            for index in range(row, min(len(lines), row + SURFACE_WINDOW)):
                if wanted in lines[index]:
                    return self.line + index
        return self.line + row

    def in_ndm(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.ndm)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks up to the next heading of the same or a higher level."""

    heading: str
    level: int
    line: int
    end_line: int
    blocks: tuple[Block, ...] = ()
    heading_block: Block | None = None


@dataclass(frozen=True, slots=True)
class MetaEntry:
    """One ``- **key** = value`` line of the metadata list."""

    key: str
    raw_key: str
    value: str
    line: int
    links: tuple[Link, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class Issue:
    """A warning about the input, always tied to a file and, when known, a line."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Note:
    path: str
    title: str | None = None
    title_line: int | None = None
    consulted: str | None = None
    metadata: tuple[MetaEntry, ...] = ()
    tldr: str | None = None
    tldr_line: int | None = None
    sections: tuple[Section, ...] = ()
    blocks: tuple[Block, ...] = ()
    line_count: int = 0
    issues: tuple[Issue, ...] = field(default=())

    def meta(self, key: str) -> MetaEntry | None:
        """The first metadata entry with a normalised key."""
        return next((m for m in self.metadata if m.key == key), None)

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(link for block in self.blocks for link in block.links)

    @property
    def code_spans(self) -> tuple[CodeSpan, ...]:
        return tuple(span for block in self.blocks for span in block.code_spans)
