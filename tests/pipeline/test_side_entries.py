"""Side entries of the build caches (a record's summary, a fragment's facts): served only while their whole entry is."""

from __future__ import annotations

from graph.pipeline.cache import RecordCache


class Side(RecordCache):
    folder = "side"


def test_a_side_entry_is_served_while_its_whole_entry_exists_and_never_after(tmp_path):
    whole, side = RecordCache(tmp_path), Side(tmp_path)
    derive = lambda entry: ("side", entry[0])  # noqa: E731
    valid = lambda found: isinstance(found, tuple) and found[0] == "side"  # noqa: E731
    assert whole.derived("k", side, valid, derive) == (False, None) and not side.has("k")
    whole.put("k", ("record", "issues"))
    assert whole.derived("k", side, valid, derive) == (False, ("record", "issues"))  # read whole, side entry made
    assert whole.derived("k", side, valid, derive) == (True, ("side", "record"))
    whole.prune(set())  # the note deleted (or changed): its whole entry goes
    assert whole.derived("k", side, valid, derive) == (False, None)  # its side entry is not served


def test_an_invalid_side_entry_is_replaced_from_the_whole_entry(tmp_path):
    whole, side = RecordCache(tmp_path), Side(tmp_path)
    whole.put("k", ("record", "issues"))
    side.put("k", ("older format",))
    valid = lambda found: isinstance(found, tuple) and found[0] == "side"  # noqa: E731
    assert whole.derived("k", side, valid, lambda entry: ("side", entry[0])) == (False, ("record", "issues"))
    assert side.get("k") == ("side", "record")
    assert whole.derived("k", side, valid, lambda entry: None) == (True, ("side", "record"))
