"""Tools outside the vocabulary, found by their evidence, and the false ones that must not be."""

from __future__ import annotations

import pytest

from graph import build, extract_note, parse_note, run_query
from graph.extract.vocab import vocabulary
from graph.rdf.iris import Minter
from graph.rdf.tools import resolve_tools

HEAD = "# Note\n\n- **url** = https://example.org/x\n- **type** = post\n- **tags** = language>python\n\n"


def tools_of(body: str, path: str = "2024-01-01-t.md"):
    record = extract_note(parse_note(path, HEAD + body))
    return [m for m in record.mentions if m.kind == "tool"]


def candidates(body: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in tools_of(body):
        if m.candidate:
            out.setdefault(m.key, set()).update(m.evidences)
    return out


def known(body: str) -> set[str]:
    return {m.key for m in tools_of(body) if not m.candidate}


@pytest.mark.parametrize(
    ("body", "name", "evidence"),
    [
        ("- voir [siesta](https://github.com/VividCortex/siesta)\n", "siesta", "project link"),
        ("- [Plonkify](https://plonkify.readthedocs.io/en/latest/) fait le travail\n", "Plonkify", "docs link"),
        ("- [zorkulon](https://zorkulon.org/) est sympa\n", "zorkulon", "home page link"),
        ("- [Vaurien, Chaos proxy](https://github.com/mozilla-services/vaurien)\n", "Vaurien", "project link"),
        ("1. seifnode: crypto pour NodeJS\n2. voir [https://github.com/paypal/seifnode]()\n", "seifnode",
         "named project"),
        ("- on utilise la lib Frobnikator pour ça\n", "Frobnikator", "cue phrase"),
        ("- Frobnikator is a library for parsing\n", "Frobnikator", "cue phrase"),
        ("- the author of Frobnikator spoke\n", "Frobnikator", "cue phrase"),
        ("- la lib `frobnik` marche bien\n", "frobnik", "code span cue"),
        ("- outils : pytest, mypy, Blorpify\n", "Blorpify", "cue phrase"),
        ("- on a testé (pytest, mypy, Blorpify, etc.)\n", "Blorpify", "enumeration"),
        ("```console\n$ frobctl start\nstarted\n```\n", "frobctl", "shell command"),
    ],
)
def test_candidates_come_with_their_evidence(body, name, evidence):
    found = candidates(body)
    assert name in found, found
    assert evidence in found[name]


@pytest.mark.parametrize(
    "body",
    [
        "- la lib standard suffit\n",
        "- the standard library is enough\n",
        "- écrit en MAJUSCULES :\n",
        "- [ici](https://github.com/someone/ici) et [la doc](https://docs.example.org/guide/)\n",
        "```console\n$ cd build && ls\n```\n",
        "- on a vu `this` dans le module `super`\n",
    ],
)
def test_ordinary_words_and_shell_builtins_are_no_candidates(body):
    assert not candidates(body)


def test_fences_say_what_they_hold():
    body = "```sql\nSELECT 1;\n```\n\n```sh\npip install memray\npython -m pytest tests/\n```\n\n```text\nmake\n```\n"
    mentions = tools_of(body)
    assert {"sql", "memray", "pytest", "python"} <= {m.key for m in mentions}
    assert "make" not in {m.key for m in mentions}  # a ```text fence is not read
    sql = next(m for m in mentions if m.key == "sql")
    assert sql.evidence == "code fence" and sql.line == 7  # the fence line


@pytest.mark.parametrize(
    ("body", "tool"),
    [
        ("- il faut un tableau de valeurs\n", "tableau"),
        ("## Notion de module\n\nLe coeur, c'est la notion de module.\n", "notion"),
        ("- lancer `script.py` puis `main.py`\n", "python"),
        ("- une fonction à valeurs dans `ℝ`\n", "r"),
        ("- le tableau `d` et le noeud `D`\n", "d"),
        ("- la méthode prend `self` en premier\n", "self-language"),
        ("> we use &self instead of rectangle: &Rectangle, short for self: &Self.\n", "self-language"),
        ("- on voit `RefCell<Node>` partout\n", "node-js"),
        ("- la section `[profile.dev]` du `Cargo.toml`\n", "cprofile"),
        ("- la section `[profile.dev]` du `Cargo.toml`\n", "toml"),
    ],
)
def test_words_symbols_letters_and_files_are_no_tools(body, tool):
    assert tool not in known(body)


def test_links_credit_the_longest_url_prefix_and_a_language_its_own_pages():
    body = ("- [le guide](https://docs.astral.sh/uv/guides/)\n"
            "- [Rc](https://doc.rust-lang.org/std/rc/index.html)\n"
            "- [une page](https://learn.microsoft.com/en-us/azure/storage/)\n")
    assert known(body) == {"uv", "rust"}


def test_a_link_path_is_read_decoded_and_a_known_tool_linked_elsewhere_is_no_candidate():
    assert candidates("- voir [Cafétier](https://github.com/example/caf%C3%A9tier)\n") == {"Cafétier": {"project link"}}
    body = "- un exemple avec [Ren'Py](https://github.com/example/ren'py) ici\n"
    assert not candidates(body)
    assert known(body) == {"renpy"}


def test_typos_leave_dictionary_words_and_quotations_alone():
    body = "## Tests\n\n- on lance mutmut, puis mumut encore\n- et mutant ou mutants\n\n> mumut said so\n"
    repaired = {(m.surface, m.line) for m in tools_of(body) if m.corrected}
    assert repaired == {("mumut", 9)}


def test_a_french_verb_is_not_the_topic_of_its_plural_noun():
    note = HEAD + "## Build\n\nCompiler en RelWithDebInfo pour garder les symboles, puis relancer.\n"
    record = extract_note(parse_note("2024-01-01-t.md", note))
    assert "compiler" not in {m.key for m in record.mentions if m.kind == "topic"}


def test_protocols_and_formats_are_specifications_not_software():
    vocab = vocabulary()
    assert not vocab.tools["http"].software and not vocab.tools["json"].software
    assert vocab.tools["python"].software and vocab.tools["webassembly"].software


def test_c_and_cpp_tags_are_two_iris():
    minter = Minter()
    iris = {minter.tag("language", (label,)) for label in ("c", "c++", "cpp", "c#")}
    assert len(iris) == 4


def test_the_corpus_decides_one_entity_per_name(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "2024-01-01-a.md").write_text(HEAD + "- on utilise la lib Frobnikator\n")
    (notes / "2024-01-02-b.md").write_text(HEAD + "- frobnikator encore, voir [frobnikator](https://github.com/x/frobnikator)\n")
    (notes / "2024-01-03-c.md").write_text(HEAD + "- [zorkulon](https://zorkulon.org/) est sympa\n")
    result = build(notes, tmp_path / "out", writers=["store", "report", "nquads"], incremental=False)
    index = resolve_tools(result.records)
    frob = index.get("frobnikator")
    assert frob.promoted and frob.notes == 2 and frob.confidence >= 0.8
    assert frob.name == "Frobnikator" and frob.alternate_names == ("frobnikator",)  # one name, capitals first
    assert not index.get("zorkulon").promoted  # a home page alone is not enough
    rows = run_query(tmp_path / "out", """
        SELECT DISTINCT ?name ?in WHERE { ?t a schema:SoftwareApplication ; tg:inVocabulary ?in ; schema:name ?name }
    """).values()
    assert rows == [("Frobnikator", "false")]
    mentioned = run_query(tmp_path / "out", "ASK { ?note schema:mentions tool:frobnikator }")
    assert mentioned.boolean
    candidate = run_query(tmp_path / "out", "ASK { ?c a tg:CandidateTool ; schema:name 'zorkulon' ; tg:confidence ?x }")
    assert candidate.boolean
    assert result.report()["open_tools"] == {"Frobnikator": 2}
