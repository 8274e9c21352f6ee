"""Cost of each build stage against corpus size, from benchmarks/results JSON, as an SVG.

    python benchmarks/plot.py                                  # results/latest.json -> results/stages.svg
    python benchmarks/plot.py results/a.json results/b.json -o results/stages.svg

Each line is one stage of the one-job full build (``Build.timings``), one point per corpus
measured (synthetic sizes and the real notes copied K times), log-log: a straight line of
slope 1 is linear growth. Needs matplotlib (``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
STAGES = ("extract", "triples", "store", "analytics", "union", "turtle", "jsonld", "network", "html")


def points(files: list[Path]) -> dict[str, list[tuple[int, float]]]:
    """stage -> [(notes, seconds)], sorted by notes, over every corpus in ``files``."""
    series: dict[str, list[tuple[int, float]]] = {stage: [] for stage in (*STAGES, "whole build")}
    for path in files:
        for entry in json.loads(path.read_text(encoding="utf-8"))["sizes"].values():
            build = entry.get("build_1")
            if not build:
                continue
            for stage in STAGES:
                if build["timings"].get(stage):
                    series[stage].append((entry["notes"], build["timings"][stage]))
            series["whole build"].append((entry["notes"], build["wall"]))
    return {stage: sorted(set(found)) for stage, found in series.items() if found}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[RESULTS / "latest.json"])
    parser.add_argument("-o", "--out", type=Path, default=RESULTS / "stages.svg")
    args = parser.parse_args(argv)
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "talkgraph"  # the same figures give the same file
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for stage, found in points(args.files).items():
        axes.plot([n for n, _ in found], [s for _, s in found], marker="o",
                  linewidth=2.5 if stage == "whole build" else 1.2, label=stage)
    axes.set(xscale="log", yscale="log", xlabel="notes", ylabel="seconds (1 job, full build)",
             title="Build cost per stage against corpus size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, ncol=2)
    figure.tight_layout()
    figure.savefig(args.out, metadata={"Date": None})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
