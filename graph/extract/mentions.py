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
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..notes.model import Block, Note
from ..util.text import fold, fold_block, tool_key, word_mask
from .evidence import (
    LANGUAGES,
    code_settings,
    common,
    company_words,
    compound_suffixes,
    file_suffixes,
    forges,
    group_words,
    language_of,
    minor_words,
    weight,
)
from .evidence import cue_words as _cues
from .evidence import not_tools as _not_tools
from .fences import fence_mentions
from .opentools import (
    code_span_candidates,
    cue_candidates,
    link_candidates,
    link_target,
    linked_projects,
    list_candidates,
    named_projects,
    squash,
    with_boosters,
)
from .records import Agent, Mention, Resource, Talk
from .regions import Regions
from .values import normalise_url
from .vocab import ToolEntry, Vocabulary, is_language, vocabulary

_FUZZY_MIN_LEN = 5
# the words a typo repair looks at: a letter or digit, then word characters and ".+#-", ending on a word
# character, "+" or "#", of _FUZZY_MIN_LEN characters or more. The same words, at the same offsets, as
# tokenising every word and skipping the short ones (the tail of a short word starts no long one), but
# the short words are skipped by the regex engine rather than one by one in Python.
_LONG_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ž][\w.+#-]{" + str(_FUZZY_MIN_LEN - 2) + r",}[\w+#]")
_URL_IN_TEXT = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>()\[\]]+|\b[\w.-]+\.(?:com|org|net|io|fr|dev|rs)/\S*", re.I
)
_MAY_HOLD_URL = re.compile(r"://|\.(?:com|org|net|io|fr|dev|rs)/", re.I)  # the literal parts of _URL_IN_TEXT
_SKIP_KINDS = {"code", "html"}


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
    blocks = [b for b in note.blocks if b.kind not in _SKIP_KINDS and b.line not in metadata_lines]
    note_lang = language_of(" ".join(b.text for b in blocks[:40]))
    people = _people_keys(resource, talks)
    mentions: list[Mention] = []
    candidates: list[Mention] = []
    by_line = {b.line: b for b in note.blocks}
    speaker_lines = {s.line for t in talks for s in t.speakers}
    shared_lines = {t.line: t for t in talks if any(s.line == t.line for s in t.speakers)}
    projects = linked_projects([link for b in blocks if b.line not in speaker_lines for link in b.links])

    doubtful: list[tuple[Block, _Context, list]] = []  # hits named as the tool writes itself, without evidence
    for block in blocks:
        ctx = context_of(block.line)
        parent = by_line.get(block.parent_line) if block.parent_line else None
        unproved: list = []
        found = _scan_block(block, parent, vocab, note_lang, unproved)
        if block.line in speaker_lines:
            # a speaker line names people and employers ("bosse à Anaconda"), not tools they talk about;
            # a talk's title before its speakers on one line ("Kafka at Scale — Jane Doe, Acme") names its tools
            cut = _tools_end(block.text, shared_lines[block.line]) if block.line in shared_lines else 0
            found = [f for f in found if f[0] != "tool" or f[3] <= cut]
        else:
            mentions.extend(_link_mentions(block, vocab, ctx, {m[1] for m in found if m[0] == "tool"}))
            candidates.extend(_block_candidates(block, parent, found, vocab, context_of, people, projects))
            if unproved:
                doubtful.append((block, ctx, unproved))
        mentions.extend(_found_mentions(block, found, ctx))
    mentions.extend(_proved_elsewhere(doubtful, {m.key for m in mentions if m.kind == "tool"}))
    for block in note.blocks:
        if block.kind == "code":
            for mention in fence_mentions(block, vocab, context_of):
                (candidates if mention.candidate else mentions).append(mention)
    mentions.extend(with_boosters(_unique(candidates), "\n".join(b.text for b in blocks)))
    mentions.extend(_typo_repairs(blocks, vocab, context_of, mentions))
    mentions.extend(_people_mentions(resource, talks, context_of))
    topics = _topics_about(note, resource, talks, mentions, vocab)
    return mentions, topics


def _tools_end(text: str, talk: Talk) -> int:
    """How much of a block on a talk's title line may name tools: up to where it names the talk's speakers or
    their employers ("Kafka at Scale — Jane Doe (Acme)"); all of it when it names none (a table's title cell)."""
    names = [n for s in talk.speakers if s.line == talk.line for n in (s.surface or s.name, *(o.name for o in
             s.affiliations))]
    starts = [at for at in (text.find(name) for name in names if name) if at >= 0]
    return min(starts, default=len(text))


