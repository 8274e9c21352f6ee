"""The SPARQL endpoint under a flood, side by side with Oxigraph's own server on the same store.

    python benchmarks/serve_bench.py                  # examples/ build, 3 rounds each
    python benchmarks/serve_bench.py --notes ../shared/corpus/notes --rounds 5

Each round sends 12 impossible cross-product queries (all different) and 50 simple ones at
once (tests/sparql/flood.py), to ``talkgraph serve --timeout 2`` and to
``oxigraph serve-read-only --timeout-s 2 --union-default-graph`` opened on the same OUT/store,
one after the other, on loopback. Reported per server: simple queries answered 200, their
median and max latency (medians over the rounds), the statuses the impossible ones got, and
the CPU seconds the server used from 2 to 3 s after the last impossible query ended (0 =
idle again). Results go to benchmarks/results/serve.json.
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

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sparql.flood import cpu_between, flood, stop, summary  # noqa: E402


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def servers(out: Path) -> dict[str, tuple[list[str], str]]:
    """name -> (command with {port}, path of the query URL)."""
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return {
        "talkgraph serve": ([sys.executable, "-m", "graph", "serve", "-o", str(out), "--port", "{port}",
                             "--timeout", "2"], "/sparql"),
        "oxigraph serve-read-only": ([oxigraph, "serve-read-only", "--location", str(out / "store"), "--bind",
                                      "127.0.0.1:{port}", "--timeout-s", "2", "--union-default-graph"], "/query"),
    }


def one_round(command: list[str], path: str) -> dict:
    port = _free_port()
    server = subprocess.Popen([part.replace("{port}", str(port)) for part in command],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(f"http://127.0.0.1:{port}/")
        time.sleep(0.5)
        outcomes = flood(f"http://127.0.0.1:{port}{path}")
        figures = summary(outcomes)
        last = figures.pop("last_impossible_end")
        figures["cpu_2_to_3_s_after"] = round(cpu_between(server.pid, last + 2.0, last + 3.0), 3)
        figures["impossible_s_max"] = round(max(o.seconds for o in outcomes if o.kind == "impossible"), 2)
        return figures
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", default=str(ROOT / "examples"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from graph import build

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out"
        build(args.notes, out, writers=["store"])
        rows = {}
        for name, (command, path) in servers(out).items():
            rounds = [one_round(command, path) for _ in range(args.rounds)]
            rows[name] = {
                "simple_ok": min(r["simple_ok"] for r in rounds), "simple": rounds[0]["simple"],
                "simple_median_s": statistics.median(r["simple_median_s"] for r in rounds),
                "simple_max_s": statistics.median(r["simple_max_s"] for r in rounds),
                "impossible_statuses": sorted({s for r in rounds for s in r["impossible_statuses"]}),
                "impossible_s_max": statistics.median(r["impossible_s_max"] for r in rounds),
                "cpu_2_to_3_s_after": statistics.median(r["cpu_2_to_3_s_after"] for r in rounds),
            }
    load = os.getloadavg()[0]
    print(f"notes: {args.notes}; {args.rounds} rounds; {os.cpu_count()} cores, load average {load:.1f}\n")
    print("| server | simple answered 200 | median | max | impossible got | impossible took (max) | CPU 2–3 s after |")
    print("|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['simple_ok']}/{row['simple']} | {row['simple_median_s']:.3f} s | "
              f"{row['simple_max_s']:.3f} s | {row['impossible_statuses']} | {row['impossible_s_max']:.2f} s | "
              f"{row['cpu_2_to_3_s_after']:.2f} s |")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "serve.json").write_text(json.dumps({"notes": args.notes, "load": load, "servers": rows}, indent=1))


if __name__ == "__main__":
    main()
