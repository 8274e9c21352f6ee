"""The metadata list of a note -> the :class:`Resource` the note is about."""

from __future__ import annotations

import re
from dataclasses import replace

from ..notes.model import Issue, MetaEntry, Note
from ..util.text import clip, collapse_space
from .people import parse_people
from .records import Agent, DateValue, Resource, Source
from .speakers import parse_speakers
from .values import impossible_day, is_unknown, is_unknown_value, normalise_url, parse_date, parse_tags, resource_type

KNOWN_KEYS = {"url", "type", "author", "published", "source", "tags"}
_MARKUP = re.compile(r"[*_`]+")
_SPACED_LINK = re.compile(r"\[([^\]]+)\]\(([^()\s]+\s[^()]*)\)")  # a Markdown link but for the spaces of its URL


def resource_from_metadata(note: Note, *, listed: bool = True) -> tuple[Resource, list[Issue]]:
    """The resource of the metadata list; ``listed=False`` for notes in other conventions.

    Those have no ``- **key** = value`` list (their entries come from front matter or fields,
    :mod:`.fields`): their people are read with the speaker-line grammar of
    :mod:`.speakers`, and a key they lack is no deviation, so no "metadata without" warning.
    """
    issues: list[Issue] = []
    title = note.title or note.path.rsplit("/", 1)[-1].removesuffix(".md")
    entries = {m.key: [e for e in note.metadata if e.key == m.key] for m in note.metadata}

    urls: list[str] = []
    for entry in entries.get("url", []):
        urls.extend(_urls(note.path, entry, issues))

    raw_type = _first_value(entries, "type")
    rtype = resource_type(_plain(entries, "type"))
    if raw_type and rtype == "other" and not is_unknown_value(raw_type) and listed:
        line = entries["type"][0].line
        issues.append(
            Issue(
                note.path,
                line,
                f"unrecognised type '{clip(collapse_space(_plain(entries, 'type')), 60)}'"
                " (recorded as 'other', raw text kept)",
            )
        )

    authors = []
    for entry in entries.get("author", []):
        authors.extend(parse_people(entry.value, entry.line) if listed else _speakers(entry))

    raw_published = _plain(entries, "published")
    published = _published(note, entries, issues) if raw_published is not None else None

    source = None
    for entry in entries.get("source", [])[:1]:
        source = _source(entry)
        broken = _SPACED_LINK.search(entry.text or entry.value) if not entry.links else None
        if broken is not None:  # "[son blog](https://x.org/a b)": Markdown reads no link there
            issues.append(Issue(note.path, entry.line, f"'{clip(broken.group(), 60)}' is no link: a URL cannot hold "
                                                       "spaces (write them %20, or put the URL in <…>); the source "
                                                       f"is named '{broken.group(1)}', without a URL"))

    tags = []
    for entry in entries.get("tags", []):
        found, problems = parse_tags(entry.text or entry.value, entry.line)
        tags.extend(found)
        issues.extend(Issue(note.path, entry.line, p) for p in problems)

    missing = [k for k in ("url", "type", "author", "published", "tags") if k not in entries]
    if note.metadata and missing and listed:
        issues.append(
            Issue(
                note.path,
                note.metadata[0].line,
                "metadata without "
                + ", ".join({"author": "auteur", "published": "date de publication"}.get(k, k) for k in missing),
            )
        )
    extra = tuple((e.raw_key, e.value, e.line) for e in note.metadata if e.key not in KNOWN_KEYS)
    return Resource(
        title=title,
        title_line=note.title_line or 1,
        urls=tuple(dict.fromkeys(urls)),
        type=rtype,
        raw_type=raw_type,
        authors=tuple(authors),
        published=published,
        raw_published=raw_published,
        source=source,
        tags=tuple(tags),
        extra=extra,
    ), issues


