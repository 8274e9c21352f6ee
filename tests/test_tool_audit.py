"""benchmarks/tool_audit.py: the same notes and seed give the same sample, and verdicts are counted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _audit():
    spec = importlib.util.spec_from_file_location("tool_audit", ROOT / "benchmarks" / "tool_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sample_is_reproducible_and_judged(tmp_path, capsys):
    audit = _audit()
    rows = audit.mentions(ROOT / "examples", tmp_path / "out")
    assert rows and all(line > 0 for _, line, *_ in rows)
    assert audit.sample(rows, 5, 14) == audit.sample(rows, 5, 14)
    assert audit.main([str(ROOT / "examples"), "-n", "4"]) == 0
    drawn = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    judged = tmp_path / "judged.tsv"
    judged.write_text("".join(("false" if i == 0 else "ok") + "\t" + line + "\n" for i, line in enumerate(drawn)))
    assert audit.main([str(ROOT / "examples"), "-n", "4", "--verdicts", str(judged)]) == 0
    assert "1 false of 4" in capsys.readouterr().out
