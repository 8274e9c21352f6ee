"""One-note rebuilds of two checkouts side by side, alternately, on copies of one corpus.

    python benchmarks/side_by_side.py OTHER_CHECKOUT CORPUS [--rounds 5] [--alone]

Each checkout (this one and ``OTHER_CHECKOUT``, each with its own ``.venv``) builds its own
copy of ``CORPUS`` once (cache on, 2 jobs); then, round after round, in alternating order,
each appends the same list item to the same note of its copy (as ``run.py``'s incremental
measure does) and rebuilds. Every build is a fresh process: wall time (start-up included)
and CPU time (the build's process and its workers) are both reported, with the load, since
on a shared machine the wall time says as much about the neighbours as about the code.
With ``--alone``, the changed note is also built alone (fresh OUT, 1 job, no cache), the
reference of the "within 1.5x" target. Raw figures go to ``results/side-by-side-*.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = """
import json, sys
from graph import build
r = build(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), incremental=sys.argv[4] == "1")
print(json.dumps({"hits": r.cache_hits, "minted": r.minted, "timings": r.timings}))
"""


def run(tree: Path, notes: Path, out: Path, jobs: int = 2, incremental: bool = True) -> dict:
    """One build by ``tree``'s code in a fresh process: its wall and CPU seconds, and what it reports."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", SCRIPT, str(notes), str(out), str(jobs),
                           "1" if incremental else "0"], cwd=tree, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"wall": wall, "cpu": cpu, "load": os.getloadavg()[0]}


def rounds(trees: dict[str, Path], work: Path, count: int, alone: bool) -> dict[str, list[dict]]:
    """The rebuilds (and the notes alone), round by round, the checkouts' order swapped each round."""
    files = {name: sorted((work / name / "notes").rglob("*.md")) for name in trees}
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for index in range(count):
        order = list(trees) if index % 2 == 0 else list(trees)[::-1]
        for name in order:
            target = files[name][index * 7 % len(files[name])]
            target.write_text(target.read_text(encoding="utf-8") + f"\n- edited {index} with pytest\n",
                              encoding="utf-8")
            again = run(trees[name], work / name / "notes", work / name / "out")
            assert again["hits"] == len(files[name]) - 1, again["hits"]
            if alone:
                single = work / name / f"alone-{index}"
                single.mkdir()
                shutil.copy(target, single / target.name)
                again["alone"] = run(trees[name], single, work / name / f"alone-out-{index}", 1, False)
            runs[name].append(again)
            print(f"round {index} {name}: rebuild {again['wall']:.2f} s (cpu {again['cpu']:.2f}), "
                  f"load {again['load']:.1f}" + (f", alone {again['alone']['wall']:.2f} s" if alone else ""),
                  flush=True)
    return runs


def summary(name: str, full: dict, runs: list[dict]) -> dict:
    wall, cpu = (statistics.median(r[key] for r in runs) for key in ("wall", "cpu"))
    out = {"full_s": full["wall"], "full_cpu_s": full["cpu"], "rebuild_s": wall, "rebuild_cpu_s": cpu,
           "ratio": wall / full["wall"], "loads": [round(r["load"], 1) for r in runs], "runs": runs}
    line = (f"{name}: full {full['wall']:.1f} s; one note changed {wall:.2f} s ({100 * out['ratio']:.0f} %), "
            f"cpu {cpu:.2f} s")
    if "alone" in runs[0]:
        alone_wall = statistics.median(r["alone"]["wall"] for r in runs)
        alone_cpu = statistics.median(r["alone"]["cpu"] for r in runs)
        out |= {"alone_s": alone_wall, "alone_cpu_s": alone_cpu}
        line += (f"; alone {alone_wall:.2f} s, cpu {alone_cpu:.2f} s: {wall / alone_wall:.2f}x "
                 f"({cpu / alone_cpu:.2f}x cpu)")
    print(line)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the other checkout (with its own .venv), e.g. the main branch's")
    parser.add_argument("corpus", type=Path, help="a notes folder (copied, never written)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--alone", action="store_true", help="also build each changed note alone")
    args = parser.parse_args()
    trees = {"other": args.other.resolve(), "this": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = {}
        for name, tree in trees.items():
            shutil.copytree(args.corpus, work / name / "notes")
            full[name] = run(tree, work / name / "notes", work / name / "out")
        runs = rounds(trees, work, args.rounds, args.alone)
        results = {name: summary(name, full[name], runs[name]) for name in trees}
    path = ROOT / "benchmarks" / "results" / f"side-by-side-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"corpus": str(args.corpus), "other": str(args.other), **results}, indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
