"""The digest of the code that made a cached thing, so that new code never serves old output.

Six caches (note fragments, chunks of the union formats, the analytics, the GraphML/GEXF
stamp, the explorer's text index…) key their entries on the source files of the modules
that made them; this is the one way they hash those files.
"""

from __future__ import annotations

import hashlib
import inspect
from functools import cache
from pathlib import Path


def source_digest(*code: object) -> bytes:
    """SHA-256 over each source file's name and bytes, in order: modules, classes or functions (their
    module's file) or paths."""
    return _digest(tuple(Path(c) if isinstance(c, (str, Path)) else Path(inspect.getsourcefile(c)) for c in code))


@cache
def _digest(paths: tuple[Path, ...]) -> bytes:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.digest()
