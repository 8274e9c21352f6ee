"""Consistency checks for the curated vocabularies schema/tools.ttl and schema/topics.ttl.

Names are compared in a normalised form: accents stripped, case folded, punctuation
dropped except ``+`` and ``#`` (which tell C, C++ and C# apart), whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SKOS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema"
CORPUS_NOTES = Path(__file__).resolve().parents[3] / "shared/corpus/notes"

TG = Namespace("https://w3id.org/talkgraph/ns#")
SDO = Namespace("https://schema.org/")
TOOL_NS = "https://w3id.org/talkgraph/tool/"
CAT_NS = "https://w3id.org/talkgraph/category/"
TOPIC_NS = "https://w3id.org/talkgraph/topic/"
WD_NS = "http://www.wikidata.org/entity/"
PACKAGE_PREDICATES = (TG.pypiName, TG.npmName, TG.debianName, TG.crateName)

# Normalised names deliberately shared by two tools: {name: {tool ids}}. A note's spelling and the
# block's other tools tell which one is meant (graph.extract.mentions._senses).
SHARED_TOOL_NAMES: dict[str, set[str]] = {
    "less": {"less", "less-css"},
    "flux": {"flux", "flux-architecture"},
    "aurora": {"amazon-aurora", "apache-aurora"},
}

# ``topic>`` values that say "this note covers many topics" rather than naming one.
META_TOPIC_TAGS = {"all", "multiple"}

_PUNCT = re.compile(r"[^0-9a-z+#]+")
_TAG_LINE = re.compile(r"^\s*[-*]\s*\*\*tags?\*\*\s*[:=]?\s*(.*)$", re.IGNORECASE | re.MULTILINE)


def norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_PUNCT.sub(" ", stripped).split())


def norm_tag(text: str) -> str:
    """A tag value as the detector reads it: ``-``/``_`` (and ``>`` nesting) as spaces."""
    return norm(re.sub(r"[-_>]", " ", text))


@cache
def tools_graph() -> Graph:
    return Graph().parse(SCHEMA / "tools.ttl", format="turtle")


@cache
def topics_graph() -> Graph:
    return Graph().parse(SCHEMA / "topics.ttl", format="turtle")


def tools() -> list[URIRef]:
    return sorted(s for s in tools_graph().subjects(RDF.type, SDO.SoftwareApplication) if isinstance(s, URIRef))


def topics() -> list[URIRef]:
    g = topics_graph()
    return sorted(s for s in g.subjects(RDF.type, SKOS.Concept) if str(s).startswith(TOPIC_NS))


def tool_names(tool: URIRef) -> list[str]:
    g = tools_graph()
    return [str(o) for p in (SDO.name, SDO.alternateName) for o in g.objects(tool, p)]


def topic_labels(topic: URIRef) -> list[str]:
    g = topics_graph()
    return [str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for o in g.objects(topic, p)]


# --- tools -------------------------------------------------------------------------------


def test_tool_count() -> None:
    assert len(tools()) >= 300


def test_tool_iris_are_slugs() -> None:
    bad = [str(t) for t in tools() if not re.fullmatch(re.escape(TOOL_NS) + r"[a-z0-9][a-z0-9-]*", str(t))]
    assert not bad


def test_every_tool_has_one_name() -> None:
    g = tools_graph()
    bad = {str(t): list(g.objects(t, SDO.name)) for t in tools() if len(list(g.objects(t, SDO.name))) != 1}
    assert not bad


def test_names_are_plain_non_empty_literals() -> None:
    g = tools_graph()
    bad = [
        (str(t), repr(o))
        for t in tools()
        for p in (SDO.name, SDO.alternateName, TG.ambiguousName)
        for o in g.objects(t, p)
        if not isinstance(o, Literal) or not str(o).strip() or str(o) != str(o).strip()
    ]
    assert not bad


def test_categories_are_declared_concepts() -> None:
    g = tools_graph()
    declared = {c for c in g.subjects(SKOS.inScheme, TG.ToolCategories) if (c, RDF.type, SKOS.Concept) in g}
    assert (TG.ToolCategories, RDF.type, SKOS.ConceptScheme) in g
    assert all(str(c).startswith(CAT_NS) for c in declared)
    for category in declared:
        langs = {o.language for o in g.objects(category, SKOS.prefLabel) if isinstance(o, Literal)}
        assert {"en", "fr"} <= langs, category
    missing = {str(t) for t in tools() if not list(g.objects(t, TG.category))}
    assert not missing, "tools without a category"
    undeclared = {(str(t), str(c)) for t in tools() for c in g.objects(t, TG.category) if c not in declared}
    assert not undeclared


def test_no_two_tools_share_a_name() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for tool in tools():
        for name in tool_names(tool):
            owners[norm(name)].add(str(tool).removeprefix(TOOL_NS))
    clashes = {
        name: ids for name, ids in owners.items() if len(ids) > 1 and ids != SHARED_TOOL_NAMES.get(name)
    }
    assert not clashes


def test_no_tool_name_normalises_to_nothing() -> None:
    empty = [(str(t), n) for t in tools() for n in tool_names(t) if not norm(n)]
    assert not empty


def test_ambiguous_names_are_names_of_the_tool() -> None:
    g = tools_graph()
    bad = []
    for tool in tools():
        names = {norm(n) for n in tool_names(tool)}
        bad += [(str(tool), str(a)) for a in g.objects(tool, TG.ambiguousName) if norm(str(a)) not in names]
    assert not bad


def test_package_names_are_non_empty() -> None:
    g = tools_graph()
    bad = [
        (str(t), str(p), repr(o))
        for t in tools()
        for p in PACKAGE_PREDICATES
        for o in g.objects(t, p)
        if not isinstance(o, Literal) or not str(o).strip() or re.search(r"\s", str(o))
    ]
    assert not bad


def test_no_two_tools_share_a_package() -> None:
    g = tools_graph()
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for tool in tools():
        for pred in PACKAGE_PREDICATES:
            for o in g.objects(tool, pred):
                owners[(str(pred), str(o).lower())].add(str(tool))
    assert not {k: v for k, v in owners.items() if len(v) > 1}


def test_urls_and_wikidata_links_are_well_formed() -> None:
    g = tools_graph()
    for tool in tools():
        for url in g.objects(tool, SDO.url):
            assert isinstance(url, URIRef) and re.match(r"https?://[^/\s]+", str(url)), (tool, url)
        for same in g.objects(tool, OWL.sameAs):
            assert re.fullmatch(re.escape(WD_NS) + r"Q[1-9][0-9]*", str(same)), (tool, same)


def test_no_two_tools_share_a_wikidata_item() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for tool in tools():
        for same in tools_graph().objects(tool, OWL.sameAs):
            owners[str(same)].add(str(tool))
    assert not {k: v for k, v in owners.items() if len(v) > 1}


def test_corpus_languages_are_tools() -> None:
    names = {norm(n) for t in tools() for n in tool_names(t)}
    for language in ("python", "cpp", "C++", "rust", "csharp", "C#", "fsharp", "F#", "smalltalk", "SQL", "C", "R"):
        assert norm(language) in names, language


# --- topics ------------------------------------------------------------------------------


def test_topic_count() -> None:
    assert len(topics()) >= 150


def test_topic_iris_are_slugs() -> None:
    bad = [str(t) for t in topics() if not re.fullmatch(re.escape(TOPIC_NS) + r"[a-z0-9][a-z0-9-]*", str(t))]
    assert not bad


def test_topic_scheme() -> None:
    g = topics_graph()
    assert (TG.TopicTaxonomy, RDF.type, SKOS.ConceptScheme) in g
    tops = set(g.objects(TG.TopicTaxonomy, SKOS.hasTopConcept))
    assert tops, "no top concept"
    roots = {t for t in topics() if not list(g.objects(t, SKOS.broader))}
    assert roots == tops, "top concepts must be exactly the concepts without a broader one"


def test_every_topic_has_english_and_french_labels_and_scheme() -> None:
    g = topics_graph()
    for topic in topics():
        assert (topic, SKOS.inScheme, TG.TopicTaxonomy) in g, topic
        prefs = [o for o in g.objects(topic, SKOS.prefLabel) if isinstance(o, Literal)]
        langs = [o.language for o in prefs]
        assert sorted(langs) == ["en", "fr"], (topic, prefs)
        assert all(str(o).strip() for o in prefs), topic


def test_broader_targets_exist() -> None:
    g = topics_graph()
    known = set(topics())
    bad = [(str(t), str(b)) for t in topics() for b in g.objects(t, SKOS.broader) if b not in known]
    assert not bad


def test_broader_has_no_cycle() -> None:
    g = topics_graph()
    parents = {t: set(g.objects(t, SKOS.broader)) for t in topics()}
    for start in parents:
        seen, stack = set(), list(parents[start])
        while stack:
            node = stack.pop()
            assert node != start, f"cycle through {start}"
            if node not in seen:
                seen.add(node)
                stack.extend(parents.get(node, ()))


def test_no_label_shared_by_two_topics() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for topic in topics():
        for label in topic_labels(topic):
            owners[norm_tag(label)].add(str(topic).removeprefix(TOPIC_NS))
    clashes = {label: ids for label, ids in owners.items() if len(ids) > 1}
    assert not clashes


def test_no_topic_label_normalises_to_nothing() -> None:
    assert not [(str(t), label) for t in topics() for label in topic_labels(t) if not norm_tag(label)]


# --- corpus coverage ---------------------------------------------------------------------


def corpus_tags(prefix: str) -> dict[str, set[str]]:
    """``<prefix>>`` tag values of the corpus notes -> the notes using them."""
    found: dict[str, set[str]] = defaultdict(set)
    marker = prefix + ">"
    for note in sorted(CORPUS_NOTES.glob("*.md")):
        for line in _TAG_LINE.findall(note.read_text(encoding="utf-8")):
            # ';' separates tags, but a missing separator ("topic>a topic>b") happens too
            for tag in re.split(r";|\s+(?=(?:topic|language|level)>)", line):
                tag = tag.strip()
                if tag.lower().startswith(marker) and tag[len(marker):].strip():
                    found[tag[len(marker):].strip()].add(note.name)
    return found


@pytest.mark.skipif(not CORPUS_NOTES.is_dir(), reason=f"corpus notes not available at {CORPUS_NOTES}")
def test_every_corpus_topic_tag_maps_to_a_topic() -> None:
    labels = {norm_tag(label) for topic in topics() for label in topic_labels(topic)}
    tags = corpus_tags("topic")
    assert tags, "no topic> tag found in the corpus"
    unmapped = {
        tag: sorted(notes)
        for tag, notes in tags.items()
        if norm_tag(tag) not in labels and tag.lower() not in META_TOPIC_TAGS
    }
    assert not unmapped


# ``language>`` values that name no language, and the one known typo (left to fuzzy matching).
NON_LANGUAGE_TAGS = {"agnostic", "none", "pythonn"}


@pytest.mark.skipif(not CORPUS_NOTES.is_dir(), reason=f"corpus notes not available at {CORPUS_NOTES}")
def test_every_corpus_language_tag_names_a_tool() -> None:
    names = {norm(n) for t in tools() for n in tool_names(t)}
    tags = corpus_tags("language")
    assert tags, "no language> tag found in the corpus"
    unmapped = {
        tag: sorted(notes)
        for tag, notes in tags.items()
        if norm(tag) not in names and tag.lower() not in NON_LANGUAGE_TAGS
    }
    assert not unmapped
