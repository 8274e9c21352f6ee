"""Scale benchmarks: parse floor, extraction, full builds, parallel, incremental, memory, queries.

    python benchmarks/run.py                      # 1k and 10k notes, 3 repeats, medians
    python benchmarks/run.py --sizes 1000 --repeat 5
    python benchmarks/run.py --only floor extract  # a subset of the measures
    python benchmarks/run.py --sizes --shared 4   # the real notes copied 4 times (skipped when ../shared is absent)

Every figure is a median of ``--repeat`` runs taken in this one run, side by side, so that
ratios (extraction against mistune's bare parse, 2 jobs against 1, incremental against
full) compare like with like on a shared machine. Builds run in a fresh subprocess each
time, so peak RSS is the build's own. Results go to benchmarks/results/latest.json and
are printed as Markdown tables (the ones in benchmarks/README.md come from here).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "_data"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

MEASURES = ("floor", "extract", "build", "parallel", "incremental", "queries")

BUILD_SCRIPT = """
import json, resource, sys, time
from graph import build
started = time.perf_counter()
result = build(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), incremental=sys.argv[4] == "1")
wall = time.perf_counter() - started
print(json.dumps({
    "wall": wall, "timings": result.timings, "triples": result.triples, "notes": len(result.records),
    "cache_hits": result.cache_hits, "minted": result.minted,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def corpus(size: int | str) -> Path:
    """benchmarks/_data/N (synthetic notes), or _data/sharedK (the real notes copied K times), made when missing."""
    folder = DATA / str(size)
    if isinstance(size, str):
        times = int(size.removeprefix("shared"))
        if len(list(folder.rglob("*.md"))) == 0:
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "--shared", str(times),
                            "-o", str(folder)], check=True)
        return folder
    if len(list(folder.glob("*.md"))) != size:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(size), "-o", str(folder)],
                       check=True)
    return folder


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def read_texts(folder: Path) -> list[tuple[str, str]]:
    return [(p.relative_to(folder).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.md"))]


def measure_floor_and_extract(folder: Path, repeat: int, only: set[str]) -> dict:
    """mistune's bare AST parse (the floor) against talkgraph's parse + extract, one process."""
    import mistune

    from graph.extract.vocab import vocabulary
    from graph.pipeline.extract import process_text

    texts = read_texts(folder)
    size_mb = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
    out: dict = {"notes": len(texts), "mb": round(size_mb, 2)}
    if "floor" in only or "extract" in only:
        markdown = mistune.create_markdown(renderer=None)
        floor = median_time(lambda: [markdown(t) for _, t in texts], repeat)
        out["floor_s"] = floor
        out["floor_mb_s"] = size_mb / floor
    if "extract" in only:
        vocabulary()  # loaded once per process in a real build too
        extract = median_time(lambda: [process_text(n, t) for n, t in texts], repeat)
        out["extract_s"] = extract
        out["extract_mb_s"] = size_mb / extract
        out["extract_notes_s"] = len(texts) / extract
        if "floor_s" in out:
            out["extract_vs_floor"] = out["floor_s"] / extract
    return out


def run_build(notes: Path, out: Path, jobs: int, incremental: bool) -> dict:
    """One build in a fresh process; ``process_s`` is its whole wall time, interpreter start-up and imports included."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(notes), str(out), str(jobs),
                          "1" if incremental else "0"], capture_output=True, text=True, cwd=ROOT)
    if run.returncode:
        raise RuntimeError(run.stderr[-2000:])
    return json.loads(run.stdout.strip().splitlines()[-1]) | {"process_s": time.perf_counter() - started}


def median_build(notes: Path, jobs: int, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(run_build(notes, Path(tmp) / "out", jobs, incremental=False))
    runs.sort(key=lambda r: r["wall"])
    middle = dict(runs[len(runs) // 2])
    middle["walls"] = [r["wall"] for r in runs]
    middle["rss_mb"] = max(r["rss_mb"] for r in runs)
    middle["children_rss_mb"] = max(r["children_rss_mb"] for r in runs)
    return middle


def measure_incremental(notes: Path, repeat: int) -> dict:
    """Full build, then: one note changed, rebuilt (against that note built alone, start-up included);
    one note deleted, gone from every output."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "notes"
        shutil.copytree(notes, work)
        out = Path(tmp) / "out"
        full = run_build(work, out, os.cpu_count() or 1, incremental=True)
        files = sorted(work.rglob("*.md"))
        walls, alone, minted, floors, written = [], [], [], [], []
        for index in range(repeat):
            target = files[index * 7 % len(files)]
            target.write_text(target.read_text(encoding="utf-8") + f"\n- edited {index} with pytest\n",
                              encoding="utf-8")
            started = time.time_ns()
            again = run_build(work, out, os.cpu_count() or 1, incremental=True)
            assert again["cache_hits"] == len(files) - 1, again["cache_hits"]
            walls.append(again["process_s"])
            fresh = files_written_since(out, started)
            written.append(sum(path.stat().st_size for path in fresh) / 1e6)
            floors.append(write_floor(fresh, Path(tmp) / f"floor-{index}"))
            minted.append(again["minted"])
            single = Path(tmp) / f"alone-{index}"
            single.mkdir()
            shutil.copy(target, single / target.name)
            alone.append(run_build(single, Path(tmp) / f"alone-out-{index}", 1, incremental=False)["process_s"])
        victim = files[-1]
        victim.unlink()
        run_build(work, out, os.cpu_count() or 1, incremental=True)
        iri_part = victim.relative_to(work).with_suffix("").as_posix()
        leftovers = [name for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "graph.html")
                     if f"note/{iri_part}" in (out / name).read_text(encoding="utf-8")]
        rebuild = statistics.median(walls)
        return {"full_s": full["process_s"], "full_rss_mb": full["rss_mb"], "rebuild_s": rebuild, "rebuilds": walls,
                "rebuild_rss_mb": again["rss_mb"], "minted": minted,
                # the largest process: the build or one of its workers and forked writers (whose RSS
                # counts the parent's pages they map)
                "full_peak_mb": max(full["rss_mb"], full["children_rss_mb"]),
                "rebuild_peak_mb": max(again["rss_mb"], again["children_rss_mb"]),
                "ratio": rebuild / full["process_s"], "alone_s": statistics.median(alone), "alones": alone,
                "vs_alone": rebuild / statistics.median(alone), "deleted_note_left_in": leftovers,
                "rebuild_timings": again["timings"],
                # the same bytes the rebuild wrote, copied into new files with the build's fsync: no
                # rebuild that rewrites these outputs can take less
                "written_mb": statistics.median(written), "write_floor_s": statistics.median(floors),
                "write_floors": floors, "write_floor_ratio": statistics.median(floors) / full["process_s"]}


def files_written_since(out: Path, started_ns: int) -> list[Path]:
    """The files under ``out`` a build wrote after ``started_ns``, each inode once (graph.nt is a hard link)."""
    seen, found = set(), []
    for path in sorted(out.rglob("*")):
        info = path.lstat()
        if path.is_file() and not path.is_symlink() and info.st_mtime_ns >= started_ns and info.st_ino not in seen:
            seen.add(info.st_ino)
            found.append(path)
    return found


def write_floor(paths: list[Path], into: Path) -> float:
    """Seconds to write ``paths``' bytes into new files, each fsynced as the build commits its outputs."""
    into.mkdir()
    started = time.perf_counter()
    for number, path in enumerate(paths):
        with path.open("rb") as source, (into / str(number)).open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
            target.flush()
            os.fsync(target.fileno())
    spent = time.perf_counter() - started
    shutil.rmtree(into)
    return spent


def query_timings(folder: Path, repeat: int) -> dict[str, float]:
    """Median milliseconds of each example query on a build's store."""
    from graph.sparql.query import execute, query_prefixes, to_result
    from graph.sparql.store import has_union, open_store

    store, names, union = open_store(folder), query_prefixes(folder), not has_union(folder)
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "schema" / "queries").glob("*.rq"))}
    return {name: 1000 * median_time(lambda t=text: to_result(execute(store, t, names, union=union)), repeat)
            for name, text in texts.items()}


