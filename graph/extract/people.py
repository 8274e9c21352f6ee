"""The grammar of people: author and speaker fields -> :class:`Agent` records.

A field such as ``[Arnaud LOYER](…) archi chez RATP Smart Systems et [Cyrille MARTRAIRE](…),
dev expérimenté chez [Arolla](…)`` is cut into chunks at separators written outside links
and brackets. A chunk that starts with a name starts a new person; any other chunk
describes the person before it (role, affiliation, aliases, pages, creations). The
phrases (``chez``, ``bosse à``, ``works at``, ``aka``, ``créateur de``…) come from
``schema/conventions.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from urllib.parse import urlsplit

from ..util.resources import conventions
from ..util.text import collapse_space, fold, fold_chars, phrase_pattern
from .records import Agent
from .values import is_unknown, normalise_url

_LINK = re.compile(  # [text](url), [text](<url>), [text](url "title"): a plain URL may hold "<x>", as in Markdown
    r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*(?:<([^<>\n]*)>|([^()\s]*(?:\([^()]*\)[^()\s]*)*))(?:\s+\"[^\"]*\")?\s*\)")
_BARE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\],;]*[^\s<>()\[\].,;:!?]")
_UPPER = r"A-ZÀ-ÖØ-ÞĀ-ŽŁ"
_NAME_TOKEN = re.compile(rf"^(?:[{_UPPER}][\w'’.-]*|[{_UPPER}]\.)$")
_CAPWORD = re.compile(rf"^[{_UPPER}][a-zß-öø-ÿā-ž'’-]+(?:-[{_UPPER}][a-zß-öø-ÿā-ž'’-]+)?$")
_ALLCAPS = re.compile(rf"^[{_UPPER}][{_UPPER}'’-]+$")
_INITIAL = re.compile(rf"^[{_UPPER}]\.$")
_DETERMINERS = re.compile(r"^(?:le|la|les|l'|l’|the|un|une|a|an)\s+", re.I)
_MARKUP = re.compile(r"[*_`]+")
# "Bob Lee <https://bob.example>" (a name, then its autolink) is "[Bob Lee](https://bob.example)"; an
# e-mail in angle brackets says nothing the graph keeps, and was making the whole field unreadable
_NAME_AUTOLINK = re.compile(r"(^|[,;]\s*)([^,;<>\[\]]+?)\s*<((?:https?://|www\.)[^<>\s]+)>")
_MAIL_AUTOLINK = re.compile(r"\s*<(?:mailto:)?[^<>\s@]+@[^<>\s]+>")


@dataclass
class _Piece:
    text: str
    url: str | None = None  # set for links and bare URLs


@dataclass
class _Chunk:
    pieces: list[_Piece]
    separator: str  # the separator before this chunk ("" for the first)

    @property
    def plain(self) -> str:
        return collapse_space("".join(p.text for p in self.pieces))


@dataclass
class _Draft:
    name: str
    url: str | None = None
    same_as: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    rest: list[_Piece] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)

    def bare(self) -> bool:
        return not "".join(p.text for p in self.rest).strip(" ,;()")


@cache
def _grammar() -> dict:
    people = conventions()["people"]
    return {
        "separators": sorted(people["separators"], key=len, reverse=True),
        "alias": re.compile(
            r"(?<![\w.])(?:"
            + "|".join(re.escape(a) for a in sorted(people["aliases"], key=len, reverse=True))
            + r")(?![\w])\s*",
            re.I,
        ),
        "affiliation": phrase_pattern(people["affiliation_cues"]),
        "weak": {fold(c) for c in people.get("weak_affiliation_cues", [])},
        "former": phrase_pattern(people.get("former_cues", [])) if people.get("former_cues") else None,
        "creation": phrase_pattern(people["creation_cues"]),
        "personal": {fold(w) for w in people["personal_link_words"]},
        "social": {fold(w) for w in people.get("social_link_words", [])},
        "org_words": {fold(w) for w in people["organisation_words"]},
        "roles": phrase_pattern(people["role_words"]),
        "particles": {fold(w) for w in people["name_particles"]},
        "all_cues": tuple(fold(w) for w in people.get("collective_cues", [])),
    }


def parse_people(value: str, line: int, *, default_kind: str = "agent") -> list[Agent]:
    """People named in an author or speaker field, in the order written."""
    value = _NAME_AUTOLINK.sub(r"\1[\2](\3)", _MAIL_AUTOLINK.sub("", value))
    if is_unknown(_MARKUP.sub("", value)):
        return []
    chunks = _chunks(_pieces(value))
    drafts: list[_Draft] = []
    collective: list[_Piece] = []
    for index, chunk in enumerate(chunks):
        previous = drafts[-1] if drafts else None
        started = _start_person(
            chunk,
            first=index == 0,
            previous_bare=previous is not None and previous.bare(),
            previous_parenthetical=previous is not None and _only_parenthetical(previous),
        )
        if started is not None:
            drafts.append(started)
        elif previous is not None:
            if any(fold(chunk.plain).startswith(cue) for cue in _grammar()["all_cues"]):
                collective.extend(chunk.pieces)
            else:
                previous.rest.append(_Piece(", "))
                previous.rest.extend(chunk.pieces)
    agents = [_finish(d, line, default_kind) for d in drafts]
    if collective and agents:
        shared = _finish(_Draft(name="", rest=collective), line, default_kind)
        agents = [
            replace(a, affiliations=a.affiliations + tuple(o for o in shared.affiliations if o not in a.affiliations))
            for a in agents
        ]
    return [a for a in agents if a.name]


def _pieces(value: str) -> list[_Piece]:
    out: list[_Piece] = []
    pos = 0
    for m in _LINK.finditer(value):
        if m.start() > pos:
            out.extend(_bare_split(value[pos : m.start()]))
        text, target = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
        url = normalise_url(target)
        if url is None and normalise_url(text):  # [https://x](label): text and target swapped
            url = normalise_url(text)
        out.append(_Piece(_MARKUP.sub("", text), url))
        pos = m.end()
    if pos < len(value):
        out.extend(_bare_split(value[pos:]))
    return out


def _bare_split(text: str) -> list[_Piece]:
    out: list[_Piece] = []
    pos = 0
    for m in _BARE.finditer(text):
        if m.start() > pos:
            out.append(_Piece(_MARKUP.sub("", text[pos : m.start()])))
        out.append(_Piece(m.group(0), normalise_url(m.group(0))))
        pos = m.end()
    if pos < len(text):
        out.append(_Piece(_MARKUP.sub("", text[pos:])))
    return out


def _chunks(pieces: list[_Piece]) -> list[_Chunk]:
    """Cut at separators that stand outside links and brackets."""
    separators = _grammar()["separators"]
    chunks: list[_Chunk] = [_Chunk([], "")]
    depth = 0
    for piece in pieces:
        if piece.url is not None:
            chunks[-1].pieces.append(piece)
            continue
        text, buffer, i = piece.text, "", 0
        while i < len(text):
            ch = text[i]
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
            if depth == 0:
                sep = next(
                    (
                        s
                        for s in separators
                        if text.startswith(s, i)
                        or (
                            s.strip()
                            and s.endswith(" ")
                            and i + len(s) - 1 == len(text)
                            and text.startswith(s.rstrip(), i)
                        )
                    ),
                    None,
                )
                if sep is not None and (sep.strip() not in ("et", "and", "&") or buffer.strip() or chunks[-1].pieces):
                    if buffer:
                        chunks[-1].pieces.append(_Piece(buffer))
                    chunks.append(_Chunk([], sep.strip()))
                    buffer, i = "", i + len(sep)
                    continue
            buffer += ch
            i += 1
        if buffer:
            chunks[-1].pieces.append(_Piece(buffer))
    return [c for c in chunks if c.plain.strip(" ,;")]


def _only_parenthetical(draft: _Draft) -> bool:
    rest = "".join(p.text for p in draft.rest).strip()
    return rest.startswith("(") and rest.endswith(")")


def _start_person(chunk: _Chunk, *, first: bool, previous_bare: bool, previous_parenthetical: bool) -> _Draft | None:
    """A new person if the chunk starts with a name; None if it describes the previous one."""
    pieces = [p for p in chunk.pieces if p.url is not None or p.text.strip()]
    if not pieces:
        return None
    head = pieces[0]
    # "le [WG21 C++](…)": a determiner before a link is not part of the name
    if (
        head.url is None
        and len(pieces) > 1
        and pieces[1].url is not None
        and _DETERMINERS.sub("", head.text.strip() + " ").strip() == ""
    ):
        pieces = pieces[1:]
        head = pieces[0]
    if head.url is not None and head.text != head.url:
        name, aliases = _split_alias(head.text)
        if first or _looks_like_name(name, strict=False) and not _is_personal_word(name):
            return _Draft(name=name, url=head.url, aliases=aliases, rest=pieces[1:])
        return None
    text = head.text.lstrip(" ,;:")
    name, remainder = _leading_name(text, first=first)
    if name is None:
        return None
    if not first and not (previous_bare or previous_parenthetical or chunk.separator in ("+", ";")):
        return None
    name, aliases = _split_alias(name)
    rest = ([_Piece(remainder)] if remainder else []) + pieces[1:]
    return _Draft(name=name, aliases=aliases, rest=rest)


def _split_alias(text: str) -> tuple[str, list[str]]:
    parts = _grammar()["alias"].split(text)
    name = collapse_space(parts[0]).strip(" ,")
    return name, [collapse_space(p).strip(" ,") for p in parts[1:] if p.strip(" ,")]


_NAME_END = re.compile(r"\s*(?:$|[,(=:;\[]|\s-\s|\s–\s|\s(?:aka|a\.k\.a\.?|alias)\b)", re.I)


def _leading_name(text: str, *, first: bool) -> tuple[str | None, str]:
    """The name at the start of ``text`` and what follows it (longest well-formed name wins)."""
    text = _MARKUP.sub("", text).strip()
    words = text.split()
    candidates = []
    for count in range(min(len(words), 6), 0, -1):
        candidate = " ".join(words[:count])
        remainder = text[len(candidate) :] if text.startswith(candidate) else " " + " ".join(words[count:])
        if _NAME_END.match(remainder):
            candidates.append((candidate.strip(" ,"), remainder.strip()))
    for candidate, remainder in candidates:
        if _looks_like_name(candidate, strict=not first):
            return candidate, remainder
    if first:
        for candidate, remainder in candidates:
            if _loose_first_name(candidate):
                return candidate, remainder
    return None, text


def _looks_like_name(text: str, *, strict: bool) -> bool:
    """ "Kris WRIGHT", "Steve Klabnik", "Robert C. Martin": yes; "DBA PostgreSQL", "dev rust": no."""
    grammar = _grammar()
    tokens = text.replace("’", "'").split()
    if not tokens or len(tokens) > 6:
        return False
    if grammar["roles"].search(fold(text)):
        return False
    shaped = [t for t in tokens if fold(t) not in grammar["particles"]]
    if not shaped or not _NAME_TOKEN.match(tokens[0]):
        return False
    if not all(_NAME_TOKEN.match(t) for t in shaped):
        return False
    if not strict:
        return True
    if len(shaped) < 2:
        return False
    return all(_CAPWORD.match(t) or _ALLCAPS.match(t) or _INITIAL.match(t) for t in shaped)


def _loose_first_name(text: str) -> bool:
    """The first chunk of an author field may be a plain handle or a company: "google"."""
    tokens = text.split()
    return (
        1 <= len(tokens) <= 4
        and not _grammar()["roles"].search(fold(text))
        and text[:1].isalnum()
        and all(re.fullmatch(r"[\w'’.&+-]+", t) for t in tokens)
    )


def _is_personal_word(text: str) -> bool:
    folded = fold(text).strip()
    return folded in _grammar()["personal"] or any(folded.startswith(w + " ") for w in _grammar()["personal"])


def _finish(draft: _Draft, line: int, default_kind: str) -> Agent:
    """A draft person -> an :class:`Agent`: its pages, aliases, employers, role and creations."""
    grammar = _grammar()
    rest_pieces = draft.rest
    plain = collapse_space("".join(p.text for p in rest_pieces)).strip(" ,;")
    links = _Links(url=draft.url, same_as=list(draft.same_as), aliases=list(draft.aliases))
    for index, piece in enumerate(rest_pieces):
        if piece.url is not None:
            before = fold("".join(p.text for p in rest_pieces[max(0, index - 1) : index]))
            links.add(piece, before, line)
    aliases, affiliations = links.aliases, links.affiliations
    text_only = collapse_space(
        "".join(p.text if p.url is None or p.text == p.url else f"[{p.text}]" for p in rest_pieces)
    )
    more_aliases, more_orgs = _parenthetical(text_only, line)
    aliases += more_aliases
    affiliations += more_orgs
    alias_m = grammar["alias"].search(text_only)  # "aka X" in the description
    if alias_m:
        alias = re.split(r"[,;=(\[]", text_only[alias_m.end() :], maxsplit=1)[0].strip()
        if alias and len(alias.split()) <= 3:
            aliases.append(alias)
    for org in _affiliations_in_text(text_only):
        if all(fold(org) != fold(a.name) for a in affiliations):
            affiliations.append(Agent(name=org, kind="organization", line=line))
    return Agent(
        name=draft.name,
        kind=_kind(draft.name, plain, default_kind),
        url=links.url,
        same_as=tuple(dict.fromkeys(s for s in links.same_as if s != links.url)),
        aliases=tuple(dict.fromkeys(a for a in aliases if a and fold(a) != fold(draft.name))),
        job_title=_role(text_only),
        description=plain or None,
        affiliations=tuple(affiliations),
        created=tuple(_creations(text_only)),
        line=line,
        surface=draft.name,
    )


_SOCIAL_LABELS = (
    "twitter", "linkedin", "github", "gitlab", "mastodon", "x.com", "scholar", "researchgate", "medium", "youtube",
    "chaine", "bluesky",
)


@dataclass
class _Links:
    """What the links after a name say: the person's page, other profiles, aliases, employers."""

    url: str | None
    same_as: list[str]
    aliases: list[str]
    affiliations: list[Agent] = field(default_factory=list)

    def add(self, piece: _Piece, before: str, line: int) -> None:
        grammar = _grammar()
        label = fold(piece.text).strip()
        alias_cue = grammar["alias"].search(before)
        if alias_cue and not before[alias_cue.end() :].strip():
            self.aliases.append(collapse_space(piece.text))
            self.same_as.append(piece.url)
        elif piece.text == piece.url or label.startswith(("http", "www.")):
            if _ends_with_cue(before):
                name = _name_from_url(piece.url)
                self.affiliations.append(Agent(name=name, kind="organization", url=piece.url, line=line))
        elif _is_personal_word(piece.text) or label.startswith(("son ", "sa ", "ses ", "his ", "her ", "their ")):
            if any(w in label for w in _SOCIAL_LABELS) or self.url is not None:
                self.same_as.append(piece.url)
            else:
                self.url = piece.url
        elif _ends_with_cue(before) or (_looks_like_org_label(piece.text) and not before.strip(" ,(")):
            name = collapse_space(piece.text)
            self.affiliations.append(Agent(name=name, kind="organization", url=piece.url, line=line))


