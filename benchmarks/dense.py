"""Dense notes: one note of 0.25, 0.5, 1 and 2 MB packed with tool names, built whole.

    python benchmarks/dense.py                       # both layouts, 4 sizes, median of 3 (1 at 2 MB)
    python benchmarks/dense.py --sizes 0.25 1 --repeat 5 --layouts mixed
    python benchmarks/dense.py --write-only -o /tmp/dense   # just the notes, to profile them
    python benchmarks/dense.py --against ../main --sizes 0.25 1 --layouts mixed   # A/B, alternating run by run

A person who pastes a conference's programme or a long transcript into one note should not
wait minutes: every per-mention step (its line, its evidence, its context, its IRI) must
cost the same whatever the size of the note around it. This writes one note per size and
layout (deterministic seed), builds each in a fresh subprocess (``graph.build``, every
output, no cache), and prints the stages' median seconds, the mentions kept (the
``tg:Mention`` nodes of the build) and the cost per MB against the smallest size: ≈ 1
when the build is linear in note size.

Layouts: ``mixed`` is a note as the author writes them (metadata list, TL;DR, headings,
bullet lists with sub-items, paragraphs of a few lines, NdM remarks); ``paragraph`` puts
the same text in ONE paragraph of soft-broken lines (a pasted transcript): one block of
the whole size. Both carry tool names from the vocabulary (plain, capitalised, in code
spans, as links, behind cue words, ambiguous ones with their evidence, a typo now and
then), unknown project names in enumerations, bare links and a few topics.
Results: benchmarks/results/dense.json and benchmarks/results/dense.svg (cost per stage).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

SIZES = (0.25, 0.5, 1.0, 2.0)
LAYOUTS = ("mixed", "paragraph")
STAGES = ("extract", "triples", "store", "analytics", "trig", "nquads", "union", "turtle", "jsonld", "network",
          "html")

BUILD_SCRIPT = """
import json, resource, sys, time
started = time.perf_counter()
from graph import build
result = build(sys.argv[1], sys.argv[2], jobs=1, incremental=False, permalinks=False)
wall = time.perf_counter() - started
print(json.dumps({
    "wall": wall, "timings": result.timings, "triples": result.triples,
    "mentions": result.type_counts.get("tg:Mention", 0),
    "record_mentions": sum(len(r.mentions) for r in result.records),
    "warnings": len(result.warnings),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "cpu": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
}))
"""

FILLER_FR = [
    "on compare", "la démo montre", "le speaker utilise", "pour le déploiement on passe par",
    "côté tests il y a", "en prod on voit surtout", "l'équipe a migré vers", "c'est un bon exemple avec",
    "à voir aussi", "les benchmarks opposent", "le point important reste",
]
FILLER_EN = [
    "the talk compares", "the demo uses", "we moved to", "most teams pick", "benchmarks put side by side",
    "the speaker recommends", "a short detour through", "in production they run",
]
JOINS = [", ", ", ", ", ", ", ", " et ", " and ", " / ", " vs ", " + ", " puis "]
CUES = ["la lib {}", "le framework {}", "l'outil {}", "le langage {}", "le package {}", "the {} library"]
UNKNOWN = ["Frobnik", "Zorblax", "Quillon", "Trevalo", "Mirkwood", "Snarfle", "Plonkit", "Vextor"]
HEADINGS = ["Contexte", "Outillage", "Tests et CI", "Déploiement", "Observabilité", "Performance", "Tooling notes",
            "Packaging", "Questions"]


class DenseNote:
    """A deterministic writer of dense note text, one line at a time."""

    def __init__(self, seed: int):
        from graph.extract.vocab import vocabulary

        self.rng = random.Random(seed)
        vocab = vocabulary()
        plain = (t for t in vocab.tools.values() if not t.ambiguous and " " not in t.name and t.name.isascii())
        self.tools = sorted(t.name for t in plain if len(t.name) > 3)
        self.short = [name for name in self.tools if len(name) <= 7]  # dense lists name short tools mostly
        self.ambiguous = sorted(t.name for t in vocab.tools.values()
                                if t.ambiguous and t.name.isalpha() and t.name.isascii() and len(t.name) > 3)
        self.topics = sorted(t.label for t in vocab.topics.values() if 4 < len(t.label) < 20 and t.label.isascii())

    def tool(self) -> str:
        rng = self.rng
        name = rng.choice(self.short if rng.random() < 0.7 else self.tools)
        roll = rng.random()
        if roll < 0.02 and len(name) > 6:  # a typo: one letter dropped
            cut = rng.randrange(1, len(name) - 1)
            return name[:cut] + name[cut + 1 :]
        if roll < 0.12:
            return f"`{name.lower()}`"
        if roll < 0.16:
            return f"[{name}](https://github.com/example/{name.lower()})"
        if roll < 0.19:
            return rng.choice(CUES).format(rng.choice(self.ambiguous))
        if roll < 0.20:
            return rng.choice(UNKNOWN)
        return name

    def sentence(self) -> str:
        rng = self.rng
        head = rng.choice(FILLER_FR if rng.random() < 0.6 else FILLER_EN)
        items = [self.tool() for _ in range(rng.randint(8, 16))]
        text = head + " " + items[0] + "".join(rng.choice(JOINS) + item for item in items[1:])
        if rng.random() < 0.1:
            text += f" ({rng.choice(self.topics)})"
        if rng.random() < 0.05:
            text += f" <https://example.org/{rng.randrange(10_000)}>"
        return text

    def header(self, size_mb: float, layout: str) -> list[str]:
        return [
            f"# Dense notes, {size_mb} MB ({layout})", "",
            "- **url** = https://example.org/dense", "- **type** = conférence", "- **auteur** = N/A",
            "- **date de publication** = 2024-05-04", "- **source** = N/A",
            "- **tags** = language>python ; topic>tooling", "", "",
            "**TL;DR** = un programme entier collé dans une note, outils compris.", "",
        ]

    def mixed(self, budget: int) -> list[str]:
        lines: list[str] = []
        used = 0
        while used < budget:
            block = [f"## {self.rng.choice(HEADINGS)} {len(lines)}", ""]
            for _ in range(self.rng.randint(20, 60)):
                roll = self.rng.random()
                if roll < 0.6:
                    prefix = "- NdM : " if self.rng.random() < 0.05 else "- "
                    block.append(prefix + self.sentence())
                    if self.rng.random() < 0.25:
                        block.append("    - " + self.sentence())
                else:
                    block.extend(["", *(self.sentence() for _ in range(self.rng.randint(2, 6))), ""])
            block.append("")
            lines.extend(block)
            used += sum(len(line.encode()) + 1 for line in block)
        return lines

    def paragraph(self, budget: int) -> list[str]:
        lines: list[str] = ["## Transcript", ""]
        used = 0
        while used < budget:
            line = self.sentence()
            lines.append(line)
            used += len(line.encode()) + 1
        return lines


def write_note(folder: Path, size_mb: float, layout: str, seed: int = 15) -> Path:
    """One note of about ``size_mb`` MB in ``folder`` (byte-identical for the same arguments)."""
    writer = DenseNote(seed)
    head = writer.header(size_mb, layout)
    budget = int(size_mb * 1_000_000) - sum(len(line.encode()) + 1 for line in head)
    body = writer.mixed(budget) if layout == "mixed" else writer.paragraph(budget)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"2024-05-04-dense-{layout}-{size_mb}mb.md"
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    return path


def build_once(notes: Path, out: Path, code: Path = ROOT) -> dict:
    """One whole build in a fresh interpreter, with the ``graph`` package of ``code`` (this checkout by default)."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(notes), str(out)], capture_output=True,
                          text=True, cwd=code, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build of {notes} failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process"] = time.perf_counter() - started
    return figures


