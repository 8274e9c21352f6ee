"""Software named in a note but absent from the vocabulary: candidates, each with its evidences.

A candidate is a name the text itself presents as software: the text of a link to the
project's repository, package or site (``[siesta](https://github.com/VividCortex/siesta)``),
a name the note links elsewhere (``seifnode`` beside a link to ``…/paypal/seifnode``), a
code span or a name in a cue phrase (``la lib `frobnicate```, "Frobnik is a library"),
an item of a list of known tools or of a list headed "languages:", or the first word of
a shell command (:mod:`.fences`). Each occurrence is a :class:`Mention` with
``candidate=True`` and its ``evidences``; the shape of a name (``FoxDot``) and its
repetition in the note only add to those. Ordinary words (wordfreq), placeholders, file
names and the note's own people are never candidates. Whether a candidate becomes a tool
is decided over the whole corpus (:mod:`graph.rdf.tools`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import cache, lru_cache
from urllib.parse import unquote, urlsplit

import ahocorasick

from ..notes.model import Block, Link
from ..util.text import fold, fold_block, fold_chars, tool_key
from .evidence import (
    combine,
    common,
    cue_patterns,
    cue_words,
    file_suffixes,
    link_settings,
    list_head_before,
    list_head_reach,
    list_heads,
    not_tools,
)
from .records import Mention
from .values import normalise_url
from .vocab import Vocabulary, registrable_domain

_PACKAGE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$")
_NAME_WORD = re.compile(r"[A-Za-z][\w.+#-]*[\w+#]|[A-Za-z]")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]|[A-Za-z]\d|\d[A-Za-z]")
_SQUASH = re.compile(r"[\s_.\-]+")
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")
_LISTY = re.compile(r",|/|\bet\b|\band\b|\bou\b|\bor\b")
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|/|\bet\b|\band\b|\bou\b|\bor\b|\betc\b\.?|\+)\s*")
_SEGMENT = re.compile(r"\(([^()]{3,200})\)|:\s*([^.:;()]{3,200})$|^([^.:;()]{3,200})$")
REPEATED = 3


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """A name compared across spellings: case, accents, spaces, dots and dashes ignored."""
    return _SQUASH.sub("", fold(text))


def looks_like_name(text: str) -> bool:
    """A short token a product could be called: no ordinary word, placeholder, file or number."""
    text = text.strip(" `'\"*_,;:()[]")
    if not (2 <= len(text) <= 40) or not text[0].isalpha() or fold(text) in not_tools():
        return False
    if text.lower().endswith(file_suffixes()) or len(text.split()) > 3:
        return False
    words = text.split()
    if any(common(w, "candidate") for w in words if w.isalpha()) and not _INNER_CAPITAL.search(text):
        return False
    if text.isupper() and len(text) >= 4 and text.isalpha() and common(text, "typo"):
        return False  # "écrit en MAJUSCULES": an upper-case word is emphasis, not a name
    return not (len(words) > 1 and not all(w[0].isupper() or w[0].isdigit() for w in words))


def product_shape(text: str) -> bool:
    """FoxDot, PouchDB, Z3: inner capitals or letters and digits, which words seldom have."""
    return bool(_INNER_CAPITAL.search(text)) and not common(text, "candidate")


@lru_cache(maxsize=65536)
def link_project(url: str) -> tuple[str, str] | None:
    """(project name, evidence) a link target is about, or None for other people's content.

    Remembered: the note's linked projects and each block's link candidates ask for the same links.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    parts = parts._replace(path=unquote(parts.path))  # …/ren%27py names "ren'py", …/caf%C3%A9 "café"
    host = parts.netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0].removeprefix("www.")
    settings = link_settings()
    domain = registrable_domain(host)
    if host in settings["content_hosts"] or domain in settings["content_hosts"]:
        return None
    segments = [s for s in parts.path.split("/") if s and s.lower() not in settings["idle_segments"]]
    page = host + parts.path + ("=" + parts.query if parts.query else "")
    for registry in settings["registries"]:
        if page.startswith(registry) and page[len(registry) :]:
            return page[len(registry) :].strip("/=").split("/")[0], "project link"
    if host in settings["code_hosts"]:
        raw = [s for s in parts.path.split("/") if s]
        if len(raw) < 2:
            return None
        return raw[1].removesuffix(".git"), "project link" if len(raw) == 2 else "project page"
    if host.endswith((".readthedocs.io", ".readthedocs.org")) or host.startswith("docs."):
        label = host.split(".")[0] if not host.startswith("docs.") else domain.split(".")[0]
        return label, "docs link"
    if domain.endswith(".github.io") or domain.endswith(".gitlab.io"):
        evidence = "project link" if len(segments) <= 1 else "project page"
        return (segments[0] if segments else domain.split(".")[0]), evidence
    label = domain.split(".")[0]
    if segments and len(segments) <= 2:
        return segments[-1].removesuffix(".html"), "home page link"
    return label, "home page link"