def _parenthetical(text_only: str, line: int) -> tuple[list[str], list[Agent]]:
    """A parenthesis right after the name: a nickname ("(Klaim, [son site])") or an employer ("(Acme Corp)")."""
    grammar = _grammar()
    aliases: list[str] = []
    affiliations: list[Agent] = []
    paren = re.match(r"^\s*\(([^()]*)\)", text_only)
    if not paren:
        return aliases, affiliations
    for part in paren.group(1).split(","):
        part = part.strip()
        if not part or part.startswith("[") or grammar["roles"].search(fold(part)):
            continue
        words = part.split()
        if len(words) == 1 and _NAME_TOKEN.match(part):
            aliases.append(part)
        elif 2 <= len(words) <= 4 and all(_NAME_TOKEN.match(w) or fold(w) in grammar["particles"] for w in words):
            affiliations.append(Agent(name=part, kind="organization", line=line))
    return aliases, affiliations


def _creations(text_only: str) -> list[str]:
    """What the person made, after a creation cue ("créateur de codspeed")."""
    creation = _grammar()["creation"].search(fold_chars(text_only))
    if not creation:
        return []
    tail = text_only[creation.end() :].lstrip(" '’")
    thing = re.split(r"[,;=(\[]|\s(?:et|and|qui|who)\s", tail, maxsplit=1)[0].strip(" .")
    return [thing] if thing and len(thing.split()) <= 4 else []


