"""``talkgraph permalinks check``: are the permalinks written in the notes still right?

Notes link to lines of other notes of the same repository with permalinks
(``https://github.com/OWNER/notes/blob/<sha>/<path>#L12``). A permalink never breaks, but
it ages: the line it shows may have moved, changed or gone in the current version. The
author wants to know which, and to have the moved ones updated. For each permalink to
this repository found in the notes, the file at its commit is compared with the file at
HEAD (following a rename), and the permalink is:

- **up to date**: the line is the same, at the same place (a fresher permalink, at the
  last commit that touched the file, is proposed when there is one);
- **moved**: the same line is elsewhere now (the new permalink is proposed);
- **changed**: the line was edited — this blocks, as the author wants: someone must find
  the right line by hand;
- **gone**: the line, or the file, no longer exists;
- **unknown commit**: the commit is not in the local history (fetch, then check again).

``fix`` rewrites the moved and the refreshable ones in place (git keeps the previous version).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..errors import InputError
from ..notes import survey
from ..notes.forges import Forge
from ..notes.read import read_note_file
from ..util.files import rewrite_text
from ..util.text import clip
from .git import GitError, Repository, git, repository

BLOCKING = ("moved", "changed", "gone", "unknown commit")
PAIR_WINDOW = 50
SIMILAR = 0.6  # how alike (difflib ratio) an edited line must be to the old one to count as "changed", not "gone"


@dataclass(frozen=True)
class Permalink:
    """A permalink to this repository written in a note, and what became of its line."""

    file: str  # the note holding it, relative to the folder checked
    line: int  # where it is written
    url: str
    path: str  # the repository file it points to, at ``sha``
    sha: str
    lines: tuple[int, int] | None  # first and last line it points to; None for a whole file
    status: str = "up to date"
    proposal: str | None = None  # the permalink to write instead (moved; or fresher when up to date)
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.status}: {self.url}"
        if self.proposal:
            text += f" -> {self.proposal}"
        return text + (f" ({self.detail})" if self.detail else "")


@dataclass
class PermalinkReport:
    """Every permalink found, and the notes that ``fix`` rewrote."""

    repository: str
    permalinks: list[Permalink] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)

    def by_status(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for link in self.permalinks:
            counts[link.status] += 1
        return dict(sorted(counts.items()))

    @property
    def blocking(self) -> list[Permalink]:
        """The permalinks still wrong: moved ones not fixed, changed, gone, unknown commits."""
        fixed = set(self.fixed)
        return [p for p in self.permalinks if p.status in BLOCKING and not (p.status == "moved" and p.file in fixed)]


def _notes(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """(file, path shown) of every note below the folders and of the files given."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found.extend((note, note.relative_to(path).as_posix()) for note in survey(path).notes)
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise InputError(f"not found: {path}")
    return found


def find_permalinks(forge: Forge, rel: str, text: str) -> list[Permalink]:
    """The permalinks into ``forge``'s repository written in one note's text."""
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        for m in forge.pattern().finditer(line):
            lines = forge.lines_of(m["fragment"])
            out.append(Permalink(rel, number, m.group(0), unquote(m["path"]), m["sha"], lines))
    return out


def check_permalinks(paths: Iterable[str | Path], *, fix: bool = False) -> PermalinkReport:
    """Check (and with ``fix`` update) the permalinks to this repository in the notes of ``paths``.

    Raises :class:`graph.errors.InputError` when a path is missing or is not in a git work
    tree whose remote is on a forge talkgraph knows.
    """
    paths = [Path(p) for p in paths]
    notes = _notes(paths)
    anchor = paths[0] if paths and paths[0].is_dir() else (paths[0].parent if paths else Path("."))
    repo, issues = repository(anchor.resolve())
    if repo is None:
        why = issues[0].message if issues else "not in a git work tree whose remote is on a known forge"
        raise InputError(f"{anchor}: {why}")
    report = PermalinkReport(repo.describe())
    texts: dict[Path, tuple[str, str]] = {}
    for file, rel in notes:
        read = read_note_file(file, file.parent)
        if read.text is not None:
            texts[file] = (rel, read.text)
            report.permalinks.extend(find_permalinks(repo.forge, rel, read.text))
    history = _History(repo)
    report.permalinks = [history.judge(link) for link in report.permalinks]
    if fix:
        report.fixed = _fix(texts, report.permalinks)
    return report


