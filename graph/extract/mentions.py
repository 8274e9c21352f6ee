"""Mentions of tools, topics and people in a note's text, each with its line.

One Aho-Corasick pass per block over the folded text finds every vocabulary name at word
boundaries. Names that are also ordinary words (``R``, ``Go``, ``Black``, ``requests``…,
flagged ``tg:ambiguousName`` in tools.ttl) count only with evidence: a code span, a link,
the exact capitalisation of a longer name, a cue word nearby, or another language named
in the same sentence. Links to project pages resolve to the tool; unknown projects and
package-like code spans become candidates; near-misses of a tool named in the same
section ("mumut" beside "mutmut") are repaired with rapidfuzz.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..notes.model import Block, Note
from ..util.resources import conventions
from ..util.text import fold, fold_chars, phrase_pattern
from .records import Agent, Mention, Resource, Talk
from .values import normalise_url
from .vocab import ToolEntry, Vocabulary, vocabulary

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ž][\w.+#-]*[\w+#]|[0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ž]")
_PACKAGE_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$")
_FUZZY_MIN_LEN = 5
_URL_IN_TEXT = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>()\[\]]+|\b[\w.-]+\.(?:com|org|net|io|fr|dev|rs)/\S*", re.I
)
_SKIP_KINDS = {"code", "html"}


@cache
def _cues() -> re.Pattern[str]:
    words = conventions().get("detection", {}).get("cue_words", [])
    return phrase_pattern(words)


@cache
def _stop_candidates() -> frozenset[str]:
    return frozenset(fold(w) for w in conventions().get("detection", {}).get("not_tools", []))


@cache
def _file_suffixes() -> tuple[str, ...]:
    return tuple(conventions().get("detection", {}).get("file_suffixes", []))


@dataclass(frozen=True, slots=True)
class _Context:
    talk: str | None
    section: str | None


def _context_finder(note: Note, talks: list[Talk]):
    """Maps a line to the talk (attended section or listed entry) and section holding it."""
    spans = sorted((t.line, t.end_line, t.title) for t in talks)
    starts = [s[0] for s in spans]
    sections = sorted((s.line, s.end_line, s.heading) for s in note.sections)
    section_starts = [s[0] for s in sections]

    def find(line: int) -> _Context:
        talk = None
        i = bisect_right(starts, line) - 1
        while i >= 0:
            start, end, title = spans[i]
            if start <= line <= end:
                talk = title
                break
            if end < line and start < line - 2000:
                break
            i -= 1
        section = None
        j = bisect_right(section_starts, line) - 1
        while j >= 0:
            start, end, heading = sections[j]
            if start <= line <= end:
                section = heading
                break
            j -= 1
        return _Context(talk, section)

    return find


def detect_mentions(
    note: Note, resource: Resource, talks: list[Talk]
) -> tuple[list[Mention], list[tuple[str, str | None]]]:
    """Every tool, topic and person occurrence of the note, and what the resource and talks are about."""
    vocab = vocabulary()
    context_of = _context_finder(note, talks)
    metadata_lines = {m.line for m in note.metadata}
    mentions: list[Mention] = []
    blocks = [b for b in note.blocks if b.kind not in _SKIP_KINDS and b.line not in metadata_lines]
    by_line = {b.line: b for b in note.blocks}
    speaker_lines = {s.line for t in talks for s in t.speakers}

    for block in blocks:
        ctx = context_of(block.line)
        parent = by_line.get(block.parent_line) if block.parent_line else None
        found = _scan_block(block, parent, vocab)
        if block.line in speaker_lines:
            # a speaker line names people and employers ("bosse à Anaconda"), not tools they talk about
            found = [f for f in found if f[0] != "tool"]
        else:
            mentions.extend(_link_mentions(block, vocab, ctx, {m[1] for m in found if m[0] == "tool"}))
        for kind, key, start, end, evidence in found:
            mentions.append(
                Mention(
                    kind=kind,
                    key=key,
                    surface=block.text[start:end],
                    line=block.line_of(start, block.text[start:end]),
                    talk=ctx.talk,
                    section=ctx.section,
                    by_note_taker=block.in_ndm(start),
                    evidence=evidence,
                )
            )
        mentions.extend(_candidate_code_spans(block, vocab, ctx, found))

    mentions.extend(_typo_repairs(blocks, vocab, context_of, mentions))
    mentions.extend(_people_mentions(resource, talks, context_of))
    topics = _topics_about(note, resource, talks, mentions, vocab)
    return mentions, topics


def _scan_block(block: Block, parent: Block | None, vocab: Vocabulary) -> list[tuple[str, str, int, int, str | None]]:
    """Leftmost-longest vocabulary matches in one block: (kind, id, start, end, evidence)."""
    text = block.text
    folded = fold_chars(text)
    raw_hits = []
    if not vocab.by_name:
        return []
    for end_index, (name, targets) in vocab.automaton.iter(folded):
        start = end_index - len(name) + 1
        end = end_index + 1
        if not _bounded(folded, start, end):
            continue
        raw_hits.append((start, end, name, targets))
    raw_hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen = []
    last_end = -1
    for hit in raw_hits:
        if hit[0] >= last_end:
            chosen.append(hit)
            last_end = hit[1]
    url_regions = [m.span() for m in _URL_IN_TEXT.finditer(text)]
    if url_regions:  # "https://github.com/x/y.html" names no tool: HTTPS, GitHub and HTML sit in an address
        chosen = [h for h in chosen if not any(a <= h[0] < b for a, b in url_regions)]
    code_regions = _regions(text, [c.text for c in block.code_spans])
    link_regions = _regions(text, [link.text for link in block.links if link.text != link.url])
    out = []
    parent_text = parent.text if parent is not None else ""
    languages_here = [h for h in chosen if any(k == "tool" and _is_language(vocab.tools.get(i)) for k, i in h[3])]
    for start, end, name, targets in chosen:
        surface = text[start:end]
        for kind, key in targets[:1] if len(targets) == 1 else _prefer(targets):
            if kind == "tool":
                tool = vocab.tools[key]
                evidence = _evidence(
                    tool, name, surface, start, end, code_regions, link_regions, text, parent_text, languages_here,
                    vocab,
                )
                if evidence is None:
                    continue
                out.append(("tool", key, start, end, evidence))
            else:
                if _topic_ok(surface, name, vocab.topics[key]):
                    out.append(("topic", key, start, end, None))
    return out


def _prefer(targets: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """A name shared by a tool and a topic ("WebAssembly") is both; two tools: the first."""
    tools = [t for t in targets if t[0] == "tool"][:1]
    topics = [t for t in targets if t[0] == "topic"][:1]
    return tools + topics


def _bounded(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    if before.isalnum() or before in "_":
        return False
    if after.isalnum() or after == "_":
        return False
    # French elision ("c'est", "d'abord") and ampersand words ("R&D") hide no one-letter names
    if end - start <= 2 and (after in "'’&" or before == "&"):
        return False
    # "C" in "C++" or ".NET" pieces: a name may not be cut out of a longer symbol
    if after in "+#" and not folded[start:end].endswith(("+", "#")):
        return False
    if before == "-" and start > 1 and folded[start - 2].isalnum():
        return False
    return not (after == "-" and end + 1 < len(folded) and folded[end + 1].isalnum())


def _regions(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    regions, cursor = [], 0
    for piece in pieces:
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at == -1:
            at = text.find(piece)
        if at != -1:
            regions.append((at, at + len(piece)))
            cursor = at + len(piece)
    return regions


def _inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in regions)


def _is_language(tool: ToolEntry | None) -> bool:
    return tool is not None and any(c in ("language", "programming-language") for c in tool.categories)


def _evidence(
    tool: ToolEntry,
    name: str,
    surface: str,
    start: int,
    end: int,
    code_regions,
    link_regions,
    text: str,
    parent_text: str,
    languages_here,
    vocab: Vocabulary,
) -> str | None:
    """Why this occurrence counts, or None when an ambiguous name has no support.

    Evidence for a name that is also an ordinary word: it is written in code or is the
    whole text of a link; it keeps the tool's own capitals away from a sentence start
    ("Black", not "Vue d'ensemble"); a cue word stands right beside it ("la lib requests",
    "le langage R") or heads the list it belongs to ("3 logiciels : - R - SAS"); or another
    language is named in the same sentence ("R / python").
    """
    short = len(name) <= 2
    if _inside(code_regions, start, end) and (
        not short or any(text[a:b].strip(" `") == surface for a, b in code_regions if a <= start and end <= b)
    ):
        return "code"
    if any(a <= start and end <= b and (end - start) * 2 >= (b - a) for a, b in link_regions):
        return "link"  # the link is (mostly) the name itself, not a title that contains it
    if name not in tool.ambiguous:
        return "name"
    folded = fold_chars(text)
    if (
        len(surface) >= 3
        and surface in tool.names
        and not surface.islower()
        and not surface.isupper()
        and not _sentence_start(text, start)
    ):
        return "capitalisation"  # "Black", "Click": an acronym ("ABC", "SAS") needs more than its case
    before = " ".join(folded[max(0, start - 40) : start].split()[-2:])
    after = " ".join(folded[end : end + 40].split()[:2])
    heads_list = parent_text.rstrip().endswith(":") and _cues().search(fold_chars(parent_text))
    if _cues().search(before) or _cues().search(after) or heads_list:
        return "cue"
    if (
        _is_language(tool)
        and any(
            h[0] != start and (0 <= h[0] - end <= 15 or 0 <= start - h[1] <= 15)  # "R / python", "perl, ruby"
            for h in languages_here
            if any(t[0] == "tool" and h[2] not in vocab.tools[t[1]].ambiguous for t in h[3])
        )
    ):
        return "language list"
    return None


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" *_\"'«“(")
    return not before or before.endswith((".", "!", "?", ":", "\n", "-", ">"))


def _topic_ok(surface: str, name: str, topic) -> bool:
    """Short topic labels and acronyms must match as written (TDD, SIG), not as any word."""
    if len(name) <= 3 or surface.isupper():
        return any(surface == label for label in topic.labels) or len(name) > 4
    return True


def _link_mentions(block: Block, vocab: Vocabulary, ctx: _Context, already: set[str]) -> list[Mention]:
    out = []
    for link in block.links:
        url = normalise_url(link.url)
        if url is None:
            continue
        tool = vocab.tool_for_url(url)
        if tool is not None:
            if tool.id not in already:
                out.append(
                    Mention(
                        kind="tool",
                        key=tool.id,
                        surface=link.text,
                        line=link.line,
                        talk=ctx.talk,
                        section=ctx.section,
                        evidence="link target",
                    )
                )
            continue
        candidate = _project_from_url(url)
        if candidate and vocab.tool_for_name(candidate) is None and fold(candidate) not in _stop_candidates():
            out.append(
                Mention(
                    kind="tool",
                    key=candidate,
                    surface=link.text,
                    line=link.line,
                    talk=ctx.talk,
                    section=ctx.section,
                    evidence="project link",
                    candidate=True,
                )
            )
    return out


def _project_from_url(url: str) -> str | None:
    """The project a repository or package page is about: github.com/owner/REPO, pypi.org/project/X."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in ("github.com", "gitlab.com", "codeberg.org") and len(segments) == 2:
        return segments[1].removesuffix(".git")
    if host == "pypi.org" and len(segments) >= 2 and segments[0] == "project":
        return segments[1]
    if host == "crates.io" and len(segments) >= 2 and segments[0] == "crates":
        return segments[1]
    if host == "npmjs.com" and len(segments) >= 2 and segments[0] == "package":
        return segments[-1]
    if host.endswith(".readthedocs.io"):
        return host.split(".")[0]
    return None