def _ends_with_cue(text: str) -> bool:
    matches = list(_grammar()["affiliation"].finditer(text))
    return bool(matches) and not text[matches[-1].end() :].strip(" :")


def _looks_like_org_label(text: str) -> bool:
    text = text.strip()
    return bool(text) and len(text.split()) <= 4 and not _is_personal_word(text)


def _name_from_url(url: str) -> str:
    host = urlsplit(url).netloc.lower().split(":")[0]
    host = re.sub(r"^www\d?\.", "", host)
    parts = host.split(".")
    return parts[-2] if len(parts) >= 2 else host


def _affiliations_in_text(text: str) -> list[str]:
    """Organisation names after an affiliation cue: "techlead chez Servier" -> Servier."""
    grammar = _grammar()
    folded = fold_chars(text)
    masked = folded
    if grammar["former"] is not None:
        for m in grammar["former"].finditer(folded):
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    found: list[str] = []
    for m in grammar["affiliation"].finditer(masked):
        cue = m.group(0)
        tail = text[m.end() :].lstrip(" '’")
        if tail.startswith("["):
            continue  # a linked organisation, handled with the links
        if tail.startswith(("http", "www.")):
            continue
        name = re.split(
            r"\s*(?:[,;=()\[\]:]|\s-\s|\s(?:qui|où|ou|et|and|who|which|depuis|since|pour|for|avec|with|sur|on)\s|$)",
            tail,
            maxsplit=1,
        )[0]
        name = name.strip(" .!'’_*")
        if not name or len(name.split()) > 6 or not name[0].isalnum():
            continue
        weak = cue in grammar["weak"]
        capital = name[0].isupper() or name[0].isdigit()
        if weak and not capital:
            continue
        if not capital and len(name.split()) > 2:
            continue
        if grammar["roles"].fullmatch(fold(name)):
            continue
        found.append(name)
    return found