def _found_mentions(block: Block, found, ctx: _Context) -> list[Mention]:
    text, talk, section = block.text, ctx.talk, ctx.section
    out = []
    for kind, key, start, end, evidence in found:  # a dense note has 75k: each surface cut once
        surface = text[start:end]
        out.append(Mention(kind, key, surface, block.line_of(start, surface), talk, section, block.in_ndm(start),
                           evidence))
    return out


def _proved_elsewhere(doubtful: list[tuple[Block, _Context, list]], proved: set[str]) -> list[Mention]:
    """The hits written with the tool's own capitals but without evidence ("React" opening a sentence, "Vault" in
    a Title Case heading), of tools the note names with evidence elsewhere: there, it is the same tool."""
    out = []
    for block, ctx, hits in doubtful:
        found = [("tool", key, start, end, "same note") for key, start, end in hits if key in proved]
        out.extend(_found_mentions(block, found, ctx))
    return out


def _block_candidates(block, parent, found, vocab, context_of, people, projects) -> list[Mention]:
    """The open-vocabulary candidates of one block (:mod:`.opentools`)."""
    known = {tool_key(block.text[start:end]) for kind, _, start, end, _ in found if kind == "tool"}
    return [
        *link_candidates(block, vocab, context_of, people),
        *named_projects(block, projects, vocab, context_of, people),
        *cue_candidates(block, vocab, context_of, people),
        *code_span_candidates(block, vocab, context_of, known, people),
        *list_candidates(block, parent, known, vocab, context_of, people),
    ]


def _unique(candidates: list[Mention]) -> list[Mention]:
    """One candidate per name and line: the strongest evidence of that line wins, the others join it."""
    by_place: dict[tuple[str, int], Mention] = {}
    for m in candidates:
        place = (tool_key(m.key), m.line)
        kept = by_place.get(place)
        if kept is None or weight(m.evidence or "") > weight(kept.evidence or ""):
            by_place[place] = m
    return sorted(by_place.values(), key=lambda m: (m.line, m.key))


def _weak_label(surface: str, topic) -> bool:
    """An ordinary one-word label ("commit", "stockage") that may be used in another sense."""
    word = surface.strip()
    return (
        " " not in word
        and not word.isupper()
        and fold(word) != fold(topic.label)
        and common(word, "topic")
    )


def _people_keys(resource: Resource, talks: list[Talk]) -> frozenset[str]:
    """The note's people and organisations, squashed: their names and sites are no tools."""
    agents = list(resource.authors) + [s for t in talks for s in t.speakers]
    if resource.event:
        agents.extend(resource.event.organizers)
    names = set()
    while agents:
        agent = agents.pop()
        names.add(squash(agent.name))
        names.update(squash(a) for a in agent.aliases)
        agents.extend(agent.affiliations)
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class _Scan:
    """One block being scanned, with what every hit's evidence is judged against."""

    text: str
    folded: str
    code_regions: Regions  # (start, end)
    link_regions: Regions  # (start, end, url)
    heads_list: bool  # the parent block ends with ":" and names a cue ("3 logiciels :"): judged once per block
    languages_here: list
    tools_here: list
    lang: str | None
    title_case: bool
    vocab: Vocabulary
    memo: dict = field(default_factory=dict)  # what is judged once per block, only when a hit asks for it


def _scan_block(
    block: Block, parent: Block | None, vocab: Vocabulary, note_lang: str | None = None,
    unproved: list | None = None,
) -> list[tuple[str, str, int, int, str | None]]:
    """Leftmost-longest vocabulary matches in one block: (kind, id, start, end, evidence).

    The block's language (or else the note's, ``note_lang``) judges the hits: it is guessed
    only for a block that has some, most have none. The tool hits without evidence that are
    written as the tool writes itself go to ``unproved`` as (id, start, end).
    """
    if not vocab.by_name:
        return []
    text = block.text
    chosen = _hits(text, vocab)
    if not chosen:
        return []
    lang = language_of(text) or note_lang
    scan = _Scan(
        text=text,
        folded=fold_block(text),
        code_regions=Regions(_regions(text, [c.text for c in block.code_spans])),
        link_regions=Regions([(a, b, link.url) for (a, b), link in _link_regions(block)]),
        heads_list=parent is not None and _heads_list(parent.text),
        languages_here=[h for h in chosen if vocab.target_kinds(h[3])[1]],
        tools_here=[h for h in chosen if vocab.target_kinds(h[3])[0]],
        lang=lang,
        title_case=block.kind == "heading" and _title_case(text),
        vocab=vocab,
    )
    out = []
    for start, end, name, targets in chosen:
        surface = text[start:end]
        if not surface.isascii() and unicodedata.normalize("NFKC", surface) != surface:
            continue  # "ℝ" is a symbol, not the R language
        plural = _ACRONYM_PLURAL.fullmatch(surface) is not None
        for kind, keys in _senses(targets, surface, scan):
            if kind == "tool":
                if plural:
                    keys = tuple(k for k in keys if surface in vocab.tools[k].names)
                if keys and not _names_a_company(text, end) and not _names_an_account(scan, start, end):
                    _judge_tool(keys, name, surface, start, end, scan, out, unproved)
            elif _topic_ok(surface, name, vocab.topics[keys[0]], lang) and not _french_verb(
                text, start, end, lang, vocab.topics[keys[0]]
            ):
                out.append(("topic", keys[0], start, end, None))
    return out


