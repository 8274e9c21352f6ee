"""The RDF as an entity-level networkx graph (analytics in :mod:`graph.network.analytics`).

    >>> from graph.network import entity_graph, analytics          # doctest: +SKIP
    >>> g = entity_graph(build.quads, build.vocabulary_quads)       # doctest: +SKIP
    >>> stats = analytics(g)                                        # doctest: +SKIP

Nodes are the things a reader cares about — notes, resources, events, talks, people,
organisations, tools, topics, tags, sources, places — with their type, label, IRI and
aliases; tg:Mention records are not nodes but the provenance attached to each node
(``mentions``: file, line, text, and when known the line's ``permalink`` on the notes'
forge and the ``clip`` of a video the line starts at: its ``url`` and ``start`` in
seconds). Talks, resources, events and notes also carry their ``origins`` (file and line
where a note states them) and every node its ``link_roles`` (page, profile, replay, slides,
link, permalink), which the HTML explorer shows. Edges are typed by the predicate that
links them.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations

import networkx as nx
import pyoxigraph as ox

from ..rdf.namespaces import DCTERMS, PROV, RDF, SDO, SKOS, TG, TOOL, TOPIC
from .comentions import comention_sources
from .shape import Shape

TYPE = RDF + "type"

# class IRI -> entity type shown to users (the first that applies wins)
ENTITY_TYPES = [
    (TG + "Talk", "talk"),
    (SDO + "Event", "event"),
    (TG + "Note", "note"),
    (SDO + "Person", "person"),
    (SDO + "Organization", "organization"),
    (PROV + "Agent", "agent"),
    (SDO + "SoftwareApplication", "tool"),
    (TG + "CandidateTool", "candidate tool"),
    (TG + "Specification", "specification"),
    (TG + "Source", "source"),
    (SDO + "Place", "place"),
    (SDO + "CreativeWork", "resource"),
    (SKOS + "Concept", "tag"),
]
RESOURCE_CLASSES = ("VideoObject", "BlogPosting", "Article", "Book", "ScholarlyArticle", "TechArticle", "Course")
# predicates that become edges, with the edge type users see
EDGE_TYPES = {
    SDO + "performer": "performer",
    SDO + "affiliation": "affiliation",
    SDO + "mentions": "mentions",
    SDO + "about": "about",
    SDO + "subEvent": "subEvent",
    SDO + "author": "author",
    TG + "tag": "tag",
    TG + "source": "source",
    SDO + "location": "location",
    SDO + "organizer": "organizer",
    TG + "created": "created",
    SKOS + "broader": "broader",
}
LABELS = (SDO + "name", SKOS + "prefLabel")
ALIASES = (SDO + "alternateName", SKOS + "altLabel")
LINKS = (SDO + "url", SDO + "sameAs", SDO + "recordedIn", TG + "slides", TG + "permalink")
# what a mention (note#L12.1) or a clip (note#L12.clip) says, kept as its provenance row, not as an entity
PROVENANCE = {
    TG + "entity": "entity", TG + "note": "note", TG + "line": "line", TG + "text": "text", TG + "talk": "talk",
    TG + "permalink": "permalink", TG + "clip": "clip", SDO + "url": "url", SDO + "startOffset": "start",
}
# what each link is, for the explorer's panels (``link_roles``); subjectOf links (a talk's code
# repository…) are listed there only, so ``links`` (and the GraphML/GEXF exports) stay as they were
LINK_ROLES = {SDO + "url": "page", SDO + "sameAs": "profile", SDO + "recordedIn": "replay",
              TG + "slides": "slides", SDO + "subjectOf": "link", TG + "permalink": "permalink"}
PROPERTIES = {
    SDO + "jobTitle": "job title",
    SDO + "description": "description",
    TG + "resourceType": "resource type",
    SDO + "datePublished": "published",
    SDO + "startDate": "date",
    SDO + "duration": "duration",
    SDO + "inLanguage": "language",
    TG + "attended": "attended",
    SDO + "abstract": "TL;DR",
    TG + "sourceFile": "file",
    SDO + "dateCreated": "consulted",
    DCTERMS + "description": "description",
}


@dataclass
class _Entity:
    types: set[str] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    props: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roles: dict[str, str] = field(default_factory=dict)  # link -> role (LINK_ROLES)
    line: int = 0  # tg:line of a talk, resource or event: where its note states it
    derived: set[str] = field(default_factory=set)  # prov:wasDerivedFrom: the notes it was read from


def _packed(entities: dict[str, _Entity]) -> Iterator[tuple]:
    """Each entity as the tuple a compact part keeps (:attr:`EntityGraphBuilder.packed`), in order."""
    for iri, e in entities.items():
        yield (iri, tuple(e.types), tuple(e.labels), tuple(e.aliases), tuple(e.links),
               tuple((key, tuple(values)) for key, values in e.props.items()), tuple(e.roles.items()), e.line,
               tuple(e.derived))


def _entity_type(types: set[str]) -> str | None:
    if TG + "Talk" in types:
        return "talk"
    for cls, name in ENTITY_TYPES:
        if cls in types:
            return name
    if any(SDO + c in types for c in RESOURCE_CLASSES):
        return "resource"
    return None


class EntityGraphBuilder:
    """Builds :func:`entity_graph` from quads fed graph by graph, so a build can feed it while
    it mints each note (reading millions of quads back from the on-disk store is slow)."""

    resolved: Shape | None = None  # made by shape(), once everything is fed and merged (not in a part's pickle)
    # a compact part's entities (compact()): (iri, types, labels, aliases, links, props, roles, line, derived)
    packed: tuple[tuple, ...] = ()

    def __init__(self) -> None:
        self.entities: dict[str, _Entity] = defaultdict(_Entity)
        self.edges: list[tuple[str, str, str]] = []  # source, target, type
        self.mention_parts: dict[str, dict] = defaultdict(dict)  # of the graphs being fed, until resolved
        # entity, file, line, text, permalink, clip url, clip start: a note's part keeps its rows (it is pickled so)
        self.mention_rows: list[tuple[str, str, int, str, str | None, str | None, int | None]] = []
        self.merged: MentionColumns | None = None  # the parts' rows merged, in columns (see merge)
        self.names: dict[str, str] = {}  # the edges' IRIs and types as merged, each string once
        self.files: dict[str, str] = {}

    def feed(self, quads: Iterable[ox.Quad]) -> None:
        self._unresolve()
        entities, edges, mention_parts, files = self.entities, self.edges, self.mention_parts, self.files
        for quad in quads:
            s, p, o = quad.subject.value, quad.predicate.value, quad.object
            if "#L" in s and "/note/" in s:  # a mention or a clip of the note: provenance, not an entity
                if p in PROVENANCE:
                    mention_parts[s][PROVENANCE[p]] = o.value
                continue
            if p == TYPE:
                if o.value == TG + "Mention":
                    continue
                entities[s].types.add(o.value)
            elif p in LABELS:
                if o.value not in entities[s].labels:
                    entities[s].labels.append(o.value)
            elif p in ALIASES:
                entities[s].aliases.add(o.value)
            elif p in LINKS and isinstance(o, ox.NamedNode):
                entities[s].links.add(o.value)
                entities[s].roles.setdefault(o.value, LINK_ROLES.get(p, "page"))
            elif p in EDGE_TYPES and isinstance(o, ox.NamedNode):
                edges.append((s, o.value, EDGE_TYPES[p]))
            elif p == SDO + "about" and isinstance(o, ox.NamedNode):
                edges.append((s, o.value, "about"))
            elif p in PROPERTIES and isinstance(o, ox.Literal):
                entities[s].props[PROPERTIES[p]].add(o.value)
            if p == TG + "sourceFile":
                files[s] = o.value
            elif p == SDO + "subjectOf" and isinstance(o, ox.NamedNode):
                entities[s].roles.setdefault(o.value, "link")
            elif p == TG + "line" and isinstance(o, ox.Literal):
                entities[s].line = int(o.value)
            elif p == PROV + "wasDerivedFrom" and isinstance(o, ox.NamedNode):
                entities[s].derived.add(o.value)
        self._resolve_mentions()

    def add_mentions(self, rows: Iterable[tuple]) -> None:
        """Mention rows given as they are (entity, file, line, text, permalink, clip url, clip start), after
        :meth:`feed` of their graph's other quads: a dense note's 100k mentions are never made into quads."""
        self.mention_rows.extend(rows)

    def merge(self, part: EntityGraphBuilder) -> None:
        """Add what another builder was fed (one note's graph, fed in a worker process or cached).

        Merging the parts of the notes in order gives what feeding their quads in that order gives.
        """
        self._unresolve()
        for iri, types, labels, aliases, links, props, roles, line, derived in chain(part.packed,
                                                                                    _packed(part.entities)):
            into = self.entities[iri]
            into.types.update(types)
            into.labels.extend([label for label in labels if label not in into.labels])
            into.aliases.update(aliases)
            into.links.update(links)
            for key, values in props:
                into.props[key].update(values)
            for link, role in roles:
                into.roles.setdefault(link, role)
            if line:
                into.line = line
            into.derived.update(derived)
        name = self.names.setdefault  # one string an IRI: a part's own copies were ~160 bytes an edge
        self.edges.extend([(name(source, source), name(target, target), name(kind, kind))
                           for source, target, kind in part.edges])
        if self.merged is None:
            self.merged = MentionColumns()
        if part.merged is not None:  # a part made compact (every minted note's): its columns appended whole
            self.merged.append(part.merged)
        self.merged.extend(part.mention_rows)  # kept as 7-tuples, 560k rows were ~190 MB at 10k notes
        self.files.update(part.files)

    def compact(self) -> None:
        """Once a note's part is fed, what :meth:`merge` reads of it in the form cheapest to pickle and merge: its
        entities as tuples (``packed``; unpickling ~10 entities of a part as objects with their sets was ~0.28 ms,
        2.8 s of a 10k rebuild, the tuples a fifth of it) and its mention rows in columns, which are appended whole
        (row by row, 560k rows took 3.3 s of a 10k rebuild). Only :meth:`merge` reads a compact part."""
        self.packed = (*self.packed, *_packed(self.entities))
        self.entities = defaultdict(_Entity)
        if self.mention_rows:
            if self.merged is None:
                self.merged = MentionColumns()
            self.merged.extend(self.mention_rows)
            self.mention_rows = []

    def _unresolve(self) -> None:
        """What is fed or merged after :meth:`shape` is in the graph: the shape is made again."""
        if self.resolved is not None:
            self.resolved = None

    def _resolve_mentions(self) -> None:
        """A mention is described within its note's graph: resolve the fed ones to compact rows now."""
        parts_of = self.mention_parts
        for parts in parts_of.values():
            if "entity" in parts and "note" in parts:
                clip = parts_of.get(parts.get("clip", ""), {})
                start = int(clip["start"]) if "start" in clip else None
                row = (parts["entity"], self.files.get(parts["note"], ""), int(parts.get("line", 0)),
                       parts.get("text", ""), parts.get("permalink"), clip.get("url"), start)
                self.mention_rows.append(row)
        parts_of.clear()

    def shape(self, vocabulary_quads: Iterable[ox.Quad] = (), check: Callable[[], None] | None = None) -> Shape:
        """The nodes (type, label) and links of the graph :meth:`graph` makes: all the analytics read.

        Made once (the vocabularies' tools and topics are merged into the entities then);
        ``vocabulary_quads`` are read by the first call only.
        """
        if self.resolved is not None:
            return self.resolved
        check = check or _carry_on
        self._merge_vocabulary(vocabulary_quads)
        nodes: dict[str, tuple[str, str]] = {}
        for done, (iri, entity) in enumerate(self.entities.items()):
            if not done % CHECK_EVERY:
                check()
            kind = _entity_type(entity.types)
            if kind is None or (not entity.labels and kind != "note"):
                continue  # unnamed link targets (a replay, slides) are properties of a talk, not entities
            if iri.startswith(TOPIC):
                kind = "topic"
            label = entity.labels[0] if entity.labels else iri.rsplit("/", 1)[-1]
            if kind == "note" and entity.props.get("file"):
                label = next(iter(entity.props["file"]))
            nodes[iri] = (kind, label)
        check()
        links = [link for link in dict.fromkeys(self.edges)  # each once, first seen first (the edges' own tuples)
                 if link[0] != link[1] and link[0] in nodes and link[1] in nodes]
        self.resolved = Shape(nodes, links)
        return self.resolved

    def _merge_vocabulary(self, vocabulary_quads: Iterable[ox.Quad]) -> None:
        """The tools and topics that a talk or note mentions or is about get their vocabulary's labels and links."""
        entities = self.entities
        used = {t for _, t, _ in self.edges}
        vocab_entities: dict[str, _Entity] = defaultdict(_Entity)
        for quad in vocabulary_quads:
            s = quad.subject.value
            if s not in used or not (s.startswith(TOOL) or s.startswith(TOPIC)):
                continue
            p, o = quad.predicate.value, quad.object
            if p == TYPE:
                vocab_entities[s].types.add(o.value)
            elif p in LABELS and (not isinstance(o, ox.Literal) or o.language in (None, "en")):
                vocab_entities[s].labels.append(o.value)
            elif p in ALIASES or (p == SKOS + "prefLabel" and isinstance(o, ox.Literal)):
                vocab_entities[s].aliases.add(o.value)
            elif p == SDO + "url" and isinstance(o, ox.NamedNode):
                vocab_entities[s].links.add(o.value)
                vocab_entities[s].roles.setdefault(o.value, "page")
        for iri, entity in vocab_entities.items():
            merged = entities[iri]
            merged.types |= entity.types
            merged.labels = entity.labels + [x for x in merged.labels if x not in entity.labels]
            merged.aliases |= entity.aliases
            merged.links |= entity.links
            merged.roles = {**entity.roles, **merged.roles}

    def graph(self, vocabulary_quads: Iterable[ox.Quad] = (), check: Callable[[], None] | None = None
              ) -> nx.MultiDiGraph:
        """The entity graph of what was fed and merged. ``check`` is called every :data:`CHECK_EVERY`
        entities and links (at 10k notes the graph takes seconds): the caller's chance to stop it, by raising."""
        shape = self.shape(vocabulary_quads, check)
        check = check or _carry_on
        entities = self.entities
        columns = self.merged if self.merged is not None else MentionColumns()
        columns.extend(self.mention_rows)  # the rows fed here rather than merged
        self.merged, self.mention_rows = columns, []
        mentions = MentionTable.of_columns(columns)
        graph = nx.MultiDiGraph()
        for done, (iri, (kind, label)) in enumerate(shape.nodes.items()):
            if not done % CHECK_EVERY:
                check()
            entity = entities[iri]
            graph.add_node(
                iri,
                type=kind,
                label=label,
                iri=iri,
                aliases=sorted((set(entity.labels[1:]) | entity.aliases) - {label}),
                links=sorted(entity.links),
                properties={k: sorted(v) for k, v in sorted(entity.props.items())},
                mentions=mentions.of_entity(iri),
                origins=_origins(iri, kind, entity, self.files),
                link_roles=dict(sorted(entity.roles.items())),
            )
        degree: Counter[str] = Counter()  # in + out links, as graph.degree() counts them (no loops)
        for done, (source, target, kind) in enumerate(shape.links()):
            if not done % CHECK_EVERY:
                check()
            graph.add_edge(source, target, key=kind, type=kind)
            degree[source] += 1
            degree[target] += 1
        for node, data in graph.nodes(data=True):
            data["degree"] = degree[node]
        return graph


CHECK_EVERY = 4096  # entities or links between two calls of graph()'s ``check``


def _carry_on() -> None:
    """The ``check`` of a graph no one may stop."""


class MentionColumns:
    """Mention rows (entity, file, line, text, permalink, clip url, clip start) in columns, in the order added.

    Entities and files are numbered, lines are an array, the texts one UTF-8 buffer (the
    mentions of one line, which share its text, share its bytes): a few bytes a mention and
    its text, where a 7-tuple and its strings were ~330 bytes.
    """

    __slots__ = ("entities", "entity", "files", "file", "line", "texts", "offset", "size", "extra")

    def __init__(self) -> None:
        self.entities: dict[str, int] = {}
        self.files: dict[str, int] = {}
        self.entity, self.file, self.line = array("I"), array("I"), array("q")
        self.texts = bytearray()
        self.offset, self.size = array("Q"), array("I")  # row -> its text's bytes in ``texts``
        self.extra: dict[int, tuple[str | None, str | None, int | None]] = {}  # row -> permalink, clip url, start

    @classmethod
    def of(cls, rows: Iterable[tuple]) -> MentionColumns:
        columns = cls()
        columns.extend(rows)
        return columns

    def __len__(self) -> int:
        return len(self.line)

    def extend(self, rows: Iterable[tuple]) -> None:
        entities, files, texts, shared = self.entities, self.files, self.texts, {}
        for entity, file, line, text, permalink, clip_url, clip_start in rows:
            self.entity.append(entities.setdefault(entity, len(entities)))
            self.file.append(files.setdefault(file, len(files)))
            self.line.append(line)
            span = shared.get(text)
            if span is None:
                data = text.encode("utf-8", "surrogatepass")
                span = shared[text] = (len(texts), len(data))
                texts += data
            self.offset.append(span[0])
            self.size.append(span[1])
            if permalink or clip_start is not None:
                self.extra[len(self.line) - 1] = (permalink, clip_url, clip_start)

    def append(self, other: MentionColumns) -> None:
        """Another's rows after these: the columns that extending these by the rows ``other`` was extended by,
        call for call, gives (numbers, shared texts and all), at a list operation per column and row."""
        base, shift = len(self.line), len(self.texts)
        entities = [self.entities.setdefault(name, len(self.entities)) for name in other.entities]  # in number order
        files = [self.files.setdefault(name, len(self.files)) for name in other.files]
        self.entity.extend([entities[number] for number in other.entity])
        self.file.extend([files[number] for number in other.file])
        self.line.extend(other.line)
        self.texts += other.texts
        self.offset.extend([offset + shift for offset in other.offset])
        self.size.extend(other.size)
        for row, extra in other.extra.items():
            self.extra[base + row] = extra

    def text(self, row: int) -> str:
        start = self.offset[row]
        return self.texts[start : start + self.size[row]].decode("utf-8", "surrogatepass")


class MentionTable:
    """Every mention of an entity graph's nodes, in columns, sorted by entity, file, line and text.

    One dict per mention was ~300 bytes each (560k of them at 10k notes); the table is a
    :class:`MentionColumns` and the order of its rows, each node's ``mentions`` a
    :class:`Mentions` view of its run of rows.
    """

    __slots__ = ("columns", "order", "files", "spans")

    def __init__(self, columns: MentionColumns | None = None) -> None:
        self.columns = MentionColumns() if columns is None else columns
        self.order = array("I")  # table row -> row of the columns
        self.files: list[str] = list(self.columns.files)  # file number -> path
        self.spans: dict[str, tuple[int, int]] = {}  # entity -> its rows

    @classmethod
    def of(cls, rows: list[tuple]) -> MentionTable:
        """The table of mention rows (entity, file, line, text, permalink, clip url, clip start)."""
        return cls.of_columns(MentionColumns.of(rows))

    @classmethod
    def of_columns(cls, columns: MentionColumns) -> MentionTable:
        """The table of these columns: sorted as ``sorted(rows, key=itemgetter(0, 1, 2, 3))`` sorts their rows."""
        import numpy as np  # here, not at import: 0.2 s that a build whose graph is not made never needs

        table = cls(columns)
        if not len(columns):
            return table
        entity_rank, entities = _ranks(columns.entities)
        file_rank, _ = _ranks(columns.files)
        unique, first, where = np.unique(_numbers(columns.offset), return_index=True, return_inverse=True)
        starts, stops = unique.tolist(), (unique + _numbers(columns.size)[first]).tolist()
        texts = columns.texts  # UTF-8 bytes (surrogates passed through) sort as their code points, as strings do
        by_text = sorted(range(len(starts)), key=lambda i: texts[starts[i]:stops[i]])
        text_rank = np.empty(len(starts), dtype=np.int64)
        text_rank[by_text] = np.arange(len(starts))
        row_entity = entity_rank[_numbers(columns.entity)]
        keys = (text_rank[where], _numbers(columns.line), file_rank[_numbers(columns.file)], row_entity)
        table.order = array("I", np.lexsort(keys).astype(np.uint32).tobytes())  # stable: equal rows keep their order
        ends = np.cumsum(np.bincount(row_entity, minlength=len(entities))).tolist()
        for place, name in enumerate(entities):
            table.spans[name] = (ends[place - 1] if place else 0, ends[place])
        return table

    def __len__(self) -> int:
        return len(self.order)

    def file_of(self, index: int) -> str:
        return self.files[self.columns.file[self.order[index]]]

    def line_of(self, index: int) -> int:
        return self.columns.line[self.order[index]]

    def text_of(self, index: int) -> str:
        return self.columns.text(self.order[index])

    def extra_of(self, index: int) -> tuple[str | None, str | None, int | None] | None:
        """The row's permalink, clip url and clip start, when it has one of them."""
        return self.columns.extra.get(self.order[index])

    def of_entity(self, iri: str) -> Mentions:
        start, stop = self.spans.get(iri, (0, 0))
        return Mentions(self, start, stop)

    def row(self, index: int) -> dict:
        found: dict = {"file": self.file_of(index), "line": self.line_of(index), "text": self.text_of(index)}
        extra = self.extra_of(index)
        if extra is not None:
            permalink, clip_url, clip_start = extra
            if permalink:
                found["permalink"] = permalink
            if clip_start is not None:
                found["clip"] = {"url": clip_url, "start": clip_start}
        return found


def _numbers(column: array):
    """A column as a numpy array (a view: the column must not grow while it lives)."""
    import numpy as np

    return np.frombuffer(column, dtype=np.dtype(column.typecode))


def _ranks(numbers: dict[str, int]):
    """Each number's place when the names are sorted (a numpy array, by number), and the sorted names."""
    import numpy as np

    names = sorted(numbers)
    rank = np.empty(len(numbers), dtype=np.int64)
    rank[[numbers[name] for name in names]] = np.arange(len(names))
    return rank, names


class Mentions(Sequence):
    """A node's mentions (``file``, ``line``, ``text``, maybe ``permalink`` and ``clip``): dicts made on access
    from the graph's :class:`MentionTable`, equal to the list of the same dicts."""

    __slots__ = ("table", "start", "stop")

    def __init__(self, table: MentionTable, start: int, stop: int):
        self.table, self.start, self.stop = table, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.table.row(self.start + i) for i in range(*index.indices(len(self)))]
        return self.table.row(self.start + range(len(self))[index])

    def __iter__(self):
        row = self.table.row
        return (row(i) for i in range(self.start, self.stop))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    def __repr__(self) -> str:
        return repr(list(self))


