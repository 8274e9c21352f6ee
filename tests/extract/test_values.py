"""Normalisation of single metadata values: types, URLs, "unknown" (dates and tags: test_grammar_cases.py)."""

import pytest

from graph.extract.values import impossible_day, is_unknown, normalise_url, resource_type


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("vidéo", "video"), ("vidéo YouTube", "video"), ("vidéo + post", "video"), ("post", "blogpost"),
        ("blogpost serie", "blogpost"), ("blogpost", "blogpost"), ("article", "article"), ("talk", "talk"),
        ("livre", "book"), ("livre de référence sur le langage", "book"), ("paper", "paper"),
        ("doc", "documentation"), ("manuel", "documentation"), ("tuto", "documentation"),
        ("document tech", "documentation"), ("pep", "documentation"), ("conférence", "conference"),
        ("meetup", "meetup"), ("page wikipedia", "wikipedia"), ("cours PDF", "course"),
        ("cheatsheet", "cheatsheet"), ("playlist YouTube", "video"), ("chaîne YouTube", "video"),
        ("quelque chose d'inconnu", "other"), ("N/A", "other"), ("multiple docs", "documentation"),
    ],
)
def test_resource_types(raw, expected):
    assert resource_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.pycon.fr/2023/", "https://www.pycon.fr/2023/"),
        ("slides.com/cheukting_ho/memray-lane", "https://slides.com/cheukting_ho/memray-lane"),
        ("www.example.org/x", "https://www.example.org/x"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("javascript:alert(1)", None),
        ("mailto:someone@example.org", None),
        ("./LOCALCOPIES/x.pdf", None),
        ("#anchor", None),
        ("not a url", None),
    ],
)
def test_urls(raw, expected):
    assert normalise_url(raw) == expected


@pytest.mark.parametrize("text", ["N/A", "?", "???", "multiple", "multiples", "n/a", "peu clair, voir", "  "])
def test_unknown_markers(text):
    assert is_unknown(text)


def test_known_values_are_not_unknown():
    assert not is_unknown("google")
    assert not is_unknown("Nadia, 2020")


@pytest.mark.parametrize(
    ("text", "impossible"),
    [("2020-02-30", "2020-02-30"), ("le 31/04/2021", "31/04/2021"), ("2020-02-29", None), ("2021-02-29", "2021-02-29"),
     ("2020-11-xx", None), ("03/2021", None), ("2020-13-01", None), ("mars 2021", None)],
)
def test_a_day_that_is_no_day_of_its_month_is_told(text, impossible):
    assert impossible_day(text) == impossible