def _judge_tool(keys: tuple[str, ...], name: str, surface: str, start: int, end: int, scan: _Scan,
                out: list, unproved: list | None) -> None:
    """The first of the name's tools, most likely first, that this occurrence proves; else maybe unproved."""
    tools = scan.vocab.tools
    for key in keys:
        evidence = _evidence(tools[key], name, surface, start, end, scan)
        if evidence is not None:
            out.append(("tool", key, start, end, evidence))
            return
    if unproved is not None:
        key = next((k for k in keys if _written_as_itself(tools[k], surface, scan, start, end)), None)
        if key is not None:
            unproved.append((key, start, end))


def _hits(text: str, vocab: Vocabulary) -> list[tuple[int, int, str, tuple]]:
    """Bounded, leftmost-longest automaton hits, outside URLs and file names."""
    folded = fold_block(text)
    raw_hits = []
    # the automaton runs over the word mask padded with a space at each end, so a hit ending at
    # index i of it is a name ending at i - 1 of the text, with no word character on either side
    for end_index, names in vocab.automaton.iter(" " + word_mask(folded) + " "):
        end = end_index - 1
        start = end - len(names[0][0])
        for name, targets in names:  # the names written alike but for their punctuation: one is the text's
            if folded.startswith(name, start):
                if _bounded(folded, start, end) and not _in_file_name(folded, start, end):
                    raw_hits.append((start, end, name, targets))
                break
    raw_hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen = []
    last_end = -1
    for hit in raw_hits:
        if hit[0] >= last_end:
            chosen.append(hit)
            last_end = hit[1]
    url_regions = Regions([m.span() for m in _URL_IN_TEXT.finditer(text)] if _may_hold_url(text, folded) else [])
    if url_regions:  # "https://github.com/x/y.html" names no tool: HTTPS, GitHub and HTML sit in an address
        chosen = [h for h in chosen if not url_regions.covers(h[0])]
    return chosen


def _may_hold_url(text: str, folded: str) -> bool:
    """Whether :data:`_URL_IN_TEXT` can match: it costs a backtracking over every word, this a few substring tests.

    Every address it finds holds "www." (any case: "www." in the folded text) or "://" or a
    domain's ".com/"…, both after a "/".
    """
    return "www." in folded or ("/" in text and _MAY_HOLD_URL.search(text) is not None)


def _in_file_name(folded: str, start: int, end: int) -> bool:
    """``script.py``, ``Cargo.toml``: a name that is a file's stem or extension is no mention."""
    if start >= 2 and folded[start - 1] == "." and folded[start - 2].isalnum():
        return True
    rest = folded[end : end + 8]
    if not rest.startswith(".") or _JS_SUFFIX.match(rest):
        return False  # "Leaflet.js" names the library (JavaScript's convention), not a file
    return _file_suffix() is not None and _file_suffix().match(rest) is not None


@cache
def _file_suffix() -> re.Pattern[str] | None:
    """Any file suffix, whole: one compiled alternation rather than a pattern per suffix and hit."""
    suffixes = file_suffixes()
    return re.compile("(?:" + "|".join(map(re.escape, suffixes)) + r")(?![a-z0-9])") if suffixes else None


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) * 3 >= len(words) * 2


def _link_regions(block: Block):
    regions = _regions(block.text, [link.text for link in block.links if link.text != link.url])
    links = [link for link in block.links if link.text and link.text != link.url]
    return list(zip(regions, links, strict=False))


