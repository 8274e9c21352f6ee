"""report.json: the build report in machine-readable form (counts, warnings, corrections, candidates)."""

from __future__ import annotations

import json
from pathlib import Path

from ..util.files import atomic_write
from .registry import WriterContext


def write_report(ctx: WriterContext) -> list[Path]:
    path = ctx.out_dir / "report.json"
    with atomic_write(path, "w") as handle:
        json.dump(ctx.report, handle, ensure_ascii=False, indent=1, sort_keys=True)
    return [path]