class _History:
    """Git lookups for the permalinks of one check, each done once."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.commits: dict[str, str | None] = {}
        self.renames: dict[str, dict[str, str | None]] = {}
        self.blobs: dict[tuple[str, str], list[str] | None] = {}
        self.latest: dict[str, str] = {}

    def commit(self, sha: str) -> str | None:
        if sha not in self.commits:
            try:
                self.commits[sha] = git(self.repo.top, "rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}").strip()
            except GitError:
                self.commits[sha] = None
        return self.commits[sha]

    def lines(self, sha: str, path: str) -> list[str] | None:
        if (sha, path) not in self.blobs:
            try:
                text = git(self.repo.top, "show", f"{sha}:{path}")
                self.blobs[sha, path] = text.replace("\r\n", "\n").split("\n")
            except GitError:
                self.blobs[sha, path] = None
        return self.blobs[sha, path]

    def path_now(self, sha: str, path: str) -> str | None:
        """Where ``path`` of commit ``sha`` is at HEAD: itself, its new name, or None (deleted)."""
        if sha not in self.renames:
            out = git(self.repo.top, "diff", "-M", "--name-status", "-z", sha, "HEAD")
            tokens, moves = out.split("\0"), {}
            index = 0
            while index < len(tokens) - 1:
                status = tokens[index]
                if status.startswith(("R", "C")):
                    if status.startswith("R"):
                        moves[tokens[index + 1]] = tokens[index + 2]
                    index += 3
                else:
                    if status == "D":
                        moves[tokens[index + 1]] = None
                    index += 2
            self.renames[sha] = moves
        return self.renames[sha].get(path, path)

    def last_commit(self, path: str) -> str:
        if path not in self.latest:
            self.latest[path] = git(self.repo.top, "log", "-1", "--format=%H", "HEAD", "--", path).strip()
        return self.latest[path]

    def judge(self, link: Permalink) -> Permalink:
        sha = self.commit(link.sha)
        if sha is None:
            return _with(link, "unknown commit", detail="not in the local history: fetch, then check again")
        old = self.lines(sha, link.path)
        if old is None:
            return _with(link, "gone", detail=f"{link.path} is not in commit {sha[:10]}")
        if link.lines and link.lines[1] > len(old):
            return _with(link, "gone", detail=f"{link.path} has no line {link.lines[1]} at {sha[:10]}")
        now = self.path_now(sha, link.path)
        new = self.lines("HEAD", now) if now else None
        if new is None:
            return _with(link, "gone", detail=f"{link.path} no longer exists")
        return _compare(link, sha, old, new, now, self.last_commit(now), self.repo.forge)


def _with(link: Permalink, status: str, proposal: str | None = None, detail: str = "") -> Permalink:
    return Permalink(link.file, link.line, link.url, link.path, link.sha, link.lines, status, proposal, detail)


def _compare(
    link: Permalink, sha: str, old: list[str], new: list[str], now: str, latest: str, forge: Forge
) -> Permalink:
    """The status of a permalink (at commit ``sha``) whose file exists at HEAD as ``new``, named ``now``."""
    def rewritten(start: int | None = None, end: int | None = None) -> str:
        url = forge.blob(latest, now) if start is None else forge.permalink(latest, now, start, end)
        query = link.url.split("#", 1)[0].partition("?")[2]
        if query:
            base, _, fragment = url.partition("#")
            url = f"{base}?{query}" + (f"#{fragment}" if fragment else "")
        return url

    fresh = latest == sha
    if link.lines is None:
        if now != link.path:
            return _with(link, "moved", rewritten(), detail=f"now {now}")
        return _with(link, "up to date", None if fresh else rewritten())
    start, end = link.lines
    target = _locate(old, new, start, end)
    if isinstance(target, tuple):
        status, candidate = target
        detail = f"line {start} was '{clip(old[start - 1].strip(), 60)}'"
        if candidate is not None:
            detail += f"; line {candidate} of {now} is now '{clip(new[candidate - 1].strip(), 60)}'"
        return _with(link, status, detail=detail)
    new_start = target
    new_end = new_start + (end - start)
    if new_start == start and now == link.path:
        return _with(link, "up to date", None if fresh else rewritten(new_start, new_end))
    where = f"now line {new_start}" + (f" of {now}" if now != link.path else "")
    return _with(link, "moved", rewritten(new_start, new_end), detail=where)


def _locate(old: list[str], new: list[str], start: int, end: int) -> int | tuple[str, int | None]:
    """The line where lines ``start``..``end`` of ``old`` now begin in ``new``, or why not: ("changed", the
    edited line it most likely became) when a similar line replaced it, ("gone", None) otherwise."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    mapped: dict[int, int] = {}
    for tag, a0, a1, b0, _ in matcher.get_opcodes():
        if tag == "equal":
            mapped.update({a0 + k + 1: b0 + k + 1 for k in range(a1 - a0)})
    wanted = list(range(start, end + 1))
    if all(n in mapped for n in wanted) and all(mapped[n] == mapped[start] + (n - start) for n in wanted):
        return mapped[start]
    block = old[start - 1 : end]
    places = [i + 1 for i in range(len(new) - len(block) + 1) if new[i : i + len(block)] == block]
    if len(places) == 1 and any(line.strip() for line in block):
        return places[0]  # moved as a whole, the diff saw a deletion and an insertion
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "replace" and a0 < end and start - 1 < a1:
            # in a long rewrite, only the lines around it (proportionally placed) compete for a pair
            at = start - 1
            lo = max(a0, at - PAIR_WINDOW)
            middle = b0 + (at - a0) * (b1 - b0) // (a1 - a0)
            first = max(b0, middle - 2 * PAIR_WINDOW)
            paired = _pairs(old[lo : min(a1, at + PAIR_WINDOW + 1)], new[first : min(b1, middle + 2 * PAIR_WINDOW)])
            if at - lo in paired:
                return ("changed", first + paired[at - lo] + 1)
    return ("gone", None)


