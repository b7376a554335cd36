"""Filter and order inputs of the neighbourhood councils' lists."""

from __future__ import annotations

import strawberry

from db.tables import EscalationStatus, ProjectStatus
from schema.neighbourhoods.enums import EscalationOrderField, SmallProjectOrderField
from schema.pagination import OrderDirection


@strawberry.input(description="Narrows the small projects. Conditions combine with AND.")
class SmallProjectFilter:
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the projects of this district (CityDistrict)."
    )
    neighbourhood_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the projects of this neighbourhood."
    )
    council_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the projects of this neighbourhood council."
    )
    statuses: list[ProjectStatus] | None = strawberry.field(
        default=None, description="Only projects in one of these statuses."
    )


@strawberry.input(description="How to order small projects. Ties are broken by id.")
class SmallProjectOrder:
    field: SmallProjectOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrows the escalations. Conditions combine with AND.")
class EscalationFilter:
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the escalations of this district."
    )
    open: bool | None = strawberry.field(
        default=None,
        description="Only those awaiting an outcome (true: raised or on the agenda), or only closed.",
    )
    status: EscalationStatus | None = strawberry.field(
        default=None, description="Only escalations in this status."
    )


@strawberry.input(description="How to order escalations. Ties are broken by id.")
class EscalationOrder:
    field: EscalationOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way (oldest first unless told)."
    )
