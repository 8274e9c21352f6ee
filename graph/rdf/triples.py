"""Domain records -> quads, one named graph per note (graph IRI = the note's IRI).

Each note's graph is self-contained: it states everything the note says about the
entities it touches (a person's name and links as this note gives them), so replacing
or deleting one note's graph updates every output without touching the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..extract.records import Agent, DateValue, NoteRecord, Talk
from ..extract.vocab import Vocabulary
from ..notes.facts import FileRevision
from ..util.text import slug
from .clips import clip_quads, permalink
from .iris import AgentIndex, Minter, NoteIndex
from .namespaces import CATEGORY, RDF, SDO, TG, XSD, K, P, R, S, T
from .text import affix_forms, graph_text, strip_prefixes
from .tools import ToolIndex, resolve_tools

_TYPE = R.type
_CLASS_OF_TYPE = {
    "video": "VideoObject",
    "blogpost": "BlogPosting",
    "article": "Article",
    "book": "Book",
    "paper": "ScholarlyArticle",
    "documentation": "TechArticle",
    "wikipedia": "Article",
    "course": "Course",
    "talk": None,
    "conference": None,
    "meetup": None,
    "cheatsheet": "CreativeWork",
    "other": "CreativeWork",
}
_SCHEMES = {"language": "Languages", "topic": "Topics", "level": "Levels", "other": "Tags"}
_AGENT_CLASS = {"person": S.Person, "organization": S.Organization, "agent": P.Agent}


def lit(value: str) -> ox.Literal:
    return ox.Literal(value)


_DATATYPES: dict[str, ox.NamedNode] = {}


def typed(value: str, datatype: str) -> ox.Literal:
    node = _DATATYPES.get(datatype)
    if node is None:
        node = _DATATYPES[datatype] = ox.NamedNode(XSD + datatype)
    return ox.Literal(value, datatype=node)


def boolean(value: bool) -> ox.Literal:
    return typed("true" if value else "false", "boolean")


def integer(value: int) -> ox.Literal:
    return typed(str(value), "integer")


def date(value: DateValue) -> ox.Literal:
    return typed(value.value, value.datatype)


def decimal(value: float) -> ox.Literal:
    """An xsd:decimal in canonical form ("0.45", "1.0"), as stores and parsers write it back."""
    text = f"{value:.3f}".rstrip("0")
    return typed(text + "0" if text.endswith(".") else text, "decimal")


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def duration(minutes: int) -> ox.Literal:
    hours, rest = divmod(minutes, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")
    return typed(text, "duration")


class _Graph:
    """Collects the quads of one note's graph, skipping values that are not valid terms."""

    def __init__(self, graph: str):
        self.graph = ox.NamedNode(graph)
        self.quads: list[ox.Quad] = []
        self.seen: set[tuple] = set()

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        seen = self.seen
        size = len(seen)
        seen.add((s, p, o))  # one hashing of the three terms, not two (a test, then the add)
        if len(seen) != size:
            self.quads.append(ox.Quad(s, p, o, self.graph))

    def url(self, s: ox.NamedNode, p: ox.NamedNode, url: str | None) -> ox.NamedNode | None:
        """Adds an IRI object; a URL that is not a valid IRI is kept as a literal instead."""
        if not url:
            return None
        try:
            node = ox.NamedNode(url)
        except ValueError:
            self.add(s, T.invalidIri, lit(url))
            return None
        self.add(s, p, node)
        return node


@dataclass(frozen=True)
class NoteGraph:
    """One note's named graph as text, and what the entity graph and the type counts read of it.

    ``quads`` are its quads but the mentions' (the head, then the entities, ``schema:mentions``
    and topics among and after the mentions); ``rows`` are the mentions, as the entity graph's
    rows; ``mentions`` their count.
    """

    name: str
    nquads: bytes
    trig: bytes
    count: int
    quads: list[ox.Quad]
    rows: list[tuple]
    mentions: int

    def parsed(self) -> list[ox.Quad]:
        """Every quad of the graph, parsed from its N-Quads."""
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS, lenient=True))


