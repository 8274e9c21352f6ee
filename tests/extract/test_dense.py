"""Dense notes: the right line for every mention of a long block, and the linear helpers
giving the answers of the straightforward versions they replace (no timing here: the
curve is measured by benchmarks/dense.py)."""

from __future__ import annotations

import random

import pytest

from graph.extract import extract_note
from graph.extract import mentions as mentions_module
from graph.extract.evidence import list_heads
from graph.extract.mentions import _sentence_start
from graph.extract.opentools import _counts, _headed, _outside_links
from graph.extract.regions import Regions
from graph.notes import parse_note
from graph.notes.model import Block, Link
from graph.util.text import fold_chars

HEAD = "# Dense\n\n- **url** = https://x.example\n- **type** = post\n\n"
TOOLS = ["Memray", "pytest", "Django", "NumPy", "mutmut", "Shapely", "Streamlit", "Rasterio"]  # no ordinary words


def _record(body: str):
    return extract_note(parse_note("2024-01-01-dense.md", HEAD + body))


def _tool_lines(record) -> dict[tuple[str, int], int]:
    found: dict[tuple[str, int], int] = {}
    for m in record.mentions:
        if m.kind == "tool" and not m.candidate:
            found[(m.surface, m.line)] = found.get((m.surface, m.line), 0) + 1
    return found


def test_every_mention_of_one_long_paragraph_has_its_line():
    first = HEAD.count("\n") + 1
    lines = [
        f"on compare {TOOLS[i % 8]}, {TOOLS[(i + 3) % 8]} et `{TOOLS[(i + 5) % 8].lower()}` ici" for i in range(400)
    ]
    record = _record("\n".join(lines) + "\n")
    found = _tool_lines(record)
    for i in range(400):
        for surface in (TOOLS[i % 8], TOOLS[(i + 3) % 8], TOOLS[(i + 5) % 8].lower()):
            assert found.get((surface, first + i)) == 1, (surface, first + i)
    assert sum(found.values()) == 1200  # every mention kept, none twice


def test_every_mention_of_a_long_list_has_its_line_and_evidence():
    first = HEAD.count("\n") + 1
    items = []
    for i in range(300):
        tool = TOOLS[i % 8]
        items.append(f"- [{tool}](https://github.com/example/{tool.lower()}) puis {TOOLS[(i + 1) % 8]}")
        items.append(f"    - la lib `{TOOLS[(i + 2) % 8].lower()}`, voir https://example.org/{i}/{tool}")
    record = _record("\n".join(items) + "\n")
    found = _tool_lines(record)
    for i in range(300):
        assert found.get((TOOLS[i % 8], first + 2 * i)) == 1
        assert found.get((TOOLS[(i + 1) % 8], first + 2 * i)) == 1
        assert found.get((TOOLS[(i + 2) % 8].lower(), first + 2 * i + 1)) == 1
        assert (TOOLS[i % 8], first + 2 * i + 1) not in found  # the name inside the address is no mention
    evidence = {m.evidence for m in record.mentions if m.surface == "mutmut" and m.kind == "tool"}
    assert "code" in evidence


def test_a_typo_is_compared_once_per_distinct_word(monkeypatch):
    calls = []
    real = mentions_module.process.extractOne

    def counting(word, choices, **kwargs):
        calls.append(word)
        return real(word, choices, **kwargs)

    monkeypatch.setattr(mentions_module.process, "extractOne", counting)
    line = "on profile avec Memray puis mutmut, mais mumut plante souvent"
    record = _record("\n".join(line for _ in range(200)) + "\n")
    typos = [m for m in record.mentions if m.corrected]
    assert len(typos) == 200 and {m.key for m in typos} == {"mutmut"}
    assert len(calls) == len(set(calls))  # each distinct word once, not once per occurrence


def _old_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" *_\"'«“(")
    return not before or before.endswith((".", "!", "?", ":", "\n", "-", ">"))


