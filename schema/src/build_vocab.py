"""Compile the reviewed tables into Turtle: ontology.txt, tools.txt and topics.txt -> ../*.ttl.

The tables are the source of truth (one reviewed line per entry, easy to diff); the
Turtle files are what talkgraph loads. It also writes graph/rdf/terms.py, the closed
list of tg: terms the code may use. Run after editing a table (``--check`` fails when a
generated file is stale, as the tests do):

    python schema/src/build_vocab.py
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA = HERE.parent

CATEGORIES = {
    "language": ("programming language", "langage de programmation"),
    "runtime": ("runtime", "environnement d'exécution"),
    "virtual-machine": ("virtual machine", "machine virtuelle"),
    "compiler": ("compiler or toolchain", "compilateur ou chaîne de compilation"),
    "library": ("library", "bibliothèque"),
    "web-framework": ("web framework", "framework web"),
    "test-tool": ("test tool", "outil de test"),
    "mutation-testing": ("mutation testing tool", "outil de tests de mutation"),
    "benchmark-tool": ("benchmark tool", "outil de benchmark"),
    "profiler": ("profiler", "profileur"),
    "debugger": ("debugger", "débogueur"),
    "analysis": ("analysis or sanitizer tool", "outil d'analyse"),
    "linter": ("linter", "linter"),
    "formatter": ("formatter", "formateur de code"),
    "type-checker": ("type checker", "vérificateur de types"),
    "build-tool": ("build tool", "outil de build"),
    "package-manager": ("package manager", "gestionnaire de paquets"),
    "ci-cd": ("CI/CD and infrastructure tool", "outil de CI/CD et d'infrastructure"),
    "vcs": ("version control", "gestion de versions"),
    "container": ("container and orchestration", "conteneurs et orchestration"),
    "cloud": ("cloud platform", "plateforme cloud"),
    "platform": ("platform", "plateforme"),
    "database": ("database", "base de données"),
    "gis-library": ("GIS library", "bibliothèque SIG"),
    "data-library": ("data and science library", "bibliothèque de données et de calcul"),
    "ml-framework": ("machine learning framework", "framework d'apprentissage automatique"),
    "visualisation": ("visualisation", "visualisation"),
    "notebook": ("notebook", "notebook"),
    "editor": ("editor or IDE", "éditeur ou IDE"),
    "browser": ("web browser", "navigateur web"),
    "os": ("operating system", "système d'exploitation"),
    "shell": ("shell and command-line tool", "shell et outil en ligne de commande"),
    "format": ("format or standard", "format ou standard"),
    "protocol": ("protocol", "protocole"),
    "monitoring": ("monitoring and APM", "supervision et APM"),
    "documentation-tool": ("documentation tool", "outil de documentation"),
    "game-engine": ("game engine", "moteur de jeu"),
    "3d-engine": ("3D engine", "moteur 3D"),
    "service": ("online service", "service en ligne"),
    "office": ("office software", "bureautique"),
    "rdf": ("RDF and linked-data tool", "outil RDF et web sémantique"),
    "other": ("other software", "autre logiciel"),
}

HEADER = """@prefix tg:     <https://w3id.org/talkgraph/ns#> .
@prefix tool:   <https://w3id.org/talkgraph/tool/> .
@prefix cat:    <https://w3id.org/talkgraph/category/> .
@prefix topic:  <https://w3id.org/talkgraph/topic/> .
@prefix schema: <https://schema.org/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix wd:     <http://www.wikidata.org/entity/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .

