"""The seed note scored against the hand-made gold standard (../shared), with the issues' targets."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from graph import build

from ..conftest import CORPUS, GOLD, SCORER

SEED = "2023-02-18-pyconfr-talence.md"
TARGETS = {
    "note.found": ("f1", 1.0), "talks": ("f1", 1.0), "talk.attributes": ("f1", 0.97), "speakers": ("f1", 1.0),
    "speaker.urls": ("r", 1.0), "affiliations": ("f1", 0.9), "event.fields": ("f1", 1.0),
    "tools": ("f1", 0.92), "topics.recall": ("r", 0.8),
}

pytestmark = pytest.mark.skipif(not (CORPUS / SEED).is_file() or not SCORER.is_file(),
                                reason="../shared (corpus, gold and scorer) is absent")


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    notes = tmp_path_factory.mktemp("seed")
    shutil.copy(CORPUS / SEED, notes / SEED)
    out = notes / "out"
    build(notes, out, writers=["trig"])
    result = subprocess.run([sys.executable, str(SCORER), "--graph", str(out / "graph.trig"), "--gold",
                             *map(str, sorted(GOLD.glob("*.gold.json"))), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("metric", sorted(TARGETS))
def test_seed_note_meets_target(figures, metric):
    field, target = TARGETS[metric]
    assert figures[metric][field] >= target, figures[metric]
