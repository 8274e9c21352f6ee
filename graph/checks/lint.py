"""``talkgraph lint``: check notes against their own conventions, with a suggested fix for each finding.

The checks reuse the parser and the extractors (so lint and build never disagree on what a
note says) and report what a build would silently repair or leave out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..extract import extract_note, follows_list_convention
from ..extract.context import uses_list_convention
from ..extract.languages import language_slip
from ..extract.values import is_unknown, parse_date
from ..extract.vocab import vocabulary
from ..notes import parse_file, survey
from ..notes.config import load_config
from ..notes.read import head_of, read_note_file
from ..notes.timestamps import MALFORMED
from ..util.resources import conventions
from ..util.text import clip, fold

FILE_NAME = re.compile(r"^\d{4}-(\d{2}|xx)-(\d{2}|xx)-[^\s/]+\.md$")
ISO_LIKE = re.compile(r"^\s*(\d{4}|\?{4})-(\d{2}|\?\?|xx)(-(\d{2}|\?\?|xx))?\s*$")
TAG = re.compile(r"^\s*([^\s>=;]+)\s*([>=])\s*(.+?)\s*$")
RULES = {
    "TG001": "one level-1 heading, first",
    "TG002": "mandatory metadata key",
    "TG003": "exactly one of auteur/auteurs",
    "TG004": "tag syntax",
    "TG005": "date format",
    "TG006": "file name pattern",
    "TG007": "duplicate title",
    "TG008": "link to a missing note",
    "TG009": "tool name looks like a typo",
    "TG010": "empty metadata value",
    "TG011": "duplicate metadata key",
    "TG012": "unreadable file",
    "TG013": "video timestamp format",
}
# Topic notes (structured notes, outlines) and notes in other people's conventions: only these rules apply.
GENERAL_RULES = ("TG007", "TG008", "TG009", "TG012", "TG013")


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rule: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule} {self.message} (fix: {self.fix})"

    def as_dict(self) -> dict:
        return asdict(self)


def lint(paths: Iterable[str | Path]) -> list[Finding]:
    """Findings for the notes below the given folders and files, sorted by file and line.

    A folder is read as a build reads it: ``*.md`` and ``*.otl``, not the repository's own
    README/USAGE nor hidden files, not what its ``talkgraph.toml`` excludes; the folders it
    declares as topics hold topic notes. Topic notes, and notes written in another
    convention than the ``- **key** = value`` list in a folder that does not use it, are
    only checked for :data:`GENERAL_RULES`; the titles of topic notes and folder READMEs are
    not compared.
    """
    findings: list[Finding] = []
    titles: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for file, rel, text, scope in _lintable(paths, findings):
        findings.extend(lint_note(rel, text, file, listed=scope.listed, topic=scope.topic))
        note = parse_file(rel, text, topic=scope.topic)
        if note.title and note.kind != "topic" and not _is_readme(rel):
            titles[fold(note.title).strip()].append((rel, note.title_line or 1))
    for places in titles.values():
        if len(places) > 1:
            for rel, line in places:
                others = ", ".join(p for p, _ in places if p != rel)
                findings.append(
                    Finding(rel, line, "TG007", f"title also used by {others}", "make titles unique or merge the notes")
                )
    return sorted(findings)


@dataclass(frozen=True)
class _Scope:
    listed: bool  # the note's folder uses the author's metadata list
    topic: bool | None  # what talkgraph.toml says of the note's kind (None: read from the note)


def _lintable(paths: Iterable[str | Path], findings: list[Finding]):
    """(file, relative path, text, scope) of every readable note; unreadable ones become TG012 findings."""
    for path in map(Path, paths):
        if path.is_dir():
            root, files = path, [p for p in survey(path).notes if not p.is_symlink()]
        elif path.is_file():
            root, files = path.parent, [path]
        else:
            continue
        config, _ = load_config(root)
        texts: dict[Path, str] = {}
        for file in files:
            rel = file.relative_to(root).as_posix()
            if config.excluded(rel):
                continue
            read = read_note_file(file, root)
            if read.text is None:
                findings.append(Finding(rel, 1, "TG012", read.warning or "unreadable", "fix or remove the file"))
            else:
                texts[file] = read.text
        listed = _listing_folders(texts, whole_folder=path.is_dir())
        for file, text in texts.items():
            rel = file.relative_to(root).as_posix()
            role = config.role_of(rel)
            scope = _Scope(listed.get(file.parent, True), {"topics": True, "resources": False}.get(role))
            yield file, rel, text, scope


def _listing_folders(texts: dict[Path, str], whole_folder: bool) -> dict[Path, bool]:
    """For each folder, whether most of its notes use the ``- **key** = value`` list.

    A lone file is judged by its siblings' first kilobytes, as ``talkgraph explain`` does.
    """
    folders: dict[Path, list[str]] = defaultdict(list)
    for file, text in texts.items():
        folders[file.parent].append(text)
    if not whole_folder:
        for folder in folders:
            folders[folder] = [head_of(p) for p in sorted(folder.glob("*.md"))[:200] if p.is_file()]
    return {folder: uses_list_convention(found) for folder, found in folders.items()}


def _is_readme(rel: str) -> bool:
    """A folder's README or index describes the folder: its title may well be every folder's."""
    names = {n.lower() for n in conventions()["layout"]["readme_names"]}
    return rel.rsplit("/", 1)[-1].lower() in names


def lint_note(
    rel: str, text: str, path: Path | None = None, *, listed: bool = True, topic: bool | None = None
) -> list[Finding]:
    """Findings for one note's text (``path``, when given, lets links to other notes be checked).

    With ``listed`` False (its folder does not use the author's list convention), a note
    without a ``- **key** = value`` list is someone else's convention: only
    :data:`GENERAL_RULES` apply, as for topic notes (``topic`` True or recognised).
    """
    note = parse_file(rel, text, topic=topic)
    timestamps = _lint_timestamps(rel, note)
    if note.kind == "topic" or (not listed and not follows_list_convention(note)):
        return (_lint_links(rel, note, path) if path is not None else []) + _lint_typos(rel, note) + timestamps
    out = _lint_file_name(rel) + _lint_title(rel, note) + timestamps
    keys: dict[str, list] = defaultdict(list)
    for entry in note.metadata:
        keys[entry.key].append(entry)
        if not entry.value.strip():
            out.append(Finding(rel, entry.line, "TG010", f"'{entry.raw_key}' has no value", "write N/A if unknown"))
    out += _lint_keys(rel, note, keys)
    for entry in keys.get("tags", []):
        out.extend(_lint_tags(rel, entry.line, entry.text or entry.value))
    out += _lint_dates(rel, keys.get("published", []))
    if path is not None:
        out.extend(_lint_links(rel, note, path))
    return out + _lint_typos(rel, note)


def _lint_file_name(rel: str) -> list[Finding]:
    name = rel.rsplit("/", 1)[-1]
    if FILE_NAME.match(name):
        return []
    fix = "rename to the consultation date then a slug, e.g. 2024-01-31-my-talk.md"
    return [Finding(rel, 1, "TG006", f"file name '{name}' is not YYYY-MM-DD-slug.md", fix)]


def _lint_title(rel: str, note) -> list[Finding]:
    out = []
    first = next((b for b in note.blocks if b.text.strip()), None)
    if note.title is None:
        out.append(Finding(rel, 1, "TG001", "no level-1 heading", "start the note with '# <exact title>'"))
    elif first is not None and first.line < (note.title_line or 1):
        out.append(Finding(rel, first.line, "TG001", "content before the level-1 heading", "put '# title' first"))
    for section in (s for s in note.sections if s.level == 1):
        message = f"second level-1 heading '{clip(section.heading, 40)}'"
        out.append(Finding(rel, section.line, "TG001", message, "use '##' for sections"))
    return out


_MANDATORY = {"url": "url", "type": "type", "published": "date de publication", "source": "source", "tags": "tags"}


def _lint_keys(rel: str, note, keys: dict[str, list]) -> list[Finding]:
    """Mandatory keys present, one of auteur/auteurs, no key given twice."""
    out = []
    anchor = note.metadata[0].line if note.metadata else (note.title_line or 1)
    for key, label in _MANDATORY.items():
        if key not in keys:
            fix = f"add '- **{label}** = …' (N/A when unknown)"
            out.append(Finding(rel, anchor, "TG002", f"missing metadata '{label}'", fix))
    author_keys = [e for e in note.metadata if e.key == "author"]
    spellings = {fold(e.raw_key) for e in author_keys}
    if not author_keys:
        fix = "add '- **auteur** = …' (N/A when unknown)"
        out.append(Finding(rel, anchor, "TG003", "missing metadata 'auteur'", fix))
    elif {"auteur", "auteurs"} <= spellings:
        out.append(Finding(rel, author_keys[1].line, "TG003", "both 'auteur' and 'auteurs'", "keep one of them"))
    for key, entries in keys.items():
        for entry in entries[1:]:
            if key != "author" or fold(entry.raw_key) == fold(entries[0].raw_key):
                message = f"'{entry.raw_key}' given twice (first on line {entries[0].line})"
                out.append(Finding(rel, entry.line, "TG011", message, "merge the two values"))
    return out


def _lint_dates(rel: str, entries: list) -> list[Finding]:
    out = []
    for entry in entries:
        value = entry.text or entry.value
        if is_unknown(value) or ISO_LIKE.match(value):
            continue
        found = parse_date(value)
        fix = (
            f"write '{found.value}' and move the rest to the note"
            if found
            else "write YYYY-MM-DD, YYYY-MM-?? or ????-??-??"
        )
        out.append(Finding(rel, entry.line, "TG005", f"date '{clip(value, 50)}' is not in ISO form", fix))
    return out


def _lint_timestamps(rel: str, note) -> list[Finding]:
    """Times at the start of a line that are not M:SS, MM:SS or H:MM:SS: the build leaves them unlinked."""
    prefix = MALFORMED.split("{", 1)[0]
    fix = "write M:SS, MM:SS or H:MM:SS (e.g. 02:33:00)"
    return [
        Finding(rel, issue.line or 1, "TG013", issue.message.split(": not linked", 1)[0], fix)
        for issue in note.issues
        if issue.message.startswith(prefix)
    ]


def _lint_typos(rel: str, note) -> list[Finding]:
    vocab = vocabulary()
    out = []
    for mention in extract_note(note).mentions:
        if mention.corrected and mention.key in vocab.tools:
            name = vocab.tools[mention.key].name
            message = f"'{mention.surface}' looks like a typo of {name}"
            out.append(Finding(rel, mention.line, "TG009", message, f"write '{name}'"))
    return out


def _lint_tags(rel: str, line: int, value: str) -> list[Finding]:
    out = []
    prefixes = {fold(p): scheme for scheme, items in conventions()["tags"]["prefixes"].items() for p in items}
    canonical = {"language": "language", "topic": "topic", "level": "level"}
    for chunk in re.split(r"\s*;\s*", value.strip()):
        if not chunk:
            continue
        glued = re.findall(r"(?:^|\s)([a-z]+)\s*[>=]", chunk)
        if len([g for g in glued if g in prefixes]) > 1:
            out.append(Finding(rel, line, "TG004", f"tags '{chunk}' are not separated", "separate tags with ' ; '"))
            continue
        m = TAG.match(chunk)
        if not m:
            continue
        prefix, sep, rest = m.groups()
        scheme = prefixes.get(fold(prefix))
        if scheme is None:
            continue
        if sep == "=":
            out.append(Finding(rel, line, "TG004", f"'{chunk}' uses '=' instead of '>'", f"write '{prefix}>{rest}'"))
        if fold(prefix) != canonical[scheme]:
            out.append(
                Finding(
                    rel,
                    line,
                    "TG004",
                    f"prefix '{prefix}>' instead of '{canonical[scheme]}>'",
                    f"write '{canonical[scheme]}>{rest}'",
                )
            )
        if scheme == "language":
            out.extend(_lint_language(rel, line, rest))
    return out


def _lint_language(rel: str, line: int, value: str) -> list[Finding]:
    slip = language_slip(value, vocabulary())
    if slip is None:
        return []
    return [Finding(rel, line, "TG004", f"language '{value}' is not a known language",
                    f"did you mean 'language>{slip[0]}' ({slip[1]})?")]


def _lint_links(rel: str, note, path: Path) -> list[Finding]:
    out = []
    for link in note.links:
        target = link.url
        if not target or "://" in target or target.startswith(("#", "mailto:")):
            continue
        parsed = urlsplit(target)
        if not parsed.path.endswith(".md"):
            continue
        linked = (path.parent / unquote(parsed.path)).resolve()
        if not linked.exists():
            out.append(
                Finding(
                    rel,
                    link.line,
                    "TG008",
                    f"link to missing note '{parsed.path}'",
                    "fix the file name or remove the link",
                )
            )
    return out


__all__ = ["RULES", "Finding", "lint", "lint_note"]