def _senses(targets: tuple[tuple[str, str], ...], surface: str, scan: _Scan):
    """What one hit may name: ("tool", its tools, most likely first) and ("topic", (its topic,)).

    A name shared by a tool and a topic ("WebAssembly") is both. A name shared by two tools
    ("less" the pager, "LESS" the style sheets; "Aurora" the database and the Mesos
    scheduler) is the one the text spells exactly, then the one whose categories the
    block's other tools share ("Marathon or Aurora"), then the vocabulary's first.
    """
    if len(targets) == 1:
        return (targets[0][0], (targets[0][1],)),
    keys = tuple(key for kind, key in targets if kind == "tool")
    topics = [("topic", (key,)) for kind, key in targets if kind == "topic"][:1]
    if len(keys) > 1:
        keys = _likeliest(keys, surface, scan)
    return ([("tool", keys)] if keys else []) + topics


def _likeliest(keys: tuple[str, ...], surface: str, scan: _Scan) -> tuple[str, ...]:
    tools = scan.vocab.tools
    around = scan.memo.get("categories")
    if around is None:  # the categories of the block's tools whose names are their own
        around = scan.memo["categories"] = Counter()
        for hit in scan.tools_here:
            owners = [key for kind, key in hit[3] if kind == "tool"]
            if len(owners) == 1:
                around.update(tools[owners[0]].categories)

    def rank(item: tuple[int, str]) -> tuple[bool, int, int]:
        order, key = item
        tool = tools[key]
        return surface not in tool.names, -sum(around[c] for c in set(tool.categories)), order

    return tuple(key for _, key in sorted(enumerate(keys), key=rank))


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
    if after == "-" and end + 1 < len(folded) and folded[end + 1].isalnum():
        suffix = _WORD.match(folded, end + 1)
        return suffix is not None and suffix.group() in compound_suffixes()  # "Python-based", not "Python-Dev"
    return True


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


def _needs_evidence(tool: ToolEntry, name: str, surface: str, lang: str | None) -> bool:
    """Flagged names (in the text's language), one-letter names, and lower-case ordinary words and phrases
    of the text's language; a lower-case acronym needs evidence only when it is a word ("cran", not "css")."""
    if tool.is_ambiguous(name, lang) or len(name) == 1:
        return True
    langs = (lang,) if lang else LANGUAGES
    if " " in surface and surface.islower() and not tool.name.islower():  # "go read the docs" is no Read the Docs
        words = surface.split()
        return not _joining_words().isdisjoint(words) and all(common(word, "phrase", langs) for word in words)
    if surface.isalpha() and surface.islower() and tool.name.isupper() and len(tool.name) >= 3:
        # "un cran plus loin" is no CRAN; "css", "svg" and "sql" are no words of any language, however often written
        return not _VOWELS.isdisjoint(surface) and common(surface, "acronym", langs)
    return surface.isalpha() and not _capitalised_name(tool, surface) and common(surface, "vocabulary", langs)


def _capitalised_name(tool: ToolEntry, surface: str) -> bool:
    return surface in tool.names and not surface.islower()


def _kept_lower(tool: ToolEntry, surface: str) -> bool:
    """A word a Title Case heading leaves lower-case though it is no small word ("with", "for"): a name
    written as the tool writes itself ("uv", "pandas")."""
    return len(surface) >= 2 and surface.islower() and surface in tool.names and surface not in minor_words()


def _own_capitals(tool: ToolEntry, surface: str, scan: _Scan, end: int) -> bool:
    """One of the tool's names with its capitals, of three letters or more, no very common word ("Make them
    immutable", "Media Access Control"), stuck to no code punctuation ("&Self"), and not the first word of a
    longer name ("Julia Evans"; in a Title Case heading every word is capitalised)."""
    start = end - len(surface)
    langs = (scan.lang,) if scan.lang else LANGUAGES
    return (len(surface) >= 3 and _capitalised_name(tool, surface) and not _glued_to_code(scan.text, start, end)
            and (surface.isupper() or not (surface.isalpha() and common(surface, "capitalised", langs)))
            and (scan.title_case or not _first_of_a_longer_name(scan, end)))


def _written_as_itself(tool: ToolEntry, surface: str, scan: _Scan, start: int, end: int) -> bool:
    """Outside code, :func:`_own_capitals`: the same tool when the note names it with evidence elsewhere."""
    return scan.code_regions.holding(start, end) is None and _own_capitals(tool, surface, scan, end)