"""


def lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def rows(path: Path, width: int) -> list[list[str]]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != width:
            sys.exit(f"{path.name}:{number}: expected {width} cells, got {len(cells)}")
        out.append(cells)
    return out


def split(cell: str, sep: str = ";") -> list[str]:
    return [x.strip() for x in cell.split(sep) if x.strip()]


def tool_tables() -> list[Path]:
    """tools.txt, then every table of tools/ (one per field, so reviews and diffs stay small)."""
    return [HERE / "tools.txt", *sorted((HERE / "tools").glob("*.txt"))]


def tool_rows() -> list[list[str]]:
    return [row for path in tool_tables() for row in rows(path, 11)]


def specification_categories() -> set[str]:
    """Categories that are specifications, not software (tool_evidence.toml [specifications])."""
    with (SCHEMA / "tool_evidence.toml").open("rb") as handle:
        return set(tomllib.load(handle)["specifications"]["categories"])


def tools() -> str:
    parts = [HEADER, "# Generated from schema/src/tools.txt and schema/src/tools/*.txt by schema/src/build_vocab.py:"
             " edit the tables.\n\n"]
    parts.append('tg:ToolCategories a skos:ConceptScheme ;\n    skos:prefLabel "Tool categories"@en , '
                 '"Catégories d\'outils"@fr .\n\n')
    for key, (en, fr) in CATEGORIES.items():
        parts.append(f"cat:{key} a skos:Concept ;\n    skos:inScheme tg:ToolCategories ;\n"
                     f"    skos:prefLabel {lit(en, 'en')} , {lit(fr, 'fr')} .\n\n")
    seen: set[str] = set()
    specs = specification_categories()
    for ident, name, aliases, cats, url, pypi, npm, debian, crate, wikidata, ambiguous in tool_rows():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", ident):
            sys.exit(f"bad tool id {ident!r}")
        if ident in seen:
            sys.exit(f"duplicate tool id {ident!r}")
        seen.add(ident)
        kind = "tg:Specification" if set(split(cats, ",")) <= specs else "schema:SoftwareApplication"
        lines = [f"tool:{ident} a {kind}", f"schema:name {lit(name)}"]
        lines += [f"schema:alternateName {lit(a)}" for a in split(aliases)]
        for cat in split(cats, ","):
            if cat not in CATEGORIES:
                sys.exit(f"tool {ident}: unknown category {cat!r}")
            lines.append(f"tg:category cat:{cat}")
        if url:
            lines.append(f"schema:url <{url}>")
        for pred, value in (("pypiName", pypi), ("npmName", npm), ("debianName", debian), ("crateName", crate)):
            if value:
                lines.append(f"tg:{pred} {lit(value)}")
        if wikidata:
            lines.append(f"owl:sameAs wd:{wikidata}")
        names = {name, *split(aliases)}
        for cell in split(ambiguous):
            amb, _, lang = cell.partition("@")  # "git@fr": an ordinary word in French text only ("ci-gît")
            if amb not in names and amb.lower() not in {n.lower() for n in names}:
                sys.exit(f"tool {ident}: ambiguous name {amb!r} is not one of its names")
            if lang and not re.fullmatch(r"[a-z]{2}", lang):
                sys.exit(f"tool {ident}: ambiguous name {cell!r}: the language after @ is a two-letter code")
            lines.append(f"tg:ambiguousName {lit(amb, lang or None)}")
        parts.append(" ;\n    ".join(lines) + " .\n\n")
    return "".join(parts)


def topics() -> str:
    parts = [HEADER, "# Generated from schema/src/topics.txt by schema/src/build_vocab.py: edit the table.\n\n"]
    table = rows(HERE / "topics.txt", 6)
    ids = {row[0] for row in table}
    tops = sorted(row[0] for row in table if not row[5])
    parts.append('tg:TopicTaxonomy a skos:ConceptScheme ;\n    skos:prefLabel "talkgraph topics"@en , '
                 '"thèmes talkgraph"@fr ;\n    skos:hasTopConcept '
                 + " , ".join(f"topic:{t}" for t in tops) + " .\n\n")
    for ident, en, fr, alt, hidden, broader in table:
        lines = [f"topic:{ident} a skos:Concept", "skos:inScheme tg:TopicTaxonomy",
                 f"skos:prefLabel {lit(en, 'en')} , {lit(fr, 'fr')}"]
        lines += [f"skos:altLabel {lit(a)}" for a in split(alt)]
        lines += [f"skos:hiddenLabel {lit(h)}" for h in split(hidden)]
        for parent in split(broader, ","):
            if parent not in ids:
                sys.exit(f"topic {ident}: unknown broader {parent!r}")
            lines.append(f"skos:broader topic:{parent}")
        if not broader:
            lines.append("skos:topConceptOf tg:TopicTaxonomy")
        parts.append(" ;\n    ".join(lines) + " .\n\n")
    return "".join(parts)


ONTOLOGY_HEADER = """@prefix tg:      <https://w3id.org/talkgraph/ns#> .
@prefix schema:  <https://schema.org/> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

