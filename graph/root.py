"""The schemas the service serves: the merged graph (`schema`, at /graphql) and the three
owners' subgraphs (`subgraph_schema`), every one an Apollo Federation 2.7 subgraph built from the
same types (see graph/subgraphs.py).

Only the merged graph is built on import. The merged graph with federated tracing and the
subgraphs are built the first time something asks for them (a gateway's traced request, a
request at /subgraphs/<name>/graphql, `civicgraph schema`): a worker that never serves them does
not hold them (about 6 MiB each). `TRACED_SCHEMA` and `SUBGRAPHS` name them as module
attributes, built on first access."""

from __future__ import annotations

from functools import cache
from typing import Any

from graph.subgraphs import FEDERATION_VERSION, CivicGraphSchema, build_schema
from schema.owners import Subgraph

__all__ = [
    "FEDERATION_VERSION",
    "CivicGraphSchema",
    "Subgraph",
    "schema",
    "subgraph_schema",
    "traced_schema",
]

schema = build_schema()


@cache
def traced_schema() -> CivicGraphSchema:
    """The merged graph with federated tracing, for the requests that ask for ftv1."""
    return build_schema(traced=True)


@cache
def subgraph_schema(subgraph: Subgraph) -> CivicGraphSchema:
    """One owner's subgraph."""
    return build_schema(subgraph)


def __getattr__(name: str) -> Any:
    """`TRACED_SCHEMA` and `SUBGRAPHS` (every subgraph by owner), built on first access."""
    if name == "TRACED_SCHEMA":
        return traced_schema()
    if name == "SUBGRAPHS":
        return {subgraph: subgraph_schema(subgraph) for subgraph in Subgraph}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