def _matches(name: str, project: str) -> bool:
    return len(squash(name)) >= 2 and squash(name) == squash(project)


def link_target(link: Link) -> str | None:
    """A link's target; ``[https://x.org/]()`` (a URL as text, no target) points to its text."""
    target = link.url or (link.text if _URL_TEXT.match(link.text.strip()) else "")
    return normalise_url(target) if target else None


def link_candidates(block: Block, vocab: Vocabulary, line_ctx, people: frozenset[str]) -> list[Mention]:
    """Links whose text is the project of their target; bare repository URLs, weakly."""
    out = []
    for link in block.links:
        url = link_target(link)
        if url is None or vocab.tool_for_url(url) is not None:
            continue
        found = link_project(url)
        if found is None:
            continue
        project, evidence = found
        text = link.text.strip(" `*_")
        if text == link.url or text == url or not link.url:
            if evidence == "project link" and looks_like_name(project) and squash(project) not in people:
                out.append(_mention(project, link.text, link.line, line_ctx, "repository link"))
            continue
        if evidence == "project page":
            evidence = "project link"
        text = re.split(r"\s*(?:[,:(]|\s-\s)", text, maxsplit=1)[0]  # "[Vaurien, Chaos proxy](…/vaurien)"
        if vocab.tool_for_name(text) is not None and not _matches(text, _home_label(url)):
            continue  # "[Ren'Py](…/example/ren'py)": a known tool, found by the text pass; "[github](…)" is the host
        matched = _matches(text, project) or (evidence != "home page link" and _matches(text, _home_label(url)))
        # the link proves a name, so only the most ordinary words ("here", "docs") are refused
        strict = evidence == "home page link"
        if matched and (_acceptable(text, vocab, people) or (not strict and _named(text, vocab, people))):
            out.append(_mention(text, text, link.line, line_ctx, evidence))
        elif found[1] == "project link" and looks_like_name(project) and squash(project) not in people:
            out.append(_mention(project, link.text, link.line, line_ctx, "repository link"))  # [ce projet](…/x)
    return out


def _home_label(url: str) -> str:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return registrable_domain(host).split(".")[0]


def _named(text: str, vocab: Vocabulary, people: frozenset[str]) -> bool:
    return (
        vocab.tool_for_name(text) is None
        and fold(text) not in not_tools()
        and squash(text) not in people
        and not common(text, "vocabulary")
        and len(text.split()) <= 3
    )


def _acceptable(name: str, vocab: Vocabulary, people: frozenset[str]) -> bool:
    return vocab.tool_for_name(name) is None and looks_like_name(name) and squash(name) not in people


class LinkedProjects(dict):
    """squashed project name -> evidence, and one automaton telling whether a text names any.

    A dense note links hundreds of projects; testing each name against each block made the
    note quadratic, an Aho-Corasick pass over the block is linear.
    """

    _automaton: ahocorasick.Automaton | None = None

    def named_in(self, squashed: str) -> bool:
        """Some project name occurs in ``squashed`` (as ``any(name in squashed for name in self)``)."""
        if self._automaton is None:
            self._automaton = _automaton(list(self))
        if self._automaton.kind != ahocorasick.AHOCORASICK:
            return False  # no name to find
        return next(self._automaton.iter(squashed), None) is not None


