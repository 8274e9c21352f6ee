"""The entity graph (networkx) built from the minted quads, and its analytics."""

from .analytics import ANALYTICS_GRAPH, Analytics, analytics, analytics_quads, summary_lines
from .entity import EntityGraphBuilder, Mentions, MentionTable, comention_counts, comention_graph, entity_graph
from .shape import Shape

__all__ = [
    "ANALYTICS_GRAPH",
    "Analytics",
    "EntityGraphBuilder",
    "MentionTable",
    "Mentions",
    "Shape",
    "analytics",
    "analytics_quads",
    "comention_counts",
    "comention_graph",
    "entity_graph",
    "summary_lines",
]