def _candidate_code_spans(block: Block, vocab: Vocabulary, ctx: _Context, found) -> list[Mention]:
    """Package-like code spans named as software ("la lib `foo`", "`foo` package"): tools worth a review."""
    out: list[Mention] = []
    if not block.code_spans:
        return out
    folded = fold_chars(block.text)
    if not _cues().search(folded):
        return out
    known = {block.text[s:e].lower() for _, _, s, e, _ in found}
    regions = _regions(block.text, [c.text for c in block.code_spans])
    for (start, end), span in zip(regions, block.code_spans, strict=False):
        text = span.text.strip()
        if not (3 <= len(text) <= 30) or not _PACKAGE_LIKE.match(text) or text.lower() in known:
            continue
        if vocab.tool_for_name(text) is not None or fold(text) in _stop_candidates():
            continue
        if text.lower().endswith(_file_suffixes()):
            continue
        if "." in text and vocab.tool_for_name(text.split(".")[0]) is not None:
            continue  # `contextlib.closing` is a part of a known tool, already found as such
        before = " ".join(folded[max(0, start - 40) : start].split()[-3:])
        after = " ".join(folded[end : end + 30].split()[:2])
        if not (_cues().search(before) or _cues().match(after.lstrip(" ,:("))):
            continue
        out.append(
            Mention(kind="tool", key=text, surface=text, line=span.line, talk=ctx.talk, section=ctx.section,
                    evidence="code span", candidate=True)
        )
    return out