def note_graph(
    record: NoteRecord,
    minter: Minter,
    agents: AgentIndex,
    vocab: Vocabulary,
    notes: NoteIndex | None = None,
    revision: FileRevision | None = None,
    tools: ToolIndex | None = None,
    prefixes: dict[str, str] | None = None,
) -> NoteGraph:
    """One note's named graph as text, its mentions never made into quads (:meth:`NoteGraph.parsed`
    gives every quad).

    ``notes`` resolves README talks and wikilinks to notes; ``revision`` is where the note
    file stands on its forge (:class:`graph.notes.FileFacts`): with it, the note, its talks,
    clips and mentions get their ``tg:permalink``; ``tools`` says which candidates the whole
    corpus made tools (:mod:`graph.rdf.tools`). A topic note (``record.kind == "topic"``)
    has no resource: the note itself is about its topics. ``prefixes`` are those of the TriG
    block (:func:`graph.rdf.namespaces.prefixes`).
    """
    g, ctx, talk_nodes, clips = _head(record, minter, agents, vocab, notes, revision, tools)
    out = _Lines(g)
    rows = _mentions(ctx, talk_nodes, clips, out, prefixes or {})
    for topic_id, talk_title in record.topics:
        subject = talk_nodes.get(talk_title) if talk_title else (ctx.note if record.kind == "topic" else ctx.res)
        if subject is not None and topic_id in vocab.topics:
            g.add(subject, S.about, iri(minter.topic(topic_id)))
    out.take()
    head = g.quads
    texts = graph_text(g.graph, head, out.lines, prefixes or {}, out.terms, out.known)
    if texts is None:  # no TriG block to continue: every line parsed into a quad, serialised whole
        tail = f" {g.graph} .\n"
        data = "".join(f"{s} {p} {o}{tail}" for s, p, o in out.lines).encode("utf-8", "surrogatepass")
        quads = head + list(ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True))
        texts = ox.serialize(quads, format=ox.RdfFormat.N_QUADS), strip_prefixes(
            ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes or {}))
    return NoteGraph(g.graph.value, texts[0], texts[1], len(head) + len(out.lines), head + out.side, rows,
                     len(rows))


def _head(record: NoteRecord, minter: Minter, agents: AgentIndex, vocab: Vocabulary, notes: NoteIndex | None,
          revision: FileRevision | None, tools: ToolIndex | None):
    """The quads before the mentions: the note, its resource and events, its talks and clips."""
    g = _Graph(minter.note(record.path))
    event = record.resource.event
    res = minter.event(event.key) if event is not None and event.key is not None else minter.resource(record.path)
    ctx = _Context(
        g, record, minter, agents, vocab, iri(minter.note(record.path)), iri(res), notes or NoteIndex(),
        tools if tools is not None else resolve_tools([record]), revision,
    )
    _note(ctx)
    if record.kind != "topic":
        _resource(ctx)
        _event(ctx)
        _super_event(ctx)
    talk_nodes = {talk.title: _talk(ctx, talk) for talk in record.talks}
    clips = clip_quads(g, record, minter, ctx.res, revision)
    return g, ctx, talk_nodes, clips


@dataclass(frozen=True)
class _Context:
    """What every part of one note's graph is minted from."""

    g: _Graph
    record: NoteRecord
    minter: Minter
    agents: AgentIndex
    vocab: Vocabulary
    note: ox.NamedNode
    res: ox.NamedNode
    notes: NoteIndex
    tools: ToolIndex
    revision: FileRevision | None = None

    def agent(self, agent: Agent) -> ox.NamedNode:
        return _agent(self.g, agent, self.minter, self.agents, self.vocab)


def _note(ctx: _Context) -> None:
    g, record, note = ctx.g, ctx.record, ctx.note
    g.add(note, _TYPE, T.Note)
    g.add(note, T.sourceFile, lit(record.path))
    g.add(note, S.name, lit(record.title))
    g.add(note, T.lineCount, integer(record.line_count))
    if record.consulted:
        g.add(note, S.dateCreated, date(record.consulted))
    if record.kind == "topic":
        g.add(note, _TYPE, T.TopicNote)
        tool = ctx.vocab.tool_for_name(record.title)
        if tool is not None:  # a topic note named after a tool (structured/duckdb.md) is about that tool
            g.add(note, S.about, iri(tool.iri))
    else:
        g.add(note, S.about, ctx.res)
    if ctx.revision is not None:  # the title's line, or the whole file when that line has uncommitted changes
        line = record.resource.title_line
        permalink(g, note, ctx.revision, line if ctx.revision.committed_line(line) else None)
    if record.tldr:
        g.add(note, S.abstract, lit(record.tldr))
    for key, value, _line in record.resource.extra:
        g.add(note, T.metadataEntry, lit(f"{key} = {value}"))
    if record.language:
        g.add(note, S.inLanguage, lit(record.language))
    for target in record.links_to:
        path = ctx.notes.note_for(target)
        if path is not None and path != record.path:
            g.add(note, T.linksTo, iri(ctx.minter.note(path)))


