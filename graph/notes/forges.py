"""Forges (GitHub, GitLab, Gitea/Codeberg, Bitbucket): the URL of a line of a file at a commit.

Pure functions over the remote URL of a repository and ``schema/hosts.toml``: which forge
a remote is on, what a permalink to a line looks like there, and how to find this
repository's permalinks in a note's text. Reading git itself is the shell's job
(:mod:`graph.pipeline.git`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote, unquote, urlsplit

from ..util.resources import schema_toml

_SCP = re.compile(r"^(?:[^@/\s]+@)?(?P<host>[^:/\s]+):(?!//)(?P<path>[^\s]+)$")  # git@host:owner/repo.git


@dataclass(frozen=True, slots=True)
class Forge:
    """One repository on one forge, with the URL forms of its files and lines."""

    name: str
    host: str
    repo: str  # owner/name, or group/subgroup/name on GitLab
    blob_form: str
    line_form: str
    lines_form: str

    def blob(self, sha: str, path: str) -> str:
        """The URL of ``path`` (a repository path, ``/``-separated) at commit ``sha``, percent-encoded."""
        return self.blob_form.format(host=self.host, repo=self.repo, sha=sha, path=quote(path, safe="/"))

    def permalink(self, sha: str, path: str, start: int, end: int | None = None) -> str:
        if end is None or end == start:
            return self.blob(sha, path) + self.line_form.format(line=start)
        return self.blob(sha, path) + self.lines_form.format(start=start, end=end)

    def pattern(self) -> re.Pattern[str]:
        """Permalinks into this repository: groups ``sha``, ``path`` (percent-encoded) and ``fragment``."""
        return _pattern(self.blob_form, self.host, self.repo)

    def lines_of(self, fragment: str | None) -> tuple[int, int] | None:
        """``#L12`` -> (12, 12), ``#L12-L14`` -> (12, 14) in this forge's forms; None without lines."""
        if not fragment:
            return None
        for form in (self.lines_form, self.line_form):
            regex = re.escape(form).replace(r"\{start\}", r"(?P<start>\d+)").replace(r"\{end\}", r"(?P<end>\d+)")
            m = re.fullmatch(regex.replace(r"\{line\}", r"(?P<start>\d+)"), fragment)
            if m:
                start = int(m["start"])
                return start, int(m.groupdict().get("end") or start)
        return None


@cache
def _pattern(blob_form: str, host: str, repo: str) -> re.Pattern[str]:
    regex = re.escape(blob_form)
    for name, value in (
        ("host", re.escape(host)),
        ("repo", re.escape(repo)),
        ("sha", r"(?P<sha>[0-9a-fA-F]{7,40})"),
        ("path", r"(?P<path>[^\s#?)\]>\"'<]+)"),
    ):
        regex = regex.replace(re.escape("{" + name + "}"), value)
    return re.compile(regex + r"(?:\?[^\s#)\]>\"'<]*)?(?P<fragment>#[^\s)\]>\"'<]*)?", re.I)


def parse_remote(url: str) -> tuple[str, str] | None:
    """``git@github.com:owner/repo.git`` or ``https://user@host/owner/repo`` -> (host, owner/repo).

    Credentials in the remote URL are dropped, never copied into a permalink.
    """
    url = url.strip()
    if "://" in url:
        parts = urlsplit(url)
        host, path = (parts.hostname or ""), parts.path
    else:
        m = _SCP.match(url)
        if not m:
            return None
        host, path = m["host"], m["path"]
    repo = unquote(path).strip("/").removesuffix(".git").strip("/")
    if not host or repo.count("/") < 1:
        return None
    return host.lower(), repo


def forge_of(remote: str) -> Forge | None:
    """The forge a remote URL is on, or None for a host ``hosts.toml`` does not know."""
    parsed = parse_remote(remote)
    if parsed is None:
        return None
    host, repo = parsed
    forges = schema_toml("hosts.toml")["forges"]
    chosen = next((f for f in forges if host in f["hosts"]), None)
    chosen = chosen or next((f for f in forges if any(w in host for w in f["words"])), None)
    if chosen is None:
        return None
    return Forge(chosen["name"], host, repo, chosen["blob"], chosen["line"], chosen["lines"])
