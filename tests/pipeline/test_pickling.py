"""Records and note models pickle by their field tuples, restored without dataclasses.fields()."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import dataclass

import pytest

from graph.extract import records
from graph.notes import model
from graph.pipeline.extract import process_text
from graph.util.pickling import quick_pickle

NOTE = """# Notes de PyConFR 2024

## Mesurer sans se tromper

speaker = Jeanne Martin (Acme)

- memray trouve la fuite, pytest-benchmark la mesure
- [slides](https://example.org/slides.pdf)
"""


def _frozen_slotted(module):
    return [cls for _, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__ == module.__name__ and dataclasses.is_dataclass(cls) and hasattr(cls, "__slots__")]


@pytest.mark.parametrize("module", [records, model])
def test_every_frozen_slotted_class_of_the_cached_modules_pickles_quickly(module):
    classes = _frozen_slotted(module)
    assert classes
    for cls in classes:
        assert cls.__setstate__.__module__ == "graph.util.pickling", cls.__name__


def test_a_record_round_trips_unchanged():
    record, issues = process_text("2024-pyconfr.md", NOTE)
    assert record is not None and record.mentions
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps((record, issues), protocol=protocol))
        assert again == (record, issues)
        assert hash(again[0].mentions[0]) == hash(record.mentions[0])


@dataclass(frozen=True, slots=True)
class _One:
    value: str


@dataclass(frozen=True, slots=True)
class _Two:
    name: str
    rest: tuple = ()


quick_pickle(_One, _Two)


def test_one_field_and_defaults():
    assert pickle.loads(pickle.dumps(_One("x"))) == _One("x")
    assert pickle.loads(pickle.dumps(_Two("a", (_One("b"),)))) == _Two("a", (_One("b"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        pickle.loads(pickle.dumps(_One("x"))).value = "y"
