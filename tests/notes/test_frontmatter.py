"""Front matter (YAML, TOML): fields with the file line of each key and item; bad front matter is a warning."""

from __future__ import annotations

from graph.notes import parse_note

YAML_NOTE = """---
title: Building a Feature Store
speakers:
  - name: Jordan Lee
    company: DataCorp
  - Sam Ortiz (Streamly)
date: 2023-05-04
tags: [mlops, python]
event:
  name: PyData Example 2023
  city: Amsterdam
---

# Building a Feature Store

- offline and online stores
"""


def test_yaml_front_matter_becomes_fields_with_their_lines():
    note = parse_note("talk.md", YAML_NOTE)
    fields = {(f.key, f.value): f for f in note.fields if f.origin == "yaml"}
    assert fields[("title", "Building a Feature Store")].line == 2
    assert fields[("speakers", "Jordan Lee")].line == 4
    assert dict(fields[("speakers", "Jordan Lee")].parts) == {"name": "Jordan Lee", "company": "DataCorp"}
    assert fields[("speakers", "Sam Ortiz (Streamly)")].line == 6
    assert fields[("date", "2023-05-04")].line == 7  # a YAML date, back to ISO text
    assert [f.value for f in note.fields if f.key == "tags"] == ["mlops", "python"]
    assert fields[("event.name", "PyData Example 2023")].line == 10
    assert note.front_matter == (1, 12)


def test_front_matter_lines_are_blank_for_markdown_so_lines_stay_the_files():
    note = parse_note("talk.md", YAML_NOTE)
    assert (note.title, note.title_line) == ("Building a Feature Store", 14)
    assert [b.line for b in note.blocks if b.kind == "list_item"] == [16]
    assert not note.issues


def test_invalid_yaml_is_a_warning_with_its_line_and_the_note_is_still_read():
    note = parse_note("bad.md", "---\ntitle: ok\nspeaker: [Jane\n---\n# Still Here\n\n- a point\n")
    assert note.title == "Still Here" and note.title_line == 5
    (issue,) = note.issues
    assert issue.path == "bad.md" and issue.line in (3, 4) and "not valid YAML" in issue.message
    assert not [f for f in note.fields if f.origin == "yaml"]


def test_front_matter_that_is_not_a_mapping_is_a_warning():
    note = parse_note("list.md", "---\n- just\n- a list: here\n---\n# T\n")
    assert any("not a list of `key: value` pairs" in i.message for i in note.issues)
    assert note.title == "T"


def test_an_unclosed_fence_is_a_warning_and_a_rule_at_the_top_is_markdown():
    unclosed = parse_note("open.md", "---\ntitle: x\n\n# Heading\n")
    assert any("never closed" in i.message for i in unclosed.issues)
    ruled = parse_note("rule.md", "---\n\n# Title\n\ntext\n---\n")
    assert ruled.title == "Title" and ruled.front_matter is None and not ruled.issues


def test_toml_front_matter():
    note = parse_note("hugo.md", '+++\ntitle = "Hugo Talk"\ntags = ["go", "web"]\n+++\n# Hugo Talk\n')
    fields = [(f.key, f.value, f.line) for f in note.fields if f.origin == "toml"]
    assert ("title", "Hugo Talk", 2) in fields
    assert ("tags", "go", 3) in fields and ("tags", "web", 3) in fields
    broken = parse_note("hugo.md", '+++\ntitle = "x"\n= "y"\n+++\n# T\n')
    assert any("not valid TOML" in i.message and i.line == 3 for i in broken.issues)
    assert broken.title == "T"


def test_yaml_aliases_cannot_blow_up():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n# T\n"
    note = parse_note("bomb.md", bomb)
    assert len(note.fields) <= 500 and note.title == "T"


def test_a_date_that_does_not_exist_is_a_warning_with_its_line_and_kept_as_text():
    note = parse_note("2019-03-01-talk.md", "---\ntitle: A talk\ndate: 2019-02-30\nwhen: 2019-13-45\n---\n# A talk\n")
    assert [(i.line, "cannot be read" in i.message) for i in note.issues] == [(3, True), (4, True)]
    assert [(f.key, f.value, f.line) for f in note.fields if f.key in ("date", "when")] == [
        ("date", "2019-02-30", 3), ("when", "2019-13-45", 4)]


def test_a_toml_speaker_without_a_name_is_left_out_with_a_warning():
    text = ('+++\ntitle = "T"\n[[speakers]]\nname = ""\n[[speakers]]\nname = "Ann Lee"\n'
            'company = ["Acme", "Initech"]\n+++\n# T\n')
    note = parse_note("hugo.md", text)
    speakers = [(f.value, f.parts) for f in note.fields if f.key == "speakers"]
    assert speakers == [("Ann Lee", (("name", "Ann Lee"), ("company", "Acme"), ("company", "Initech")))]
    assert any("empty name" in issue.message for issue in note.issues)
