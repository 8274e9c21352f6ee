"""SHACL validation of a build (schema/shapes.ttl, pySHACL), with every problem traced to file:line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from ..errors import NoBuildError
from ..util.resources import schema_file

TG = "https://w3id.org/talkgraph/ns#"


@dataclass(frozen=True)
class Violation:
    shape: str
    severity: str
    focus: str
    path: str
    message: str
    file: str | None
    line: int | None

    def where(self) -> str:
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return self.focus


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def by_shape(self) -> dict[str, list[Violation]]:
        groups: dict[str, list[Violation]] = defaultdict(list)
        for violation in self.violations:
            groups[violation.shape].append(violation)
        return dict(sorted(groups.items()))

    @property
    def errors(self) -> list[Violation]:
        """What must hold and does not (``sh:Violation``): the build does not conform."""
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        """What should hold (``sh:Warning``): usually a note that can be improved."""
        return [v for v in self.violations if v.severity == "Warning"]

    @property
    def infos(self) -> list[Violation]:
        """What one convention gives and another need not (``sh:Info``), such as a dated file name."""
        return [v for v in self.violations if v.severity == "Info"]


def _load(out_dir: Path) -> tuple[rdflib.Graph, dict[str, tuple[str, int | None]]]:
    """The union of the build's graphs, and for every subject the note file and line it comes from."""
    path = out_dir / "graph.nq"
    fmt = ox.RdfFormat.N_QUADS
    if not path.is_file():
        path, fmt = out_dir / "graph.trig", ox.RdfFormat.TRIG
    if not path.is_file():
        raise NoBuildError(out_dir)
    triples = set()
    files: dict[str, str] = {}
    lines: dict[str, int] = {}
    graph_of: dict[str, str] = {}
    for quad in ox.parse(path=str(path), format=fmt):
        graph_name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if graph_name.endswith("/analytics"):
            continue
        triples.add((quad.subject, quad.predicate, quad.object))
        subject = quad.subject.value
        graph_of.setdefault(subject, graph_name)
        if quad.predicate.value == TG + "sourceFile":
            files[subject] = quad.object.value
        elif quad.predicate.value == TG + "line":
            lines.setdefault(subject, int(quad.object.value))
    data = rdflib.Graph()
    data.parse(data=ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
               format="nt")
    origin = {subject: (files.get(graph, ""), lines.get(subject)) for subject, graph in graph_of.items()}
    return data, origin


def validate(out_dir: str | Path, shapes: Path | None = None) -> ValidationResult:
    """Run pySHACL over OUT's dataset; each result says where in the notes it comes from."""
    import pyshacl

    data, origin = _load(Path(out_dir))
    shapes_graph = rdflib.Graph().parse(shapes or schema_file("shapes.ttl"), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        source_shape = report.value(result, SH.sourceShape)
        shape = _shape_name(shapes_graph, source_shape)
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = str(report.value(result, SH.resultMessage) or "")
        path = report.value(result, SH.resultPath)
        file, line = origin.get(focus, (None, None))
        violations.append(Violation(shape, severity, focus, str(path or ""), message, file or None, line))
    violations.sort(key=lambda v: (v.shape, v.file or "", v.line or 0, v.focus, v.path))
    return ValidationResult(conforms=not any(v.severity == "Violation" for v in violations), violations=violations)


def _shape_name(shapes: rdflib.Graph, shape) -> str:
    """The node shape a (possibly blank) property shape belongs to, as its local name."""
    node = shape
    for parent in shapes.subjects(SH.property, shape):
        node = parent
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text