def _resource(ctx: _Context) -> None:
    """The resource the note is about: its class, name, links, dates, authors, source and tags."""
    g, res, resource = ctx.g, ctx.res, ctx.record.resource
    cls = _CLASS_OF_TYPE.get(resource.type)
    g.add(res, _TYPE, S.CreativeWork if cls is None else iri(SDO + cls))
    if resource.event is not None or resource.type in ("conference", "meetup"):
        g.add(res, _TYPE, S.Event)
        g.add(res, _TYPE, T.Conference if resource.type == "conference" else T.Meetup)
    if resource.is_talk or resource.type == "talk":
        g.add(res, _TYPE, T.Talk)
    g.add(res, S.name, lit(resource.title))
    g.add(res, T.resourceType, lit(resource.type))
    if resource.raw_type:
        g.add(res, T.rawType, lit(resource.raw_type))
    g.add(res, P.wasDerivedFrom, ctx.note)
    g.add(res, T.line, integer(resource.title_line))
    for url in resource.urls:
        g.url(res, S.url, url)
    if resource.published:
        g.add(res, S.datePublished, date(resource.published))
    if resource.raw_published and (
        resource.published is None or resource.raw_published.strip() != resource.published.value
    ):
        g.add(res, T.rawDatePublished, lit(resource.raw_published))
    for author in resource.authors:
        node = ctx.agent(author)
        g.add(res, S.author, node)
        if resource.is_talk:
            g.add(res, S.performer, node)
    if resource.source:
        _source(ctx, resource.source)
    for tag in resource.tags:
        g.add(res, T.tag, _tag(g, tag.scheme, tag.path, ctx.minter, ctx.vocab))
    if resource.talk is not None:
        _talk_details(ctx, res, resource.talk)


def _source(ctx: _Context, source) -> None:
    g = ctx.g
    src = iri(ctx.minter.source(source.name, source.url))
    g.add(ctx.res, T.source, src)
    g.add(src, _TYPE, T.Source)
    if source.name:
        g.add(src, S.name, lit(source.name))
    if source.description and source.description != source.name:
        g.add(src, S.alternateName, lit(source.description))
    g.url(src, S.url, source.url)


def _event(ctx: _Context) -> None:
    event, g, res = ctx.record.resource.event, ctx.g, ctx.res
    if event is None:
        return
    for name in event.alternate_names:
        g.add(res, S.alternateName, lit(name))
    if event.start_date:
        g.add(res, S.startDate, date(event.start_date))
    if event.end_date:
        g.add(res, S.endDate, date(event.end_date))
    if event.source and event.source != ctx.record.path:
        g.add(res, P.wasDerivedFrom, iri(ctx.minter.note(event.source)))
    if event.place:
        place = iri(ctx.minter.place(event.place.name))
        g.add(res, S.location, place)
        g.add(place, _TYPE, S.Place)
        g.add(place, S.name, lit(event.place.name))
    for organizer in event.organizers:
        g.add(res, S.organizer, ctx.agent(organizer))