def _automaton(words: list[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        if word:
            automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def linked_projects(links: list[Link]) -> LinkedProjects:
    """squashed project name -> evidence, for every project a link of the note points to."""
    out = LinkedProjects()
    for link in links:
        url = link_target(link)
        found = link_project(url) if url else None
        if found is None or vocabulary_of_url(url):
            continue
        project, evidence = found
        if evidence == "home page link":
            project = _home_label(url)  # the site's name, never a page of it ("…/design-patterns/singleton")
        if len(squash(project)) >= 3 and looks_like_name(project) and not common(project, "typo"):
            out.setdefault(squash(project), "named project")  # "refactoring.guru" names no "refactoring"
    return out


def vocabulary_of_url(url: str | None) -> bool:
    from .vocab import vocabulary

    return bool(url) and vocabulary().tool_for_url(url) is not None


def named_projects(block: Block, projects: LinkedProjects, vocab: Vocabulary, line_ctx, people) -> list[Mention]:
    """Words of the text naming a project the note links to ("seifnode", "structurizr:")."""
    if not projects:
        return []
    squashed = _SQUASH.sub("", fold_block(block.text))
    if not projects.named_in(squashed):
        return []
    out = []
    text = _outside_links(block)
    for m in _NAME_WORD.finditer(text):
        word = m.group(0).rstrip(".")
        if squash(word) in projects and _acceptable(word, vocab, people):
            out.append(_mention(word, word, block.line_of(m.start(), word), line_ctx, "named project"))
    return out


def _outside_links(block: Block) -> str:
    """The block's text with every occurrence of a link's text or URL blanked (same length, so offsets hold).

    One Aho-Corasick pass finds the occurrences of all the pieces (a replace per link made a
    block with many links quadratic); their union is blanked.
    """
    text = block.text
    pieces = {piece for link in block.links for piece in (link.text, link.url) if piece}
    if not pieces:
        return text
    found = sorted((end - len(piece) + 1, end + 1) for end, piece in _automaton(sorted(pieces)).iter(text))
    out, cursor = [], 0
    for start, end in found:
        if end > cursor:
            start = max(start, cursor)
            out.extend((text[cursor:start], " " * (end - start)))
            cursor = end
    out.append(text[cursor:])
    return "".join(out)


def cue_candidates(block: Block, vocab: Vocabulary, line_ctx, people: frozenset[str]) -> list[Mention]:
    """Names in a cue phrase ("la lib X", "X is a framework") and code spans named as software."""
    out = []
    text = block.text
    lowered = text.lower().replace("’", "'")
    present = _cue_literals_in(lowered)
    if not present:
        return out
    codes = {c.text.strip() for c in block.code_spans}
    for literal, pattern in cue_patterns():
        if literal not in present:
            continue
        for m in pattern.finditer(text):
            name = m.group("name").rstrip(".")
            if not _acceptable(name, vocab, people):
                continue
            in_code = name in codes
            if not in_code and name.islower() and common(name, "typo"):
                continue  # a lower-case dictionary word after "le module" is prose, not a name
            evidence = "code span cue" if in_code else "cue phrase"
            out.append(_mention(name, name, block.line_of(m.start("name"), name), line_ctx, evidence))
    return out


def _cue_literals_in(lowered: str) -> set[str]:
    """The literal parts of cue phrases that ``lowered`` holds, in one Aho-Corasick pass over it.

    The same answer as a substring test per phrase (or a regex of all the literals), which
    made this the costliest test of a block.
    """
    automaton, empty = _cue_automaton()
    present = {literal for _, literal in automaton.iter(lowered)} if automaton is not None else set()
    return present | empty


@cache
def _cue_automaton() -> tuple[ahocorasick.Automaton | None, frozenset[str]]:
    """The automaton of the cue literals, and ``{""}`` when a phrase has none (it is then always tried)."""
    literals = sorted({literal for literal, _ in cue_patterns()})
    words = [literal for literal in literals if literal]
    return (_automaton(words) if words else None), frozenset(lit for lit in literals if not lit)


def code_span_candidates(block: Block, vocab: Vocabulary, line_ctx, known: set[str],
                         people: frozenset[str]) -> list[Mention]:
    """Package-like code spans named as software ("la lib `foo`", "`foo` package")."""
    if not block.code_spans or not cue_words().search(fold_block(block.text)):
        return []
    out: list[Mention] = []
    folded = fold_block(block.text)
    cursor = 0
    for span in block.code_spans:
        text = span.text.strip()
        start = block.text.find(span.text, cursor)
        if start == -1:
            continue
        end = cursor = start + len(span.text)
        if not (3 <= len(text) <= 30) or not _PACKAGE_LIKE.match(text) or tool_key(text) in known:
            continue
        if vocab.tool_for_name(text) is not None or fold(text) in not_tools() or squash(text) in people:
            continue
        if common(text, "code_cue"):
            continue  # a code span named by a cue may be a word ("la crate `quote`"), not a keyword (`this`)
        if text.lower().endswith(file_suffixes()):
            continue
        if "." in text and vocab.tool_for_name(text.split(".")[0]) is not None:
            continue  # `contextlib.closing` is a part of a known tool, already found as such
        before = " ".join(folded[max(0, start - 40) : start].split()[-2:])
        after = " ".join(folded[end : end + 30].split()[:2]).lstrip(" ,:(")
        if any(m.end() == len(before) for m in cue_words().finditer(before)) or cue_words().match(after):
            out.append(_mention(text, text, span.line, line_ctx, "code span cue"))
    return out


def list_candidates(block: Block, parent: Block | None, known: set[str], vocab: Vocabulary, line_ctx,
                    people: frozenset[str]) -> list[Mention]:
    """Unknown items of an enumeration of known tools, or of a list headed "languages:"."""
    out = []
    head_of_children = parent is not None and bool(list_heads().search(fold_block(parent.text.rstrip())))
    if not head_of_children and (not known or not _LISTY.search(block.text)):
        return out  # an enumeration holds a known tool at least
    folded = fold_block(block.text)
    if head_of_children:
        item = re.split(r"\s+(?:=|:|-|\()\s*|\s*[(:=,]", block.text.strip(), maxsplit=1)[0]
        if item and _acceptable(item, vocab, people):
            out.append(_mention(item, item, block.line, line_ctx, "cue phrase"))
        return out
    for m in _SEGMENT.finditer(block.text):
        segment = next(g for g in m.groups() if g)
        start = m.start() + m.group(0).find(segment)
        headed = bool(start) and _headed(folded, start)
        items = [i.strip() for i in _ITEM_SPLIT.split(segment) if i and i.strip()]
        if len(items) < 2 or any(len(i.split()) > 3 for i in items):
            continue
        known_items = [i for i in items if tool_key(i) in known or vocab.tool_for_name(i) is not None]
        if len(known_items) < (1 if headed else 2):
            continue
        for item in items:
            if item not in known_items and _acceptable(item, vocab, people) and (item[0].isupper() or headed):
                offset = start + segment.find(item)
                out.append(_mention(item, item, block.line_of(offset, item), line_ctx,
                                    "cue phrase" if headed else "enumeration"))
    return out


def _headed(folded: str, start: int) -> bool:
    """The text before ``start`` ends with a list head ("outils :", "libraries (Python):").

    As ``list_heads().search(folded[:start].rstrip().rstrip(":").rstrip() + " :")``, without
    copying the text before every segment: the match can only begin a head's length before
    the stripped end, or before the parenthesis closing there.
    """
    end = _rstrip_at(folded, start)
    while end > 0 and folded[end - 1] == ":":
        end -= 1
    end = _rstrip_at(folded, end)
    if end == 0:
        return False
    reach = list_head_reach()
    if folded[end - 1] == ")":
        opening = folded.rfind(")", 0, end - 1) + 1  # the group "( … )" holds no other ")"
        begin = max(0, opening - reach)
    else:
        begin = max(0, end - reach)
    return list_head_before().search(folded, begin, end) is not None


def _rstrip_at(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _mention(key: str, surface: str, line: int, line_ctx, evidence: str) -> Mention:
    ctx = line_ctx(line)
    return Mention(kind="tool", key=key, surface=surface, line=line, talk=ctx.talk, section=ctx.section,
                   evidence=evidence, candidate=True, evidences=(evidence,))


def with_boosters(candidates: list[Mention], note_text: str) -> list[Mention]:
    """Each candidate with the note's evidences added: its shape, its repetition; and a confidence."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for m in candidates:
        by_name[squash(m.key)].add(m.evidence or "")
    folded = fold_chars(note_text) if candidates else ""
    occurrences = _counts(folded, {fold_chars(m.key) for m in candidates})
    counts = {squash(m.key): occurrences[fold_chars(m.key)] for m in candidates}
    out = []
    for m in candidates:
        key = squash(m.key)
        evidences = set(by_name[key])
        if product_shape(m.key):
            evidences.add("product shape")
        if counts[key] >= REPEATED:
            evidences.add("repeated")
        ordered = tuple(sorted(evidences - {""}))
        out.append(replace(m, evidences=ordered, confidence=combine(ordered)))
    return out


def _counts(text: str, words: set[str]) -> dict[str, int]:
    """``text.count(word)`` of every word (non-overlapping occurrences), in one pass over the text."""
    counts = dict.fromkeys(words, 0)
    if "" in counts:
        counts[""] = len(text) + 1
    last_end = dict.fromkeys(words, 0)
    present = sorted(w for w in words if w)
    if not present:
        return counts
    for end, word in _automaton(present).iter(text):
        start = end - len(word) + 1
        if start >= last_end[word]:  # leftmost non-overlapping, as str.count
            counts[word] += 1
            last_end[word] = end + 1
    return counts
