"""Fields in the text: Dataview ``key:: value``, ``Key: value`` lines, ``#tags`` and ``[[wikilinks]]``, with lines."""

from __future__ import annotations

from graph.notes import parse_note

NOTE = """# Zero-downtime Deploys

speaker:: [[Kim Park]]
company:: Deployly
Rating: 4 [mood:: happy]
tags:: #kubernetes #devops

- `std::vector` is not a field, nor is http://example.org
- we saw #observability and #data-quality but not C# or color #fff
- see [[Kim Park|Kim's page]] and [[Other Note#Section]]

```
key:: inside code
```
"""


def fields(note):
    return [(f.key, f.value, f.line, f.origin) for f in note.fields]


def test_dataview_fields_with_their_lines():
    found = fields(parse_note("n.md", NOTE))
    assert ("speaker", "Kim Park", 3, "inline") in found
    assert ("company", "Deployly", 4, "inline") in found
    assert ("mood", "happy", 5, "inline") in found
    assert not [f for f in found if f[0] == "key" or "std" in f[0]]


def test_plain_key_value_lines_are_recorded_for_extraction_to_judge():
    found = fields(parse_note("n.md", "# T\n\nSpeaker: Jane Doe\n\n- Note: nothing here\n- http://x.example\n"))
    assert ("speaker", "Jane Doe", 3, "line") in found
    assert ("note", "nothing here", 5, "line") in found
    assert not [f for f in found if f[0].startswith("http")]


def test_hashtags_but_not_colours_languages_or_code():
    note = parse_note("n.md", NOTE)
    tags = [(f.value, f.line) for f in note.fields if f.origin == "hashtag"]
    assert ("observability", 9) in tags and ("data-quality", 9) in tags
    assert ("kubernetes", 6) in tags
    assert not [t for t, _ in tags if t in ("fff", "vector")]


def test_wikilinks_show_their_text_and_keep_their_target():
    note = parse_note("n.md", NOTE)
    assert [(w.target, w.text, w.line) for w in note.wikilinks] == [
        ("Kim Park", "Kim Park", 3), ("Kim Park", "Kim's page", 10), ("Other Note", "Other Note", 10)
    ]
    block = next(b for b in note.blocks if b.line == 10)
    assert block.text == "see Kim's page and Other Note"
