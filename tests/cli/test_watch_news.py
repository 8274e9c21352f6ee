"""What a watch prints after a save: the warnings that save brought, not every warning of the folder again."""

from rich.console import Console

from graph.cli.report import print_news
from graph.notes.model import Issue


def _printed(warnings, told):
    console = Console(record=True, width=200)
    print_news(warnings, told, console)
    return console.export_text()


def test_the_first_build_tells_every_warning_then_a_save_only_its_own():
    told: set[str] = set()
    first = [Issue("a.md", 3, "tag 'python' has no topic"), Issue("b.md", None, "empty note")]
    assert "2 new, 0 gone, 2 in all" in (shown := _printed(first, told))
    assert "a.md:3: tag 'python' has no topic" in shown and "b.md: empty note" in shown

    saved = [first[1], Issue("a.md", 4, "date '2023-13-01' is not a date")]
    shown = _printed(saved, told)
    assert "1 new, 1 gone, 2 in all" in shown
    assert "a.md:4: date '2023-13-01'" in shown and "b.md" not in shown


def test_a_rebuild_that_changes_no_warning_prints_nothing():
    told: set[str] = set()
    warnings = [Issue("a.md", 3, "odd")]
    _printed(warnings, told)
    assert _printed(list(warnings), told) == ""


def test_a_warning_cleared_then_brought_back_is_told_again():
    told: set[str] = set()
    warning = Issue("a.md", 3, "odd [link](x)")
    _printed([warning], told)
    assert "0 new, 1 gone, 0 in all" in _printed([], told)
    assert "a.md:3: odd [link](x)" in _printed([warning], told)
