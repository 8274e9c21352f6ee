"""The HTML explorer (OUT/graph.html): time to interactive in headless Chromium, and render time.

    python benchmarks/html_bench.py                 # all three cases, 3 repeats, medians
    python benchmarks/html_bench.py --repeat 5 --only real render
    python benchmarks/html_bench.py --rebuild       # ignore the cached 10k-note graph

Cases:

* ``real``      the 78 notes of ../shared/corpus/notes (skipped, with a message, if absent):
                fresh ``build(writers=["network", "html"])`` each run, page opened in Chromium.
* ``synthetic`` 10,000 notes from benchmarks/make_corpus.py (deterministic); the corpus lives
                in benchmarks/_data/10000 (shared with run.py) and its entity graph is cached
                in benchmarks/_data/html/ (keyed by the corpus and the graph/ sources, so a
                change to extraction or graph/network.py rebuilds it). The page is rendered
                from that graph by the current graph/html code on every run.
* ``render``    ``graph.outputs.html.render()`` (page_data + JSON + template) of a 20,000-node graph
                built directly as a networkx MultiDiGraph (see :func:`synthetic_graph`).

The page holds two payloads, measured apart: the graph data (the JSON block; budget
``DATA_BUDGET_MB`` at 10k notes) and the notes' text index (base64 of deflated JSON, decoded
only on first need; budget ``INDEX_BUDGET_MB``). After each run the benchmark also times, in
the page, how long the index takes to be ready once the first search asked for it, and one
full-text search for a phrase of a note.

"Interactive" is measured in the page's own clock, from navigation start
(``performance.timeOrigin``): the moment both (1) the graph has been painted — the first
vis-network ``afterDrawing`` after the script set ``body[data-ready=true]`` — and (2) a
search for a known node name, typed by Playwright as soon as ``data-ready`` is seen, has been
answered (the Enter keydown handler has selected the node and filled the side panel; checked
afterwards). Each repeat launches a fresh Chromium. Results: a table on stdout and
benchmarks/results/html.json.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import pickle
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "_data"
CACHE = DATA / "html"
RESULTS = ROOT / "benchmarks" / "results"
REAL_NOTES = ROOT.parent / "shared" / "corpus" / "notes"
sys.path.insert(0, str(ROOT))

TARGETS = {"real": 3.0, "synthetic": 3.0, "render": 2.0}
DATA_BUDGET_MB = 35.0  # the graph data (JSON) at 10k notes
INDEX_BUDGET_MB = 16.0  # the text index (base64 of deflated JSON) at 10k notes: 48 MB of notes
CASES = tuple(TARGETS)
SYNTHETIC_NOTES = 10_000
RENDER_NODES = 20_000
PAGE_TIMEOUT_MS = 240_000

# Runs in the page before its own scripts (Playwright init script, main world).
PROBE = """
window.__bench = {};
new MutationObserver((_, observer) => {
  if (!document.body || document.body.dataset.ready !== "true" || window.__bench.ready !== undefined) return;
  window.__bench.ready = performance.now();
  const network = window.talkgraph && window.talkgraph.network;
  if (network) network.once("afterDrawing", () => {
    window.__bench.drawn = performance.now();
    document.body.dataset.benchDrawn = "true";
  });
  observer.disconnect();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.id === "search" && window.__bench.search === undefined) {
    window.__bench.search = performance.now();  // bubbles here after the page's own handler ran
    document.body.dataset.benchSearch = "true";
  }
});
"""


# --- the graphs ---------------------------------------------------------------------------


def _fingerprint(notes: Path) -> str:
    """The corpus (names, sizes) and the sources that turn it into an entity graph."""
    digest = hashlib.sha256()
    for path in sorted(notes.glob("*.md")):
        digest.update(f"{path.name}\0{path.stat().st_size}\n".encode())
    for folder in (ROOT / "graph", ROOT / "schema"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "html" not in path.relative_to(ROOT).parts and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def build_graph(notes: Path):
    """The entity graph exactly as a build hands it to the html writer (network + html only)."""
    from graph import build
    from graph.pipeline import network_of

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = build(notes, tmp, writers=["network", "html"], incremental=False)
        graph, _ = network_of(result)
        return graph, time.perf_counter() - started


def synthetic_corpus(size: int) -> Path:
    folder = DATA / str(size)
    if len(list(folder.glob("*.md"))) != size:
        print(f"generating {size} notes into {folder.relative_to(ROOT)} …", flush=True)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), str(size), "-o", str(folder)],
                       check=True)
    return folder


def cached_graph(notes: Path, name: str, rebuild: bool):
    key = _fingerprint(notes)
    path = CACHE / f"{name}-{key}.pickle"
    if path.exists() and not rebuild:
        with path.open("rb") as handle:
            return pickle.load(handle), None
    print(f"building the entity graph of {notes.relative_to(ROOT)} (network + html writers) …", flush=True)
    graph, seconds = build_graph(notes)
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{name}-*.pickle"):
        old.unlink()
    with path.open("wb") as handle:
        pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return graph, seconds


def synthetic_graph(nodes: int = RENDER_NODES, seed: int = 1):
    """A MultiDiGraph with the attributes graph/html reads, shaped like a synthetic build's graph.

    Proportions follow the entity graph of the 10k-note corpus (29,821 nodes, 547,652 edges,
    560,824 mentions): a third notes, resources and talks each; people, events, then a long
    tail of tools, tags, topics and people that the edges point to (weights 1/sqrt(rank), the
    top one ~1% of the links, as "python" has in the real 10k graph), ~18 edges per node, a
    mention for each "mentions"/"about" link to a non-tag, 13 communities. Deterministic.
    """
    import networkx as nx

    rng = random.Random(seed)
    mix = [("note", 0.335), ("resource", 0.287), ("talk", 0.272), ("person", 0.0376), ("event", 0.0299),
           ("tool", 0.018), ("tag", 0.0096), ("topic", 0.0093), ("organization", 0.0009), ("place", 0.0003),
           ("source", 0.0001)]
    kinds: list[str] = []
    for kind, share in mix:
        kinds += [kind] * max(1, round(share * nodes))
    kinds = (kinds + ["note"] * nodes)[:nodes]
    graph = nx.MultiDiGraph()
    files = [f"2020-01-{i % 28 + 1:02d}-a-note-about-something-{i}.md" for i in range(max(1, kinds.count("note")))]
    by_kind: dict[str, list[str]] = {}
    for index, kind in enumerate(kinds):
        iri = f"https://example.org/{kind.replace(' ', '-')}/{index}"
        by_kind.setdefault(kind, []).append(iri)
        label = files[index % len(files)] if kind == "note" else f"{kind} {index} " + "x" * rng.randrange(4, 30)
        graph.add_node(
            iri, type=kind, label=label, iri=iri,
            aliases=[f"{kind}{index}-alias"] if rng.random() < 0.1 else [],
            links=[f"https://example.org/link/{index}"] if kind in ("resource", "talk", "tool") else [],
            properties={"description": [f"a description of {index}"]} if kind != "note" else {"file": [label]},
            mentions=[],
            community=rng.randrange(13),
        )
    hubs = by_kind.get("tool", []) + by_kind.get("topic", []) + by_kind.get("tag", []) + by_kind.get("person", [])
    rng.shuffle(hubs)
    weights = [1 / math.sqrt(rank + 1) for rank in range(len(hubs))]  # the top hub gets ~1% of the links
    sources = by_kind.get("note", []) + by_kind.get("resource", []) + by_kind.get("talk", [])
    target_edges = round(nodes * 18.4)
    types = ["mentions"] * 75 + ["about"] * 11 + ["tag"] * 6 + ["author", "subEvent", "source", "affiliation",
                                                                "performer", "location", "organizer"] * 1
    edges = 0
    while edges < target_edges:
        source = rng.choice(sources)
        for target in rng.choices(hubs, weights, k=20):
            kind = rng.choice(types)
            if graph.has_edge(source, target, key=kind):
                continue
            graph.add_edge(source, target, key=kind, type=kind)
            edges += 1
            held = graph.nodes[target]
            if kind in ("mentions", "about") and held["type"] != "tag":
                mention = {"file": rng.choice(files), "line": rng.randrange(1, 200), "text": held["label"]}
                held["mentions"].append(mention)
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    return graph


def page_of(graph, notes: Path, out: Path, title: str) -> Path:
    """graph.html as the html writer would write it for ``notes`` into ``out``."""
    from graph.outputs.html import note_reader, render

    out.mkdir(parents=True, exist_ok=True)
    href = os.path.relpath(notes.resolve(), out.resolve()).replace(os.sep, "/") + "/"
    path = out / "graph.html"
    page = render(graph, title=title, notes_href=href, base="https://w3id.org/talkgraph/id/", read=note_reader(notes))
    path.write_text(page, encoding="utf-8")
    return path


def payloads(path: Path) -> dict:
    """Sizes in MB of the page's graph data (JSON block) and text index (base64 block)."""
    text = path.read_text(encoding="utf-8")

    def block(ident: str) -> int:
        start = text.index(">", text.index(f'id="{ident}"')) + 1
        return len(text[start : text.index("</script>", start)].encode("utf-8"))

    return {"data_mb": round(block("talkgraph-data") / 1e6, 2), "index_mb": round(block("talkgraph-index") / 1e6, 2)}


