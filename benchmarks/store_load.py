"""The store stage alone: a build's N-Quads loaded into a fresh OUT/store, for a few batch sizes, in turn.

    python benchmarks/store_load.py OUT/graph.nq --batch-mb 16 32 --repeat 3

Each load runs in a fresh process, graph by graph through :class:`graph.sparql.store.StoreWriter`
as a build hands them over (the union and the mention counts included), with
``BATCH_BYTES`` set to the size asked. Printed per size, medians: wall seconds, CPU seconds
of the whole tree (the store's own process included: robust to a loaded machine) and the
peak RSS of the store's own process (the driver, which holds the whole file, left out).
Sizes alternate, so load drifts hit them alike.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory import watch  # benchmarks/memory.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = r"""
import sys
from pathlib import Path
import graph.sparql.store as store
store.BATCH_BYTES = int(sys.argv[3]) << 20
store.IN_FLIGHT_BYTES = store.BATCH_BYTES + (8 << 20)
graphs, name, lines = [], None, []
for line in Path(sys.argv[1]).read_bytes().splitlines(keepends=True):
    graph = line[line.rstrip(b" .\n").rfind(b" <") + 2 : line.rstrip(b" .\n").rfind(b">")].decode()
    if graph != name and lines:
        graphs.append((name, b"".join(lines)))
        lines = []
    name = graph
    lines.append(line)
if lines:
    graphs.append((name, b"".join(lines)))
import hashlib
writer = store.StoreWriter(Path(sys.argv[2]), "https://w3id.org/talkgraph/id/")
for name, data in graphs:
    writer.put_nquads(name, data, hashlib.sha256(data).hexdigest()[:32])
writer.finish()
writer.commit()
"""


def load_once(nquads: Path, batch_mb: int) -> dict:
    """One load in a fresh process: its wall and CPU seconds and its tree's largest peak RSS."""
    with tempfile.TemporaryDirectory(prefix="store-load-") as tmp:
        started = time.time()
        child = subprocess.Popen([sys.executable, "-c", SCRIPT, str(nquads), tmp, str(batch_mb)], cwd=ROOT)
        peaks, busy = watch(child, started)
        if child.returncode:
            raise SystemExit(f"the load failed ({child.returncode})")
        return {"wall": time.time() - started, "cpu": busy[-1][1] if busy else 0.0,
                "peak_mb": max((rss for pid, (rss, _) in peaks.items() if pid != child.pid), default=0) >> 20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nquads", type=Path)
    parser.add_argument("--batch-mb", type=int, nargs="+", default=[16, 32])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[int, list[dict]] = {size: [] for size in args.batch_mb}
    for _ in range(args.repeat):
        for size in args.batch_mb:
            runs[size].append(load_once(args.nquads.resolve(), size))
    for size, done in runs.items():
        medians = {key: round(statistics.median(run[key] for run in done), 1) for key in ("wall", "cpu", "peak_mb")}
        print(json.dumps({"batch_mb": size, **medians, "cpu_runs": [round(run["cpu"], 1) for run in done]}))


if __name__ == "__main__":
    main()