@pytest.mark.parametrize("seed", range(5))
def test_sentence_start_as_before(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice("ab .!?:\n->*_\"'«“( x") for _ in range(300))
    for start in range(len(text) + 1):
        assert _sentence_start(text, start) == _old_sentence_start(text, start)


def _old_headed(folded: str, start: int) -> bool:
    return bool(list_heads().search(folded[:start].rstrip().rstrip(":").rstrip() + " :"))


@pytest.mark.parametrize("seed", range(8))
def test_list_heads_as_before(seed):
    rng = random.Random(seed)
    pieces = ["outils", "libraries", "alternatives à", " ", "  ", ":", "(", ")", "(python)", "x", "é", "\n", ",",
              "lib", "tools"]
    text = fold_chars("".join(rng.choice(pieces) for _ in range(160)))
    for start in range(1, len(text) + 1):
        assert _headed(text, start) == _old_headed(text, start), (text[:start],)


def _old_outside_links(block: Block) -> str:
    text = block.text
    for link in block.links:
        for piece in (link.text, link.url):
            if piece and piece in text:
                text = text.replace(piece, " " * len(piece))
    return text


def test_link_texts_and_urls_blanked_as_before():
    text = "voir Django et https://djangoproject.com puis Django encore, et Flask (https://flask.org) !"
    links = (Link("Django", "https://djangoproject.com", 1), Link("Flask", "https://flask.org", 1))
    block = Block(kind="paragraph", line=1, end_line=1, text=text, links=links)
    assert _outside_links(block) == _old_outside_links(block)
    assert len(_outside_links(block)) == len(text)
    assert _outside_links(Block(kind="paragraph", line=1, end_line=1, text=text)) == text


def test_counts_as_str_count():
    rng = random.Random(3)
    text = "".join(rng.choice("ab ") for _ in range(2000))
    words = {"a", "aa", "aba", "b a", "abab", "zz", ""}
    assert _counts(text, words) == {w: text.count(w) for w in words}


@pytest.mark.parametrize("seed", range(6))
def test_regions_answer_as_a_scan(seed):
    rng = random.Random(seed)
    if seed % 2:  # in reading order, as found
        cursor, items = 0, []
        for _ in range(40):
            start = cursor + rng.randint(0, 5)
            items.append((start, start + rng.randint(1, 6), f"r{start}"))
            cursor = items[-1][1]
    else:  # out of order and overlapping: a piece found again from the start
        items = [(a, a + rng.randint(0, 8), "x") for a in (rng.randint(0, 200) for _ in range(40))]
    regions = Regions(items)
    assert regions.sorted == bool(seed % 2)
    for start in range(0, 210):
        for end in range(start + 1, start + 6):
            assert regions.holding(start, end) == next((r for r in items if r[0] <= start and end <= r[1]), None)
        assert regions.covers(start) == any(r[0] <= start < r[1] for r in items)


def test_a_note_too_dense_to_be_a_note_is_told_once_at_its_densest_line(monkeypatch):
    import graph.extract

    monkeypatch.setattr(graph.extract, "DENSE_NOTE", 100)
    lines = [f"on compare {TOOLS[i % 8]} et {TOOLS[(i + 3) % 8]}" for i in range(60)]
    lines[30] = ", ".join(TOOLS * 4)
    record = _record("\n".join(lines) + "\n")
    told = [issue for issue in record.issues if "mentions in this note" in issue.message]
    assert len(told) == 1 and told[0].line == HEAD.count("\n") + 31
    assert told[0].message.startswith("150 mentions in this note (32 on this line): all are kept")
    assert len([m for m in record.mentions if m.kind == "tool" and not m.candidate]) == 150
    monkeypatch.setattr(graph.extract, "DENSE_NOTE", 150)
    assert not [issue for issue in _record("\n".join(lines) + "\n").issues if "mentions in" in issue.message]