class _MentionTerms:
    """The terms a note's mentions repeat, made once per note, as their N-Triples text: a line's
    number, a surface's literal, an entity.

    A dense note (a pasted programme) has 100k mentions over a few thousand distinct lines,
    surfaces and entities; making each term once halves the cost of minting them.
    """

    def __init__(self, ctx: _Context, lines: _Lines):
        self.ctx, self.lines = ctx, lines
        self.integers: dict[int, str] = {}
        self.strings: dict[str, str] = {}
        self.decimals: dict[float, str] = {}
        self.entities: dict[tuple, tuple[ox.NamedNode | None, bool, str]] = {}
        self.nodes: dict[ox.NamedNode, str] = {}

    def integer(self, value: int) -> str:
        text = self.integers.get(value)
        if text is None:
            text = self.integers[value] = str(integer(value))
        return text

    def string(self, value: str) -> str:
        text = self.strings.get(value)
        if text is None:
            text = self.strings[value] = str(lit(value))
        return text

    def decimal(self, value: float) -> str:
        text = self.decimals.get(value)
        if text is None:
            text = self.decimals[value] = str(decimal(value))
        return text

    def node(self, node: ox.NamedNode) -> str:
        text = self.nodes.get(node)
        if text is None:
            text = self.nodes[node] = str(node)
        return text

    def texts(self) -> list[str]:
        """Every term's text made here (the objects of the mentions' lines)."""
        return [*self.integers.values(), *self.strings.values(), *self.decimals.values(), *self.nodes.values(),
                *(text for _, _, text in self.entities.values() if text), str(_TRUE), _P_MENTION]

    def entity(self, mention) -> tuple[ox.NamedNode | None, bool, str]:
        """:func:`_mention_entity`, once per entity: later calls would only add the quads already added.

        The entity's own quads follow the lines of the mentions before it.
        """
        key = (mention.kind, mention.key, mention.candidate)
        found = self.entities.get(key)
        if found is None:
            node, is_tool = _mention_entity(self.ctx, mention)
            self.lines.take()
            found = self.entities[key] = (node, is_tool, str(node) if node is not None else "")
        return found


class _Lines:
    """The lines of one graph after its head, as the N-Triples text of their terms (:mod:`graph.rdf.text`).

    ``ox.Quad(s, p, literal, g)`` costs ~7 µs (the binding tries the object as a NamedNode
    and a BlankNode first, each failure an exception), one with an IRI object 0.6 µs: a
    mention's line, text, section and evidence are literals, so its lines are kept as text
    (every term's text is Oxigraph's own, made once per term) and never become quads. The
    few quads added to the graph among them (an entity's description, ``schema:mentions``,
    the topics) are taken into the lines in their place, and kept in ``side`` as quads for
    the entity graph and the type counts.
    """

    def __init__(self, g: _Graph):
        self.g, self.head = g, len(g.quads)
        self.lines: list[tuple[str, str, str]] = []
        self.side: list[ox.Quad] = []
        self.terms: set[str] = set()  # the subjects and objects of the lines taken from quads
        self.known: dict[str, str] = {}  # TriG forms made here (the mentions' nodes)

    def take(self) -> None:
        """Move the quads added to the graph since the last call into the lines (in their order)."""
        quads = self.g.quads
        if len(quads) > self.head:
            added = quads[self.head :]
            del quads[self.head :]
            self.side.extend(added)
            lines = [(str(q.subject), str(q.predicate), str(q.object)) for q in added]
            self.lines.extend(lines)
            self.terms.update(t for s, _, o in lines for t in (s, o))


_TRUE = boolean(True)


