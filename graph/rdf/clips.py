"""Clips and permalinks -> quads: the moments of videos a note points at, and where its lines live.

Each timestamped line is ``?clip a schema:Clip ; schema:isPartOf ?video ; schema:startOffset
?seconds ; schema:url ?deepLink ; tg:line ?n ; schema:name ?text`` in the note's graph. The
video is the note's resource when the clip belongs to it, else the linked video itself
(typed schema:VideoObject, like a talk's replay). A note file committed on a forge gives
every line-bearing node a ``tg:permalink`` (:class:`graph.notes.FileRevision`).
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from ..extract.records import Clip, NoteRecord
from ..notes.facts import FileRevision
from .iris import Minter
from .namespaces import XSD, P, R, S, T


class Graph(Protocol):
    """What these functions need of the note graph being built (``graph.rdf.triples._Graph``)."""

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None: ...

    def url(self, s: ox.NamedNode, p: ox.NamedNode, url: str | None) -> ox.NamedNode | None: ...


def clip_quads(g: Graph, record: NoteRecord, minter: Minter, res: ox.NamedNode,
               revision: FileRevision | None) -> dict[int, ox.NamedNode]:
    """Adds every clip of the note to ``g``; returns the clip node of each line, for the mentions on it."""
    nodes: dict[int, ox.NamedNode] = {}
    note = ox.NamedNode(minter.note(record.path))
    for clip in record.clips:
        node = ox.NamedNode(minter.clip(record.path, clip.line))
        nodes[clip.line] = node
        g.add(node, R.type, S.Clip)
        g.add(node, S.name, ox.Literal(clip.text))
        g.add(node, S.startOffset, ox.Literal(str(clip.seconds), datatype=ox.NamedNode(XSD + "integer")))
        g.add(node, T.line, ox.Literal(str(clip.line), datatype=ox.NamedNode(XSD + "integer")))
        g.add(node, P.wasDerivedFrom, note)
        g.url(node, S.url, clip.url)
        _part_of(g, node, clip, res)
        permalink(g, node, revision, clip.line)
    return nodes


def _part_of(g: Graph, node: ox.NamedNode, clip: Clip, res: ox.NamedNode) -> None:
    if clip.of_resource or clip.video is None:
        g.add(node, S.isPartOf, res)
        return
    video = g.url(node, S.isPartOf, clip.video)
    if video is not None:
        g.add(video, R.type, S.VideoObject)
    else:
        g.add(node, S.isPartOf, res)  # a video link that is not an IRI: the clip still belongs to the note's resource


def permalink(g: Graph, node: ox.NamedNode, revision: FileRevision | None, line: int | None) -> None:
    """``node tg:permalink <forge URL of line>`` when the file is committed on a forge and the line unchanged."""
    if revision is None:
        return
    url = revision.permalink(line)
    if url is not None:
        g.url(node, T.permalink, url)
