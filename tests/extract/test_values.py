"""Normalisation of single metadata values: dates, types, tags, URLs, "unknown"."""

import pytest

from graph.extract.records import DateValue
from graph.extract.values import is_unknown, normalise_url, parse_date, parse_tags, resource_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-02-18", DateValue("2023-02-18", "date")),
        ("2004-??-??", DateValue("2004", "gYear")),
        ("1981-08-??", DateValue("1981-08", "gYearMonth")),
        ("2020-11-xx : les 13 vidéos ont été publiées entre le 4 et le 13", DateValue("2020-11", "gYearMonth")),
        ("2018-05-03 (updated 2020-04-06)", DateValue("2018-05-03", "date")),
        ("2022-04-30 (date du talk) + 2022-05-04 (mise en ligne)", DateValue("2022-04-30", "date")),
        ("talk présenté le 2018-06-28 (vidéo mise en ligne le 2019-06-11)", DateValue("2018-06-28", "date")),
        ("2009-02-16, mais l'article a été mis à jour en 2018", DateValue("2009-02-16", "date")),
        ("2017", DateValue("2017", "gYear")),
        ("13 novembre 2020", DateValue("2020-11-13", "date")),
        ("March 2021", DateValue("2021-03", "gYearMonth")),
        ("2021-02-30", DateValue("2021-02", "gYearMonth")),
    ],
)
def test_dates_are_normalised(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["????-??-??", "N/A", "?", "???", "multiples", "N/A (le contenu est mis à jour régulièrement)",
     "sans doute répartie sur plusieurs années, les premiers commits datent de 2017", ""],
)
def test_no_date_is_invented(text):
    assert parse_date(text) is None


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


def test_tags_prefixes_nesting_and_bare():
    tags, problems = parse_tags("language>Python ; topic>python>import ; level>intermediate ; essay", 8)
    assert [(t.scheme, t.path) for t in tags] == [
        ("language", ("Python",)), ("topic", ("python", "import")), ("level", ("intermediate",)),
        ("other", ("essay",)),
    ]
    assert problems == []
    assert all(t.line == 8 for t in tags)


def test_tags_variants_are_repaired_and_reported():
    tags, problems = parse_tags("topics>a ; topic=b ; language> none ; topic>composition topic>inheritance", 3)
    assert [(t.scheme, t.path) for t in tags] == [
        ("topic", ("a",)), ("topic", ("b",)), ("language", ("none",)),
        ("topic", ("composition",)), ("topic", ("inheritance",)),
    ]
    assert any("separator" in p for p in problems)
    assert any("'='" in p for p in problems)


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


def test_slashed_french_dates():
    assert parse_date("15/03/2021") == DateValue("2021-03-15", "date")
    assert parse_date("03/2021") == DateValue("2021-03", "gYearMonth")
