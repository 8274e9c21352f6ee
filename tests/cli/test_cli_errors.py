"""Mistakes at the command line get one clear line and exit 2 (1 for a refused push), never a traceback."""

from __future__ import annotations

import subprocess
import sys

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
        (["push", "--endpoint", "http://127.0.0.1:9/store"], 1, "cannot reach http://127.0.0.1:9/store"),
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


def test_tools_reads_the_store(out):
    run = talkgraph("tools", "-o", str(out), "--limit", "3")
    assert run.returncode == 0, run.stderr
    assert "memray" in run.stdout