def _typo_repairs(blocks: list[Block], vocab: Vocabulary, context_of, mentions: list[Mention]) -> list[Mention]:
    """Words one or two edits away from a tool named in the same section: "mumut" -> mutmut."""
    by_section: dict[str | None, set[str]] = {}
    for m in mentions:
        if m.kind == "tool" and not m.candidate:
            by_section.setdefault(m.section, set()).add(m.key)
    out = []
    known_words = vocab.folded_names
    choices_of: dict[str | None, dict[str, str]] = {}
    for block in blocks:
        ctx = context_of(block.line)
        nearby = by_section.get(ctx.section)
        if not nearby:
            continue
        choices = choices_of.get(ctx.section)
        if choices is None:
            choices = choices_of[ctx.section] = {
                fold(name): tool_id
                for tool_id in sorted(nearby)
                for name in vocab.tools[tool_id].names
                if len(name) >= _FUZZY_MIN_LEN
            }
        if not choices:
            continue
        firsts = {name[0] for name in choices}
        names = list(choices)
        for m in _WORD.finditer(block.text):
            word = m.group(0)
            if len(word) < _FUZZY_MIN_LEN or word[0].lower() not in firsts:
                continue
            folded = fold(word)
            if folded in known_words or folded in choices:
                continue
            best = process.extractOne(folded, names, scorer=fuzz.ratio, score_cutoff=88)
            if best is None or not _plausible_typo(folded, best[0]):
                continue
            variant = _squash(folded) == _squash(best[0])  # "hacker-news", "single-dispatch": a spelling, not a typo
            out.append(
                Mention(
                    kind="tool",
                    key=choices[best[0]],
                    surface=word,
                    line=block.line_of(m.start(), word),
                    talk=ctx.talk,
                    section=ctx.section,
                    by_note_taker=block.in_ndm(m.start()),
                    evidence=("spelling of " if variant else "typo of ") + vocab.tools[choices[best[0]]].name,
                    corrected=not variant,
                )
            )
    return out