def phrase_of(notes: Path) -> str:
    """Three words from the middle of a body line of the corpus's middle note (a text search to time)."""
    import re

    files = sorted(notes.glob("*.md"))
    lines = files[len(files) // 2].read_text(encoding="utf-8").splitlines()
    for line in lines[len(lines) // 2 :] + lines:
        words = re.findall(r"[^\W\d_]{4,}", line)
        if len(words) >= 3:
            return " ".join(words[:3])
    return "note"


def search_name(graph) -> str:
    """The best-connected tool with a name of 4+ characters that no other node uses (one right answer)."""
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        for name in {data["label"].lower(), *(a.lower() for a in data["aliases"])}:
            counts[name] = counts.get(name, 0) + 1
    candidates = sorted(
        (-data.get("degree", 0), data["label"]) for _, data in graph.nodes(data=True)
        if data["type"] == "tool" and len(data["label"]) >= 4 and counts[data["label"].lower()] == 1
    )
    return candidates[0][1]


# --- the browser --------------------------------------------------------------------------


def open_page(path: Path, name: str, phrase: str) -> dict:
    """One cold load of ``path`` in a fresh Chromium; timings in ms from navigation start."""
    from tests.outputs.browser import browser

    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.add_init_script(PROBE)
        started = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=PAGE_TIMEOUT_MS)
        # (the page's CSP forbids eval, so Playwright waits on selectors, not on functions)
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=PAGE_TIMEOUT_MS)
        page.fill("#search", name, timeout=PAGE_TIMEOUT_MS)
        page.press("#search", "Enter", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_selector("body[data-bench-search][data-bench-drawn]", state="attached", timeout=PAGE_TIMEOUT_MS)
        wall = time.perf_counter() - started
        check = page.evaluate(
            """name => {
                const t = window.talkgraph, ids = t.network.getSelectedNodes();
                const c = document.querySelector('#graph canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let painted = 0; for (let i = 3; i < d.length; i += 64) if (d[i] > 0) painted++;
                const nav = performance.getEntriesByType('navigation')[0];
                return { selected: ids.map(id => t.data.nodes.find(n => n.id === id).name),
                         panel: document.querySelector('#panel h2') && document.querySelector('#panel h2').textContent,
                         painted, drawnEdges: t.edges.length, bench: window.__bench,
                         domInteractive: nav.domInteractive, responseEnd: nav.responseEnd };
            }""",
            name,
        )
        text = page.evaluate(
            """async phrase => {
                const asked = performance.now();
                await window.talkgraph.textIndex();
                const ready = performance.now();
                const found = window.talkgraph.searchText(phrase);
                return { index_ready_ms: ready - asked, search_ms: performance.now() - ready, notes: found.total };
            }""",
            phrase,
        )
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        version = chromium.version
    if check["selected"] != [name] or check["panel"] != name:
        raise RuntimeError(f"search for {name!r} selected {check['selected']} and showed {check['panel']!r}")
    if check["painted"] < 50:
        raise RuntimeError("the graph canvas is blank")
    if errors:
        raise RuntimeError(f"page errors: {errors[:3]}")
    if text["notes"] < 1:
        raise RuntimeError(f"the text search for {phrase!r} found no note")
    bench = check["bench"]
    return {
        "interactive_s": max(bench["drawn"], bench["search"]) / 1000,
        "ready_s": bench["ready"] / 1000,
        "drawn_s": bench["drawn"] / 1000,
        "search_s": bench["search"] / 1000,
        "dom_interactive_s": check["domInteractive"] / 1000,
        "loaded_s": check["responseEnd"] / 1000,
        "wall_s": wall,
        "index_ready_s": text["index_ready_ms"] / 1000,
        "text_search_s": text["search_ms"] / 1000,
        "text_hits": text["notes"],
        "heap_mb": metrics.get("JSHeapUsedSize", 0) / 1e6,
        "dom_nodes": int(metrics.get("Nodes", 0)),
        "drawn_edges": check["drawnEdges"],
        "chromium": version,
    }


def browser_case(case: str, graph, notes: Path, repeat: int, out: Path, build_s: float | None) -> dict:
    name, phrase = search_name(graph), phrase_of(notes)
    page = page_of(graph, notes, out, f"talkgraph — {notes.name}")
    runs = []
    for index in range(repeat):
        run = open_page(page, name, phrase)
        runs.append(run)
        print(f"  {case} run {index + 1}/{repeat}: interactive {run['interactive_s']:.2f} s "
              f"(ready {run['ready_s']:.2f}, drawn {run['drawn_s']:.2f}, search {run['search_s']:.2f}), "
              f"heap {run['heap_mb']:.0f} MB; text index ready {run['index_ready_s']:.2f} s after the first search, "
              f"phrase found in {run['text_search_s'] * 1000:.0f} ms", flush=True)
    keys = [k for k in runs[0] if k.endswith(("_s", "_mb"))]
    medians = {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}
    return {
        "case": case,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "html_mb": round(page.stat().st_size / 1e6, 2),
        **payloads(page),
        "data_budget_mb": DATA_BUDGET_MB,
        "index_budget_mb": INDEX_BUDGET_MB,
        "searched": name,
        "phrase": phrase,
        "seconds": medians["interactive_s"],
        "target": TARGETS[case],
        "met": medians["interactive_s"] < TARGETS[case] and (case != "synthetic" or (
            payloads(page)["data_mb"] <= DATA_BUDGET_MB and payloads(page)["index_mb"] <= INDEX_BUDGET_MB)),
        "median": medians,
        "drawn_edges": runs[0]["drawn_edges"],
        "dom_nodes": runs[0]["dom_nodes"],
        "chromium": runs[0]["chromium"],
        "graph_build_s": None if build_s is None else round(build_s, 2),
        "runs": runs,
    }


def render_case(repeat: int) -> dict:
    import json as _json

    from graph.outputs.html import page_data, render, vis_network_js

    graph = synthetic_graph()
    vis_network_js()  # read once per process, as in a build
    totals, parts = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        html = render(graph, title="talkgraph — synthetic", notes_href="../notes/")
        totals.append(time.perf_counter() - started)
        started = time.perf_counter()
        data = page_data(graph)
        middle = time.perf_counter()
        _json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        parts.append((middle - started, time.perf_counter() - middle))
    seconds = statistics.median(totals)
    print(f"  render: {seconds:.2f} s median of {[round(t, 2) for t in totals]}", flush=True)
    return {
        "case": "render",
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "mentions": sum(len(d["mentions"]) for _, d in graph.nodes(data=True)),
        "html_mb": round(len(html.encode("utf-8")) / 1e6, 2),
        "seconds": round(seconds, 3),
        "target": TARGETS["render"],
        "met": seconds < TARGETS["render"],
        "median": {"render_s": round(seconds, 3),
                   "page_data_s": round(statistics.median(p[0] for p in parts), 3),
                   "json_s": round(statistics.median(p[1] for p in parts), 3)},
        "graph": "synthetic networkx MultiDiGraph built directly (benchmarks/html_bench.py:synthetic_graph, seed 1)",
        "runs": totals,
    }


# --- main ---------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d"), "load_at_start": [round(x, 2) for x in os.getloadavg()]}


def table(rows: list[dict]) -> str:
    lines = ["| case | nodes | edges | data MB | index MB | median s | target s | met? |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        if row.get("skipped"):
            lines.append(f"| {row['case']} | – | – | – | – | – | {row['target']} | skipped: {row['skipped']} |")
            continue
        data, index = row.get("data_mb", row["html_mb"]), row.get("index_mb")
        lines.append(f"| {row['case']} | {row['nodes']:,} | {row['edges']:,} | {data:.1f} | "
                     f"{'–' if index is None else f'{index:.1f}'} | "
                     f"{row['seconds']:.2f} | < {row['target']:g} | {'yes' if row['met'] else 'NO'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached 10k-note entity graph")
    parser.add_argument("--keep", action="store_true", help="keep the pages in benchmarks/_data/html/pages")
    args = parser.parse_args(argv)

    results = {"machine": machine(), "repeat": args.repeat, "cases": []}
    pages = CACHE / "pages"
    try:
        if "real" in args.only:
            if not REAL_NOTES.is_dir():
                message = f"{REAL_NOTES} not found"
                print(f"real: skipped ({message})", flush=True)
                results["cases"].append({"case": "real", "skipped": message, "target": TARGETS["real"]})
            else:
                graph, build_s = build_graph(REAL_NOTES)
                results["cases"].append(browser_case("real", graph, REAL_NOTES, args.repeat, pages / "real", build_s))
        if "synthetic" in args.only:
            notes = synthetic_corpus(SYNTHETIC_NOTES)
            graph, build_s = cached_graph(notes, str(SYNTHETIC_NOTES), args.rebuild)
            results["cases"].append(browser_case("synthetic", graph, notes, args.repeat, pages / "synthetic", build_s))
            del graph
        if "render" in args.only:
            results["cases"].append(render_case(args.repeat))
    finally:
        if not args.keep:
            shutil.rmtree(pages, ignore_errors=True)
    print()
    print(table(results["cases"]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / "html.json"
    if set(args.only) != set(CASES) and target.exists():  # a partial run updates its own rows only
        previous = json.loads(target.read_text(encoding="utf-8"))
        kept = [c for c in previous.get("cases", []) if c["case"] not in args.only]
        results["cases"] = sorted(kept + results["cases"], key=lambda c: CASES.index(c["case"]))
    target.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
