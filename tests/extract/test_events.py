"""Events and talks: sections, listed talks, speakers, affiliations, durations, languages."""

from __future__ import annotations

from graph.extract import extract_note
from graph.notes import parse_note

from ..conftest import EXAMPLES, FIXTURES


def record_of(path):
    return extract_note(parse_note(path.name, path.read_text(encoding="utf-8")))


def test_conference_in_french():
    record = record_of(EXAMPLES / "2024-10-12-pycon-demo-lyon.md")
    event = record.resource.event
    assert event.name == "PyCon Démo Lyon"
    assert event.place.name == "Lyon"
    assert event.start_date.value == "2024-10-12"
    assert "PyCon Démo 2024" in event.alternate_names
    talks = {t.title: t for t in record.talks}
    assert len(talks) == 5
    memray = talks["Profiler la mémoire avec memray"]
    assert memray.attended and memray.language == "en" and memray.duration_minutes == 30
    assert not memray.duration_inferred
    assert memray.slides == "https://slides.example.org/alice/memray"
    assert memray.replay == "https://videos.example.org/w/memray2024"
    assert [(s.name, [o.name for o in s.affiliations]) for s in memray.speakers] == [("Alice MARTIN", ["Datacorp"])]
    mutants = talks["Fear no mutant"]
    assert [s.name for s in mutants.speakers] == ["Bruno LEROY", "Chloé DURAND"]
    assert mutants.duration_minutes == 60
    assert mutants.speakers[1].created == ("mutmut",)
    geo = talks["Cartes et données géographiques avec GeoPandas"]
    (denis,) = geo.speakers
    assert (denis.name, denis.aliases, denis.url) == ("Denis PETIT", ("Dpetit",), "https://denis.example.org")
    listed = talks["Async sans douleur avec asyncio"]
    assert not listed.attended
    assert (listed.duration_minutes, listed.duration_inferred) == (60, True)
    assert listed.slides == "https://slides.example.org/async-sans-douleur"


def test_meetup_with_titre_and_sentences():
    record = record_of(FIXTURES / "notes" / "2024-04-18-meetup-rust-nantes.md")
    assert record.resource.type == "meetup"
    event = record.resource.event
    assert event.place.name == "Nantes"
    assert [o.name for o in event.organizers] == ["Rust Nantes"]
    titles = [t.title for t in record.talks]
    assert titles == ["Intro to webassembly (with some C++)", "Async Rust in practice"]
    wasm, async_talk = record.talks
    assert wasm.slides == "https://slides.example/wasm-intro"
    (joel,) = wasm.speakers
    assert joel.name == "Joël LEMAIRE" and joel.aliases == ("Klaim",) and joel.url == "https://klaim.example"
    assert [o.name for o in joel.affiliations] == ["jellynote"]
    (nina,) = async_talk.speakers
    assert (nina.name, [o.name for o in nina.affiliations]) == ("Nina KOWALSKI", ["Ferrous Example"])


def test_conference_in_english_with_two_speakers():
    record = record_of(FIXTURES / "notes" / "2024-09-20-rustconf-example-montreal.md")
    event = record.resource.event
    assert record.resource.type == "conference"
    assert event.place.name == "Montreal"
    talks = {t.title: t for t in record.talks}
    refactoring = talks["Fearless refactoring with the borrow checker"]
    assert [s.name for s in refactoring.speakers] == ["Sam OKAFOR", "Lena VOGT"]
    assert [[o.name for o in s.affiliations] for s in refactoring.speakers] == [["Oxidecorp"], ["Rustacean Labs"]]
    assert refactoring.language == "en"
    assert refactoring.duration_minutes == 60
    assert refactoring.url == "https://rustconf.example.com/2024/talks/1h.html#refactoring"
    assert refactoring.replay == "https://video.example.com/refactoring"
    missed = talks["Embedded Rust on tiny boards"]
    assert (missed.attended, missed.duration_minutes, missed.duration_inferred) == (False, 45, True)


def test_talk_resource_takes_its_speakers_from_the_author_field():
    record = record_of(EXAMPLES / "2024-03-xx-talk-testing-in-production.md")
    assert record.resource.is_talk
    (erin,) = record.resource.authors
    assert erin.kind == "person" and erin.aliases == ("ewalsh",)
    assert record.consulted.value == "2024-03" and record.consulted.datatype == "gYearMonth"


def test_talks_nested_under_a_section_with_prefixed_titles():
    record = record_of(FIXTURES / "notes" / "2024-03-14-meetup-python-grenoble.md")
    assert [t.title for t in record.talks] == ["Typer des dataframes", "Packaging moderne"]
    typing_talk, packaging = record.talks
    assert typing_talk.duration_minutes == 20 and typing_talk.slides == "https://slides.example/df"
    assert [(s.name, [o.name for o in s.affiliations]) for s in typing_talk.speakers] == [
        ("Zoé MARCHAND", ["Datalpes"])
    ]
    assert (packaging.duration_minutes, packaging.speakers[0].url) == (45, "https://yann.example")
    assert [o.name for o in packaging.speakers[0].affiliations] == ["Pypackers"]
