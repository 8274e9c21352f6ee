"""The context of each note: its folder's event (README, ``talkgraph.toml`` or folder name) and the user's settings.

Computed once per build from the notes' relative paths and texts, before extraction, and
handed to each note's extraction as a frozen :class:`NoteContext` (so extraction stays a
pure function, and the cache key covers the context through its digest). The same code
serves ``talkgraph explain`` and ``extract`` on one note (:func:`context_for_file`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..extract.context import FolderEvent, NoteContext, uses_list_convention
from ..extract.folders import declared_event, folder_name_event, readme_event
from ..notes import Issue, parse_note, read_note_file
from ..notes.config import FILE_NAME, NotesConfig, load_config
from ..notes.read import head_of
from ..util.resources import conventions


def readme_names() -> frozenset[str]:
    return frozenset(n.lower() for n in conventions()["layout"]["readme_names"])


def _folder(rel: str) -> str:
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


def _ancestors(folder: str) -> list[str]:
    """``a/b`` -> ["", "a", "a/b"]."""
    parts = folder.split("/") if folder else []
    return [""] + ["/".join(parts[: i + 1]) for i in range(len(parts))]


def folder_event(
    folder: str, readme: tuple[str, str] | None, config: NotesConfig
) -> tuple[FolderEvent | None, list[Issue]]:
    """One folder's event: ``[events."folder"]`` over its README over its name (never the notes folder's name)."""
    declared = config.declares_event(folder)
    event, issues = None, []
    if readme is not None:
        rel, text = readme
        try:
            event, issues = readme_event(folder, parse_note(rel, text), declared=declared)
        except RecursionError:
            issues = [Issue(rel, None, "nesting too deep to parse: not read as the folder's event")]
    if event is None and folder:
        event = folder_name_event(folder, declared=declared)
    facts = config.event_of(folder)
    if facts is not None:
        event = declared_event(folder, facts.name, facts.date, facts.place, facts.url, event)
    return event, issues


def build_contexts(texts: Mapping[str, str], config: NotesConfig) -> tuple[dict[str, NoteContext], list[Issue]]:
    """A :class:`NoteContext` for every note path of ``texts`` (relative path -> decoded text)."""
    names = readme_names()
    readmes: dict[str, tuple[str, str]] = {}
    for rel in sorted(texts):
        if rel.rsplit("/", 1)[-1].lower() in names:
            readmes.setdefault(_folder(rel), (rel, texts[rel]))
    folders = sorted({a for rel in texts for a in _ancestors(_folder(rel))})
    events: dict[str, FolderEvent] = {}
    issues: list[Issue] = []
    for folder in folders:
        event, found = folder_event(folder, readmes.get(folder), config)
        issues.extend(found)
        if event is not None:
            events[folder] = event
    listed = uses_list_convention(text for rel, text in texts.items() if rel.rsplit("/", 1)[-1].lower() not in names)
    contexts = {rel: _context(rel, events, config, names, listed) for rel in texts}
    return contexts, issues


def _context(
    rel: str, events: Mapping[str, FolderEvent], config: NotesConfig, names: frozenset[str], listed: bool
) -> NoteContext:
    nearest = next((events[f] for f in reversed(_ancestors(_folder(rel))) if f in events), None)
    return NoteContext(
        event=nearest,
        readme=rel.rsplit("/", 1)[-1].lower() in names,
        role=config.role_of(rel),
        keys=config.keys,
        language=config.language,
        list_convention=listed,
    )


def notes_root(note: Path) -> Path:
    """Where a lone note's notes folder starts: the nearest folder with talkgraph.toml or .git, else two levels up."""
    note = note.resolve()
    for folder in note.parents:
        if (folder / FILE_NAME).is_file() or (folder / ".git").exists():
            return folder
    return note.parent.parent if note.parent != note.parent.parent else note.parent


def context_for_file(note: Path, root: Path | None = None) -> tuple[str, NoteContext, list[Issue]]:
    """The relative path and context of one note, reading only the READMEs of its folders."""
    root = (root or notes_root(note)).resolve()
    rel = note.resolve().relative_to(root).as_posix()
    config, issues = load_config(root)
    names = readme_names()
    texts: dict[str, str] = {}
    for folder in _ancestors(_folder(rel)):
        base = root / folder if folder else root
        for candidate in sorted(base.iterdir()) if base.is_dir() else []:
            if candidate.is_file() and candidate.name.lower() in names:
                result = read_note_file(candidate, root)
                if result.text is not None:
                    texts[candidate.relative_to(root).as_posix()] = result.text
                break
    texts.setdefault(rel, "")
    siblings = sorted(p for p in note.resolve().parent.glob("*.md") if p.is_file())[:200]
    texts.update(
        {p.relative_to(root).as_posix(): head_of(p) for p in siblings if p.relative_to(root).as_posix() not in texts}
    )
    contexts, found = build_contexts(texts, config)
    return rel, contexts[rel], issues + found