def _origins(iri: str, kind: str, entity: _Entity, files: dict[str, str]) -> list[dict]:
    """Where the notes state an entity itself (not a mention of it): a note is its own file
    from line 1; a talk, resource or event is the line of its title in the note it comes from."""
    if kind == "note":
        return [{"file": files[iri], "line": 1}] if iri in files else []
    found = {(files[note], entity.line or 1) for note in entity.derived if note in files}
    return [{"file": file, "line": line} for file, line in sorted(found)]


def entity_graph(quads: Iterable[ox.Quad], vocabulary_quads: Iterable[ox.Quad] = ()) -> nx.MultiDiGraph:
    """Entities of the note graphs (plus the tools and topics they use) and their typed links."""
    builder = EntityGraphBuilder()
    builder.feed(quads)
    return builder.graph(vocabulary_quads)


def comention_counts(graph: nx.MultiDiGraph) -> Counter[tuple[str, str]]:
    """(tool or topic, tool or topic) -> how many talks or notes mention (or are about) both."""
    counts: Counter[tuple[str, str]] = Counter()
    for members in comention_sources(graph):
        counts.update(combinations(members, 2))
    return counts


def comention_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Tools and topics linked when a talk or note mentions (or is about) both; weight = how many do."""
    co = nx.Graph()
    for (a, b), weight in sorted(comention_counts(graph).items()):
        co.add_edge(a, b, weight=weight)
    for node in co.nodes:
        co.nodes[node].update(type=graph.nodes[node]["type"], label=graph.nodes[node]["label"])
    return co
