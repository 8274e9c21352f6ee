"""Where each note file stands in git: the corpus-level facts behind permalinks.

When the notes folder is (inside) a git work tree whose remote is on a known forge
(:mod:`graph.notes.forges`), every note file that git tracks gets a
:class:`graph.notes.FileRevision`: its URL on the forge at the **last commit that touched
it** (so an unrelated commit changes no note's graph), and, when the file has uncommitted
changes, which of its lines are still as committed (the others get no permalink, and a
warning says so). ``git`` itself is run (it is what the user has; no library to install),
read-only: no lock is taken, nothing is written.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..notes import FileRevision, Issue
from ..notes.forges import Forge, forge_of
from ..notes.read import decode

TIMEOUT = 120
MAX_UNTRACKED_WARNINGS = 10
_ENV = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


class GitError(Exception):
    """git failed (or is missing): the build goes on without permalinks."""


def git(cwd: Path, *args: str, data: bool = False) -> str | bytes:
    """Output of ``git args`` in ``cwd``; raises :class:`GitError` with git's message."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, env=_ENV, capture_output=True, timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git could not run ({exc})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return done.stdout if data else done.stdout.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class Repository:
    """The work tree holding the notes folder: its top, the folder's prefix in it, its forge, HEAD."""

    top: Path
    prefix: str  # the notes folder relative to the top, "" or ending with "/"
    forge: Forge
    head: str

    def describe(self) -> str:
        return f"{self.forge.host}/{self.forge.repo}"


def repository(notes_dir: Path) -> tuple[Repository | None, list[Issue]]:
    """The repository of the notes folder, or None (not a work tree, no commit, no forge remote)."""
    try:
        top, prefix = git(notes_dir, "rev-parse", "--show-toplevel", "--show-prefix").split("\n")[:2]
    except GitError as exc:
        if "not a git repository" in str(exc) or "could not run" in str(exc):
            return None, []
        return None, [Issue(str(notes_dir), None, f"git: {exc}: no permalinks")]
    try:
        remotes = git(notes_dir, "remote").split()
        if not remotes:
            return None, []
        name = "origin" if "origin" in remotes else remotes[0]
        url = git(notes_dir, "remote", "get-url", name).strip()
        head = git(notes_dir, "rev-parse", "--verify", "--quiet", "HEAD").strip()
    except GitError:
        return None, []  # a repository without a commit yet: nothing to link to
    forge = forge_of(url)
    if forge is None and _local(url):
        return None, []  # a clone of a folder on this machine: no web page to link to, nothing to fix
    if forge is None:
        message = f"git remote '{name}' is not on a forge talkgraph knows (schema/hosts.toml): no permalinks"
        return None, [Issue(str(notes_dir), None, message)]
    return Repository(Path(top), prefix, forge, head), []


def _local(url: str) -> bool:
    """True for a remote that is a path on this machine (``/srv/notes``, ``../notes``, ``file://…``)."""
    return url.startswith(("file://", "/", "./", "../", "~")) or Path(url).is_dir()


def last_commits(repo: Repository, paths: set[str]) -> dict[str, str]:
    """Repository path -> sha of the last commit (first-parent history) that touched it."""
    if not paths:
        return {}
    pathspec = repo.prefix or "."
    out = git(repo.top, "log", "--first-parent", "-m", "--no-renames", "--format=%x01%H", "--name-only", "-z",
              "HEAD", "--", pathspec)
    found: dict[str, str] = {}
    sha = ""
    for token in out.split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            sha = token[1:]
        elif token in paths and token not in found:
            found[token] = sha
            if len(found) == len(paths):
                break
    return found


def _unchanged(committed: str, current: str) -> tuple[tuple[int, int, int], ...]:
    """Runs of lines the same in the file as in the commit: (file line, committed line, length), 1-based."""
    old, new = committed.split("\n"), current.split("\n")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return tuple((b + 1, a + 1, size) for a, b, size in matcher.get_matching_blocks() if size)


def _changed_lines(runs: tuple[tuple[int, int, int], ...], count: int) -> list[int]:
    same = {start + i for start, _, size in runs for i in range(size)}
    return [n for n in range(1, count + 1) if n not in same]


def _ranges(lines: list[int]) -> str:
    spans: list[list[int]] = []
    for n in lines:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans[:6])
    return shown + (", …" if len(spans) > 6 else "")


def _dirty(repo: Repository) -> set[str]:
    out = git(repo.top, "diff", "--name-only", "--no-renames", "-z", "HEAD", "--", repo.prefix or ".")
    return {p for p in out.split("\0") if p}


def revisions(notes_dir: Path, texts: dict[str, str]) -> tuple[dict[str, FileRevision], list[Issue], str | None]:
    """A :class:`FileRevision` for each note (relative path -> decoded text) that git tracks.

    Returns the revisions, the warnings (uncommitted notes and lines) and the repository
    described (``github.com/owner/notes``), or ``({}, issues, None)`` without a forge.
    """
    repo, issues = repository(notes_dir)
    if repo is None:
        return {}, issues, None
    try:
        wanted = {repo.prefix + rel: rel for rel in texts}
        shas = last_commits(repo, set(wanted))
        dirty = _dirty(repo) & set(shas)
    except GitError as exc:
        return {}, [*issues, Issue(str(notes_dir), None, f"git: {exc}: no permalinks")], None
    out: dict[str, FileRevision] = {}
    untracked = sorted(rel for path, rel in wanted.items() if path not in shas)
    issues.extend(_untracked(notes_dir, untracked))
    for path, rel in sorted(wanted.items()):
        if path not in shas:
            continue
        revision = FileRevision(shas[path], repo.forge.blob(shas[path], path), repo.forge.line_form)
        if path in dirty:
            revision, warning = _with_changes(repo, revision, path, rel, texts[rel])
            if warning:
                issues.append(warning)
        out[rel] = revision
    return out, issues, repo.describe()


def _untracked(notes_dir: Path, rels: list[str]) -> list[Issue]:
    """A warning per note git does not track; past a few, one for all (a folder of generated notes)."""
    if len(rels) <= MAX_UNTRACKED_WARNINGS:
        return [Issue(rel, None, "not committed to git: no permalinks for this note") for rel in rels]
    message = f"{len(rels)} notes are not committed to git ({', '.join(rels[:3])}, …): no permalinks for them"
    return [Issue(str(notes_dir), None, message)]


def _with_changes(repo: Repository, revision: FileRevision, path: str, rel: str, text: str):
    """The revision of a file with uncommitted changes: only its unchanged lines keep permalinks."""
    try:
        committed = decode(git(repo.top, "show", f"HEAD:{path}", data=True)).text or ""
    except GitError:
        committed = ""
    committed = committed.replace("\r\n", "\n").replace("\r", "\n")
    current = text.replace("\r\n", "\n").replace("\r", "\n")
    if committed == current:
        return revision, None  # only the mode or line endings changed
    runs = _unchanged(committed, current)
    changed = _changed_lines(runs, current.count("\n") + 1)
    revision = FileRevision(revision.sha, revision.blob, revision.line_form, runs)
    if not changed:
        return revision, None
    where = f"line {changed[0]}" if len(changed) == 1 else f"lines {_ranges(changed)}"
    message = f"uncommitted changes on {where}: no permalink for them until they are committed"
    return revision, Issue(rel, changed[0], message)
