"""Filter and order inputs of the councils domain."""

from __future__ import annotations

import strawberry

from schema.councils.enums import CouncilOrderField, CouncilResolutionOrderField
from schema.municipalities.enums import MunicipalityKind
from schema.pagination import OrderDirection


@strawberry.input(description="Narrows a list of city councils. Conditions combine with AND.")
class CouncilFilter:
    term_number: int | None = strawberry.field(
        default=None, description="Only councils of this term (5 for the fifth)."
    )
    province_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the councils of this province's cities."
    )
    municipality_kind: MunicipalityKind | None = strawberry.field(
        default=None, description="Only the councils of cities of this kind."
    )
    in_assembly: bool | None = strawberry.field(
        default=None,
        description=(
            "Only councils whose head sits in the assembly of heads of councils of metropolises "
            "and provincial centres (true), or only the others (false)."
        ),
    )


@strawberry.input(description="How to order city councils. Ties are broken by id.")
class CouncilOrder:
    field: CouncilOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrows a list of council resolutions. Conditions combine with AND.")
class CouncilResolutionFilter:
    council_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this council's resolutions."
    )
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the resolutions of this municipality's councils."
    )
    uploaded: bool | None = strawberry.field(
        default=None,
        description=(
            "Only resolutions uploaded to the national laws-and-regulations system (true), or only "
            "those not uploaded yet (false)."
        ),
    )
    year: int | None = strawberry.field(
        default=None, description="Only resolutions adopted in this Solar Hijri year (e.g. 1398)."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Part of the title; Arabic and Persian letters and digits are treated as one.",
    )


@strawberry.input(description="How to order council resolutions. Ties are broken by id.")
class CouncilResolutionOrder:
    field: CouncilResolutionOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Which way (latest first unless told)."
    )