def _evidence(tool: ToolEntry, name: str, surface: str, start: int, end: int, scan: _Scan) -> str | None:
    """Why this occurrence counts, or None when it does not.

    Inside a code span, a name counts when it is the whole span, the command or the head of
    a dotted path (``cargo test``, ``zope.interface``), or what ``import``/``install``
    names; a name that is also an ordinary word must be alone in its span, and a one- or
    two-letter name is never proved by code (``C`` and ``d`` in code are variables).
    Otherwise a name that is also an ordinary word (flagged ambiguous, a single letter, a
    lower-case common word of the text's language) needs evidence: it is the text of a link
    to the tool; it keeps the tool's own capitals away from a sentence start, a Title Case
    heading and code punctuation ("Black", not "Vue d'ensemble" nor "&Self"); a cue word
    stands right beside it ("la lib requests", "le langage R") or heads the list it belongs
    to ("3 logiciels : - R - SAS"); or another language is named in the same sentence
    ("R / python").
    """
    ambiguous = _needs_evidence(tool, name, surface, scan.lang)
    region = scan.code_regions.holding(start, end)
    if region is not None:
        return _code_evidence(tool, name, scan.text, region, start, end, ambiguous)
    link = _link_holding(scan.link_regions, start, end)
    if link is not None and (not ambiguous or scan.vocab.tool_for_url(normalise_url(link) or "") is tool):
        return "link"  # the link is (mostly) the name itself, not a title that contains it
    if not ambiguous:
        return "name"
    if len(name) > 1 and not is_language(tool) and _JS_SUFFIX.match(scan.text, end):
        return "js suffix"  # "Leaflet.js", "leaflet.js": JavaScript's own way of naming its libraries
    if scan.title_case and _kept_lower(tool, surface):
        return "kept lower case"  # "## Shipping Python Apps with uv", "## Polars for pandas Users"
    if scan.title_case or (surface.islower() and tool.name.isupper()):
        return None  # "…Your Language Behave", "the basic tools": only code or a link proves these
    if (not surface.isupper() and not _sentence_start(scan.text, start) and _own_capitals(tool, surface, scan, end)
            and not _names_a_group(scan, start, end)):
        return "capitalisation"  # "Black", "Click": an acronym ("ABC", "SAS") needs more than its case
    return _context_evidence(tool, name, start, end, scan)


def _names_a_company(text: str, end: int) -> bool:
    """ "Grafana Labs", "Python Software Foundation": the name is a company's, capitalised as one."""
    return text[end:end + 1] == " " and bool(_company_pattern().match(text, end))


@cache
def _company_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(company_words(), key=len, reverse=True))
    return re.compile(r"\s+(?=[A-Z])(?i:" + (words or "(?!)") + r")\.?(?![\w-])")


# after a forge's name: an account or a repository ("MIC-DKFZ", "pmp-p/pygbag", "art049",
# "GuillaumeDesforges"), or a person's ("de Grégory", "of Jane")
_ACCOUNT = re.compile(r"\s+(?:@?(?=[\w.-]*(?:\d|[-/_]|[a-z][A-Z]))[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?(?![\w/])"
                      r"|(?:de|d'|of|du)\s*[A-Z@])")


def _names_an_account(scan: _Scan, start: int, end: int) -> bool:
    """ "(github MIC-DKFZ)", "son github", "le github de Grégory": where someone's code lives, not a tool."""
    names, possessives = forges()
    if scan.folded[start:end] not in names:
        return False
    before = scan.folded[max(0, start - 12):start].split()
    return bool(_ACCOUNT.match(scan.text, end)) or bool(before) and before[-1] in possessives


def _names_a_group(scan: _Scan, start: int, end: int) -> bool:
    """"the Firebird team": a team's name, which its capitals do not make a tool; nor do they after "the"
    elsewhere in the paragraph ("…on the Firebird project"), while "uses Firebird" still counts."""
    groups = scan.memo.get("groups")
    if groups is None:
        groups = scan.memo["groups"] = {m.group(1) for m in _group_pattern().finditer(scan.folded)}
    return bool(groups) and scan.folded[start:end] in groups and scan.folded[max(0, start - 4):start] == "the "


@cache
def _group_pattern() -> re.Pattern[str]:
    """"the X team", "the X Y squad" on folded text: the name before a group word, once compiled."""
    words = "|".join(sorted(map(re.escape, group_words()))) or "(?!)"
    return re.compile(r"(?<![0-9a-z])the ([0-9a-z][0-9a-z.+-]*(?: [0-9a-z][0-9a-z.+-]*)?) (?:" + words
                      + r")(?![0-9a-z])")


