"""python-igraph, imported without its matplotlib drawing back-end where the caller says so.

igraph imports ``matplotlib.pyplot`` as it is imported, whenever matplotlib is installed,
for plots that talkgraph never draws: about 1 s of every build that computes analytics (a
tenth of a one-note rebuild at 1,000 notes), against 0.1 s without. The command line opts
in for its own process (:func:`without_plots`); a library caller keeps igraph as it is,
since igraph's matplotlib plots stay unavailable in a process that imported it this way.
"""

from __future__ import annotations

import sys
from types import ModuleType

_plotless = False


def without_plots() -> None:
    """From now on, this process imports igraph without matplotlib (if neither is imported yet)."""
    global _plotless
    _plotless = True


def load() -> ModuleType:
    """The ``igraph`` module."""
    if _plotless and "igraph" not in sys.modules and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # `import matplotlib` raises ImportError: igraph goes without
        try:
            import igraph
        finally:
            del sys.modules["matplotlib"]
        return igraph
    import igraph

    return igraph
