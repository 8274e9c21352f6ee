"""A precision audit of tool mentions, for a person to judge.

Builds a notes folder (the shared corpus by default), takes every mention of a tool (an
entity typed schema:SoftwareApplication: a vocabulary tool or one promoted by its
evidence) and samples N of them with a fixed seed, so the same code and notes always
give the same sample. Each line of the output is a mention to judge: its number, its
file:line, the text as written, the tool it was read as, its evidence and the line of
the note it stands on.

    .venv/bin/python benchmarks/tool_audit.py                       # 100 mentions, seed 14
    .venv/bin/python benchmarks/tool_audit.py --verdicts FILE       # the false rate of a judged sample

A judged sample is this output with a first column added: ``ok`` or ``false``. With
``--verdicts`` the script checks that the file judges the sample it would draw now (the
same mentions, in the same order) and prints the false rate.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import build, run_query  # noqa: E402

DEFAULT_NOTES = ROOT.parent / "shared" / "corpus" / "notes"
QUERY = """
SELECT ?file ?line ?text ?name (GROUP_CONCAT(DISTINCT ?evidence; separator="+") AS ?evidences) WHERE {
  ?m a tg:Mention ; tg:entity ?tool ; tg:note ?note ; tg:line ?line ; tg:text ?text .
  ?note tg:sourceFile ?file .
  ?tool a schema:SoftwareApplication ; schema:name ?name .
  OPTIONAL { ?m tg:evidence ?evidence }
} GROUP BY ?m ?file ?line ?text ?name"""


def mentions(notes: Path, out: Path) -> list[tuple[str, int, str, str, str]]:
    """(file, line, text, tool, evidences) of every tool mention of a build, in a fixed order."""
    build(notes, out, writers=["store"], incremental=False)
    rows = {(f, int(n), t, name, ev) for f, n, t, name, ev in run_query(out, QUERY).values()}
    return sorted(rows)


def sample(rows: list, size: int, seed: int) -> list:
    return random.Random(seed).sample(rows, min(size, len(rows)))


def line_text(notes: Path, file: str, line: int) -> str:
    lines = (notes / file).read_text(encoding="utf-8", errors="replace").split("\n")
    return " ".join(lines[line - 1].split())[:200] if 0 < line <= len(lines) else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notes", nargs="?", type=Path, default=DEFAULT_NOTES)
    parser.add_argument("-n", "--size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--verdicts", type=Path, help="a judged sample: prints its false rate")
    args = parser.parse_args(argv)
    if not args.notes.is_dir():
        print(f"notes folder not found: {args.notes}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        rows = mentions(args.notes, Path(tmp) / "out")
    chosen = sample(rows, args.size, args.seed)
    drawn = [f"{i}\t{f}:{n}\t{t}\t{name}\t{ev}" for i, (f, n, t, name, ev) in enumerate(chosen, 1)]
    if args.verdicts:
        return _rate(args.verdicts, drawn, len(rows))
    print(f"# {len(chosen)} of {len(rows)} tool mentions of {args.notes}, seed {args.seed}")
    print("# n\tfile:line\ttext\ttool\tevidence\tline")
    for row, (f, n, *_rest) in zip(drawn, chosen, strict=True):
        print(f"{row}\t{line_text(args.notes, f, n)}")
    return 0


def _rate(path: Path, drawn: list[str], total: int) -> int:
    judged = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    keys = ["\t".join(cells[1:6]) for cells in judged]
    if keys != drawn:
        print(f"{path} judges another sample than the one drawn now: judge the new one", file=sys.stderr)
        return 1
    false = sum(1 for cells in judged if cells[0] == "false")
    print(f"{false} false of {len(judged)} sampled tool mentions ({100 * false / len(judged):.1f} %), "
          f"from {total} tool mentions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
