"""The one exception tree of talkgraph: everything a caller may want to catch.

::

    TalkgraphError                  anything talkgraph refuses to do, with a one-line reason
    ├── BuildError                  a build that cannot start (no notes folder, OUT not writable)
    ├── BuildCancelled              a build its caller cancelled (a watch: a note saved meanwhile)
    ├── NoBuildError                OUT holds no build (no store, no export) to query or check
    ├── UnsupportedFormat           an output, result format or writer name that does not exist
    ├── QueryError                  a query that cannot run
    │   ├── QuerySyntaxError        not SPARQL
    │   ├── QueryRefused            an update, or a query over a limit (time, size)
    │   │   ├── QueryTimeout        stopped at the time limit
    │   │   ├── ServerBusy          not run, or stopped early: too many queries at once (retry later)
    │   │   └── ResultTooLarge      a result past the size limit (add a LIMIT)
    │   └── NotAcceptable           no result format the client accepts
    ├── PushError                   the remote store refused or could not be reached
    └── InputError                  a file named on the command line is missing or unreadable

Bad *notes* never raise: they become warnings (:class:`graph.notes.Issue`) and the build
goes on. The CLI catches only this tree and maps it to exit codes (:data:`EXIT_CODES`).
"""

from __future__ import annotations


class TalkgraphError(Exception):
    """Base class: the message is one line, meant for the person at the keyboard."""

    exit_code = 2


class BuildError(TalkgraphError):
    """A build that cannot start or finish: no input folder, an unwritable output folder, a dead store process."""


class BuildCancelled(TalkgraphError):
    """The build's ``cancel`` said stop before anything was swapped in: OUT is as the last build left it.

    A watch cancels its full build when a note is saved meanwhile, so that the save is in the
    store at once rather than after every export of the build it interrupted.
    """


class NoBuildError(TalkgraphError):
    """OUT holds no build: run ``talkgraph build NOTES -o OUT`` first."""

    def __init__(self, out_dir, what: str = "build") -> None:
        super().__init__(f"no {what} in {out_dir} (run `talkgraph build NOTES_DIR -o {out_dir}` first)")
        self.out_dir = out_dir


class UnsupportedFormat(TalkgraphError):
    """A name that is not one of the registered ones; the message lists the valid names."""

    def __init__(self, message: str, name: str, valid) -> None:
        super().__init__(f"{message}: choose from {', '.join(valid)}")
        self.name = name
        self.valid = list(valid)


class QueryError(TalkgraphError):
    """A SPARQL query that cannot run."""


class QuerySyntaxError(QueryError):
    """The text is not valid SPARQL 1.1."""


class QueryRefused(QueryError):
    """An update on a read-only store, or a query past a time or size limit."""


class QueryTimeout(QueryRefused):
    """The query ran past the time limit and was stopped (its worker process was killed)."""


class ServerBusy(QueryRefused):
    """Too many queries at once: the query was not run, or stopped early; retry after ``retry_after`` s."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ResultTooLarge(QueryRefused):
    """The result is larger than the size limit: refused rather than buffered."""


class NotAcceptable(QueryError):
    """None of the media types the client accepts can carry this result."""


class PushError(TalkgraphError):
    """The remote triple store could not be reached or refused a graph."""

    exit_code = 1


class InputError(TalkgraphError):
    """A file, folder or address named by the user is missing, unreadable or not one at all."""


__all__ = [
    "BuildCancelled",
    "BuildError",
    "InputError",
    "NoBuildError",
    "NotAcceptable",
    "PushError",
    "QueryError",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "ResultTooLarge",
    "ServerBusy",
    "TalkgraphError",
    "UnsupportedFormat",
]