def _squash(text: str) -> str:
    return re.sub(r"[\s_.-]+", "", text)


def _plausible_typo(word: str, name: str) -> bool:
    """A typo keeps the first letter, is one or two edits away, and is not a part of the name ("performance")."""
    if word[0] != name[0] or word in name or name in word:
        return False
    return Levenshtein.distance(word, name) <= (1 if len(name) < 8 else 2)


def _people_mentions(resource: Resource, talks: list[Talk], context_of) -> list[Mention]:
    """Each author, speaker and affiliation occurrence, with the line it was read from."""
    out = []

    def add(agent: Agent, talk: str | None) -> None:
        out.append(
            Mention(
                kind=agent.kind,
                key=agent.name,
                surface=agent.surface or agent.name,
                line=agent.line,
                talk=talk,
                evidence="metadata" if talk is None else "speaker line",
            )
        )
        for org in agent.affiliations:
            out.append(
                Mention(
                    kind="organization",
                    key=org.name,
                    surface=org.name,
                    line=org.line or agent.line,
                    talk=talk,
                    evidence="affiliation",
                )
            )

    for author in resource.authors:
        add(author, None)
    for talk in talks:
        for speaker in talk.speakers:
            add(speaker, talk.title)
    return out


def _topics_about(
    note: Note, resource: Resource, talks: list[Talk], mentions: list[Mention], vocab: Vocabulary
) -> list[tuple[str, str | None]]:
    """What each talk and the resource are about.

    A topic is what a talk or a note is *about* when its tags name it, when its title or
    summary (the talk's heading and first paragraph, the note's TL;DR) names it, or when
    the text comes back to it (two mentions or more); short talks are topped up to
    :data:`TOPICS_PER_TALK` with their most specific single mentions. Every other passing
    mention stays a tg:Mention, with its provenance, without making the talk about it.
    """
    about: dict[tuple[str, str | None], None] = {}
    for tag in resource.tags:
        if tag.scheme in ("topic", "other"):
            topic = vocab.topic_for_label(tag.label) or vocab.topic_for_label(" ".join(tag.path))
            if topic is not None:
                about[(topic.id, None)] = None
    summary_lines = _summary_lines(note, talks)
    counts = Counter((m.key, m.talk) for m in mentions if m.kind == "topic")
    strong = {(m.key, m.talk) for m in mentions if m.kind == "topic" and m.line in summary_lines.get(m.talk, ())}
    strong |= {key for key, n in counts.items() if n >= 2}
    about.update(dict.fromkeys(sorted(strong, key=lambda k: (k[1] or "", k[0]))))
    per_talk = Counter(talk for _, talk in about)
    weak = sorted((key for key in counts if key not in strong), key=lambda k: (-_depth(vocab, k[0]), k[0]))
    for topic_id, talk in weak:
        if per_talk[talk] < TOPICS_PER_TALK:
            about[(topic_id, talk)] = None
            per_talk[talk] += 1
    return sorted(about, key=lambda item: (item[1] or "", item[0]))


TOPICS_PER_TALK = 5


def _depth(vocab: Vocabulary, topic_id: str, seen: frozenset[str] = frozenset()) -> int:
    """How far below the top of the taxonomy a topic sits: deeper is more specific."""
    topic = vocab.topics.get(topic_id)
    if topic is None or not topic.broader or topic_id in seen:
        return 0
    return 1 + max(_depth(vocab, parent, seen | {topic_id}) for parent in topic.broader)


def _summary_lines(note: Note, talks: list[Talk]) -> dict[str | None, set[int]]:
    """Lines that say what a talk (or the note, key None) is about: title, heading, first paragraph."""
    lines: dict[str | None, set[int]] = {None: {line for line in (note.title_line, note.tldr_line) if line}}
    if note.tldr_line and note.tldr:
        lines[None].update(range(note.tldr_line, note.tldr_line + note.tldr.count("\n") + 1))
    for talk in talks:
        own = {talk.line}
        for block in note.blocks:
            if talk.line < block.line <= talk.end_line and block.kind == "paragraph":
                own.update(range(block.line, block.end_line + 1))
                break
        lines[talk.title] = own
    return lines
