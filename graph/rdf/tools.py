"""Tools outside the vocabulary, decided over the whole corpus: one entity per candidate name.

Extraction gives each candidate mention its evidences (:mod:`graph.extract.opentools`);
here the mentions of all notes are grouped by the slug of their name — so "Google" and
"google" are one entity, and one IRI never has two names — and each group's evidences
are combined (schema/tool_evidence.toml: the distinct evidences of all its mentions, plus
one "another note" per further note naming it). A group whose confidence reaches the
promotion threshold is a tool (``tool:`` + slug, ``schema:SoftwareApplication`` with
``tg:inVocabulary false``); the others stay ``tg:CandidateTool`` for review.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract.evidence import combine, settings
from ..extract.records import NoteRecord
from ..util.text import symbol_slug


@dataclass(frozen=True, slots=True)
class OpenTool:
    """A name outside the vocabulary, as the whole corpus presents it."""

    slug: str
    name: str
    alternate_names: tuple[str, ...]
    evidences: tuple[str, ...]
    confidence: float
    promoted: bool
    notes: int


@dataclass
class ToolIndex:
    """Candidate name -> its corpus-wide entity (:func:`resolve_tools`)."""

    by_slug: dict[str, OpenTool] = field(default_factory=dict)

    def get(self, name: str) -> OpenTool | None:
        return self.by_slug.get(tool_slug(name))


def tool_slug(name: str) -> str:
    """The slug of a tool's name; ``+`` and ``#`` are kept as ``p`` and ``sharp`` (C++ is not C)."""
    return symbol_slug(name)


def resolve_tools(records: Iterable[NoteRecord]) -> ToolIndex:
    """Group the candidates of every note by slug and decide which are tools."""
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    evidences: dict[str, set[str]] = defaultdict(set)
    notes: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for mention in record.mentions:
            if not mention.candidate:
                continue
            key = tool_slug(mention.key)
            surfaces[key][mention.key] += 1
            evidences[key].update(mention.evidences or (mention.evidence or "",))
            notes[key].add(record.path)
    promotion = settings()["promotion"]
    index = ToolIndex()
    for key, names in surfaces.items():
        ranked = sorted(names, key=lambda n: (-names[n], n.islower(), n))
        found = sorted(evidences[key] - {""})
        extra = min(len(notes[key]) - 1, int(promotion["max_other_notes"]))
        confidence = combine([*found, *["another note"] * extra])
        index.by_slug[key] = OpenTool(
            slug=key,
            name=ranked[0],
            alternate_names=tuple(ranked[1:]),
            evidences=tuple(found + (["another note"] if extra else [])),
            confidence=confidence,
            promoted=confidence >= float(promotion["threshold"]),
            notes=len(notes[key]),
        )
    return index