def compare_with_rdflib(notes: Path, repeat: int) -> dict:
    """The example queries on one build, Oxigraph's store against rdflib's in-memory engine."""
    import rdflib

    from graph.sparql.query import query_prefixes

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        run_build(notes, out, os.cpu_count() or 1, incremental=False)
        ox_ms = query_timings(out, repeat)
        header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in query_prefixes(out).items())
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(out / "graph.nq", format="nquads")
        rows = {}
        for path in sorted((ROOT / "schema" / "queries").glob("*.rq")):
            text = header + path.read_text(encoding="utf-8")
            rd_ms = 1000 * median_time(lambda t=text: list(dataset.query(t)), repeat)
            rows[path.name] = {"oxigraph_ms": ox_ms[path.name], "rdflib_ms": rd_ms, "ratio": rd_ms / ox_ms[path.name]}
    return {"notes": str(notes), "queries": rows}


def table(headers: list[str], rows: list[list]) -> str:
    def cell(v):
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--shared", type=int, default=0, metavar="K",
                        help="also the real notes of ../shared/corpus copied K times (skipped when absent)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large-repeat", type=int, default=1,
                        help="repeats of whole builds for sizes of 5000 notes and more (each takes minutes)")
    parser.add_argument("--only", nargs="+", choices=MEASURES, default=list(MEASURES))
    args = parser.parse_args(argv)
    only = set(args.only)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "date": time.strftime("%Y-%m-%d")}, "sizes": {}}
    sizes: list[int | str] = list(args.sizes)
    if args.shared:
        if (ROOT.parent / "shared" / "corpus" / "notes").is_dir():
            sizes.insert(0, f"shared{args.shared}")
        else:
            print("skipped the shared corpus: ../shared/corpus/notes is absent", file=sys.stderr)
    for size in sizes:
        notes = corpus(size)
        entry = measure_floor_and_extract(notes, args.repeat, only)
        repeat = args.repeat if entry["notes"] < 5000 else args.large_repeat
        entry["build_repeats"] = repeat
        print(f"\n## {size} notes ({entry['mb']} MB)", flush=True)
        if "build" in only or "parallel" in only or "queries" in only:
            entry["build_1"] = median_build(notes, 1, repeat)
            entry["build_mb_s"] = entry["mb"] / entry["build_1"]["wall"]
            entry["build_vs_floor"] = entry.get("floor_s", 0) / entry["build_1"]["wall"]
        if "parallel" in only:
            entry["build_n"] = median_build(notes, os.cpu_count() or 1, repeat)
            entry["parallel_speedup"] = entry["build_1"]["wall"] / entry["build_n"]["wall"]
            entry["extract_speedup"] = entry["build_1"]["timings"]["extract"] / entry["build_n"]["timings"]["extract"]
        if "incremental" in only:
            entry["incremental"] = measure_incremental(notes, max(repeat, 2))
        if "queries" in only:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out"
                run_build(notes, out, os.cpu_count() or 1, incremental=False)
                entry["queries"] = query_timings(out, max(5, args.repeat))
        results["sizes"][str(size)] = entry
        print(json.dumps(entry, indent=1, default=str), flush=True)
    if "queries" in only:  # both engines on the real corpus (or the bundled examples when it is absent)
        real = ROOT.parent / "shared" / "corpus" / "notes"
        results["rdflib"] = compare_with_rdflib(real if real.is_dir() else ROOT / "examples", args.repeat)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / "latest.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, target)
    print(report(results))