def _speakers(entry: MetaEntry) -> list[Agent]:
    """A speaker field of front matter or ``key::``: "Jane Doe (Acme)", "Jane Doe, CTO, Acme", a link."""
    found = parse_speakers(entry.text or entry.value, entry.line, strict=False)
    if not found:
        return parse_people(entry.value, entry.line, default_kind="person")
    urls = [url for url in (normalise_url(link.url) for link in entry.links) if url]
    if len(found) == 1 and len(urls) == 1:
        found = [replace(found[0], url=urls[0])]
    return found


def _published(note: Note, entries: dict[str, list[MetaEntry]], issues: list[Issue]) -> DateValue | None:
    """The publication date, with a warning when the text gives none or a day that its month lacks."""
    raw = _plain(entries, "published") or ""
    published, line = parse_date(raw), entries["published"][0].line
    said = any(issue.line == line for issue in note.issues)  # YAML's reader may have said so already
    if published is None and not is_unknown(raw):
        issues.append(Issue(note.path, line, f"no date found in '{clip(collapse_space(raw), 60)}' "
                                             "(publication date left out)"))
    elif published is not None and (impossible := impossible_day(raw)) and not said:
        issues.append(Issue(note.path, line,
                            f"'{impossible}' is no day of the calendar: the date is kept as {published.value}"))
    return published


def _first_value(entries: dict[str, list[MetaEntry]], key: str) -> str | None:
    found = entries.get(key)
    return found[0].value if found else None


def _plain(entries: dict[str, list[MetaEntry]], key: str) -> str | None:
    found = entries.get(key)
    if not found:
        return None
    return found[0].text or _MARKUP.sub("", found[0].value)


def _urls(path: str, entry: MetaEntry, issues: list[Issue]) -> list[str]:
    """Every web link of a ``url`` field: links, swapped links, bare URLs; not local copies."""
    if is_unknown(entry.text or entry.value):
        return []
    out: list[str] = []
    for link in entry.links:
        url = normalise_url(link.url)
        if url is None and normalise_url(link.text):
            url = normalise_url(link.text)
            issues.append(
                Issue(
                    path,
                    link.line,
                    f"link text and target look swapped ('{clip(link.text, 50)}'): the text was used as the URL",
                )
            )
        if url is None:
            if link.url and not link.url.startswith(("#", ".", "/")) and "://" in link.url:
                issues.append(Issue(path, link.line, f"'{clip(link.url, 60)}' is not a web IRI: kept as text only"))
            continue
        out.append(url)
    if not out:
        candidate = entry.text.split()[0] if entry.text.split() else ""
        url = normalise_url(candidate)
        if url:
            out.append(url)
        elif entry.value.strip():
            issues.append(Issue(path, entry.line, f"no URL in url field '{clip(entry.value, 60)}'"))
    return out


def _source(entry: MetaEntry) -> Source | None:
    text = entry.text or entry.value
    if is_unknown(text):
        return None
    first_link = next((link for link in entry.links if normalise_url(link.url)), None)
    if first_link is not None:
        url = normalise_url(first_link.url)
        if first_link.text != first_link.url:
            name = first_link.text
        else:
            before = _before_separator(text.replace(first_link.url, "").strip(" ,;:="))
            name = before or url.split("//", 1)[1].split("/", 1)[0].removeprefix("www.")
        return Source(name=name, url=url, description=collapse_space(text), line=entry.line)
    bare = next((normalise_url(w) for w in text.split()[:1] if w.startswith(("http://", "https://"))), None)
    if bare:
        host = bare.split("//", 1)[1].split("/", 1)[0].removeprefix("www.")
        return Source(name=host, url=bare, description=collapse_space(text), line=entry.line)
    broken = _SPACED_LINK.search(text)
    name = broken.group(1) if broken else _before_separator(text)
    return Source(name=name, url=None, description=collapse_space(text), line=entry.line)


def _before_separator(text: str) -> str | None:
    head = re.split(r"\s+=\s+|,\s|\s:\s|\s\(", text, maxsplit=1)[0]
    head = collapse_space(_MARKUP.sub("", head)).strip(" ,;")
    return head or None