# Generated from schema/src/ontology.txt by schema/src/build_vocab.py: edit the table.
#
# talkgraph reuses schema.org for what it already names, and only adds what notes need on
# top: provenance of every fact (tg:Note, tg:Mention, tg:line) and the few notions
# schema.org lacks (attended talks, tags, candidate tools). Terms used from other
# vocabularies: schema:name, alternateName, url, sameAs, author, performer, affiliation,
# jobTitle, description, about, mentions, abstract, dateCreated, datePublished,
# startDate, duration, inLanguage, location, organizer, superEvent, subEvent, recordedIn,
# subjectOf, alternativeHeadline, isPartOf, startOffset; schema:Event, Person,
# Organization, Place, SoftwareApplication, CreativeWork (and VideoObject, BlogPosting,
# Article, Book, ScholarlyArticle, TechArticle, Course, PresentationDigitalDocument,
# Clip); skos:Concept,
# prefLabel, altLabel, hiddenLabel, broader, inScheme, closeMatch; prov:Agent,
# prov:wasDerivedFrom.

<https://w3id.org/talkgraph/ns> a owl:Ontology ;
    dcterms:title "talkgraph ontology"@en ;
    dcterms:description "Classes and properties of the talkgraph knowledge graph of notes about talks, videos, posts and papers."@en ;
    owl:versionInfo "0.1.0" ;
    rdfs:seeAlso <https://schema.org/> .

"""


def ontology() -> str:
    parts = [ONTOLOGY_HEADER]
    for kind, name, en, fr, domain, rng, aligned, comment in rows(HERE / "ontology.txt", 8):
        cls = {"class": "owl:Class", "scheme": "skos:ConceptScheme"}.get(kind)
        if cls is None:
            cls = "owl:DatatypeProperty" if rng.startswith("xsd:") or rng in ("rdfs:Literal", "rdf:langString") else "owl:ObjectProperty"
            if not rng:
                cls = "rdf:Property"
        lines = [
            f"tg:{name} a {cls}",
            f"rdfs:label {lit(en, 'en')} , {lit(fr, 'fr')}",
            f"rdfs:comment {lit(comment, 'en')}",
        ]
        if kind == "scheme":
            lines[1] = f"skos:prefLabel {lit(en, 'en')} , {lit(fr, 'fr')}"
        if domain:
            lines.append(f"rdfs:domain {domain}")
        if rng:
            lines.append(f"rdfs:range {rng}")
        for target in split(aligned, ","):
            if target.startswith("~"):
                lines.append(f"skos:closeMatch {target[1:]}")
            else:
                lines.append(f"{'rdfs:subClassOf' if kind == 'class' else 'rdfs:subPropertyOf'} {target}")
        lines.append("rdfs:isDefinedBy <https://w3id.org/talkgraph/ns>")
        parts.append(" ;\n    ".join(lines) + " .\n\n")
    return "".join(parts).replace("a rdf:Property", "a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property>")


TERMS_MODULE = SCHEMA.parent / "graph" / "rdf" / "terms.py"


def terms_module() -> str:
    """graph/rdf/terms.py: the closed list of tg: terms, so a typo in the code raises instead of minting."""
    groups: dict[str, list[str]] = {"class": [], "property": [], "scheme": []}
    for kind, name, *_ in rows(HERE / "ontology.txt", 8):
        groups[kind].append(name)
    body = "".join(
        f"{label} = (\n" + "".join(f'    "{name}",\n' for name in names) + ")\n"
        for label, names in (("CLASSES", groups["class"]), ("PROPERTIES", groups["property"]),
                             ("SCHEMES", groups["scheme"]))
    )
    return ('"""The tg: terms of the ontology.\n\nGenerated from schema/src/ontology.txt by schema/src/build_vocab.py:'
            ' edit the table, not this file.\n"""\n\n' + body + "TERMS = frozenset(CLASSES + PROPERTIES + SCHEMES)\n")


def generated() -> dict[Path, str]:
    """Every file this script writes, with the content it must have."""
    return {
        SCHEMA / "ontology.ttl": ontology(),
        SCHEMA / "tools.ttl": tools(),
        SCHEMA / "topics.ttl": topics(),
        TERMS_MODULE: terms_module(),
    }


def main() -> None:
    """Write the generated files; with ``--check``, only say which are stale (exit 1)."""
    stale = [path for path, text in generated().items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    names = ", ".join(str(path.relative_to(SCHEMA.parent)) for path in stale)
    if "--check" in sys.argv:
        if stale:
            sys.exit(f"stale generated files: {names} (run python schema/src/build_vocab.py)")
        print("generated files are up to date")
        return
    for path in stale:
        path.write_text(generated()[path], encoding="utf-8")
    print(f"wrote {names}" if stale else "generated files are up to date")


if __name__ == "__main__":
    main()
