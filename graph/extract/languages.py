"""A ``language>…`` tag that names no known language but is one slip away from one.

The tag is kept as written (a concept of its own, with no link to the language): only the
author can tell a typo ("pyhton") from a language the vocabulary lacks, so the build and
``talkgraph lint`` both say which known language it is close to.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..notes.model import Issue
from ..util.text import fold
from .records import Tag
from .vocab import Vocabulary

_NO_LANGUAGE = ("agnostic", "none", "multiple", "all")  # a tag saying the note is about no one language


def language_slip(value: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """(the close known name, the language's name) when ``value`` is no language but close to one."""
    wanted = fold(value.strip())
    if wanted in _NO_LANGUAGE or vocab.tool_for_name(value) is not None:
        return None
    names = vocab.language_names
    # optimal string alignment counts a swap ("pyhton") as one edit
    best = process.extractOne(wanted, [n for n in names if len(n) >= 4], scorer=OSA.distance, score_cutoff=2)
    if best is None or best[1] == 0:
        return None
    return best[0], names[best[0]]


def language_tag_issues(path: str, tags: Iterable[Tag], vocab: Vocabulary) -> list[Issue]:
    """A warning for each language tag that looks like a slip of a known language's name."""
    issues = []
    for tag in tags:
        if tag.scheme != "language" or not tag.path:
            continue
        slip = language_slip(tag.path[0], vocab)
        if slip is not None:
            issues.append(Issue(path, tag.line, f"language '{tag.path[0]}' is not a known language: did you mean "
                                                f"'language>{slip[0]}' ({slip[1]})? The tag is kept as written"))
    return issues

