"""``talkgraph explain``: each line of a note, what it gave and which rule read it, with the folder's context."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from graph import explain
from graph.cli import app

from ..conftest import EXAMPLES, FIXTURES

FOLDERS = FIXTURES / "conventions" / "folders"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_explain_a_talk_note_uses_its_folder():
    result = explain(FOLDERS / "devfest-lille-2022" / "scaling-postgres.md", root=FOLDERS)
    assert result.path == "devfest-lille-2022/scaling-postgres.md"
    assert "one talk" in result.summary and "Devfest Lille 2022" in result.summary
    assert any("folder name" in line for line in result.context)
    by_line = {x.line: dict(x.found) for x in result.lines}
    assert by_line[3]["speaker Priya Raman, of Acme Corp, Staff Engineer"].startswith("line under the title")
    assert "talk title 'Scaling Postgres Without Tears'" in by_line[1]
    tools = dict(explain(FOLDERS / "webconf-2023" / "playwright.md", root=FOLDERS).lines[-1].found)
    assert tools["tool firefox ('Firefox')"] == "name"


def test_explain_cli_text_and_json():
    note = FOLDERS / "webconf-2023" / "README.md"
    run = invoke("explain", str(note), "--root", str(FOLDERS))
    assert run.exit_code == 0, run.stdout
    assert "README of the event 'WebConf Example - Lyon 2023', 3 talk(s)" in run.stdout
    assert "talk 'Testing Web Apps with Playwright', speaker Sam Lee" in run.stdout
    data = json.loads(invoke("explain", str(note), "--root", str(FOLDERS), "--json").stdout)
    assert data["file"] == "webconf-2023/README.md"
    rules = {f["rule"] for line in data["lines"] for f in line["found"]}
    assert rules >= {"folder README", "a talk listed in the README"}
    every = json.loads(invoke("explain", str(note), "--root", str(FOLDERS), "--json", "--all").stdout)
    assert len(every["lines"]) > len(data["lines"])


def test_explain_the_authors_convention():
    result = explain(EXAMPLES / "2024-10-12-pycon-demo-lyon.md", root=EXAMPLES)
    by_line = {x.line: dict(x.found) for x in result.lines}
    assert by_line[4]["type = conférence"] == "metadata list `- **key** = value`"
    assert any(what.startswith("talk 'Profiler la mémoire avec memray'") for what in by_line[17])
    assert any(what.startswith("warning:") for x in result.lines for what, _ in x.found) is False


def test_explain_missing_note_exits_2():
    run = invoke("explain", "no/such/note.md")
    assert run.exit_code == 2 and "note not found" in run.output