def _mentions(ctx: _Context, talk_nodes: dict[str, ox.NamedNode], clips: dict[int, ox.NamedNode],
              out: _Lines, prefixes: dict[str, str]) -> list[tuple]:
    """One tg:Mention per occurrence, with its provenance (its clip, its permalink); tools also as
    schema:mentions of the talk or note. Returns each mention's row for the entity graph
    (:meth:`graph.network.EntityGraphBuilder.add_mentions`): the mentions are never quads.

    A mention's node is a fresh subject (one per line and rank), so its lines are added
    without the graph's duplicate check; only ``schema:mentions`` can repeat. The lines are
    those ``ox.Quad`` would make, in the same order (:class:`_Lines`).
    """
    g, record, terms = ctx.g, ctx.record, _MentionTerms(ctx, out)
    add = out.lines.append
    prefix = "<" + ctx.minter.mention_prefix(record.path)
    note, note_text, true = ctx.note, terms.node(ctx.note), str(_TRUE)
    clip_facts = _clip_facts(g.quads, clips)
    rows: list[tuple] = []
    per_line: dict[int, int] = {}
    stated: set[tuple] = set()  # (subject, entity) of the schema:mentions already added
    affix = affix_forms(prefix, prefixes) if record.mentions else None
    nodes = out.known if affix is not None else None
    before, after = affix or ("", "")
    for mention in sorted(record.mentions, key=lambda m: (m.line, m.kind, m.key, m.surface)):
        entity, is_tool, entity_text = terms.entity(mention)
        if entity is None:
            continue
        line = mention.line
        rank = per_line[line] = per_line.get(line, 0) + 1
        node = f"{prefix}{line}.{rank}>"
        if nodes is None:
            out.terms.add(node)
        else:
            nodes[node] = f"{before}{line}.{rank}{after}"
        add((node, _P_TYPE, _P_MENTION))
        add((node, _P_ENTITY, entity_text))
        add((node, _P_NOTE, note_text))
        add((node, _P_LINE, terms.integer(line)))
        add((node, _P_TEXT, terms.string(mention.surface)))
        if mention.talk and mention.talk in talk_nodes:
            add((node, _P_TALK, terms.node(talk_nodes[mention.talk])))
        if mention.section:
            add((node, _P_SECTION, terms.string(mention.section)))
        if mention.by_note_taker:
            add((node, _P_BY_NOTE_TAKER, true))
        if mention.evidence or mention.evidences:
            for evidence in dict.fromkeys(filter(None, (mention.evidence, *mention.evidences))):
                add((node, _P_EVIDENCE, terms.string(evidence)))
        if mention.confidence is not None:
            add((node, _P_CONFIDENCE, terms.decimal(mention.confidence)))
        if mention.corrected:
            add((node, _P_CORRECTED, true))
        clip = clips.get(line)
        if clip is not None:
            add((node, _P_CLIP, terms.node(clip)))
        link = _mention_permalink(add, out.terms, node, ctx.revision, line)
        url, start = clip_facts.get(clip, (None, None))
        rows.append((entity.value, record.path, line, mention.surface, link, url, start))
        if is_tool:
            subject = (talk_nodes.get(mention.talk) if mention.talk else None) or note
            if (subject, entity) not in stated:
                stated.add((subject, entity))
                g.add(subject, _MENTIONS, entity)
                out.take()
    out.terms.update(terms.texts())
    return rows


def _clip_facts(quads: list[ox.Quad], clips: dict[int, ox.NamedNode]) -> dict[ox.NamedNode, tuple]:
    """Each clip node's deep link and start (what a mention row on its line carries)."""
    nodes = set(clips.values())
    urls, starts = {}, {}
    for quad in quads if nodes else ():
        if quad.subject in nodes:
            if quad.predicate == S.url:
                urls[quad.subject] = quad.object.value
            elif quad.predicate == S.startOffset:
                starts[quad.subject] = int(quad.object.value)
    return {node: (urls.get(node), starts.get(node)) for node in nodes}


def _mention_permalink(add, terms: set[str], node: str, revision: FileRevision | None, line: int) -> str | None:
    """:func:`~graph.rdf.clips.permalink` of a mention node given as text (a fresh node: nothing to deduplicate);
    returns the permalink when it is an IRI. ``terms`` gathers the objects' texts."""
    url = revision.permalink(line) if revision is not None else None
    if not url:
        return None
    try:
        text = str(ox.NamedNode(url))
        found = url
        add((node, _P_PERMALINK, text))
    except ValueError:
        text, found = str(lit(url)), None
        add((node, _P_INVALID_IRI, text))
    terms.add(text)
    return found


_ENTITY, _NOTE, _LINE, _TEXT, _TALK, _SECTION = T.entity, T.note, T.line, T.text, T.talk, T.section
_BY_NOTE_TAKER, _EVIDENCE, _CONFIDENCE, _CORRECTED, _CLIP = T.byNoteTaker, T.evidence, T.confidence, T.corrected, T.clip
_MENTIONS = S.mentions
_P_TYPE, _P_MENTION, _P_ENTITY, _P_NOTE, _P_LINE, _P_TEXT, _P_TALK, _P_SECTION = (
    str(term) for term in (_TYPE, T.Mention, _ENTITY, _NOTE, _LINE, _TEXT, _TALK, _SECTION))
_P_BY_NOTE_TAKER, _P_EVIDENCE, _P_CONFIDENCE, _P_CORRECTED, _P_CLIP, _P_MENTIONS, _P_PERMALINK, _P_INVALID_IRI = (
    str(term) for term in (_BY_NOTE_TAKER, _EVIDENCE, _CONFIDENCE, _CORRECTED, _CLIP, _MENTIONS, T.permalink,
                           T.invalidIri))


