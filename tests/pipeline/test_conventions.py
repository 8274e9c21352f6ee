"""Other people's conventions, built whole: tests/fixtures/conventions/ has one small notes folder per layout.

- ``folders/``: one file per talk in a folder per conference (event from the folder name, from a
  README naming it with dates and place, from a year folder), speakers under the title as a
  subtitle line, a heading, ``"Title" by Name``, an emphasised line or only a speaker page;
- ``lettered/``: one file per conference, day sections, ``### A. Title`` with ``- speaker:`` bullets;
- ``days/``: one file per conference, day sections, ``**Speaker (Company)**`` lines;
- ``vault/``: an Obsidian vault with talkgraph.toml, YAML front matter, Dataview fields, #tags,
  [[wikilinks]], a draft excluded and a front matter that is not YAML.

Each note's facts are checked directly, and, when ../shared is present, the builds are scored
by the shared scorer against the hand-written gold of tests/fixtures/conventions/gold/.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import rdflib

from graph import build

from ..conftest import FIXTURES, SCORER

CONVENTIONS = FIXTURES / "conventions"
GOLD = CONVENTIONS / "gold"
SDO = rdflib.Namespace("https://schema.org/")
TG = rdflib.Namespace("https://w3id.org/talkgraph/ns#")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    out = {}
    for name in ("folders", "lettered", "days", "vault"):
        target = tmp_path_factory.mktemp(name)
        out[name] = build(CONVENTIONS / name, target, writers=["trig"], incremental=False, jobs=1, permalinks=False)
    return out


def records(result):
    return {r.path: r for r in result.records}


def people(agents):
    return [(a.name, a.job_title, [o.name for o in a.affiliations]) for a in agents]


def test_one_talk_per_file_in_a_folder_per_conference(builds):
    notes = records(builds["folders"])
    postgres = notes["devfest-lille-2022/scaling-postgres.md"].resource
    assert postgres.is_talk and postgres.type == "talk"
    assert people(postgres.authors) == [("Priya Raman", "Staff Engineer", ["Acme Corp"])]
    assert postgres.super_event.name == "Devfest Lille 2022" and postgres.super_event.key == "devfest-lille-2022"
    quoted = notes["devfest-lille-2022/observability.md"].resource
    assert quoted.title == "Observability on a Budget" and people(quoted.authors) == [("Lena Hart", None, [])]
    page = notes["devfest-lille-2022/speaker-page.md"].resource
    assert page.authors[0].name == "Marco Rossi"
    assert page.authors[0].url == "https://devfest-lille.example.org/2022/speakers/MarcoRossi"
    assert page.talk.replay == "https://www.youtube.com/watch?v=example0042"
    somecon = notes["2019/somecon/build-tools.md"].resource
    assert somecon.super_event.name == "Somecon 2019"
    assert people(somecon.authors) == [("Alex Kim", "CTO", ["Buildr"])]


def test_an_event_readme_names_the_event_and_lists_its_talks(builds):
    notes = records(builds["folders"])
    readme = notes["webconf-2023/README.md"]
    event = readme.resource.event
    assert (event.name, event.key, event.url) == ("WebConf Example - Lyon 2023", "webconf-2023",
                                                  "https://webconf.example.org/2023/")
    assert (event.start_date.value, event.end_date.value, event.place.name) == ("2023-06-05", "2023-06-06", "Lyon")
    assert [(t.title, t.note) for t in readme.talks] == [
        ("Testing Web Apps with Playwright", None), ("Design Tokens at Scale", None),
        ("CSS Layout Tricks", "webconf-2023/css-layout.md"),
    ]
    assert notes["webconf-2023/playwright.md"].resource.super_event.name == event.name
    # the repository's own README ("# conference-notes") is no note, and names no event
    assert "README.md" not in notes and ("README.md", "repository file") in builds["folders"].unread
    assert not builds["folders"].warnings


def test_readme_talks_are_the_talk_notes_themselves(builds):
    graph = rdflib.Dataset(default_union=True)
    graph.parse(builds["folders"].out_dir / "graph.trig", format="trig")
    base = "https://w3id.org/talkgraph/id/"
    event = rdflib.URIRef(base + "event/webconf-2023")
    talks = set(graph.objects(event, SDO.subEvent))
    assert rdflib.URIRef(base + "resource/webconf-2023/css-layout") in talks  # linked from the README
    assert rdflib.URIRef(base + "resource/webconf-2023/playwright") in talks  # same title in the folder
    assert (event, SDO.endDate, rdflib.Literal("2023-06-06", datatype=rdflib.XSD.date)) in graph
    for note in graph.subjects(rdflib.RDF.type, TG.Note):
        assert len(set(graph.objects(note, SDO.about))) == 1, note


def test_one_file_per_conference_with_lettered_headings(builds):
    (record,) = builds["lettered"].records
    assert record.resource.event.name == "RustFest Example 2023"
    assert record.resource.event.place.name == "Barcelona"
    assert [(t.title, people(t.speakers)) for t in record.talks] == [
        ("Ownership Without Tears", [("Ana Ruiz", None, [])]),
        ("Async Rust in Production", [("Tom Becker", None, ["Ferrous Labs"])]),
        ("Embedded Rust on Tiny Chips", [("Mei Chen", "Firmware Lead", ["Chipworks"])]),
    ]
    assert record.talks[0].slides == "https://speakerdeck.com/anaruiz/ownership"
    # a lettered heading without a speaker looks like a talk: said, with its line; "C. Lunch" and
    # "F. Closing Q&A panel" are breaks
    assert [(w.line, w.message[:50]) for w in builds["lettered"].warnings] == [
        (31, "heading 'E. Rust for Linux, a status report' sits ")]


def test_one_file_per_conference_with_day_sections(builds):
    (record,) = builds["days"].records
    assert record.resource.event.name == "JSConf Example 2022"
    assert [(t.title, people(t.speakers)) for t in record.talks] == [
        ("The State of Bundlers", [("Rita Novak", None, ["Vitefolks"])]),
        ("Types at Runtime", [("Omar Said", "Senior Engineer", ["Typeworks"])]),
        ("Web Components Are Back", [("Julia Brandt", None, [])]),
    ]
    assert not builds["days"].warnings  # "Lunch break" and "Sponsors" are breaks, "Day 1" groups talks


def test_an_obsidian_vault_with_front_matter_fields_and_talkgraph_toml(builds):
    result = builds["vault"]
    notes = records(result)
    assert "drafts/todo.md" not in notes and result.report()["excluded"] == ["drafts/todo.md"]
    store = notes["Talks/feature-store.md"]
    talk = store.resource
    assert people(talk.authors) == [("Jordan Lee", "ML Engineer", ["DataCorp"]), ("Sam Ortiz", None, ["Streamly"])]
    assert (talk.super_event.name, talk.super_event.place.name) == ("PyData Example 2023", "Amsterdam")
    assert (talk.published.value, talk.talk.duration_minutes) == ("2023-05-04", 45)
    assert talk.talk.slides == "https://speakerdeck.com/jlee/feature-store"
    assert {t.label for t in talk.tags} >= {"mlops", "python", "data-quality"}
    assert store.language == "en" and store.links_to == ("Kim Park",)
    deploys = notes["Talks/zero-downtime.md"].resource  # presenter:: and at:: are the vault's own keys
    assert people(deploys.authors) == [("Kim Park", None, ["Deployly"])]
    assert deploys.super_event.name == "KubeCon Example 2024"
    assert notes["People/Kim Park.md"].resource.is_talk is False  # a topic folder: no talk guessed there
    broken = notes["Talks/broken.md"]
    assert broken.resource.authors[0].name == "Jane Smith"
    assert [(w.path, w.line) for w in result.warnings] == [("Talks/broken.md", 3)]


def test_wikilinks_and_the_notes_language_are_in_the_graph(builds):
    graph = rdflib.Dataset(default_union=True)
    graph.parse(builds["vault"].out_dir / "graph.trig", format="trig")
    base = "https://w3id.org/talkgraph/id/note/"
    assert (rdflib.URIRef(base + "Talks/feature-store"), TG.linksTo, rdflib.URIRef(base + "People/Kim%20Park")) in graph
    assert (rdflib.URIRef(base + "Talks/zero-downtime"), SDO.inLanguage, rdflib.Literal("en")) in graph


def test_editing_a_readme_reextracts_the_notes_of_its_folder(tmp_path):
    import shutil

    notes = tmp_path / "notes"
    shutil.copytree(CONVENTIONS / "folders" / "webconf-2023", notes / "webconf-2023")
    out = tmp_path / "out"
    first = build(notes, out, writers=["trig"], jobs=1)
    readme = notes / "webconf-2023" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("WebConf Example - Lyon 2023", "WebConf 2023"),
                      encoding="utf-8")
    second = build(notes, out, writers=["trig"], jobs=1)
    assert first.cache_hits == 0 and second.cache_hits == 0  # every note of the folder has a new context
    third = build(notes, out, writers=["trig"], jobs=1)
    assert third.cache_hits == 3
    names = {r.resource.super_event.name for r in second.records if r.resource.super_event}
    assert names == {"WebConf 2023"}


@pytest.mark.skipif(not SCORER.is_file(), reason="../shared/score is absent")
@pytest.mark.parametrize("name", ["folders", "lettered", "days", "vault"])
def test_scored_by_the_shared_scorer(builds, name):
    golds = sorted(GOLD.glob(f"{name}__*.gold.json"))
    run = subprocess.run([sys.executable, str(SCORER), "--graph", str(builds[name].out_dir / "graph.trig"),
                          "--gold", *map(str, golds), "--json"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    for metric in ("talks", "speakers", "affiliations", "event.name"):
        if metric in figures:
            assert figures[metric]["f1"] == 1.0, (metric, figures[metric])
