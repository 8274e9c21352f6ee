"""``talkgraph parse`` / ``extract`` print each stage's output as plain data; ``--version``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import graph
from graph.cli import app

from ..conftest import EXAMPLES

NOTE = EXAMPLES / "2024-10-12-pycon-demo-lyon.md"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_version():
    run = invoke("--version")
    assert run.exit_code == 0 and run.stdout.strip() == f"talkgraph {graph.__version__}"


def test_parse_prints_the_note_model_with_lines():
    run = invoke("parse", str(NOTE), "--json")
    assert run.exit_code == 0, run.stdout
    note = json.loads(run.stdout)
    assert note["title"] == "PyCon Démo Lyon" and note["title_line"] == 1
    assert [m["key"] for m in note["metadata"]][:2] == ["url", "type"]
    assert any(s["heading"] == "Profiler la mémoire avec memray" and s["line"] == 17 for s in note["sections"])
    assert all(isinstance(b["line"], int) for b in note["blocks"])


def test_extract_prints_the_records():
    run = invoke("extract", str(NOTE), "--json")
    assert run.exit_code == 0, run.stdout
    record = json.loads(run.stdout)
    assert record["resource"]["event"]["name"] == "PyCon Démo Lyon"
    talks = {t["title"]: t for t in record["talks"]}
    assert talks["Profiler la mémoire avec memray"]["speakers"][0]["name"] == "Alice MARTIN"
    memray = [m for m in record["mentions"] if m["key"] == "memray"]
    assert memray and all(isinstance(m["line"], int) and m["evidence"] for m in memray)


def test_indented_by_default_and_missing_note(tmp_path):
    run = invoke("parse", str(NOTE))
    assert run.exit_code == 0 and run.stdout.startswith("{\n")
    missing = invoke("extract", str(tmp_path / "nope.md"))
    assert missing.exit_code == 2 and "note not found" in missing.output