def _context_evidence(tool: ToolEntry, name: str, start: int, end: int, scan: _Scan) -> str | None:
    folded = scan.folded
    before = " ".join(folded[max(0, start - 40) : start].split()[-2:])
    after = " ".join(folded[end : end + 40].split()[:2])
    # the cue stands beside the name, or one word away but not across "de"/"of" ("la notion de module")
    words_before = before.split()
    if len(words_before) == 2 and words_before[1] in _as_words():
        before = words_before[0]  # "un package-installer comme pip"
    cue_before = next((m for m in _cues().finditer(before) if m.end() == len(before)), None)
    if cue_before is None and "-" in before:  # "un package-installer comme pip": the compound's head is one
        cue_before = _cues().fullmatch(before.split()[-1].split("-")[0])
    joined = after.split()[:1] and after.split()[0].strip("'’") in _joining_words()
    cue_after = _cues().match(after) or (not joined and _cues().search(after))
    if cue_before and _plural_cue(cue_before.group()) and scan.text[start:end].islower():
        cue_before = None  # "languages make this difficult": the plural noun is the subject, the name its verb
    if cue_after and cue_after.start() == 0 and _plural_cue(cue_after.group()) and scan.text[start:end].islower():
        cue_after = None  # "Uber's logging libraries": libraries for logging, not one named so
    if cue_before or cue_after or scan.heads_list:
        return "cue"
    if is_language(tool) and any(
        h[0] != start and (0 <= h[0] - end <= 15 or 0 <= start - h[1] <= 15)  # "R / python", "perl, ruby"
        for h in _near(scan.languages_here, start)
        if len(h[2]) > 1 and any(t[0] == "tool" and not scan.vocab.tools[t[1]].is_ambiguous(h[2], scan.lang)
                                 for t in h[3])
    ):
        return "language list"
    if len(name) > 1 and any(_listed_with(scan, hit, start, end) for hit in _near(scan.tools_here, start)):
        return "tool list"
    return None


@cache
def _plural_cue(word: str) -> bool:
    """A cue word that is the plural of another ("libraries", "outils"): many things, not the one named."""
    singulars = (word[:-1], word[:-3] + "y") if word.endswith("ies") else (word[:-1],)
    return word.endswith("s") and any(_cues().fullmatch(singular) for singular in singulars)


def _heads_list(parent_text: str) -> bool:
    """A parent list item that heads its children as software: "3 logiciels :"."""
    return parent_text.rstrip().endswith(":") and _cues().search(fold_block(parent_text)) is not None


def _link_holding(regions: Regions, start: int, end: int) -> str | None:
    """The URL of the link whose text holds the hit and is (mostly) the hit itself."""
    if regions.sorted:
        region = regions.holding(start, end)
        return region[2] if region is not None and (end - start) * 2 >= region[1] - region[0] else None
    return next((url for a, b, url in regions if a <= start and end <= b and (end - start) * 2 >= b - a), None)


def _near(hits: list, start: int, reach: int = 3) -> list:
    """The few hits around ``start`` (hits are sorted by offset): neighbours, found in log time."""
    at = bisect_right(hits, start, key=lambda h: h[0])
    return hits[max(0, at - reach) : at + reach]


_COMMAND_TAIL = re.compile(r"\s+(?:-{1,2}\w|[A-Za-z][\w.-]+(?:\s|$))")
_LIST_SEPARATOR = re.compile(r"\s*(?:[,/+&]|and|et|or|ou|vs\.?)\s*", re.IGNORECASE)


def _listed_with(scan: _Scan, hit, start: int, end: int) -> bool:
    """"NodeJS + Qt", "CircleCI, Hubot": right beside a tool whose name is no ordinary word."""
    if hit[0] >= end:
        between = scan.text[end : hit[0]]
    elif hit[1] <= start:
        between = scan.text[hit[1] : start]
    else:
        return False
    if len(between) > 6 or not _LIST_SEPARATOR.fullmatch(between):
        return False
    surface = scan.text[hit[0] : hit[1]]
    return len(hit[2]) > 2 and not common(surface, "vocabulary") and any(
        kind == "tool" and not scan.vocab.tools[key].is_ambiguous(hit[2], scan.lang) for kind, key in hit[3]
    )