def report(results: dict) -> str:
    """The Markdown tables of benchmarks/README.md."""
    parts = []
    rows = []
    for size, e in results["sizes"].items():
        if "extract_s" in e:
            rows.append([size, e["mb"], e["floor_mb_s"], e["extract_mb_s"], e["extract_notes_s"],
                         f"{100 * e['extract_vs_floor']:.0f} %"])
    if rows:
        parts.append(table(["notes", "MB", "mistune MB/s", "parse+extract MB/s", "notes/s", "of floor"], rows))
    rows = []
    for size, e in results["sizes"].items():
        if "build_1" in e:
            b = e["build_1"]
            row = [size, b["wall"], e["build_mb_s"], f"{100 * e['build_vs_floor']:.0f} %", b["triples"],
                   f"{b['rss_mb']:.0f}"]
            if "build_n" in e:
                row += [e["build_n"]["wall"], e["parallel_speedup"], e["extract_speedup"]]
            rows.append(row)
    if rows:
        parts.append(table(["notes", "build s (1 job)", "MB/s", "of floor", "triples", "peak RSS MB",
                            "build s (2 jobs)", "speed-up", "extract speed-up"][: len(rows[0])], rows))
    rows = []
    for size, e in results["sizes"].items():
        if "build_1" in e:
            t = e["build_1"]["timings"]
            rows.append([size] + [t.get(k, 0.0) for k in ("extract", "triples", "store", "network", "trig", "nquads",
                                                          "turtle", "ntriples", "jsonld", "html")])
    if rows:
        parts.append(table(["notes", "extract", "triples", "store", "network", "trig", "nquads", "turtle",
                            "ntriples", "jsonld", "html"], rows))
    for size, e in results["sizes"].items():
        if "incremental" in e:
            i = e["incremental"]
            parts.append(f"{size} notes: full {i['full_s']:.1f} s, one note changed {i['rebuild_s']:.1f} s "
                         f"({100 * i['ratio']:.1f} %; notes minted {i['minted']}), that note alone "
                         f"{i['alone_s']:.1f} s ({i['vs_alone']:.1f}×); "
                         f"deleted note left in: {i['deleted_note_left_in'] or 'none'}; peak RSS of the "
                         f"cached full build {i['full_rss_mb']:.0f} MB, of a rebuild {i['rebuild_rss_mb']:.0f} MB; "
                         f"of the largest process {i['full_peak_mb']:.0f} MB and {i['rebuild_peak_mb']:.0f} MB; "
                         f"the rebuild wrote {i['written_mb']:.0f} MB, which alone take {i['write_floor_s']:.1f} s "
                         f"to write ({100 * i['write_floor_ratio']:.1f} % of the full build)")
        if "queries" in e:
            rows = [[name, ms, "yes" if ms <= 200 else "no"] for name, ms in e["queries"].items()]
            parts.append(table([f"query ({size} notes)", "median ms", "≤ 200 ms"], rows))
    if "rdflib" in results:
        compared = results["rdflib"]["queries"].items()
        rows = [[name, q["oxigraph_ms"], q["rdflib_ms"], q["ratio"]] for name, q in compared]
        parts.append(table([f"query ({Path(results['rdflib']['notes']).name})", "oxigraph ms", "rdflib ms",
                            "rdflib ÷ oxigraph"], rows))
    return "\n\n".join(parts)


if __name__ == "__main__":
    main()
