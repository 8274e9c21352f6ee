"""A named graph's N-Quads and TriG text made from its terms' N-Triples text, as Oxigraph writes them.

A dense note (a pasted programme) has 100k mentions, ~500k quads whose terms repeat:
making an ``ox.Quad`` of each (or parsing their text back into quads) only to serialise them
again was most of its minting. Here a graph is a head of quads (serialised by Oxigraph)
followed by lines given as the N-Triples text of their terms. The N-Quads are those lines
with the graph's name; the TriG continues the head's block with Oxigraph's own layout (a
new subject ``.``, the same subject ``;``, the same predicate ``,``), each distinct term
written in the form Oxigraph gives it (asked of Oxigraph once per term, in one batch).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

_PROBE_S, _PROBE_P = "<urn:talkgraph:probe:s{}>", "<urn:talkgraph:probe:p>"
_END = b" .\n}\n"


def graph_text(name: ox.NamedNode, head: list[ox.Quad], lines: Sequence[tuple[str, str, str]],
               prefixes: dict[str, str], terms: set[str] | None = None,
               known: dict[str, str] | None = None) -> tuple[bytes, bytes] | None:
    """(N-Quads, TriG block without prefix lines) of ``head`` then ``lines``, or None when the TriG
    cannot be continued here (an empty head, a form that is not one line); the caller serialises then.

    ``terms`` are the subjects and objects of ``lines`` when the caller knows them (else they are
    gathered), ``known`` the TriG forms it already has (:func:`affix_forms`)."""
    if not head:
        return None
    tail = f" {name} .\n"
    nquads = ox.serialize(head, format=ox.RdfFormat.N_QUADS) + "".join(
        [f"{s} {p} {o}{tail}" for s, p, o in lines]).encode("utf-8", "surrogatepass")
    block = strip_prefixes(ox.serialize(head, format=ox.RdfFormat.TRIG, prefixes=prefixes))
    if not block.endswith(_END):
        return None
    known = known or {}
    if terms is None:
        terms = {t for s, _, o in lines for t in (s, o)}
    forms = term_forms(terms.difference(known), prefixes, predicate=False)
    verbs = term_forms({p for _, p, _ in lines}, prefixes, predicate=True)
    if forms is None or verbs is None:
        return None
    forms.update(known)
    last = head[-1]
    subject, predicate = str(last.subject), str(last.predicate)
    out: list[str] = []
    add = out.append
    for s, p, o in lines:
        if s == subject:
            add(f" , {forms[o]}" if p == predicate else f" ;\n\t\t{verbs[p]} {forms[o]}")
        else:
            add(f" .\n\t{forms[s]} {verbs[p]} {forms[o]}")
        subject, predicate = s, p
    return nquads, block[: -len(_END)] + "".join(out).encode("utf-8", "surrogatepass") + _END


def affix_forms(start: str, prefixes: dict[str, str]) -> tuple[str, str] | None:
    """For IRIs ``<start…>`` whose rest is ``LINE.RANK`` (a note's mentions): the TriG form's text
    before and after the rest, when Oxigraph writes every such IRI so (checked on two samples)."""
    samples = (f"{start}1.1>", f"{start}22.3>")
    forms = term_forms(set(samples), prefixes, predicate=False)
    if forms is None:
        return None
    first = forms[samples[0]]
    before, after = first[: first.rfind("1.1")], first[first.rfind("1.1") + 3 :]
    return (before, after) if forms[samples[1]] == f"{before}22.3{after}" else None


def term_forms(terms: set[str], prefixes: dict[str, str], *, predicate: bool) -> dict[str, str] | None:
    """Each term (N-Triples text) as Oxigraph's Turtle writer gives it with ``prefixes`` (``a`` for
    rdf:type as a predicate): one serialisation of a probe triple per term."""
    order = list(terms)
    if not order:
        return {}
    if predicate:
        text = "".join(f"{_PROBE_S.format(i)} {term} {_PROBE_P} .\n" for i, term in enumerate(order))
    else:
        text = "".join(f"{_PROBE_S.format(i)} {_PROBE_P} {term} .\n" for i, term in enumerate(order))
    triples = ox.parse(text.encode("utf-8", "surrogatepass"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    lines = strip_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)).decode(
        "utf-8", "surrogatepass").split("\n")
    if len(lines) != len(order) + 1 or lines[-1]:
        return None
    forms = {}
    for i, (term, line) in enumerate(zip(order, lines, strict=False)):
        head = f"{_PROBE_S.format(i)} " + ("" if predicate else f"{_PROBE_P} ")
        if not line.startswith(head) or not line.endswith(" ."):
            return None
        form = line[len(head) : -2]
        if predicate:
            if not form.endswith(" " + _PROBE_P):
                return None
            form = form[: -len(_PROBE_P) - 1]
        forms[term] = form
    return forms


def strip_prefixes(data: bytes) -> bytes:
    """A TriG or Turtle serialisation without its leading ``@prefix`` lines."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]
