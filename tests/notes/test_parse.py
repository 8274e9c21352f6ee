"""Markdown -> note model: structure, metadata and 1-based line numbers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from graph.notes import consultation_date, parse_note

from ..conftest import CORPUS, EXAMPLES, FIXTURES, needs_corpus

SAMPLE = """# A Title With `code`

- **url** = [part 1](https://example.org/1) + [part 2](https://example.org/2)
- **type** = vidéo
- **auteurs** = Ann LEE et Bob KIM
- **date de publication** = 2022-04-30 (date du talk)
- **source** = N/A
- **tags** = language>python ; topic>x
- **date de rédaction initiale de ces notes** = 2022-05-01

**TL;DR** : short summary with [a link](https://example.org/tldr).

## Section one

- item with `memray`
    - nested item (NdM : my own view) and https://example.org/bare
- second item

Paragraph over
two lines with [link](https://example.org/two).

```python
print("not a link [x](https://example.org/code)")
```
"""


def test_structure_and_lines():
    note = parse_note("2022-05-01-sample.md", SAMPLE)
    assert note.title == "A Title With code"
    assert note.title_line == 1
    assert note.consulted == "2022-05-01"
    assert [(m.key, m.line) for m in note.metadata] == [
        ("url", 3),
        ("type", 4),
        ("author", 5),
        ("published", 6),
        ("source", 7),
        ("tags", 8),
        ("date de rédaction initiale de ces notes", 9),
    ]
    assert note.meta("url").links[1].url == "https://example.org/2"
    assert note.tldr.startswith("short summary")
    assert note.tldr_line == 11
    (section,) = note.sections
    assert (section.heading, section.level, section.line) == ("Section one", 2, 13)
    lines = {b.text.split("\n")[0][:12]: b.line for b in section.blocks}
    assert lines["item with me"] == 15
    assert lines["nested item "] == 16
    assert lines["second item"] == 17
    assert lines["Paragraph ov"] == 19
    code = next(b for b in note.blocks if b.kind == "code")
    assert code.line == 22
    links = {link.url: link.line for link in note.links}
    assert links["https://example.org/two"] == 20
    assert links["https://example.org/bare"] == 16
    assert links["https://example.org/tldr"] == 11
    assert "https://example.org/code" not in links  # code blocks hold no links
    assert [(c.text, c.line) for c in note.code_spans] == [("code", 1), ("memray", 15)]


def test_ndm_spans():
    note = parse_note("x.md", SAMPLE)
    nested = next(b for b in note.blocks if b.text.startswith("nested"))
    start = nested.text.index("my own")
    assert nested.in_ndm(start)
    assert not nested.in_ndm(0)
    assert nested.parent_line == 15


def test_consultation_dates():
    assert consultation_date("2021-07-xx-thing.md") == "2021-07"
    assert consultation_date("sub/2023-02-18-pyconfr.md") == "2023-02-18"
    assert consultation_date("2021-xx-xx-a.md") == "2021"
    assert consultation_date("notes.md") is None
    assert consultation_date("2021-13-01-bad.md") is None


def test_missing_title_and_metadata_are_reported():
    # what a note lacks depends on its conventions, so extraction (which knows them) reports it
    from graph.extract import extract_note
    from graph.extract.context import NoteContext

    note = parse_note("x.md", "just text\n\n- a list\n")
    messages = [i.message for i in extract_note(note, NoteContext(list_convention=True)).issues]
    assert any("level-1 heading" in m for m in messages)
    assert any("metadata" in m for m in messages)
    # in a folder whose notes have no metadata list, lacking one is their convention, not a deviation
    messages = [i.message for i in extract_note(note).issues]
    assert any("level-1 heading" in m for m in messages)
    assert not any("metadata" in m for m in messages)


def test_empty_and_duplicate_keys_are_reported():
    note = parse_note("x.md", "# T\n\n- **url** = https://a.example\n- **url** = https://b.example\n- **type** =\n")
    messages = [str(i) for i in note.issues]
    assert any("x.md:4: duplicate metadata key 'url'" in m for m in messages)
    assert any("x.md:5:" in m and "empty value" in m for m in messages)


def _check_lines(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8").split("\n")
    note = parse_note(path.name, path.read_text(encoding="utf-8"))
    bad = []
    for block in note.blocks:
        first = next((ln.strip() for ln in block.raw.split("\n") if ln.strip()), "")[:30]
        window = "\n".join(source[block.line - 1 : block.line + (1 if block.kind == "code" else 0)])
        if first and first not in window:
            bad.append(f"{path.name}:{block.line} block {first!r}")
        for link in block.links:
            line = source[link.line - 1]
            if link.url not in line and unquote(link.url) not in line and link.text not in line:
                bad.append(f"{path.name}:{link.line} link {link.url}")
        for code in block.code_spans:
            # a code span may open with a fence-like run of backticks and continue below
            window = "\n".join(source[code.line - 1 : code.line + 2])
            if code.text.split()[0] not in window:
                bad.append(f"{path.name}:{code.line} code {code.text!r}")
    return bad


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.glob("*.md")) + sorted((FIXTURES / "notes").glob("*.md")), ids=lambda p: p.name
)
def test_lines_on_own_notes(path):
    assert _check_lines(path) == []


@needs_corpus
def test_lines_on_real_notes():
    bad = [problem for path in sorted(CORPUS.glob("*.md")) for problem in _check_lines(path)]
    assert bad == []


def test_plain_known_keys_and_bold_tldr_variants():
    note = parse_note(
        "x.md", "# T\n\n- url = https://a.example\n- type : vidéo\n- conseil = rien\n\n**TL;DR :** voilà\n"
    )
    assert [(m.key, m.value) for m in note.metadata] == [("url", "https://a.example"), ("type", "vidéo")]
    assert note.tldr == "voilà"


def test_a_huge_block_is_read_as_plain_text_with_a_warning():
    text = "# Dense\n\nintro\n\n" + "see [pytest](https://pytest.org) and `ruff` " * 6000 + "\n\nafter [x](https://x.org)\n"
    note = parse_note("dense.md", text)
    assert [(i.line, "plain text" in i.message) for i in note.issues] == [(5, True)]
    huge = next(b for b in note.blocks if len(b.text) > 100_000)
    assert not huge.links and "[pytest](https://pytest.org)" in huge.text  # kept, as written
    assert [link.url for b in note.blocks for link in b.links] == ["https://x.org"]  # the rest is parsed


def test_a_fenced_block_starts_at_its_fence_also_inside_a_quotation():
    note = parse_note("2024-01-01-t.md", "# T\n\n> Quoted:\n>\n> ```rs\n> mod garden;\n> ```\n\n```sh\nls\n```\n")
    assert [(b.line, b.info) for b in note.blocks if b.kind == "code"] == [(5, "rs"), (9, "sh")]