def _pairs(before: list[str], after: list[str]) -> dict[int, int]:
    """Which edited line each replaced line became: the most alike pairs first, one-to-one, if alike enough."""
    def key(text: str) -> str:
        return text.casefold().strip()

    scores = sorted(
        ((difflib.SequenceMatcher(None, key(a), key(b)).ratio(), i, j) for i, a in enumerate(before)
         for j, b in enumerate(after)),
        reverse=True,
    )
    pairs: dict[int, int] = {}
    for score, i, j in scores:
        if score >= SIMILAR and i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


def _fix(texts: dict[Path, tuple[str, str]], links: list[Permalink]) -> list[str]:
    """Rewrite each moved (or refreshable) permalink in place; returns the notes rewritten."""
    todo: dict[str, list[Permalink]] = defaultdict(list)
    for link in links:
        if link.proposal and link.status in ("moved", "up to date"):
            todo[link.file].append(link)
    fixed = []
    for file, (rel, text) in texts.items():
        if rel not in todo:
            continue
        rows = text.replace("\r\n", "\n").split("\n")
        for link in todo[rel]:
            rows[link.line - 1] = rows[link.line - 1].replace(link.url, link.proposal, 1)
        rewrite_text(file, "\n".join(rows))
        fixed.append(rel)
    return sorted(fixed)
