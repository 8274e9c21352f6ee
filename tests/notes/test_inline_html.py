"""Inline HTML is markup: its tag names and attributes are no words of the note, its text is."""

from graph.extract import extract_note
from graph.notes import parse_note

NOTE = """# Notes <b>HTML</b>

- **url** = https://example.org/billet
- **type** = billet

## <svg onload=alert(1)>

Du texte <iframe src=javascript:alert(1)></iframe> ici, <kbd>Ctrl</kbd>+<kbd>C</kbd> dans Vim,
un type List<String> et un <span
  class="x">saut</span> de ligne avec pytest.
"""


def test_tags_give_no_mentions_and_keep_lines_and_words():
    note = parse_note("2023-02-01-html.md", NOTE)
    record = extract_note(note)
    tools = {(m.key, m.line) for m in record.mentions if m.kind == "tool" and not m.candidate}
    assert not any(key in ("svg", "javascript") for key, _ in tools)
    assert ("vim", 8) in tools and ("pytest", 10) in tools  # the line after a tag over two lines is right
    assert note.title == "Notes HTML"
    text = next(b.text for b in note.blocks if b.text.startswith("Du texte"))
    assert "iframe" not in text and "Ctrl + C" in text and "List<String>" in text and "saut" in text


def test_an_escaped_tag_is_text():
    assert parse_note("a.md", "# \\<img src=x> Escaping\n").title == "<img src=x> Escaping"
