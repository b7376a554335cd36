"""The schemas the service serves: the merged graph (`schema`, at /graphql) and the three
owners' subgraphs (`SUBGRAPHS`), every one an Apollo Federation 2.7 subgraph built from the same
types (see graph/subgraphs.py)."""

from __future__ import annotations

from graph.subgraphs import FEDERATION_VERSION, CivicGraphSchema, build_schema
from schema.owners import Subgraph

__all__ = [
    "FEDERATION_VERSION",
    "SUBGRAPHS",
    "TRACED_SCHEMA",
    "CivicGraphSchema",
    "Subgraph",
    "schema",
]

schema = build_schema()
#: The merged graph with federated tracing, for the requests that ask for ftv1.
TRACED_SCHEMA = build_schema(traced=True)

SUBGRAPHS: dict[Subgraph, CivicGraphSchema] = {
    subgraph: build_schema(subgraph) for subgraph in Subgraph
}
