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
from functools import cache
from urllib.parse import urlsplit, urlunsplit

from ..notes.model import Block, Link, Note, Section, Timestamp
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
    """One clip per timestamp that has a video; ``event`` notes only use the videos of their sections."""
    if not note.timestamps:
        return []
    own, of_resource = (None, False) if event else _note_video(note, resource)
    clips = []
    for stamp in note.timestamps:
        video = _section_video(note, stamp.line)
        is_resource = video is None and of_resource
        if video is None:
            video = own
        if video is None and not is_resource:
            continue
        url = stamp.url or (deep_link(video, stamp.seconds) if video else None)
        clips.append(Clip(stamp.line, stamp.seconds, stamp.label, _text(note, stamp), video, url, is_resource))
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


def _section_video(note: Note, line: int) -> str | None:
    """The video linked in the innermost section holding ``line`` (its own text, not its subsections')."""
    holding = sorted((s for s in note.sections if s.line <= line <= s.end_line), key=lambda s: -s.level)
    for section in holding:
        links = [k for b in _own_blocks(note, section) for k in b.links if is_video_link(k)]
        if links:
            before = [k for k in links if k.line <= line]
            return (before[-1] if before else links[0]).url
    return None


def _own_blocks(note: Note, section: Section) -> list[Block]:
    inner = [s for s in note.sections if s.level > section.level and section.line < s.line <= section.end_line]
    blocks = [section.heading_block] if section.heading_block else []
    return blocks + [b for b in section.blocks if not any(s.line <= b.line <= s.end_line for s in inner)]


def _text(note: Note, stamp: Timestamp) -> str:
    """The line's text as a reader sees it (markup removed), without the time in front."""
    for block in note.blocks:
        if block.line <= stamp.line <= block.end_line and block.kind != "heading":
            rows = block.text.split("\n")
            row = rows[stamp.line - block.line] if stamp.line - block.line < len(rows) else rows[-1]
            text = _LEADING_TIME.sub("", row, count=1).strip()
            return text or stamp.label
    return stamp.label
