"""The imperative shell: read the notes, run the pure stages, mint, write the outputs and the store."""

from .build import build
from .explain import explain
from .network import network_of
from .result import Build

__all__ = ["Build", "build", "explain", "network_of"]
