"""Timestamped lines -> clips: which video each moment belongs to, and the deep link to it.

A note about a video prefixes lines with the position in it (:mod:`graph.notes.timestamps`).
Each such line becomes a :class:`Clip` of a video: the video linked in the innermost
section holding the line (a playlist, a MULTIPLE note, a conference's replays), else the
note's own video (a video link among its urls, in the text before its first section, or
the url of a note whose type is a video or a talk). Lines of a note with no video (a
conference programme, ``09:30 accueil``) are not clips. Deep links follow each host's
convention (``schema/hosts.toml``): YouTube ``&t=NNs``, youtu.be ``?t=NN``, Vimeo
``#t=NNs``, PeerTube ``?start=NNs``, and the media fragment ``#t=NN`` elsewhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from urllib.parse import urlsplit, urlunsplit

from ..notes.model import Link, Note, Section, Timestamp
from ..util.resources import schema_toml
from ..util.text import fold
from .records import Clip, Resource

_LEADING_TIME = re.compile(r"^\s*\(?\[?\d+(?::\d+)+\]?\)?\s*(?:[:=\-–—]\s*)?")
_NOTE_LEVEL_TYPES = ("video", "talk")


@cache
def _rules() -> tuple[list[dict], dict, tuple[str, ...]]:
    videos = schema_toml("hosts.toml")["videos"]
    rules = [{**rule, "compiled": [re.compile(p) for p in rule["paths"]]} for rule in videos["rule"]]
    return rules, videos["default"], tuple(fold(w) for w in videos["link_words"])


def video_rule(url: str) -> dict | None:
    """The rule of ``schema/hosts.toml`` for a link to a video site, or None for any other link."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for rule in _rules()[0]:
        if rule["hosts"] and host not in rule["hosts"]:
            continue
        if rule["compiled"] and not any(p.search(parts.path) for p in rule["compiled"]):
            continue
        return rule
    return None


def is_video_link(link: Link) -> bool:
    if not link.url.startswith(("http://", "https://")):
        return False
    return video_rule(link.url) is not None or any(w in fold(link.text) for w in _rules()[2])


def deep_link(url: str, seconds: int) -> str:
    """``url`` pointing at ``seconds`` into the video, in its host's form (the parameter replaced if present)."""
    rule = video_rule(url) or _rules()[1]
    value = rule["value"].format(s=seconds)
    key = rule["key"]
    parts = urlsplit(url)
    if rule["place"] == "query":
        kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] != key]
        return urlunsplit(parts._replace(query="&".join([*kept, f"{key}={value}"])))
    return urlunsplit(parts._replace(fragment=f"{key}={value}"))


def extract_clips(note: Note, resource: Resource, *, event: bool = False) -> list[Clip]:
    """One clip per timestamp that has a video.

    In ``event`` notes (a conference, a meetup) times are often a programme (``18:30
    accueil``): only the videos of their sections count, or a url of the event that is itself
    a video (a day's recording).
    """
    if not note.timestamps:
        return []
    if event:
        own = next((url for url in resource.urls if video_rule(url) is not None), None)
        of_resource = own is not None
    else:
        own, of_resource = _note_video(note, resource)
    index = _Index(note)
    clips = []
    for stamp in note.timestamps:
        video = index.section_video(stamp.line)
        is_resource = video is None and of_resource
        if video is None:
            video = own
        if video is None and not is_resource:
            continue
        url = stamp.url or (deep_link(video, stamp.seconds) if video else None)
        clips.append(Clip(stamp.line, stamp.seconds, stamp.label, index.text(stamp), video, url, is_resource))
    return clips


def _note_video(note: Note, resource: Resource) -> tuple[str | None, bool]:
    """The note's own video and whether it is the resource: (url or None, is the resource)."""
    for url in resource.urls:
        if video_rule(url) is not None:
            return url, True
    first_section = min((s.line for s in note.sections), default=note.line_count + 1)
    meta_lines = {m.line for m in note.metadata}
    for block in note.blocks:
        if block.line >= first_section:
            break
        if block.line not in meta_lines:
            video = next((link.url for link in block.links if is_video_link(link)), None)
            if video:
                return video, False
    if resource.type in _NOTE_LEVEL_TYPES or resource.is_talk:
        return (resource.urls[0] if resource.urls else None), True
    return None, False


class _Index:
    """Where each line sits in a note: its innermost section, the videos each section links in
    its own text (not its subsections'), the block holding it. Built in one pass, so a note with
    thousands of timestamps and sections costs no more than reading it."""

    def __init__(self, note: Note):
        self.sections = sorted(note.sections, key=lambda s: (s.line, s.level))
        self.parent: dict[int, Section | None] = {}
        stack: list[Section] = []
        for section in self.sections:
            while stack and (stack[-1].end_line < section.line or stack[-1].level >= section.level):
                stack.pop()
            self.parent[section.line] = stack[-1] if stack else None
            stack.append(section)
        self.blocks = sorted((b for b in note.blocks if b.kind != "heading"), key=lambda b: b.line)
        self.starts = [b.line for b in self.blocks]
        self.videos: dict[int, list[Link]] = {}
        heads = [s.heading_block for s in self.sections if s.heading_block is not None]
        for block in sorted([*self.blocks, *heads], key=lambda b: b.line):
            holder = self.innermost(block.line)
            links = [k for k in block.links if is_video_link(k)]
            if holder is not None and links:
                self.videos.setdefault(holder.line, []).extend(links)

    def innermost(self, line: int) -> Section | None:
        """The deepest section holding ``line`` (the last one starting at or before it that still runs)."""
        at = bisect_right(self.sections, line, key=lambda s: s.line) - 1
        section = self.sections[at] if at >= 0 else None
        while section is not None and section.end_line < line:
            section = self.parent[section.line]
        return section

    def section_video(self, line: int) -> str | None:
        """The video linked in the innermost section holding ``line`` that links one."""
        section = self.innermost(line)
        while section is not None:
            links = self.videos.get(section.line)
            if links:
                before = [k for k in links if k.line <= line]
                return (before[-1] if before else links[0]).url
            section = self.parent[section.line]
        return None

    def text(self, stamp: Timestamp) -> str:
        """The line's text as a reader sees it (markup removed), without the time in front."""
        at = bisect_right(self.starts, stamp.line) - 1
        block = self.blocks[at] if at >= 0 else None
        if block is None or block.end_line < stamp.line:
            return stamp.label
        rows = block.text.split("\n")
        row = rows[min(stamp.line - block.line, len(rows) - 1)]
        return _LEADING_TIME.sub("", row, count=1).strip() or stamp.label
