"""Where the project's data files (``schema/``) live, and their loaded forms.

The vocabularies, the ontology and the notes' conventions are data, edited as files:
this module finds them in a source checkout (``<repo>/schema``) or in an installed wheel
(``graph/_schema``), and caches what it parses so every stage reads them once.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any


def schema_dir() -> Path:
    """The folder holding ontology.ttl, tools.ttl, conventions.toml and the rest."""
    override = os.environ.get("TALKGRAPH_SCHEMA")
    if override:
        return Path(override)
    package = Path(__file__).resolve().parents[1]  # graph/
    for candidate in (package / "_schema", package.parent / "schema"):
        if (candidate / "conventions.toml").is_file():
            return candidate
    raise FileNotFoundError("talkgraph's schema/ folder is missing (set TALKGRAPH_SCHEMA)")


def schema_file(name: str) -> Path:
    return schema_dir() / name


@cache
def conventions() -> dict[str, Any]:
    """schema/conventions.toml, parsed once per process."""
    with schema_file("conventions.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def schema_toml(name: str) -> dict[str, Any]:
    """Another TOML table of schema/ (``hosts.toml``, ``layout.toml``), parsed once per process."""
    with schema_file(name).open("rb") as handle:
        return tomllib.load(handle)
