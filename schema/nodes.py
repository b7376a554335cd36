"""Relay's root fields for object identification: `node(id:)` and `nodes(ids:)`.

Any object with an id can be fetched again by that id alone (a Relay client's refetch); the id
names its type (core/ids.py), the type's read rule applies as on every other read.
"""

from __future__ import annotations

from schema.declare import Node, node_lookup, nodes_lookup, roots


@roots
class NodeQuery:
    node: Node | None = node_lookup(
        "The object with this id, of whichever type it is; null when there is none the caller "
        "may see. An id that is not one the graph gave is BAD_USER_INPUT."
    )
    nodes: list[Node | None] = nodes_lookup(
        "The objects with these ids, in the same order, each null when there is none the caller "
        "may see (at most 1000 ids)."
    )
