"""A table piped to grep or a file keeps each value on one line; on a terminal it fits the terminal."""

from __future__ import annotations

import os
import subprocess
import sys

from ..conftest import ROOT

QUERY = "SELECT ?name ?talk WHERE { ?talk a tg:Talk ; schema:name ?name } ORDER BY ?talk"


def _query(out, **env) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    run = subprocess.run([sys.executable, "-m", "graph", "query", "-o", str(out), QUERY], capture_output=True,
                         text=True, cwd=ROOT, timeout=120, env={**clean, **env})
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def test_piped_rows_are_whole_lines_at_the_table_s_own_width(examples_build):
    lines = _query(examples_build.out_dir)
    rows = [line for line in lines[2:] if line.strip()]
    talks = [line.split("│")[1].strip() for line in rows]
    assert len(rows) >= 5 and all(talk.startswith(("talk:", "https://")) for talk in talks)  # no folded halves
    assert max(map(len, lines)) > 80


def test_columns_still_sets_the_width(examples_build):
    assert max(map(len, _query(examples_build.out_dir, COLUMNS="60"))) <= 60
