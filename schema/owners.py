"""Who owns what: the three subgraphs, and which of them each type and field belongs to.

A type belongs to the subgraph of the domain package it is defined in (`schema/<domain>/`, or
`resolvers/<domain>/` for a mutation's input and payload), or that `DOMAIN_OWNERS` names for a
domain that is not a subgraph of its own; types
of `schema/pagination.py` are shared by all three. A field belongs to its type's subgraph unless
it says otherwise with `contributed_by(...)`: that is how one owner extends another's entity
(`Municipality.council` is the councils', `Municipality.socialSecurityObligations` the
ministry's). `graph/subgraphs.py` builds each subgraph's schema from these facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final


class Subgraph(StrEnum):
    MUNICIPALITIES = "municipalities"
    MINISTRY = "ministry"
    COUNCILS = "councils"


#: Domains served by an existing subgraph. The associations of municipalities (the union and
#: its elections, the Assembly of Mayors of Iran's Metropolises and its commission) are bodies of
#: municipalities and their mayors, which they reference at every turn: the municipalities'
#: subgraph owns them, so that none of their reads crosses a subgraph.
#: A district's neighbourhood councils (شورایاری, seed 001) are the councils': in Tehran they are
#: set up under the city council, and their headquarters (ستاد شورایاری‌ها) reports to it; the
#: district's officials appear in their workflow as posts of the domain, and the one link out is
#: a district's municipality, an entity the councils' subgraph already points at by key.
#: Article 100's commissions are formed in the municipality, and its cases, sessions and execution
#: office are the municipality's work on its own city's buildings: the municipalities' subgraph
#: owns them too (`ViolationCase` is an entity, for others to extend by key).
#: The search reads every owner's documents; it is served by the municipalities' subgraph (the
#: drafts, most of what is searched, are theirs) and points at the other owners' entities.
DOMAIN_OWNERS: Final[Mapping[str, Subgraph]] = {
    "associations": Subgraph.MUNICIPALITIES,
    "article100": Subgraph.MUNICIPALITIES,
    "neighbourhoods": Subgraph.COUNCILS,
    "search": Subgraph.MUNICIPALITIES,
}

#: The key of a field's strawberry `metadata` that names the subgraph contributing it.
SUBGRAPH_KEY: Final = "civicgraph.subgraph"


def contributed_by(subgraph: Subgraph) -> Mapping[str, Any]:
    """Field metadata: this field of another owner's entity is resolved by `subgraph`."""
    return {SUBGRAPH_KEY: subgraph}


def owner_of_module(module: str) -> Subgraph | None:
    """The subgraph owning the types defined in `module`; None for shared ones."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] in ("schema", "resolvers"):
        if parts[1] in DOMAIN_OWNERS:
            return DOMAIN_OWNERS[parts[1]]
        try:
            return Subgraph(parts[1])
        except ValueError:
            return None
    return None
