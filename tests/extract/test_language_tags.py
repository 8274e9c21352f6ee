"""A language tag one slip away from a known language is kept as written, with a warning at its line."""

from graph.extract import extract_note
from graph.notes import parse_note

NOTE = """# Un billet sur les tests

- **url** = https://example.org/billet
- **type** = billet
- **auteur** = Jane Doe
- **date de publication** = 2023-02-01
- **tags** = language>pyhton ; language>Brainfuck ; language>agnostic ; language>Rust ; topic>tests

Du texte sur pytest.
"""


def test_a_slip_is_told_at_the_tag_line_and_the_tag_kept():
    record = extract_note(parse_note("2023-02-01-billet.md", NOTE))
    told = [issue for issue in record.issues if "language" in issue.message]
    assert [(issue.line, issue.message.split(":")[0]) for issue in told] == [
        (7, "language 'pyhton' is not a known language")]
    assert "did you mean 'language>python' (Python)?" in told[0].message
    assert [tag.path for tag in record.resource.tags if tag.scheme == "language"] == [
        ("pyhton",), ("Brainfuck",), ("agnostic",), ("Rust",)]