def measure(size_mb: float, layout: str, repeat: int, work: Path, code: Path = ROOT) -> dict:
    notes = work / f"{layout}-{size_mb}" / "notes"
    path = write_note(notes, size_mb, layout)
    runs = [build_once(notes, work / f"{layout}-{size_mb}" / f"out{i}", code) for i in range(repeat)]
    stages = {s: round(statistics.median(r["timings"].get(s, 0.0) for r in runs), 3) for s in STAGES}
    return {
        "layout": layout, "size_mb": size_mb, "bytes": path.stat().st_size, "lines": path.read_text().count("\n"),
        "runs": len(runs), "build": round(statistics.median(r["wall"] for r in runs), 3),
        "process": round(statistics.median(r["process"] for r in runs), 3),
        "cpu": round(statistics.median(r["cpu"] for r in runs), 3),
        "all_builds": [round(r["wall"], 3) for r in runs], "stages": stages,
        "mentions": runs[0]["mentions"], "record_mentions": runs[0]["record_mentions"],
        "triples": runs[0]["triples"], "rss_mb": round(max(r["rss_mb"] for r in runs)),
    }


def side_by_side(sizes: list[float], layouts: list[str], repeat: int, work: Path, other: Path) -> list[str]:
    """This checkout and ``other`` built alternately, run by run (so both see the same neighbours): medians."""
    lines = ["| layout | MB | other CPU (s) | this CPU (s) | ratio | wall (other, this) | triples (other, this) "
             "| JSON-LD (other, this) | mentions (other, this) | load |", "|" + "---|" * 10]
    for layout in layouts:
        for size in sorted(sizes):
            notes = work / f"{layout}-{size}" / "notes"
            write_note(notes, size, layout)
            runs: list[list[dict]] = [[], []]
            loads = []
            for i in range(repeat):
                for n, code in enumerate((other, ROOT)):  # a folder per run: a reused one serves cached chunks
                    runs[n].append(build_once(notes, work / f"{layout}-{size}" / f"out-{n}-{i}", code))
                    loads.append(os.getloadavg()[0])
            cpu = [_median(mine, "cpu") for mine in runs]
            wall = [_median(mine, "wall") for mine in runs]
            triples = [_median(mine, "triples", stage=True) for mine in runs]
            jsonld = [_median(mine, "jsonld", stage=True) for mine in runs]
            lines.append(f"| {layout} | {size} | {cpu[0]:.1f} | {cpu[1]:.1f} | {cpu[1] / cpu[0]:.2f} | "
                         f"{wall[0]:.1f}, {wall[1]:.1f} | {triples[0]:.1f}, {triples[1]:.1f} | "
                         f"{jsonld[0]:.1f}, {jsonld[1]:.1f} | "
                         f"{runs[0][0]['mentions']:,}, {runs[1][0]['mentions']:,} | "
                         f"{min(loads):.1f}–{max(loads):.1f} |")
            print(lines[-1], flush=True)
    return lines


