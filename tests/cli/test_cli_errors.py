"""Mistakes at the command line get one clear line and exit 2 (1 for a refused push), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from ..conftest import EXAMPLES, ROOT


def talkgraph(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-out")
    assert talkgraph("build", str(EXAMPLES), "-o", str(folder), "-q").returncode == 0
    return folder


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["query", "missing-file.rq"], 2, "query file not found: missing-file.rq"),
        (["query", "-f", "yaml", "ASK {}"], 2, "unknown format 'yaml'"),
        (["query", "-f", "turtle", "ASK {}"], 2, "not one for SELECT/ASK results"),
        (["query", "SELECT WHERE"], 2, "SPARQL syntax error"),
        (["query", "--timeout", "0", "ASK {}"], 2, "--timeout is a number of seconds above 0"),
        (["query", "--timeout", "5", "-f", "turtle", "ASK {}"], 2, "not one for SELECT/ASK results"),
        (["query", "--timeout", "5", "SELECT WHERE"], 2, "SPARQL syntax error"),
        (["push", "--endpoint", "http://127.0.0.1:9/store"], 1, "cannot reach http://127.0.0.1:9/store"),
        (["push", "--endpoint", "notaurl"], 2, "the endpoint must be an http(s) URL"),
        (["push", "--endpoint", "ftp://example.org/store"], 2, "the endpoint must be an http(s) URL"),
    ],
)
def test_query_and_push_mistakes(out, args, code, message):
    run = talkgraph(*args, "-o", str(out))
    assert run.returncode == code, run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_writer_is_named_with_the_valid_ones(tmp_path):
    run = talkgraph("build", str(EXAMPLES), "-o", str(tmp_path / "out"), "--only", "bogus")
    assert run.returncode == 2
    assert "unknown writer bogus" in run.stderr and "trig" in run.stderr and "store" in run.stderr


def test_tools_without_a_build(tmp_path):
    run = talkgraph("tools", "-o", str(tmp_path))
    assert run.returncode == 2 and "no build in" in run.stderr


def test_the_notes_folder_is_not_an_output_folder(tmp_path):
    (tmp_path / "talk.md").write_text("# A talk\n")
    run = talkgraph("build", str(tmp_path), "-o", str(tmp_path))
    assert run.returncode == 2 and "the output folder is the notes folder itself" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md"]


def test_serve_without_a_build_says_how_to_make_one(tmp_path):
    run = talkgraph("serve", "-o", str(tmp_path), "--port", "0")
    assert run.returncode == 2 and "no build in" in run.stderr and "--watch NOTES_DIR" in run.stderr


def test_tools_reads_the_store(out):
    run = talkgraph("tools", "-o", str(out), "--limit", "3")
    assert run.returncode == 0, run.stderr
    assert "memray" in run.stdout


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_query_past_its_timeout_is_stopped_with_a_clear_error(out):
    """Oxigraph cannot be interrupted: the query runs in a forked process, killed at the limit."""
    started = time.monotonic()
    run = talkgraph("query", "--timeout", "1", CARTESIAN, "-o", str(out))
    assert run.returncode == 2 and "query stopped at the time limit (1 s, --timeout)" in run.stderr
    assert "Traceback" not in run.stderr and time.monotonic() - started < 30


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_query_within_its_timeout_answers_as_without_one(out, fmt):
    text = "SELECT ?talk ?name WHERE { ?talk a tg:Talk ; schema:name ?name } ORDER BY ?talk"
    free, timed = (talkgraph("query", "-f", fmt, *extra, text, "-o", str(out)) for extra in ([], ["--timeout", "30"]))
    assert timed.returncode == free.returncode == 0, timed.stderr
    assert (timed.stdout, timed.stderr) == (free.stdout, free.stderr) and timed.stdout


def test_every_paragraph_of_a_commands_help_is_one_line():
    """typer keeps a docstring's line breaks past its first paragraph: `--help` broke sentences in two."""
    import graph.cli as cli

    for info in cli.app.registered_commands:
        assert info.help and all("\n" not in paragraph for paragraph in info.help.split("\n\n")), info.name
