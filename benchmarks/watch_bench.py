"""A save under ``talkgraph watch``: how long until the store answers with it, and until every output has it.

    python benchmarks/watch_bench.py                    # 1k synthetic notes, 5 saves, medians
    python benchmarks/watch_bench.py --sizes 1000 10000 --repeat 5
    python benchmarks/watch_bench.py --sizes shared4    # the real notes copied 4 times

What is measured, side by side in one run on a copy of the corpus:

- the cold full build (a fresh process, no cache: ``build(incremental=False)``), the reference;
- in one fresh process holding a watch session (:class:`graph.pipeline.session.Session`),
  the builds :func:`graph.pipeline.watch.watch` runs: a quick build to start, a full build,
  then for each save (a line naming pytest appended to a different note each time) the
  quick build that puts it in the store, and the full build that follows once the notes
  are quiet, each followed by the session's settle, as ``watch`` does;
- then, after a save and its quick build, a second save half-way through the full build
  that follows, from that save until its quick build has put it in the store: with the
  full build set aside for it (what ``watch`` does) and, side by side, with the save
  waiting for the full build to end (what it did before).

The debounce of file events (50 ms by default) comes on top of the quick build's time.
Results: benchmarks/results/watch-<sizes>.json and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import RESULTS, ROOT, corpus, run_build  # noqa: E402  (benchmarks/run.py, beside this script)

SESSION_SCRIPT = """
import json, resource, statistics, sys, threading, time
from pathlib import Path
from graph import build
from graph.errors import BuildCancelled
from graph.pipeline.session import Session
from graph.pipeline.watch import QUICK

notes, out, jobs, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
session = Session()
files = sorted(notes.rglob("*.md"))

peaks = []  # (build, peak RSS of the session's process so far, of its children so far), in MB

def timed(kind):
    started = time.perf_counter()
    result = build(notes, out, writers=QUICK if kind == "quick" else None, session=session, jobs=jobs)
    wall = time.perf_counter() - started
    minted = result.minted
    del result
    session.settle(full=kind == "full")
    peaks.append((kind, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
    return wall, minted

start = {"quick": timed("quick")[0], "full": timed("full")[0]}
saves = []
for index in range(repeat):
    target = files[(index * 7 + len(files) // 2) % len(files)]
    target.write_text(target.read_text(encoding="utf-8") + f"\\n- saved {index} with pytest\\n", encoding="utf-8")
    quick, minted = timed("quick")
    full, _ = timed("full")
    saves.append({"quick": quick, "full": full, "minted": minted})

def save(index):
    target = files[(index * 11 + len(files) // 3) % len(files)]
    target.write_text(target.read_text(encoding="utf-8") + f"\\n- saved {index} mid-build with pytest\\n",
                      encoding="utf-8")
    return time.perf_counter()

# a save half-way through the full build that follows a save: the watch sets the build aside
# (its cancel), or (as it did before) the save waits for the build to end; its quick build follows
halfway = statistics.median(s["full"] for s in saves) / 2
during = {"set aside": [], "waited for": []}
for index in range(repeat):
    for number, mode in enumerate(during):
        save(200 + 2 * index + number)
        timed("quick")
        saved, ready = [], threading.Event()
        timer = threading.Timer(halfway, lambda: (saved.append(save(100 + 2 * index + number)), ready.set()))
        timer.start()
        try:
            build(notes, out, session=session, jobs=jobs, cancel=ready.is_set if mode == "set aside" else None)
        except BuildCancelled:
            pass
        ready.wait()
        timed("quick")
        during[mode].append(time.perf_counter() - saved[0])
        timed("full")  # every output again, not measured
print(json.dumps({"start": start, "saves": saves, "peaks": peaks, "during": during, "halfway": halfway,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure(notes: Path, repeat: int, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "notes"
        shutil.copytree(notes, work)
        cold = run_build(work, Path(tmp) / "cold", jobs, incremental=False)
        run = subprocess.run([sys.executable, "-c", SESSION_SCRIPT, str(work), str(Path(tmp) / "out"), str(jobs),
                              str(repeat)], capture_output=True, text=True, cwd=ROOT)
        if run.returncode:
            raise RuntimeError(run.stderr[-2000:])
        session = json.loads(run.stdout.strip().splitlines()[-1])
    quick = statistics.median(s["quick"] for s in session["saves"])
    full = statistics.median(s["full"] for s in session["saves"])
    during = {mode: statistics.median(times) for mode, times in session["during"].items()}
    return {"notes": len(list(notes.rglob("*.md"))), "cold_s": cold["process_s"], "cold_rss_mb": cold["rss_mb"],
            "during_s": during,
            "quick_s": quick, "full_s": full, "quick_vs_cold": quick / cold["process_s"],
            "full_vs_cold": full / cold["process_s"], **session}


def table(rows: dict[str, dict]) -> str:
    lines = ["| notes | cold full build (s) | a save in the store: quick build (s) | of the cold build | "
             "every output: full build in the session (s) | of the cold build | a save half-way through a full "
             "build, in the store after: set aside / waited for (s) | peak RSS: session / writers (MB) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in rows.items():
        each = ", ".join(f"{save['quick']:.2f}" for save in r["saves"])
        lines.append(f"| {name} ({r['notes']}) | {r['cold_s']:.1f} | {r['quick_s']:.2f} "
                     f"({each}) | {100 * r['quick_vs_cold']:.1f} % | "
                     f"{r['full_s']:.1f} | {100 * r['full_vs_cold']:.1f} % | "
                     f"{r['during_s']['set aside']:.2f} / {r['during_s']['waited for']:.2f} | "
                     f"{r['rss_mb']:.0f} / {r['children_rss_mb']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["1000"], help="synthetic sizes or sharedK")
    parser.add_argument("--repeat", type=int, default=5, help="saves, each quick then full (medians)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rows = {}
    for size in args.sizes:
        folder = corpus(size if size.startswith("shared") else int(size))
        began = time.perf_counter()
        rows[size] = measure(folder, args.repeat, args.jobs)
        print(f"{size}: {time.perf_counter() - began:.0f} s", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"watch-{'-'.join(args.sizes)}.json"
    path.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"\n(load average {os.getloadavg()[0]:.1f}; {path.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