def _code_evidence(tool: ToolEntry, name: str, text: str, region, start: int, end: int, ambiguous: bool):
    """A name inside a code span: only as the span itself, its command, a dotted head or an import."""
    span = text[region[0] : region[1]].strip(" `")
    offset = text.find(span, region[0])
    head, tail = text[offset:start], text[end : offset + len(span)]
    surface = text[start:end]
    if fold(span.removesuffix("()")) == fold(surface):
        if fold(span) in _not_tools() or len(name) <= 2:
            return None
        if ambiguous and not _code_name(tool, surface):
            return None  # `bind` is not BIND, `word` not Word, `Arc` a Rust type rather than a browser
        return "code"
    previous = head.split()[-1] if head.strip() else ""
    if previous in ("import", "from", "install", "add", "-m", "use"):
        return "code"
    # in code, an English word is an identifier ("Node" in `RefCell<Node>`, `[profile.dev]`)
    identifier = ambiguous or len(name) <= 2 or common(surface, "code", ("en",))
    if not head.strip() and _COMMAND_TAIL.match(tail) and (surface.islower() or len(name) <= 2):
        return "code"  # the command of `cargo test`, `go build`, `R CMD check` (not `C < A < B`)
    dotted = not head.strip() and tail.startswith((".", "::"))
    if dotted and (not common(surface, "code", ("en",)) or surface in tool.packages):
        return "code"  # `zope.interface`, `abc.ABCMeta`, `requests.get` (the package's own name)
    return None if identifier else "code"


def _code_name(tool: ToolEntry, surface: str) -> bool:
    """A code span naming an ambiguous tool: its own spelling or package, and software that is code."""
    if surface in tool.packages:
        return True
    not_code = set(code_settings()["not_code_categories"])
    return surface in tool.names and not set(tool.categories) <= not_code


_JS_SUFFIX = re.compile(r"\.js\b", re.IGNORECASE)
# an acronym's plural ("ABIs", "IOs"): the acronym's, never another name folded alike ("ABIS", "iOS")
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_WORD = re.compile(r"[a-z]+(?![\w-])")
_VOWELS = frozenset("aeiouy")
_NEXT_WORD = re.compile(r" (\w+)")


def _first_of_a_longer_name(scan: _Scan, end: int) -> bool:
    """"Julia Evans", "Travis Oliphant", "Ruby Rose": a capitalised word right after the name, itself no
    tool, makes it the first word of a person's (or a place's) name; its capitals then say nothing."""
    found = _NEXT_WORD.match(scan.text, end)
    if found is None:
        return False
    word = found.group(1)
    return (len(word) > 1 and word[0].isupper() and word[1:].islower() and word.isalpha()
            and not any(hit[0] == found.start(1) for hit in _near(scan.tools_here, found.start(1))))