def _median(runs: list[dict], key: str, stage: bool = False) -> float:
    return statistics.median((r["timings"].get(key, 0.0) if stage else r[key]) for r in runs)


def linearity(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Cost per MB at the largest size over cost per MB at the smallest, per layout (1 = linear)."""
    out = {}
    for layout in {r["layout"] for r in rows}:
        mine = sorted((r for r in rows if r["layout"] == layout), key=lambda r: r["size_mb"])
        if len(mine) >= 2:
            small, large = mine[0], mine[-1]
            out[layout] = {
                measure: round((large[measure] / large["bytes"]) / (small[measure] / small["bytes"]), 2)
                for measure in ("build", "cpu")
            }
    return out


def table(rows: list[dict]) -> str:
    lines = ["| layout | MB | lines | mentions kept | build (s) | CPU (s) | CPU s per MB | vs smallest | extract "
             "| triples | store | outputs | peak RSS |", "|" + "---|" * 13]
    for layout in LAYOUTS:
        mine = [r for r in rows if r["layout"] == layout]
        if not mine:
            continue
        base = mine[0]["cpu"] / mine[0]["bytes"] * 1e6
        for r in mine:
            per_mb = r["cpu"] / r["bytes"] * 1e6
            stages = r["stages"]
            outputs = sum(v for k, v in stages.items() if k not in ("extract", "triples", "store"))
            lines.append(
                f"| {layout} | {r['bytes'] / 1e6:.2f} | {r['lines']} | {r['mentions']:,} | {r['build']:.1f} "
                f"({r['runs']}) | {r['cpu']:.1f} | {per_mb:.1f} | {per_mb / base:.2f}× | {stages['extract']:.1f} "
                f"| {stages['triples']:.1f} | {stages['store']:.1f} | {outputs:.1f} | {r['rss_mb']} MB |"
            )
    return "\n".join(lines)


def svg_plot(rows: list[dict], path: Path) -> None:
    """A small plot of the build's CPU seconds against MB, one polyline per layout (no plotting library needed).

    CPU rather than wall time: on a shared machine the wall time of one run says more about
    the neighbours than about the build.
    """
    width, height, pad = 420, 260, 40
    top_x = max(r["bytes"] for r in rows) / 1e6
    top_y = max(r["cpu"] for r in rows) * 1.1
    colours = {"mixed": "#1f77b4", "paragraph": "#d62728"}

    def point(r: dict) -> str:
        x = pad + (r["bytes"] / 1e6) / top_x * (width - 2 * pad)
        y = height - pad - r["cpu"] / top_y * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-size="11" '
             f'font-family="sans-serif">', f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="black"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>',
             f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle">note size (MB), 0 to {top_x:.1f}</text>',
             f'<text x="8" y="{pad - 12}">whole build, CPU s, 0 to {top_y:.0f}</text>']
    for n, layout in enumerate(LAYOUTS):
        mine = sorted((r for r in rows if r["layout"] == layout), key=lambda r: r["bytes"])
        if mine:
            colour = colours[layout]
            points = " ".join(point(r) for r in mine)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
            parts.append(f'<text x="{pad + 10}" y="{pad + 14 * (n + 1)}" fill="{colour}">{layout}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=list(SIZES))
    parser.add_argument("--layouts", nargs="+", choices=LAYOUTS, default=list(LAYOUTS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-large", type=int, default=1, help="runs at 2 MB and above (default 1)")
    parser.add_argument("--write-only", action="store_true", help="write the notes into -o and stop")
    parser.add_argument("-o", "--output", type=Path, help="folder for the notes and builds (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=RESULTS / "dense.json")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="a checkout whose graph package builds (to measure another version side by side)")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="build this checkout and CHECKOUT alternately, run by run, and print the ratios")
    args = parser.parse_args(argv)
    if args.against:
        with tempfile.TemporaryDirectory(prefix="tg-dense-") as scratch:
            print("\n".join(side_by_side(args.sizes, args.layouts, args.repeat, args.output or Path(scratch),
                                          args.against.resolve())))
        return
    if args.write_only:
        for layout in args.layouts:
            for size in args.sizes:
                print(write_note(args.output or Path("dense-notes"), size, layout))
        return
    with tempfile.TemporaryDirectory(prefix="tg-dense-") as scratch:
        work = args.output or Path(scratch)
        rows = []
        for layout in args.layouts:
            for size in sorted(args.sizes):
                row = measure(size, layout, args.repeat if size < 2 else args.repeat_large, work, args.code)
                print(f"{layout} {size} MB: {row['build']:.1f} s, {row['mentions']:,} mentions", flush=True)
                rows.append(row)
    ratios = linearity(rows)
    print()
    print(table(rows))
    print()
    for layout, ratio in sorted(ratios.items()):
        print(f"{layout}: cost per MB at the largest size / at the smallest: wall {ratio['build']}, CPU {ratio['cpu']}")
    report = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, shared 2 cores",
              "code": str(args.code), "load_average": os.getloadavg(),
              "python": platform.python_version(), "rows": rows, "linearity": ratios}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    svg_plot(rows, args.json.with_suffix(".svg"))


if __name__ == "__main__":
    main()