def _super_event(ctx: _Context) -> None:
    """A note that is one talk: its event, described in this note's graph too, and both links."""
    event, g, res = ctx.record.resource.super_event, ctx.g, ctx.res
    if event is None:
        return
    node = iri(ctx.minter.event(event.key or slug(event.name)))
    g.add(node, _TYPE, S.Event)
    g.add(node, _TYPE, T.Meetup if event.kind == "meetup" else T.Conference)
    g.add(node, S.name, lit(event.name))
    for name in event.alternate_names:
        g.add(node, S.alternateName, lit(name))
    g.url(node, S.url, event.url)
    if event.start_date:
        g.add(node, S.startDate, date(event.start_date))
    if event.end_date:
        g.add(node, S.endDate, date(event.end_date))
    if event.place:
        place = iri(ctx.minter.place(event.place.name))
        g.add(node, S.location, place)
        g.add(place, _TYPE, S.Place)
        g.add(place, S.name, lit(event.place.name))
    if event.source:
        g.add(node, P.wasDerivedFrom, iri(ctx.minter.note(event.source)))
    g.add(res, S.superEvent, node)
    g.add(node, S.subEvent, res)


def _talk_node(ctx: _Context, talk: Talk) -> ox.NamedNode:
    """A README's talk is the resource of its own note when it links to it (or has its title in the folder)."""
    target = talk.note
    if target is None and ctx.record.listing:
        folder = ctx.record.path.rsplit("/", 1)[0] if "/" in ctx.record.path else ""
        target = ctx.notes.talk_note(folder, talk.title)
    if target is not None:
        return iri(ctx.minter.resource(target))
    return iri(ctx.minter.talk(ctx.record.path, talk.title))


def _talk(ctx: _Context, talk: Talk) -> ox.NamedNode:
    g, event, note = ctx.g, ctx.res, ctx.note
    node = _talk_node(ctx, talk)
    g.add(node, _TYPE, T.Talk)
    g.add(node, S.name, lit(talk.title))
    g.add(node, S.superEvent, event)
    g.add(event, S.subEvent, node)
    if talk.attended is not None:
        g.add(node, T.attended, boolean(talk.attended))
    g.add(node, T.line, integer(talk.line))
    g.add(node, P.wasDerivedFrom, note)
    permalink(g, node, ctx.revision, talk.line)
    _talk_details(ctx, node, talk)
    for speaker in talk.speakers:
        g.add(node, S.performer, ctx.agent(speaker))
    return node


def _talk_details(ctx: _Context, node: ox.NamedNode, talk: Talk) -> None:
    """Links, duration, language and subtitle of a talk (a section of a note, or a note that is one talk)."""
    g = ctx.g
    if node == ctx.res and talk.attended is not None:
        g.add(node, T.attended, boolean(talk.attended))
    g.url(node, S.url, talk.url)
    replay = g.url(node, S.recordedIn, talk.replay)
    if replay is not None:
        g.add(replay, _TYPE, S.VideoObject)
    slides = g.url(node, T.slides, talk.slides)
    if slides is not None:
        g.add(slides, _TYPE, S.PresentationDigitalDocument)
    for _label, url in talk.other_links:
        g.url(node, S.subjectOf, url)
    if talk.duration_minutes:
        g.add(node, S.duration, duration(talk.duration_minutes))
        if talk.duration_inferred:
            g.add(node, T.durationInferred, boolean(True))
    if talk.language:
        g.add(node, S.inLanguage, lit(talk.language))
    if talk.subtitle:
        g.add(node, S.alternativeHeadline, lit(talk.subtitle))
    for name in talk.alternate_names:
        g.add(node, S.alternateName, lit(name))


