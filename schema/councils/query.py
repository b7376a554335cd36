"""Root fields of the councils domain."""

from __future__ import annotations

from schema.councils.lists import COUNCIL_RESOLUTIONS, COUNCILS, CURRENT_TERM_ID
from schema.councils.types import (
    CityCouncil,
    CityCouncilConnection,
    CouncilResolution,
    CouncilResolutionConnection,
    CouncilsAssembly,
    CouncilTerm,
    GovernmentBill,
)
from schema.declare import lookup, page, roots, rows


@roots
class CouncilsQuery:
    council_terms: list[CouncilTerm] = rows(
        order=lambda t: [t.c.number],
        description="The terms of the Islamic city councils, earliest first.",
    )
    councils: CityCouncilConnection = page(
        COUNCILS,
        description=(
            "City councils across the country; by their city's English name unless `orderBy` says."
        ),
    )
    council: CityCouncil | None = lookup(
        "One city council by id; a NOT_FOUND error when there is none."
    )
    councils_assembly: CouncilsAssembly | None = rows(
        one=True,
        where=lambda a: a.c.term_id == CURRENT_TERM_ID,
        order=lambda a: [a.c.id],
        description=(
            "The assembly of heads of councils of metropolises and provincial centres in the "
            "newest term; null if none is recorded."
        ),
    )
    council_resolutions: CouncilResolutionConnection = page(
        COUNCIL_RESOLUTIONS,
        description="Resolutions of every council; latest adopted first unless `orderBy` says.",
    )
    council_resolution: CouncilResolution | None = lookup(
        "One council resolution by id; a NOT_FOUND error when there is none."
    )
    government_bills: list[GovernmentBill] = rows(
        order=lambda b: [b.c.id],
        description="The government bills the councils' assembly follows.",
    )
