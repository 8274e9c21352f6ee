"""What the pipeline's tests share."""

from __future__ import annotations

import gc
import shutil

import pytest

from ..conftest import EXAMPLES


@pytest.fixture(autouse=True)
def _thawed():
    """A watch session's settle freezes the whole process (Session.settle, gc.freeze): thawed after each test."""
    yield
    gc.unfreeze()


@pytest.fixture
def notes(tmp_path):
    """A copy of examples/ to edit."""
    folder = tmp_path / "notes"
    shutil.copytree(EXAMPLES, folder)
    return folder
