"""Grammar cases kept as data (tests/fixtures/grammar/*.toml): input and expected output side by side.

Adding a case is adding four lines to a file; no test code changes.
"""

from __future__ import annotations

import tomllib

import pytest

from graph.extract.clips import deep_link
from graph.extract.people import parse_people
from graph.extract.values import parse_date, parse_tags
from graph.notes.timestamps import scan

from ..conftest import FIXTURES


def cases(name: str) -> list[dict]:
    with (FIXTURES / "grammar" / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)["case"]


@pytest.mark.parametrize("case", cases("dates"), ids=lambda c: c["text"][:40])
def test_dates(case):
    found = parse_date(case["text"])
    if not case["expected"]:
        assert found is None
    else:
        assert (found.value, found.datatype) == (case["expected"], case["datatype"])


@pytest.mark.parametrize("case", cases("tags"), ids=lambda c: c["text"][:40])
def test_tags(case):
    tags, problems = parse_tags(case["text"], 3)
    assert [[t.scheme, *t.path] for t in tags] == case["expected"]
    assert all(t.line == 3 for t in tags)
    for fragment in case["problems"]:
        assert any(fragment in p for p in problems), problems
    if not case["problems"]:
        assert problems == []


@pytest.mark.parametrize("case", cases("people"), ids=lambda c: c["text"][:40])
def test_people(case):
    agents = parse_people(case["text"], 7, default_kind=case.get("kind", "agent"))
    assert [a.name for a in agents] == [p["name"] for p in case["people"]]
    for agent, wanted in zip(agents, case["people"], strict=True):
        assert agent.line == 7
        if "url" in wanted:
            assert agent.url == wanted["url"]
        if "affiliations" in wanted:
            assert [o.name for o in agent.affiliations] == wanted["affiliations"]
        if "job_title" in wanted:
            assert agent.job_title == wanted["job_title"]


@pytest.mark.parametrize("case", cases("speakers"), ids=lambda c: c["text"][:40])
def test_speaker_lines(case):
    from graph.extract.speakers import parse_speakers

    agents = parse_speakers(case["text"], 4, strict=case.get("strict", True))
    assert [a.name for a in agents] == [p["name"] for p in case["people"]]
    for agent, wanted in zip(agents, case["people"], strict=True):
        assert agent.line == 4 and agent.kind == "person"
        if "affiliations" in wanted:
            assert [o.name for o in agent.affiliations] == wanted["affiliations"]
        if "job_title" in wanted:
            assert agent.job_title == wanted["job_title"]


@pytest.mark.parametrize("case", cases("event_headings"), ids=lambda c: c["text"][:40])
def test_event_headings(case):
    from graph.extract.folders import heading_facts

    facts = heading_facts(case["text"])
    assert facts.name == case["name"]
    for key in ("place", "bad_date"):
        if key in case:
            assert (getattr(facts, key) or "") == case[key]
    for key in ("start", "end"):
        if key in case:
            found = getattr(facts, key)
            assert (found.value if found else "") == case[key]


@pytest.mark.parametrize("case", cases("timestamps"), ids=lambda c: c["line"][:40])
def test_timestamps(case):
    stamps, issues = scan("note.md", ["intro", case["line"], "10:00 a valid one, so malformed times are reported"])
    found = [s for s in stamps if s.line == 2]
    if case["seconds"] < 0:
        assert found == []
    else:
        (stamp,) = found
        assert (stamp.seconds, stamp.label, stamp.url) == (case["seconds"], case["label"], case.get("url"))
        assert case["line"][stamp.start : stamp.end].lstrip("[").startswith(case["label"])
    assert [i.line for i in issues] == ([2] if case.get("warn") else [])


@pytest.mark.parametrize("case", cases("deep_links"), ids=lambda c: c["url"][8:48])
def test_deep_links(case):
    assert deep_link(case["url"], case["seconds"]) == case["expected"]
