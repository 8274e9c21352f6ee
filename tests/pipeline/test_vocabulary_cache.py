"""OUT/.cache/vocabulary-index: schema/'s vocabularies unpickled instead of parsed and indexed again."""

from __future__ import annotations

import pickle

import pytest

from graph.extract import vocab
from graph.pipeline.cache import RecordCache, VocabularyCache, unpacked


def _entries(out):
    return sorted((out / ".cache" / "vocabulary-index").rglob("*.pickle"))


def test_a_second_process_adopts_the_pickled_vocabularies(tmp_path, monkeypatch):
    monkeypatch.setattr(vocab, "_LOADED", [])
    VocabularyCache(tmp_path).prime()
    loaded = vocab.vocabulary()
    assert [entry.stem for entry in _entries(tmp_path)] == [VocabularyCache(tmp_path).fingerprint]

    monkeypatch.setattr(vocab, "_LOADED", [])  # as a new process would start
    VocabularyCache(tmp_path).prime()
    adopted = vocab.vocabulary()
    assert adopted is not loaded
    assert adopted.tools == loaded.tools and adopted.topics == loaded.topics
    assert adopted.by_name == loaded.by_name and adopted.by_prefix == loaded.by_prefix
    assert adopted._automaton is not None  # carried by the pickle, not rebuilt
    text = "profiled with memray, then pytest"
    assert list(adopted.automaton.iter(vocab.fold(text))) == list(loaded.automaton.iter(vocab.fold(text)))


def test_a_broken_entry_is_a_miss_and_is_replaced(tmp_path, monkeypatch):
    cache = VocabularyCache(tmp_path)
    path = cache.root / cache.fingerprint[:2] / f"{cache.fingerprint}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(vocab, "_LOADED", [])
    cache.prime()
    assert vocab.vocabulary().tools
    assert isinstance(unpacked(path.read_bytes()), vocab.Vocabulary)


def test_entries_of_an_older_schema_are_dropped(tmp_path, monkeypatch):
    cache = VocabularyCache(tmp_path)
    stale = cache.root / "00" / "00stale.pickle"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(pickle.dumps(vocab.Vocabulary()))
    monkeypatch.setattr(vocab, "_LOADED", [])
    cache.prime()
    assert not stale.exists() and len(_entries(tmp_path)) == 1


def test_a_process_that_has_its_vocabularies_keeps_them(tmp_path, monkeypatch):
    mine = vocab.Vocabulary()
    monkeypatch.setattr(vocab, "_LOADED", [mine])
    VocabularyCache(tmp_path).prime()
    assert vocab.vocabulary() is mine and not _entries(tmp_path)


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # torn
    lambda data: data[:-40] + bytes(b ^ 0x5A for b in data[-40:]),  # altered: it would unpickle, wrongly
    lambda data: data[8:],  # an entry of the format before the checksum
])
def test_a_damaged_entry_is_a_miss_never_a_crash_nor_a_wrong_value(tmp_path, damage):
    cache = RecordCache(tmp_path)
    assert cache.put("k", ("a record", ["an issue"] * 50))
    path = cache._path("k")
    assert cache.get("k") == ("a record", ["an issue"] * 50)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get("k") is None
