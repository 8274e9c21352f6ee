"""Pages of a listing query: its one ``LIMIT n OFFSET m`` clause is the page.

The listings of schema/queries/ that are long at 10k notes (speakers, events…) pick the
things of one page first, in a subquery ``ORDER BY … LIMIT 25 OFFSET 0``, and only then look
up what is shown of them: a page costs what it shows, not what the whole listing would.
``talkgraph query --page N``, the endpoint's query page and the MCP ``sparql`` tool move that
clause to page N, and ``--all`` removes it. A query with no such clause, or more than one,
has no page: it runs as written.

    >>> page_of("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 25 OFFSET 50")
    Page(size=25, offset=50)
    >>> with_page("SELECT ?s WHERE { ?s ?p ?o } LIMIT 25 OFFSET 0", 3)
    'SELECT ?s WHERE { ?s ?p ?o } LIMIT 25 OFFSET 50'
    >>> everything("SELECT ?s WHERE { ?s ?p ?o } LIMIT 25 OFFSET 0")
    'SELECT ?s WHERE { ?s ?p ?o } '
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError

CLAUSE = re.compile(r"\bLIMIT\s+(\d+)\s+OFFSET\s+(\d+)\b", re.IGNORECASE)
# a comment: '#' at the start of a line or after a space (an IRI's '#' follows a letter: ns#)
COMMENT = re.compile(r"(?:^|(?<=\s))#[^\n]*", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """``size`` things from the ``offset``-th on; pages are numbered from 1."""

    size: int
    offset: int

    @property
    def number(self) -> int:
        return self.offset // self.size + 1 if self.size else 1

    def describe(self) -> str:
        return f"page {self.number} (LIMIT {self.size} OFFSET {self.offset})"


def _clause(text: str) -> re.Match | None:
    """The one LIMIT … OFFSET … outside comments, or None (none, or several)."""
    masked = COMMENT.sub(lambda m: " " * len(m.group()), text)
    found = list(CLAUSE.finditer(masked))
    return found[0] if len(found) == 1 else None


def page_of(text: str) -> Page | None:
    match = _clause(text)
    return None if match is None else Page(int(match.group(1)), int(match.group(2)))


def with_page(text: str, number: int) -> str:
    """``text`` moved to page ``number`` (from 1); a clear error when it has no page."""
    match = _clause(text)
    if match is None:
        raise QueryError("this query has no page: --page needs one 'LIMIT n OFFSET m' clause in it")
    if number < 1:
        raise QueryError(f"pages are numbered from 1, not {number}")
    size = int(match.group(1))
    return f"{text[:match.start()]}LIMIT {size} OFFSET {(number - 1) * size}{text[match.end():]}"


def everything(text: str) -> str:
    """``text`` without its page: every row (a query with no page is returned as it is)."""
    match = _clause(text)
    return text if match is None else text[:match.start()] + text[match.end():]


def paged(text: str, page: int | None = None, every: bool = False) -> tuple[str, Page | None]:
    """The text to run for ``page`` (or every row) and the page it answers, None when it is not paged."""
    if every:
        return everything(text), None
    if page is not None:
        text = with_page(text, page)
    return text, page_of(text)
