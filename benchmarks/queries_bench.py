"""The example queries of schema/queries/ on several builds, side by side: median ms and rows.

    python benchmarks/queries_bench.py OUT_BEFORE OUT_AFTER --repeat 3 -o benchmarks/results/queries-10k.json
    python benchmarks/queries_bench.py OUT OUT --queries OLD_QUERIES_DIR --queries schema/queries

``--queries`` (once per build, in order) asks a build the queries of another folder, matched
by file name: the same store asked two versions of the queries shows what a rewrite gains.

Each query runs on every build in turn, ``--repeat`` rounds, so that a busy shared machine
slows all builds alike; the figures are medians. A build's store is asked the way
``talkgraph query`` asks it: on its deduplicated default graph, or with Oxigraph's union
default graph for the store of an older build. The row counts show that every build gives
the same answer; ``same_rows`` compares the rows themselves with the first build's (as sets:
``ORDER BY`` leaves ties in any order), ``same_order`` their order too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.sparql.query import execute, query_prefixes, to_result  # noqa: E402
from graph.sparql.store import has_union, open_store  # noqa: E402


def _sorted(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda row: tuple("" if cell is None else cell for cell in row))


QUERIES = ROOT / "schema" / "queries"


def side_by_side(outs: list[str], repeat: int, folders: list[Path] | None = None) -> dict[str, dict]:
    """{query: {build: {"ms": median, "rows": count, "same_rows": bool}}}; build i asks ``folders[i]``'s queries."""
    folders = folders or [QUERIES] * len(outs)
    stores = [(f"{out}" if folders.count(folder) == len(folders) else f"{out} [{folder.name}]", open_store(out),
               query_prefixes(out), not has_union(out), folder) for out, folder in zip(outs, folders, strict=True)]
    outs = [key for key, *_ in stores]
    results: dict[str, dict] = {}
    for path in sorted(QUERIES.glob("*.rq")):
        times: dict[str, list[float]] = {out: [] for out in outs}
        rows: dict[str, list] = {}
        for _ in range(repeat):
            for out, store, prefixes, union, folder in stores:
                text = (folder / path.name).read_text(encoding="utf-8")
                started = time.perf_counter()
                rows[out] = to_result(execute(store, text, prefixes, union=union)).values()
                times[out].append(1000 * (time.perf_counter() - started))
        first = rows[outs[0]]
        # same_rows: the same rows (ORDER BY may leave ties in any order); same_order: in the same order too
        results[path.name] = {out: {"ms": round(statistics.median(times[out]), 1), "rows": len(rows[out]),
                                    "same_rows": _sorted(rows[out]) == _sorted(first),
                                    "same_order": rows[out] == first} for out in outs}
        print(path.name, json.dumps(results[path.name]), flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outs", nargs="+", help="build folders (OUT) to compare")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", type=Path, action="append",
                        help="folder of .rq files for the next build (once per build; default schema/queries)")
    parser.add_argument("-o", "--output", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    if args.queries and len(args.queries) != len(args.outs):
        parser.error("--queries: give one folder per build")
    results = side_by_side(args.outs, args.repeat, args.queries)
    args.outs = list(next(iter(results.values()))) if results else args.outs
    if args.output:
        args.output.write_text(json.dumps({"builds": args.outs, "repeat": args.repeat, "queries": results},
                                          indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("| query | " + " | ".join(Path(out).name for out in args.outs) + " | rows |")
    print("|---|" + "---|" * (len(args.outs) + 1))
    for name, by_out in results.items():
        cells = [f"{by_out[out]['ms']:.0f}" for out in args.outs]
        print(f"| {name} | " + " | ".join(cells) + f" | {by_out[args.outs[0]]['rows']} |")


if __name__ == "__main__":
    main()
