"""A note that is one talk: its title, subtitle, speakers and links, from what sits under the title.

In one-file-per-talk notes the speaker is written right under the title, in one of these
ways (each is a rule that ``talkgraph explain`` names):

- a heading: ``### Jane Doe``, ``## Jane Doe, Staff Engineer, Acme Corp``, ``### by Zeldman``;
- an emphasised or plain line: ``**Jane Doe (Acme)**``, ``Jane Doe, Staff Engineer, Acme Corp``;
- the title itself: ``# "Testing Web Apps" by Sam Lee``, ``### Testing Web Apps — Sam Lee, Acme``;
- a field: ``speaker: …`` in front matter, ``speaker:: …``, ``Speaker: …``;
- only a speaker page under the title: ``https://craft-conf.com/speaker/DamianConway``.

Only the first few blocks after the title are looked at, and a heading further down that
happens to look like a name ("## Work Environment") is a section, not a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from urllib.parse import urlsplit

from ..notes.model import Block, Field, Note
from ..util.resources import conventions
from ..util.text import collapse_space, fold
from .records import Agent, Trace
from .speakers import name_from_page, parse_speakers
from .values import normalise_url

_QUOTED_BY = re.compile(
    r"^[\"“”'‘](?P<title>.+?)[\"“”'’]\s*(?:,?\s+(?:by|par|with)\s+|\s*[-–—|:]\s*)(?P<who>.+)$", re.I
)
_PLAIN_BY = re.compile(r"^(?P<title>.{4,}?)\s*(?:,\s*|\s+[-–—|]\s+|\s+)(?:by|par)\s+(?P<who>[A-Z].+)$")
# "Title — Jane Doe, Acme", "Title | Jane Doe (Acme)": the last spaced dash or bar before the speakers
_DASHED = re.compile(r"^(?P<title>.{4,})\s[-–—|]\s+(?P<who>(?:(?!\s[-–—|]\s).)+)$")
_AFTER_PAREN = re.compile(r"(?<=\))[.;:]\s+(?=\S)")
_TIME = re.compile(r"^\(?\d{1,2}[:h.]\d{2}(?:\s*(?:-|–|—|to)\s*\d{1,2}[:h.]\d{2})?\)?\s*(?:[-–—:|,]\s*)?(?=\S)")
LETTERED = re.compile(r"^\s*(?:[A-Z]|\d{1,2}|[ivx]{1,4})[.)]\s+(?=\S)", re.I)  # "### A. Title", "### 2) Title"
_EMPHASIS = re.compile(r"^\s*(\*\*|__|\*|_)(?P<inner>.+?)\1\s*$", re.S)
_LOOK_AHEAD = 4  # blocks after the title where a speaker may stand


@dataclass(frozen=True, slots=True)
class TalkHead:
    """What the top of a talk (a note, or a section of one) says about the talk."""

    title: str
    line: int
    subtitle: str | None = None
    speakers: tuple[Agent, ...] = ()
    speaker_lines: tuple[int, ...] = ()
    url: str | None = None
    replay: str | None = None
    slides: str | None = None
    rule: str | None = None  # how the speakers were found; None when they were not
    traces: tuple[Trace, ...] = ()
    written: str | None = None  # the title as the heading writes it, when a format ("Keynote: ") was taken off


@cache
def _hosts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    links = conventions()["links"]
    return tuple(links["video_hosts"]), tuple(links["slides_hosts"])


def link_role(url: str) -> str:
    """ "replay", "slides" or "page", from the host of a bare link under a talk's title."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "page"
    where = parts.netloc.lower().removeprefix("www.") + parts.path.lower()
    videos, slides = _hosts()
    if any(h in where for h in videos):
        return "replay"
    if any(h in where for h in slides):
        return "slides"
    return "page"


