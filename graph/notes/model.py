"""The note model: what a Markdown note says, with the line every piece comes from.

Everything here is a frozen dataclass so that the extraction stages downstream can be
pure functions over values, cached by content hash and shipped between processes.
Line numbers are 1-based, as editors and ``file:line`` references count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..util.pickling import quick_pickle
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
    ``info`` is a fenced code block's info string (```` ```sh ```` -> ``"sh"``), ``quoted``
    tells a block inside a ``>`` quotation: someone else's words, not the note-taker's.
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
    wikilinks: tuple[WikiLink, ...] = ()
    info: str = ""
    quoted: bool = False

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
        return bool(self.ndm) and any(start <= offset < end for start, end in self.ndm)  # most blocks have none


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
    form: str = "bold="  # how it is written: "bold=" (`**key** = value`), "bold:", "bold", "plain=", "plain:"


@dataclass(frozen=True, slots=True)
class Field:
    """A key and its value stated outside the ``- **key** = value`` list, with its line.

    Other people's notes put their metadata in YAML or TOML front matter (Obsidian, Jekyll,
    Hugo), in Dataview/Logseq inline fields (``key:: value``), in plain ``Key: value`` lines
    or as ``#tags``. The parser records every such field as written (``origin`` says which
    form); extraction decides which keys mean something, so that a user's own keys
    (``talkgraph.toml``) need no change to the parser.
    """

    key: str  # folded raw key: "speaker", "event.name" (nested YAML keys joined with dots)
    raw_key: str
    value: str  # plain text: Markdown links and wikilinks as their text, emphasis removed
    line: int
    origin: str  # "yaml" | "toml" | "inline" (key:: value) | "line" (Key: value) | "hashtag"
    raw: str = ""
    urls: tuple[str, ...] = ()  # link targets and bare URLs of the value, as written
    parts: tuple[tuple[str, str], ...] = ()  # a mapping in a YAML list: (("name", "Jane"), ("company", "Acme"))


@dataclass(frozen=True, slots=True)
class WikiLink:
    """``[[Target]]``, ``[[Target|shown text]]`` or ``[[Target#Heading]]``: a link to another note."""

    target: str
    text: str
    line: int


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
class Timestamp:
    """A position in a video at the start of a line (``02:40 …``, ``**16:00** analyse``).

    ``seconds`` is the offset; ``label`` the time as written; ``start``/``end`` its columns
    in the file line (0-based, end exclusive), so a tool can turn it into a link in place;
    ``url`` the link target when the time is already written as a Markdown link.
    """

    line: int
    seconds: int
    label: str
    start: int
    end: int
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A parsed note. ``kind`` is ``"resource"`` (the note is about one resource: a talk, a
    video, a post…) or ``"topic"`` (about a subject: the author's structured notes, outlines)."""

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
    fields: tuple[Field, ...] = ()
    front_matter: tuple[int, int] | None = None  # first and last line of the front matter, fences included
    kind: str = "resource"
    timestamps: tuple[Timestamp, ...] = ()

    def fields_of(self, key: str) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.key == key)

    @property
    def wikilinks(self) -> tuple[WikiLink, ...]:
        return tuple(w for block in self.blocks for w in block.wikilinks)

    def meta(self, key: str) -> MetaEntry | None:
        """The first metadata entry with a normalised key."""
        return next((m for m in self.metadata if m.key == key), None)

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(link for block in self.blocks for link in block.links)

    @property
    def code_spans(self) -> tuple[CodeSpan, ...]:
        return tuple(span for block in self.blocks for span in block.code_spans)


quick_pickle(Link, CodeSpan, Block, Section, MetaEntry, Field, WikiLink, Issue, Timestamp, Note)
