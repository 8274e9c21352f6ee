"""Every file a build writes, one registry (:mod:`graph.outputs.registry`) of streams and writers."""

from .registry import OUTPUTS, Output, Plan, WriterContext, load, output_names, plan

__all__ = ["OUTPUTS", "Output", "Plan", "WriterContext", "load", "output_names", "plan"]
