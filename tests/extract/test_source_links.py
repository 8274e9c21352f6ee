"""A source written as a Markdown link whose URL has spaces: named by its text, and told."""

from graph.extract import extract_note
from graph.notes import parse_note

HEAD = "# Un billet\n\n- **url** = https://example.org/a\n- **type** = billet\n- **source** = "


def _record(source: str):
    return extract_note(parse_note("2023-02-01-billet.md", HEAD + source + "\n\nDu texte.\n"))


def test_a_link_broken_by_spaces_names_the_source_by_its_text_and_says_why():
    record = _record("[son blog](https://example.org/a b c)")
    assert (record.resource.source.name, record.resource.source.url) == ("son blog", None)
    told = [issue for issue in record.issues if "is no link" in issue.message]
    assert len(told) == 1 and told[0].line == 5 and "put the URL in <…>" in told[0].message


def test_the_url_in_angle_brackets_is_a_link():
    record = _record("[son blog](<https://example.org/a b c>)")
    assert record.resource.source.name == "son blog"
    assert record.resource.source.url == "https://example.org/a%20b%20c"
    assert not [issue for issue in record.issues if "is no link" in issue.message]