def _agent(g: _Graph, agent: Agent, minter: Minter, agents: AgentIndex, vocab: Vocabulary) -> ox.NamedNode:
    node = iri(minter.agent(agents.slug_for(agent)))
    g.add(node, _TYPE, _AGENT_CLASS.get(agent.kind, P.Agent))
    name = agents.name_for(agent)
    g.add(node, S.name, lit(name))  # one name per agent across the corpus, the note's spelling as an alias
    for alias in ([agent.name] if agent.name != name else []) + list(agent.aliases):
        g.add(node, S.alternateName, lit(alias))
    g.url(node, S.url, agent.url)
    for url in agent.same_as:
        g.url(node, S.sameAs, url)
    if agent.job_title:
        g.add(node, S.jobTitle, lit(agent.job_title))
    if agent.description:
        g.add(node, S.description, lit(agent.description))
    for org in agent.affiliations:
        g.add(node, S.affiliation, _agent(g, org, minter, agents, vocab))
    for thing in agent.created:
        tool = vocab.tool_for_name(thing)
        if tool is not None:
            g.add(node, T.created, iri(tool.iri))
    return node


def _tag(g: _Graph, scheme: str, path: tuple[str, ...], minter: Minter, vocab: Vocabulary) -> ox.NamedNode:
    node = iri(minter.tag(scheme, path))
    g.add(node, _TYPE, K.Concept)
    g.add(node, K.prefLabel, lit(path[-1].lower()))
    if path[-1].lower() != path[-1]:
        g.add(node, K.altLabel, lit(path[-1]))
    g.add(node, K.inScheme, iri(TG + _SCHEMES[scheme]))
    if len(path) > 1:
        g.add(node, K.broader, _tag(g, scheme, path[:-1], minter, vocab))
    if scheme == "language":
        tool = vocab.tool_for_name(path[-1])
        if tool is not None:
            g.add(node, K.closeMatch, iri(tool.iri))
    elif scheme in ("topic", "other"):
        topic = vocab.topic_for_label(path[-1])
        if topic is not None:
            g.add(node, K.closeMatch, iri(topic.iri))
    return node


def _mention_entity(ctx: _Context, mention) -> tuple[ox.NamedNode | None, bool]:
    """The entity a mention is of, and whether it is a tool (so ``schema:mentions`` of it)."""
    minter, vocab = ctx.minter, ctx.vocab
    if mention.kind == "tool":
        if mention.key in vocab.tools and not mention.candidate:
            return iri(vocab.tools[mention.key].iri), True
        return _open_tool(ctx, mention.key)
    if mention.kind == "topic":
        return (iri(minter.topic(mention.key)) if mention.key in vocab.topics else None), False
    return iri(minter.agent(ctx.agents.slug_for(Agent(name=mention.key)))), False


def _open_tool(ctx: _Context, name: str) -> tuple[ox.NamedNode, bool]:
    """A name outside the vocabulary: a tool when the corpus's evidence promoted it, else a candidate.

    A candidate is a review queue entry, not yet a tool: it is typed tg:CandidateTool (not
    schema:SoftwareApplication). Either way the entity is described the same in every note
    graph naming it: its corpus-wide name, spellings, evidences and confidence.
    """
    g = ctx.g
    found = ctx.tools.get(name)
    if found is not None and found.promoted and found.slug in ctx.vocab.tools:
        return iri(ctx.vocab.tools[found.slug].iri), True
    if found is None:
        node = iri(ctx.minter.candidate_tool(name))
        g.add(node, _TYPE, T.CandidateTool)
        g.add(node, S.name, lit(name))
        g.add(node, T.candidate, boolean(True))
        return node, False
    if found.promoted:
        node = iri(ctx.minter.open_tool(found.slug))
        g.add(node, _TYPE, S.SoftwareApplication)
        g.add(node, T.inVocabulary, boolean(False))
        g.add(node, T.category, iri(CATEGORY + "other"))
    else:
        node = iri(ctx.minter.candidate_tool(found.slug))
        g.add(node, _TYPE, T.CandidateTool)
        g.add(node, T.candidate, boolean(True))
    g.add(node, S.name, lit(found.name))
    for alias in found.alternate_names:
        g.add(node, S.alternateName, lit(alias))
    for evidence in found.evidences:
        g.add(node, T.evidence, lit(evidence))
    g.add(node, T.confidence, decimal(found.confidence))
    return node, found.promoted


def vocabulary_quads(paths: list[tuple[str, str]]) -> Iterator[ox.Quad]:
    """The ontology and vocabulary files, each into the named graph given with it."""
    for path, graph in paths:
        for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))


__all__ = ["RDF", "NoteGraph", "note_graph", "vocabulary_quads"]
