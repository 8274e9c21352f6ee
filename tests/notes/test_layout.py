"""A notes repository as its author keeps it: dated notes, topic notes in structured/, outlines, and other files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.notes import parse_file, parse_note, survey
from graph.notes.topics import is_topic_note

from ..conftest import CORPUS, FIXTURES, SHARED

LAYOUT = FIXTURES / "layout"
OTL = SHARED / "corpus" / "otl"
STRUCTURED = SHARED / "corpus" / "structured"
needs_outlines = pytest.mark.skipif(not OTL.is_dir(), reason="../shared/corpus/otl is absent")
needs_structured = pytest.mark.skipif(not STRUCTURED.is_dir(), reason="../shared/corpus/structured is absent")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_survey_reads_notes_and_lists_every_other_file_by_kind(tmp_path):
    shutil.copytree(LAYOUT, tmp_path / "notes")
    root = tmp_path / "notes"
    (root / "img").mkdir()
    (root / "img" / "schema.png").write_bytes(b"\x89PNG\r\n")
    (root / "paper.pdf").write_bytes(b"%PDF-1.4")
    (root / "todo.txt").write_text("x")
    (root / "USAGE.md").write_text("# Usage\n")
    (root / "structured" / "README.md").write_text("# Index of the structured notes\n")
    (root / ".git").mkdir()
    (root / ".hidden.md").write_text("# hidden\n")
    found = survey(root)
    notes = [p.relative_to(root).as_posix() for p in found.notes]
    assert notes == [
        "2022-01-22-MULTIPLE-playlist-packaging.md", "2024-05-03-meetup-python-rennes.md", "git.otl",
        "structured/README.md", "structured/sqlite.md", "topic-tool.md",
    ]
    assert dict(found.unread) == {
        ".git/": "hidden", ".hidden.md": "hidden", "README.md": "repository file", "USAGE.md": "repository file",
        "img/schema.png": "image", "paper.pdf": "PDF", "todo.txt": ".txt",
    }


def test_a_build_output_inside_the_notes_folder_is_neither_read_nor_listed(tmp_path):
    root = tmp_path / "notes"
    (root / "out" / "shards").mkdir(parents=True)
    (root / "out" / "graph.html").write_text("<html>")
    (root / "out" / "shards" / "a.md").write_text("# not a note\n")
    (root / "outline").mkdir()
    (root / "outline" / "talk.md").write_text("# A talk\n")
    found = survey(root, outside=root / "out")
    assert [p.relative_to(root).as_posix() for p in found.notes] == ["outline/talk.md"] and found.unread == ()
    assert len(survey(root).notes) == 2  # without ``outside`` the folder is a folder like any other


def test_outline_blocks_sections_and_lines():
    path = LAYOUT / "git.otl"
    text = read(path)
    note = parse_file("git.otl", text)
    lines = text.split("\n")
    assert (note.title, note.title_line, note.kind, note.issues) == ("NOTES GIT", 1, "topic", ())
    assert [(s.heading, s.level, s.line, s.end_line) for s in note.sections] == [
        ("Références", 2, 2, 3),
        ("HOWTO", 2, 4, 11),
        ("retrouver le dernier commit qui a touché un fichier", 3, 5, 6),
        ("exemple de sortie", 3, 8, 11),
        ("TODO = lire la doc de rebase", 2, 12, 13),
    ]
    for block in note.blocks:  # every block's text is the text of the lines it says it comes from
        for offset, row in enumerate(block.text.split("\n")):
            assert row in lines[block.line - 1 + offset], (block.line, row)
    kinds = {b.line: (b.kind, b.text) for b in note.blocks}
    assert kinds[9] == ("paragraph", "commit 0123abcd\nAuthor: moi")
    assert kinds[11] == ("code", "preformatted text")
    assert kinds[13] == ("list_item", "le chapitre sur --onto")
    assert note.links[0].url == "https://git-scm.com/docs/git-log" and note.links[0].line == 3
    ndm = next(b for b in note.blocks if b.line == 7)
    assert ndm.ndm and ndm.in_ndm(ndm.text.index("pratique"))


def test_outline_metadata_makes_a_resource_note():
    text = ("Un talk sur git\n\turl = https://www.youtube.com/watch?v=gitgitgit01\n\ttype = vidéo\n"
            "\tNotes :\n\t\t01:30 rebase\n")
    note = parse_file("2024-01-01-talk-git.otl", text)
    assert note.kind == "resource" and note.title == "Un talk sur git"
    assert [(m.key, m.line) for m in note.metadata] == [("url", 2), ("type", 3)]
    assert [(t.line, t.seconds) for t in note.timestamps] == [(5, 90)]


@needs_outlines
@pytest.mark.parametrize("name", ["jq.otl", "python-interfaces.otl"])
def test_shared_outlines_keep_the_lines_of_the_file(name):
    text = read(OTL / name)
    lines = text.split("\n")
    note = parse_file(name, text)
    assert note.kind == "topic" and not note.issues
    assert note.line_count == len(lines) - 1
    assert len(note.blocks) == sum(1 for line in lines if line.strip()) - sum(
        len(b.text.split("\n")) - 1 for b in note.blocks)
    for block in note.blocks:
        for offset, row in enumerate(block.text.split("\n")):
            assert row.strip() in lines[block.line - 1 + offset]
    for section in note.sections:
        assert lines[section.line - 1].strip().startswith(section.heading)
        assert lines[section.line - 1].startswith("\t" * (section.level - 1) + section.heading[:1])


def test_topic_notes_by_location_content_and_declaration():
    sqlite = parse_file("structured/sqlite.md", read(LAYOUT / "structured" / "sqlite.md"))
    assert (sqlite.kind, sqlite.title, sqlite.title_line, sqlite.issues) == ("topic", "sqlite", None, ())
    sections = [(s.heading, s.level, s.line) for s in sqlite.sections]
    assert sections == [("Installation", 1, 1), ("Les pragmas utiles", 1, 7)]
    toc = parse_file("topic-tool.md", read(LAYOUT / "topic-tool.md"))
    assert (toc.kind, toc.title, toc.issues) == ("topic", "topic-tool", ())
    assert toc.sections[0].heading == "Installation" and toc.sections[0].level == 1
    # the same text elsewhere, without a table of contents, is an ordinary note: among notes that
    # follow the metadata-list convention, its missing list is a warning
    from graph.extract import NoteContext, extract_note

    bare = parse_file("sqlite.md", read(LAYOUT / "structured" / "sqlite.md"))
    assert bare.kind == "resource" and bare.title == "Installation"
    warnings = extract_note(bare, NoteContext(list_convention=True)).issues
    assert any("no metadata list" in w.message for w in warnings)
    # a declaration forces the kind either way
    assert parse_file("sqlite.md", read(LAYOUT / "structured" / "sqlite.md"), topic=True).kind == "topic"
    assert parse_file("structured/sqlite.md", read(LAYOUT / "structured" / "sqlite.md"), topic=False).kind == "resource"


def test_a_topic_note_with_a_real_title_keeps_it():
    text = ("# Tout sur uv\n\n* [Installation](#installation)\n* [Usage](#usage)\n\n"
            "## Installation\n\nx\n\n## Usage\n\ny\n")
    note = parse_file("structured/uv.md", text)
    assert (note.kind, note.title, note.title_line) == ("topic", "Tout sur uv", 1)
    assert [s.heading for s in note.sections] == ["Installation", "Usage"]
    # outside structured/, a table of contents after a title is an index of a note about something (a conference)
    assert parse_file("uv.md", text).kind == "resource"


def test_dated_and_peer_notes_are_not_topic_notes():
    # a dated note without metadata is a note about a resource that lacks its metadata (and says so)
    toc = "* [Installation](#installation)\n* [Usage](#usage)\n\n# Installation\n\n# Usage\n"
    from graph.extract import NoteContext, extract_note

    dated = parse_file("2024-01-01-x.md", toc)
    assert dated.kind == "resource"
    assert any("no metadata list" in w.message for w in extract_note(dated, NoteContext(list_convention=True)).issues)
    # other people's talk notes: no date, no metadata, no table of contents
    talk = "## The Technical Debt Trap\n\n### Doc Norton\n\n- debt is a metaphor\n"
    peer = parse_note("craft-2016/technical-debt.md", talk)
    assert not is_topic_note(peer)


@needs_structured
@pytest.mark.parametrize("name", ["duckdb.md", "py-spy.md", "uv.md"])
def test_shared_structured_notes_are_topic_notes_without_warnings(name):
    note = parse_file(f"structured/{name}", read(STRUCTURED / name))
    assert (note.kind, note.title, note.issues) == ("topic", name[:-3], ())
    assert all(s.level == 1 for s in note.sections if s.line == min(x.line for x in note.sections))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_no_dated_shared_note_is_a_topic_note():
    assert all(parse_file(p.name, read(p)).kind == "resource" for p in sorted(CORPUS.glob("*.md")))
