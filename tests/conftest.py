"""Shared fixtures: the bundled examples build once per session; the real corpus when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "notes"
GOLD = SHARED / "gold"
SCORER = SHARED / "score" / "score.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (real notes not shipped)")


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory):
    """The examples/ folder built once into a temporary OUT, with every writer."""
    from graph import build

    out = tmp_path_factory.mktemp("examples-out")
    return build(EXAMPLES, out)


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (real notes not shipped)")
    from graph import build

    out = tmp_path_factory.mktemp("corpus-out")
    return build(CORPUS, out)
