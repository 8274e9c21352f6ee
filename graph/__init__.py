"""talkgraph: Markdown notes about talks, videos, posts and papers -> a knowledge graph.

The library comes first; the ``talkgraph`` command is a thin layer over it::

    import graph
    result = graph.build("notes/", "out/")      # every output, like `talkgraph build`
    note = graph.parse_note("x.md", text)        # Markdown -> note model with lines
    record = graph.extract_note(note)            # note model -> domain records
"""

from .build import Build, BuildError, build
from .extract import extract_note
from .notes import parse_note

__all__ = ["Build", "BuildError", "build", "extract_note", "parse_note"]
__version__ = "0.1.0"
