"""OUT/.cache/vocabulary-index: schema/'s vocabularies unpickled instead of parsed and indexed again."""

from __future__ import annotations

import pickle

import pytest

from graph import build
from graph.extract import evidence, vocab
from graph.pipeline.cache import RecordCache, VocabularyCache, WordFrequencyCache, unpacked


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


def test_the_pickled_vocabularies_carry_what_extraction_builds_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setattr(vocab, "_LOADED", [])
    VocabularyCache(tmp_path).prime()
    monkeypatch.setattr(vocab, "_LOADED", [])
    monkeypatch.setattr(vocab, "_SUFFIXES", [])  # as a new process would start
    VocabularyCache(tmp_path).prime()
    adopted = vocab.vocabulary()
    assert adopted._folded_names is not None and adopted.suffix_list is not None
    assert vocab._SUFFIXES[0] is adopted.suffix_list  # not parsed again
    assert vocab.registrable_domain.__wrapped__("doc.rust-lang.org") == "rust-lang.org"
    assert vocab.registrable_domain.__wrapped__("someone.github.io") == "someone.github.io"


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


def _fresh_process(monkeypatch):
    """Forget every word frequency this process learnt, as a new process would."""
    monkeypatch.setattr(evidence, "_KNOWN", {})
    monkeypatch.setattr(evidence, "_FRESH", {})
    monkeypatch.setattr(evidence, "_KNOWN_TOP", {})
    evidence.zipf.cache_clear()
    evidence._top_words.cache_clear()
    evidence._leanings.cache_clear()


def test_word_frequencies_are_kept_for_the_next_build_and_equal_wordfreqs(tmp_path, monkeypatch):
    from wordfreq import zipf_frequency

    _fresh_process(monkeypatch)
    words = WordFrequencyCache(tmp_path)
    words.prime()
    asked = evidence.zipf("Kubernetes", "en"), evidence.zipf("compiler", "fr", True), evidence.language_of(
        "the tool is used for the graph of the notes")
    words.keep()
    _fresh_process(monkeypatch)
    WordFrequencyCache(tmp_path).prime()
    assert evidence._KNOWN[("kubernetes", "en", False)] == zipf_frequency("kubernetes", "en", wordlist="small")
    assert evidence._KNOWN[("compiler", "fr", True)] == zipf_frequency("compiler", "fr", wordlist="large")
    assert set(evidence._KNOWN_TOP) == {"fr", "en"}
    assert (evidence.zipf("Kubernetes", "en"), evidence.zipf("compiler", "fr", True), evidence.language_of(
        "the tool is used for the graph of the notes")) == asked


def test_a_build_with_workers_keeps_what_they_asked_wordfreq(tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    for index in range(70):  # enough notes for worker processes
        (notes / f"note-{index}.md").write_text(
            f"# Talk {index}\n\nWe used pytest for the tests of the parser.\n", encoding="utf-8")
    _fresh_process(monkeypatch)
    build(notes, tmp_path / "out", jobs=2, writers=["trig"])
    kept = unpacked(next((tmp_path / "out" / ".cache" / "word-frequencies").rglob("*.pickle")).read_bytes())
    assert ("parser", "en", False) in kept["zipf"]  # asked in a worker, not in this process
    assert ("parser", "en", False) not in evidence._FRESH