def _glued_to_code(text: str, start: int, end: int) -> bool:
    """``&Self``, ``Rc<Node>``, ``Self::new``: a word stuck to code punctuation is code."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return before.endswith(("&", "<", "::")) or after.startswith(("<", "::", "("))


_OPENING = frozenset(" *_\"'«“(")
_SENTENCE_END = frozenset(".!?:\n->")


def _sentence_start(text: str, start: int) -> bool:
    """Nothing but opening marks between the last sentence end (or the block's start) and ``start``.

    A walk back over those few marks, never a copy of the text before the hit (which made a
    long paragraph quadratic).
    """
    at = start
    while at > 0 and text[at - 1] in _OPENING:
        at -= 1
    return at == 0 or text[at - 1] in _SENTENCE_END


def _topic_ok(surface: str, name: str, topic, lang: str | None = None) -> bool:
    """Short topic labels and acronyms must match as written (TDD, SIG), not as any word."""
    if len(name) <= 3 or surface.isupper():
        return any(surface == label for label in topic.labels) or len(name) > 4
    return True


def _french_verb(text: str, start: int, end: int, lang: str | None, topic) -> bool:
    """"Compiler en RelWithDebInfo": the French verb, not the topic of compilers (the things, plural).

    Only labels of a topic named by the plural of the word count ("compilers" for "compiler"):
    "profiler la mémoire" is still about profiling.
    """
    surface = text[start:end]
    if lang != "fr" or " " in surface or not fold(surface).endswith("er") or fold(topic.label) != fold(surface) + "s":
        return False
    if not common(surface, "typo", ("fr",)):
        return False
    before = fold(text[max(0, start - 12) : start]).split()
    return not before or before[-1].strip("'’") not in _determiners()


@cache
def _determiners() -> frozenset[str]:
    from .evidence import settings

    return frozenset(settings()["common_words"]["determiners"])


@cache
def _as_words() -> frozenset[str]:
    from .evidence import settings

    return frozenset(settings()["common_words"]["as_words"])


@cache
def _joining_words() -> frozenset[str]:
    from .evidence import settings

    words = settings()["common_words"]
    return frozenset(words["determiners"]) | frozenset(words["joining"])


def _link_mentions(block: Block, vocab: Vocabulary, ctx: _Context, already: set[str]) -> list[Mention]:
    """Links into a tool's own pages (by the longest vocabulary URL prefix): mentions of it."""
    out = []
    for link in block.links:
        url = link_target(link)
        tool = vocab.tool_for_url(url) if url else None
        if tool is not None and tool.id not in already:
            out.append(Mention(kind="tool", key=tool.id, surface=link.text, line=link.line, talk=ctx.talk,
                               section=ctx.section, evidence="link target"))
    return out


def _typo_repairs(blocks: list[Block], vocab: Vocabulary, context_of, mentions: list[Mention]) -> list[Mention]:
    """Words one or two edits away from a tool named in the same section: "mumut" -> mutmut.

    Words of the French or English dictionary (wordfreq) are never repaired, and neither
    is anything inside a ``>`` quotation.
    """
    by_section: dict[str | None, set[str]] = {}
    for m in mentions:
        if m.kind == "tool" and not m.candidate:
            by_section.setdefault(m.section, set()).add(m.key)
    out = []
    known_words = vocab.folded_names
    names_of: dict[str | None, tuple] = {}
    for block in blocks:
        ctx = context_of(block.line)
        nearby = by_section.get(ctx.section)
        if not nearby or block.quoted:
            continue  # a quotation is someone else's text, kept as written
        if ctx.section not in names_of:  # once per section, not per block: a dense section names thousands
            names_of[ctx.section] = _section_names(nearby, vocab)
        choices, firsts, closest = names_of[ctx.section]
        if not choices:
            continue
        for m in _LONG_WORD.finditer(block.text):
            word = m.group(0)
            if word[0].lower() not in firsts:
                continue
            folded = fold(word)
            if folded in known_words or folded in choices:
                continue
            best = closest(folded)
            if best is None or not _plausible_typo(folded, best[0]):
                continue
            variant = _squash(folded) == _squash(best[0])  # "hacker-news", "single-dispatch": a spelling, not a typo
            if not variant and common(word, "typo"):
                continue  # a word of the dictionary (English or French) is no typo of a tool
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


_TYPO_SCORE = 88


def _section_names(nearby: set[str], vocab: Vocabulary) -> tuple[dict[str, str], set[str], object]:
    """The folded names of the tools a section names (-> tool id), their first letters, and the names by length."""
    choices = {name: tool_id for tool_id in sorted(nearby) for name in _long_names(vocab.tools[tool_id].names)}
    return choices, {name[0] for name in choices}, _names_by_length(choices)


@lru_cache(maxsize=65536)
def _long_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """A tool's names long enough to be repaired, folded: asked again by every section that names the tool."""
    return tuple(fold(name) for name in names if len(name) >= _FUZZY_MIN_LEN)


def _names_by_length(choices: dict[str, str]):
    """The best name for a word at :data:`_TYPO_SCORE` (rapidfuzz's ``extractOne`` over ``choices``).

    fuzz.ratio is 100 × (1 − indel distance / total length), and the distance is at least
    the difference of the lengths: names much longer or shorter than the word can never
    reach the cut-off, so they are left out before rapidfuzz compares (the best match, ties
    included, is the one the whole list gives, as the names keep their order). A dense
    section names thousands of tools.
    """
    buckets: dict[int, list[tuple[int, str]]] = {}
    for index, name in enumerate(choices):
        buckets.setdefault(len(name), []).append((index, name))
    fitting_lists: dict[int, list[str]] = {}
    slack = 1 - _TYPO_SCORE / 100 + 1e-9
    best_of: dict[str, tuple | None] = {}  # dense text repeats its words: each is compared once

    def fitting(length: int) -> list[str]:
        found = fitting_lists.get(length)
        if found is None:
            near = [b for n, b in buckets.items() if abs(n - length) <= slack * (n + length)]
            found = fitting_lists[length] = [name for _, name in sorted(item for b in near for item in b)]
        return found

    def best(word: str) -> tuple | None:
        if word not in best_of:
            best_of[word] = process.extractOne(word, fitting(len(word)), scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
        return best_of[word]

    return best


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
    # a single passing mention by an ordinary word ("un commit" in a note on databases) is no subject
    specific = {
        (m.key, m.talk) for m in mentions if m.kind == "topic" and not _weak_label(m.surface, vocab.topics[m.key])
    }
    weak = sorted(
        (key for key in counts if key not in strong and key in specific), key=lambda k: (-_depth(vocab, k[0]), k[0])
    )
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