@cache
def _format() -> re.Pattern[str]:
    words = sorted(conventions()["layout"]["talk_formats"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")\s*:\s+(?=(?:\S+\s+)+\S)", re.I)


def without_format(title: str) -> str:
    """ "Keynote: The Future of Funding" -> "The Future of Funding"; "Panel: Animations" stays (one word left)."""
    return _format().sub("", title, count=1)


def split_title(heading: str) -> tuple[str, str | None, str]:
    """A heading -> (title, who, rule): ``"Title" by Jane Doe``, ``A. Title``, or the heading as is."""
    text = _TIME.sub("", collapse_space(heading)) or collapse_space(heading)
    text = LETTERED.sub("", text) if LETTERED.match(text) and len(text) > 6 else text
    m = _QUOTED_BY.match(text)
    if m and parse_speakers(m["who"], 0, strict=False):
        return m["title"].strip(), m["who"], '"Title" by Speaker'
    m = _PLAIN_BY.match(text)
    if m and parse_speakers(m["who"], 0, strict=True):
        return m["title"].strip(" ,-–—|"), m["who"], "Title by Speaker"
    m = _DASHED.match(text)
    who = m and _AFTER_PAREN.split(m["who"], maxsplit=1)[0]  # "— Tom Baker (Fly.io). Litestream for…"
    if m and _introduced(parse_speakers(who, 0, strict=True)):
        return m["title"].strip(" ,"), who, "Title — Speaker, Company"
    quoted = re.fullmatch(r"[\"“”](?P<inner>[^\"“”]+)[\"“”]", text)
    return (quoted["inner"] if quoted else text), None, ""


def _introduced(people: list[Agent]) -> bool:
    """Speakers after a dash say who they are: an employer, a role, or several of them. A dash
    followed by two capitalised words alone ("Kafka — Under The Hood") is a subtitle as often."""
    return bool(people) and (len(people) > 1 or any(p.affiliations or p.job_title for p in people))


def read_head(note: Note, title: str, line: int, blocks: list[Block], fields: dict[str, list[Field]]) -> TalkHead:
    """Title, subtitle, speakers and links of a talk whose heading is ``title`` on ``line``.

    ``blocks`` are the blocks after the heading (the first few are read); ``fields`` the
    speaker, affiliation and role fields that apply to this talk.
    """
    clean, who, rule = split_title(title)
    bare = without_format(clean)
    head = TalkHead(title=bare, line=line, traces=(Trace(line, f"talk title '{bare}'", rule or "title heading"),),
                    written=clean if bare != clean else None)
    if who:
        head = _with_speakers(head, parse_speakers(who, line, strict=False), line, rule)
    if fields.get("speaker"):
        head = _from_fields(head, fields)
    head = _scan(head, blocks)
    return _field_links(_apply_roles(head, fields), fields)


def _field_links(head: TalkHead, fields: dict[str, list[Field]]) -> TalkHead:
    """``slides:``, ``video:`` and ``url:`` fields of the talk (``- slides: https://…`` under its heading)."""
    found = {}
    for meaning, attribute in (("slides", "slides"), ("video", "replay"), ("url", "url")):
        for item in fields.get(meaning, []):
            url = next((u for u in (normalise_url(x) for x in (*item.urls, item.value)) if u), None)
            if url and getattr(head, attribute) is None:
                found[attribute] = url
                break
    return replace(head, **found) if found else head


def _with_speakers(head: TalkHead, people: list[Agent], line: int, rule: str) -> TalkHead:
    if not people or head.speakers:
        return head
    traces = tuple(
        Trace(
            line,
            f"speaker {p.name}"
            + "".join(f", of {o.name}" for o in p.affiliations)
            + (f", {p.job_title}" if p.job_title else ""),
            rule,
        )
        for p in people
    )
    return replace(
        head, speakers=tuple(people), speaker_lines=head.speaker_lines + (line,), rule=rule, traces=head.traces + traces
    )


def _from_fields(head: TalkHead, fields: dict[str, list[Field]]) -> TalkHead:
    people: list[Agent] = []
    lines = []
    for item in fields["speaker"]:
        found = parse_speakers(item.value, item.line, strict=False) if not item.parts else [_from_parts(item)]
        urls = [u for u in (normalise_url(x) for x in item.urls) if u]
        if len(found) == 1 and len(urls) == 1 and found[0].url is None:
            found = [replace(found[0], url=urls[0])]
        people.extend(found)
        lines.append(item.line)
    head = _with_speakers(head, people, lines[0], f"speaker field ({fields['speaker'][0].origin})")
    return replace(head, speaker_lines=tuple(dict.fromkeys(head.speaker_lines + tuple(lines))))


_ORG_KEYS = ("company", "affiliation", "organization", "organisation", "org", "employer")


def _from_parts(item: Field) -> Agent:
    """``{name: Jane Doe, company: Acme, role: CTO}`` in a YAML list of speakers."""
    parts = dict(item.parts)
    orgs = [value for key, value in item.parts if value and key in _ORG_KEYS]  # company: [Acme, Initech]
    role = next((parts[k] for k in ("role", "job", "title", "position", "job title") if parts.get(k)), None)
    url = next((normalise_url(parts[k]) for k in ("url", "website", "homepage", "page") if parts.get(k)), None)
    return Agent(
        name=item.value,
        kind="person",
        job_title=role,
        url=url,
        line=item.line,
        surface=item.value,
        affiliations=tuple(Agent(name=org, kind="organization", line=item.line) for org in dict.fromkeys(orgs)),
    )


def _scan(head: TalkHead, blocks: list[Block]) -> TalkHead:
    """The first blocks under the title: a speaker heading or line, a subtitle, bare links."""
    pending_subtitle: Block | None = None
    for index, block in enumerate(blocks[:_LOOK_AHEAD]):
        if block.kind == "heading":
            people = _heading_speakers(block.text, block.line)
            if people and not head.speakers:
                head = _with_speakers(head, people, block.line, "heading under the title names the speaker")
                if pending_subtitle is not None:
                    head = _subtitle(head, pending_subtitle)
                continue
            if index == 0 and not head.speakers:
                pending_subtitle = block  # a subtitle if a speaker heading follows
                continue
            break
        if pending_subtitle is not None or block.kind != "paragraph":
            break
        head, more = _paragraph(head, block)
        if not more:
            break
    return head


def _paragraph(head: TalkHead, block: Block) -> tuple[TalkHead, bool]:
    """A paragraph under the title, line by line: bare links and one speaker line; anything else ends the top."""
    raws, texts = block.raw.strip().split("\n"), block.text.strip().split("\n")
    for offset, (raw, text) in enumerate(zip(raws, texts, strict=False)):
        line = block.line + offset
        if not text.strip():  # an image or a badge shows no text
            continue
        url = _bare_url(block, text.strip(), line)
        if url is not None:
            head = _bare_link(head, url, line)
            continue
        if head.speakers:
            return head, False
        people, rule = _line_speakers(raw.strip(), text.strip(), line)
        if not people:
            return head, False
        head = _with_speakers(head, people, line, rule)
    return head, True


def _heading_speakers(text: str, line: int) -> list[Agent]:
    strict = not fold(text).lstrip().startswith(("by ", "par "))
    return parse_speakers(text, line, strict=strict)


def _line_speakers(raw: str, text: str, line: int) -> tuple[list[Agent], str]:
    """ "**Jane Doe (Acme)**", "_by Jane Doe_", "Jane Doe, Staff Engineer, Acme Corp" on a line of its own."""
    if not text or len(text) > 160:
        return [], ""
    strict = not fold(text).startswith(("by ", "par ", "speaker", "presented by"))
    people = parse_speakers(text, line, strict=strict)
    emphasised = _EMPHASIS.match(raw) is not None
    return people, ("emphasised line under the title" if emphasised else "line under the title: Speaker, Role, Company")


def _bare_url(block: Block, text: str, line: int) -> str | None:
    """The URL when a line holds nothing else (a link written bare or as ``<…>`` or ``[url](url)``)."""
    if not text or " " in text:
        return None
    for link in block.links:
        if link.line == line and (link.url.strip("<>") == text or link.text == text):
            return normalise_url(link.url)
    return None


def _bare_link(head: TalkHead, url: str, line: int) -> TalkHead:
    name = name_from_page(url)
    if name and not head.speakers:
        person = Agent(name=name, kind="person", url=url, line=line, surface=name)
        return _with_speakers(head, [person], line, "speaker page URL: the name from its last segment")
    role = link_role(url)
    trace = Trace(line, f"talk {role} {url}", "link under the title, by host")
    if role == "replay" and head.replay is None:
        return replace(head, replay=url, traces=head.traces + (trace,))
    if role == "slides" and head.slides is None:
        return replace(head, slides=url, traces=head.traces + (trace,))
    if role == "page" and head.url is None and not name:
        return replace(head, url=url, traces=head.traces + (trace,))
    return head


def _subtitle(head: TalkHead, block: Block) -> TalkHead:
    text = block.text.strip()
    return replace(
        head,
        subtitle=text,
        traces=head.traces + (Trace(block.line, f"subtitle '{text}'", "heading between title and speaker"),),
    )


def _apply_roles(head: TalkHead, fields: dict[str, list[Field]]) -> TalkHead:
    """``company:``/``role:`` fields describe the speaker when there is one."""
    if len(head.speakers) != 1:
        return head
    person = head.speakers[0]
    org = fields.get("affiliation", [None])[0]
    role = fields.get("role", [None])[0]
    if org is not None and not person.affiliations:
        person = replace(person, affiliations=(Agent(name=org.value, kind="organization", line=org.line),))
    if role is not None and person.job_title is None:
        person = replace(person, job_title=role.value)
    return replace(head, speakers=(person,))