def _role(text: str) -> str | None:
    """The job title written before an affiliation cue: "python developer advocate chez X"."""
    grammar = _grammar()
    body = re.sub(r"^\s*\([^()]*\)\s*", "", text).lstrip(" ,=:-")
    m = grammar["affiliation"].search(fold_chars(body))
    if not m:
        return None
    role = re.split(r"[,;=]", body[: m.start()])[-1].strip(" ,=:-")
    role = re.sub(r"^(?:qui|who|il|elle)\s+", "", role, flags=re.I)
    if not role or len(role.split()) > 6 or "[" in role or not grammar["roles"].search(fold(role)):
        return None
    return role


def _kind(name: str, description: str, default_kind: str) -> str:
    grammar = _grammar()
    words = set(re.findall(r"[\w']+", fold(name)))
    if words & grammar["org_words"]:
        return "organization"
    head = fold(_DETERMINERS.sub("", description.lstrip(" =,:"))).split()
    if head and head[0] in grammar["org_words"] | {"editeur", "boite", "chaine", "site", "entreprise", "societe"}:
        return "organization"
    if default_kind == "person":
        return "person"
    tokens = [t for t in name.split() if fold(t) not in grammar["particles"]]
    if len(tokens) >= 2 and all(_CAPWORD.match(t) or _ALLCAPS.match(t) or _INITIAL.match(t) for t in tokens):
        return "person"
    if len(tokens) >= 2 and _looks_like_name(name, strict=True):
        return "person"
    if grammar["roles"].search(fold(description)) or re.search(
        r"\b(?:dev|il|elle|he|she|his|her)\b", fold(description)
    ):
        return "person" if len(tokens) >= 1 and description else default_kind
    return default_kind


def looks_like_name(text: str, *, strict: bool = True) -> bool:
    """Public form of the name test, for the speaker lines of other conventions (:mod:`.speakers`)."""
    return _looks_like_name(text, strict=strict)


def has_role_word(text: str) -> bool:
    """True when ``text`` names a role or job ("Staff Engineer", "CTO", "développeuse")."""
    return bool(_grammar()["roles"].search(fold(text)))


def has_organisation_word(text: str) -> bool:
    """True when ``text`` has a word only organisations carry ("Acme Corp", "University of X")."""
    return bool(set(re.findall(r"[\w']+", fold(text))) & _grammar()["org_words"])
