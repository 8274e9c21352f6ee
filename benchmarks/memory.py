"""Peak RSS of every process of one build (the build, its workers, its forked writers), and the cores it keeps busy.

    python benchmarks/memory.py NOTES OUT [--jobs 2]       # one build into OUT (cache on), then a table
    TREE=/work/main python benchmarks/memory.py NOTES OUT  # the code of another checkout, side by side

``ru_maxrss`` of the children only gives the largest one; this samples every process of the
build's tree every 0.1 s (psutil) and prints each one's peak and when it was reached, with
the start and end of the build's stages (extract, mint, entity graph, writers). A forked
writer's RSS counts the parent's pages it maps: that is the figure the ≤ 1 GB target reads.
The same samples sum every process's CPU time: per stage, CPU seconds over wall seconds is
the number of cores the build kept busy (2.0 on two cores: none idle), which says where
``--jobs 2`` leaves the second core idle. On a shared machine read it beside the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

SCRIPT = r"""
import functools, importlib, json, resource, sys, time
def marked(module, name):
    module = importlib.import_module(module)
    original = getattr(module, name)
    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        print(f"MARK {time.time():.3f} start {name}", file=sys.stderr, flush=True)
        try:
            return original(*args, **kwargs)
        finally:
            print(f"MARK {time.time():.3f} end {name}", file=sys.stderr, flush=True)
    setattr(module, name, wrapper)
for module, name in (("graph.pipeline.build", "_read_and_extract"), ("graph.pipeline.mint", "_mint_notes"),
                     ("graph.pipeline.mint", "network_from_builder"), ("graph.pipeline.build", "run_writers"),
                     ("graph.pipeline.build", "_write")):
    marked(module, name)
from graph import build
result = build(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), incremental=True)
print(json.dumps({"timings": {k: round(v, 1) for k, v in result.timings.items()}, "minted": result.minted,
                  "cache_hits": result.cache_hits}))
"""


def sample(notes: Path, out: Path, jobs: int, tree: Path) -> tuple[dict, list[str], dict[int, tuple[int, float]], int]:
    """Run the build; returns its result, its stage marks (with the cores busy), each process's (peak bytes, seconds)
    and the build's pid."""
    started = time.time()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    build = subprocess.Popen([sys.executable, "-c", SCRIPT, str(notes), str(out), str(jobs)], cwd=tree, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks, busy = watch(build, started)
    stdout, stderr = build.communicate()
    if build.returncode:
        raise SystemExit(stderr[-3000:])
    stamps = [(float(line.split()[1]) - started, " ".join(line.split()[2:]))
              for line in stderr.splitlines() if line.startswith("MARK ")]
    marks = [f"{at:8.1f} s  {what}{_cores(busy, stamps, index)}" for index, (at, what) in enumerate(stamps)]
    return json.loads(stdout.strip().splitlines()[-1]), marks, peaks, build.pid


def watch(child: subprocess.Popen, started: float) -> tuple[dict[int, tuple[int, float]], list[tuple[float, float]]]:
    """Sample ``child``'s process tree every 0.1 s until it ends: each process's (peak RSS, seconds in), and
    the tree's CPU seconds (user + sys, a process that ended keeping its last figure) over time."""
    root, peaks, cpu, busy = psutil.Process(child.pid), {}, {}, []
    while child.poll() is None:
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for process in processes:
            try:
                rss, times = process.memory_info().rss, process.cpu_times()
            except psutil.Error:
                continue
            cpu[process.pid] = times.user + times.system
            if rss > peaks.get(process.pid, (0, 0.0))[0]:
                peaks[process.pid] = (rss, time.time() - started)
        busy.append((time.time() - started, sum(cpu.values())))
        time.sleep(0.1)
    return peaks, busy


def _cores(busy: list[tuple[float, float]], stamps: list[tuple[float, str]], index: int) -> str:
    """At a stage's end mark: the cores its processes kept busy from its start mark to there."""
    at, what = stamps[index]
    if not what.startswith("end ") or not busy:
        return ""
    begun = next((t for t, w in reversed(stamps[:index]) if w == "start " + what[4:]), None)
    if begun is None or at - begun < 0.5:
        return ""

    def cpu_at(moment: float) -> float:
        return min(busy, key=lambda sample: abs(sample[0] - moment))[1]

    return f"   ({at - begun:.1f} s, {(cpu_at(at) - cpu_at(begun)) / (at - begun):.2f} cores busy)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    tree = Path(os.environ.get("TREE", Path(__file__).resolve().parent.parent))
    load, began = os.getloadavg()[0], time.time()
    result, marks, peaks, pid = sample(args.notes.resolve(), args.out.resolve(), args.jobs, tree)
    print(f"{time.time() - began:.1f} s wall; load {load:.1f} -> {os.getloadavg()[0]:.1f}; "
          f"minted {result['minted']}, cached {result['cache_hits']}")
    print("\n".join(marks))
    for number, (rss, seconds) in sorted(peaks.items(), key=lambda item: -item[1][0])[:8]:
        print(f"pid {number}{' (build)' if number == pid else ''}: peak {rss >> 20} MB at {seconds:.1f} s")
    print(json.dumps(result["timings"]))


if __name__ == "__main__":
    main()
