"""benchmarks/run.py's write floor: the files a rebuild wrote (each inode once), and the time to write them again."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_files_written_since_counts_each_inode_once_and_only_new_files(tmp_path):
    run = _run_module()
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    old = out / "report.json"
    old.write_text("{}", encoding="utf-8")
    past = time.time_ns() - 60_000_000_000
    os.utime(old, ns=(past, past))
    started = time.time_ns() - 1_000_000_000  # the files below are written after it
    union = out / ".cache" / "union.nt"
    union.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    os.link(union, out / "graph.nt")  # the build hard-links graph.nt to the union's file
    (out / "graph.trig").write_bytes(b"x" * 1000)

    found = run.files_written_since(out, started)

    assert sorted(path.name for path in found) == ["graph.trig", "union.nt"]
    assert sum(path.stat().st_size for path in found) == 1026


def test_write_floor_writes_the_bytes_and_leaves_nothing_behind(tmp_path):
    run = _run_module()
    source = tmp_path / "graph.nq"
    source.write_bytes(b"q" * (3 << 20))
    into = tmp_path / "floor"

    spent = run.write_floor([source], into)

    assert spent > 0
    assert not into.exists()
    assert source.stat().st_size == 3 << 20
