"""Tool and topic detection: evidence rules for ambiguous names, typos, links, provenance."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from graph.extract import extract_note
from graph.notes import parse_note

from ..conftest import CORPUS, EXAMPLES, needs_corpus

HEAD = "# T\n\n- **url** = https://x.example\n- **type** = post\n\n"


def tools_in(body: str) -> list[tuple[str, str]]:
    record = extract_note(parse_note("2024-01-01-t.md", HEAD + body))
    return [(m.key, m.surface) for m in record.mentions if m.kind == "tool" and not m.candidate]


def test_plain_names_case_insensitive():
    assert ("memray", "Memray") in tools_in("On profile avec Memray et pytest.\n")
    assert ("pytest", "pytest") in tools_in("On profile avec Memray et pytest.\n")


@pytest.mark.parametrize(
    ("body", "tool", "found"),
    [
        ("Le logiciel R est gratuit.\n", "r", True),
        ("- 3 logiciels utilisés :\n    - R (gratuit)\n    - SAS (payant)\n", "sas", True),
        ("comparatif R / python\n", "r", True),
        ("il a fait de la R&D pendant deux ans\n", "r", False),
        ("C'est vrai, c'est la vie.\n", "c", False),
        ("le code passe en revue\n", "go", False),
        ("10 Go de RAM suffisent\n", "go", False),
        ("le langage Go est simple\n", "go", True),
        ("on utilise `requests.get` dans le test\n", "requests", True),
        ("trois requests par seconde\n", "requests", False),
        ("le formateur Black reformate tout\n", "black", True),
        ("un fond black\n", "black", False),
        ("Vue d'ensemble du projet\n", "vue", False),
        ("il faut aller vite\n", "vite", False),
        ("on peut typer une fonction\n", "typer", False),
        ("We drew the map with Leaflet.js and a tile server from the city.\n", "leaflet", True),
        ("the leaflet handed out at the door listed the talks of the day\n", "leaflet", False),
        ("The whole history of the project is kept in git, one commit per change.\n", "git", True),
        ("Ici gît le vieux projet, que personne ne reprendra jamais plus désormais.\n", "git", False),
        ("Swagger documents the API of each service for the other teams.\n", "swagger", True),
        ("A zine by Julia Evans about strace and the proc filesystem.\n", "julia", False),
        ("We write the solver in Julia and the glue in Python.\n", "julia", True),
        ("A talk by Travis Oliphant about the early days of the project.\n", "travis-ci", False),
        ("The checks run on Travis vs. CircleCI, both are fine.\n", "travis-ci", True),
        ("Cannot be cancelled from the outside: this is the nature of threading.\n", "threading", False),
        ("Perl 6 is separate from Perl 5, the way C# and Java are.\n", "raku", True),
        ("Most of the tricks are plain css and a little svg on top.\n", "css", True),
        ("Most of the tricks are plain css and a little svg on top.\n", "svg", True),
        ("Il faut monter d'un cran dans l'abstraction pour comprendre le module.\n", "cran", False),
        ("When in doubt, go read the docs before asking the others.\n", "readthedocs", False),
        ("Again, multiple languages make this difficult for the on-call team.\n", "make", False),
        ("The build uses the make tool and a few shell scripts.\n", "make", True),
        ("They rewrote the logging libraries of the company in Go.\n", "logging", False),
        ("On passe par la lib requests pour les appels HTTP.\n", "requests", True),
        ("If you want to make your module faster, write it in C.\n", "make", False),
        ("We maintain several R packages for the lab, all on CRAN.\n", "r", True),
        ("The build runs the r.js optimiser on every bundle before the upload.\n", "r", False),
        ("A Python-based tool, with a syntax that is very Rust-like.\n", "rust", True),
        ("The talk was announced on the Python-Dev list, then moved.\n", "python", False),
        ("Pin the process to one core with taskset, then measure again.\n", "util-linux", True),
        ("The documentation is hosted on Read the Docs, built at each tag.\n", "readthedocs", True),
    ],
)
def test_ambiguous_names_need_evidence(body, tool, found):
    assert any(key == tool for key, _ in tools_in(body)) is found


@pytest.mark.parametrize(
    ("body", "tool"),
    [
        ("Whether it is Node or Rails, LESS or SASS, write the code.\n", "less-css"),  # the style sheets' spelling
        ("Pipe the log into `less` and search it.\n", "less"),  # the pager's
        ("On Mesos you need a framework like Marathon or Aurora.\n", "apache-aurora"),  # the block's other tools
        ("We moved the orders from MySQL to Aurora last year.\n", "amazon-aurora"),
        ("React leaves you to choose a Flux pattern for the state.\n", "flux-architecture"),
        ("Kubernetes manifests are synced by Flux from the repository.\n", "flux"),
    ],
)
def test_a_name_two_tools_share_is_the_one_its_spelling_or_its_neighbours_say(body, tool):
    shared = {"less", "less-css", "aurora", "amazon-aurora", "apache-aurora", "flux", "flux-architecture"}
    assert [key for key, _ in tools_in(body) if key in shared] == [tool]


def _evidences(body: str, tool: str) -> list[tuple[int, str]]:
    record = extract_note(parse_note("2024-01-01-t.md", HEAD + body))
    return sorted((m.line, m.evidence) for m in record.mentions if m.key == tool)


def test_a_name_proved_once_counts_where_it_opens_a_sentence_or_a_title_case_heading():
    proved = "## React All The Things\n\n- React keeps the view pure.\n- we render with the React library.\n"
    assert _evidences(proved, "react") == [(6, "same note"), (8, "same note"), (9, "capitalisation")]
    assert _evidences("## React All The Things\n\n- React keeps the view pure.\n", "react") == []
    # the first word of a person's name stays no tool, even where the note names the tool elsewhere
    julia = "- we write the solver in Julia.\n- Julia Evans wrote a zine.\n"
    assert _evidences(julia, "julia") == [(6, "capitalisation")]


def test_a_name_capitalised_as_a_companys_is_no_tool():
    body = "Grafana Labs paid; so did the Python Software Foundation. Boards in grafana labs style, in Grafana."
    found = tools_in(body)
    assert ("grafana", "grafana") in found and len([f for f in found if f[0] == "grafana"]) == 2
    assert not [f for f in found if f[0] == "python"]


def test_a_name_a_title_case_heading_keeps_lower_case_is_the_tools():
    assert _evidences("## Shipping Python Apps Faster with uv\n\n- text\n", "uv") == [(6, "kept lower case")]
    assert _evidences("## Shipping Python Apps Faster With Uv\n\n- text\n", "uv") == []  # capitalised: a word


def test_a_forge_before_an_account_or_after_a_possessive_is_where_code_lives():
    for body in ("- TractSeg (github MIC-DKFZ)\n", "- le github de Grégory\n", "- voir son github\n",
                 "- code on gitlab jdoe/parser-42\n"):
        assert not [key for key, _ in tools_in(body) if key in ("github", "gitlab")], body
    for body in ("- hébergé sur GitHub, avec des PR\n", "- the GitHub API is rate limited\n"):
        assert ("github", "GitHub") in tools_in(body), body


def test_an_acronyms_plural_is_no_other_name_folded_alike():
    assert tools_in("- les ABIs du C++ et les IOs du disque\n") == [("cpp", "C++")]
    assert ("ios", "iOS") in tools_in("- une app iOS\n")


def test_a_cue_heading_a_hyphenated_compound_proves_the_name():
    assert ("pip", "pip") in tools_in("- il faut un package-installer comme pip\n")


def test_no_tools_inside_urls():
    assert tools_in("voir https://github.com/x/y/blob/main/README.html pour plus\n") == []


def test_typo_is_repaired_only_near_the_real_name():
    body = "## Mutants\n\n- [mutmut](https://mutmut.readthedocs.io/) est bien\n- démo live avec mumut\n"
    found = tools_in(body)
    assert ("mutmut", "mumut") in found
    assert ("mutmut", "mumut") not in tools_in("## Autre\n\n- démo live avec mumut\n")


def test_link_to_project_page_resolves_and_unknown_project_is_a_candidate():
    record = extract_note(
        parse_note(
            "2024-01-01-t.md",
            HEAD + "- voir [le dépôt](https://github.com/pytest-dev/pytest)\n"
            "- et [ce projet](https://github.com/someone/unheard-of-tool)\n",
        )
    )
    tools = {(m.key, m.candidate) for m in record.mentions if m.kind == "tool"}
    assert ("pytest", False) in tools
    assert ("unheard-of-tool", True) in tools


def test_mentions_in_ndm_are_the_note_takers():
    record = extract_note(parse_note("2024-01-01-t.md", HEAD + "- on mesure (NdM : valgrind serait mieux)\n"))
    (valgrind,) = [m for m in record.mentions if m.key == "valgrind"]
    assert valgrind.by_note_taker


def test_mentions_in_talk_sections_belong_to_the_talk():
    path = EXAMPLES / "2024-10-12-pycon-demo-lyon.md"
    record = extract_note(parse_note(path.name, path.read_text()))
    memray = [m for m in record.mentions if m.key == "memray"]
    assert {m.talk for m in memray} == {"Profiler la mémoire avec memray"}
    assert ("mutmut", "mumut") in {(m.key, m.surface) for m in record.mentions if m.corrected}


def _mentions_with_lines(out) -> list[tuple[str, int, str]]:
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    query = """PREFIX tg: <https://w3id.org/talkgraph/ns#>
        SELECT ?file ?line ?text WHERE { GRAPH ?g { ?m a tg:Mention ; tg:line ?line ; tg:text ?text ; tg:note ?n .
        ?n tg:sourceFile ?file } }"""
    return [(r["file"].value, int(r["line"].value), r["text"].value) for r in store.query(query)]


def _check_mention_lines(notes_dir, out):
    bad = []
    for file, line, text in _mentions_with_lines(out):
        source = (notes_dir / file).read_text(encoding="utf-8").split("\n")[line - 1]
        plain = re.sub(r"[*_`]+", "", source).casefold()  # "*single* dispatch" holds "single dispatch"
        if text.casefold() not in source.casefold() and re.sub(r"[*_`]+", "", text).casefold() not in plain:
            bad.append(f"{file}:{line}: {text!r} not in {source[:80]!r}")
    return bad


def test_every_mention_line_holds_its_text_examples(examples_build):
    assert _check_mention_lines(EXAMPLES, examples_build.out_dir) == []


@needs_corpus
def test_every_mention_line_holds_its_text_corpus(corpus_build):
    assert _check_mention_lines(CORPUS, corpus_build.out_dir) == []


@pytest.mark.parametrize("line", ["- Note: TODO: try memray, seriously.\n", "- NB: memray would do\n",
                                  "\nSide note: memray does this better.\n"])
def test_a_remark_opened_by_note_is_the_note_takers(line):
    record = extract_note(parse_note("2024-01-01-t.md", HEAD + "- the speaker showed memray\n" + line))
    assert [m.by_note_taker for m in record.mentions if m.key == "memray"] == [False, True]


def test_note_without_its_colon_inside_a_sentence_or_french_is_no_remark():
    """"Note : …" in French (a space before the colon) often just says what the source says."""
    record = extract_note(parse_note("2024-01-01-t.md", HEAD + "- Note how memray follows threads: all of them\n"
                                     "- the key note: memray everywhere\n- note : memray suit les threads\n"))
    assert [m.by_note_taker for m in record.mentions if m.key == "memray"] == [False, False, False]


def test_a_name_that_a_team_bears_is_no_tool_by_its_capitals_alone():
    body = "At Acme, the Firebird team builds the widget; on the Firebird project we ship daily.\n"
    assert [key for key, _ in tools_in(body) if key == "firebird"] == []
    assert ("firebird", "Firebird") in tools_in("We moved the orders from MySQL to Firebird last year.\n")
    assert ("react", "React") in tools_in("Our front end uses React; the React team ships often.\n")
