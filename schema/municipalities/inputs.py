"""Filter and order inputs of the municipalities domain."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.municipalities.enums import (
    DraftDirectiveOrderField,
    DraftKind,
    DraftStatus,
    MayorsCommitteeOrderField,
    MunicipalityKind,
    MunicipalityOrderField,
    ProvinceOrderField,
)
from schema.pagination import OrderDirection


@strawberry.input(description="Narrows a list of municipalities. Conditions combine with AND.")
class MunicipalityFilter:
    province_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the municipalities of this province."
    )
    kind: MunicipalityKind | None = strawberry.field(
        default=None, description="Only municipalities of this kind."
    )
    is_provincial_centre: bool | None = strawberry.field(
        default=None, description="Only provincial centres (true) or only other cities (false)."
    )
    search: str | None = strawberry.field(
        default=None,
        description=(
            "Part of the Persian or English name. Arabic ي/ك and Persian ی/ک, Persian and Latin "
            "digits, spaces and zero-width non-joiners are treated as the same."
        ),
    )


@strawberry.input(description="How to order provinces. Ties are broken by id.")
class ProvinceOrder:
    field: ProvinceOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="How to order municipalities. Ties are broken by id.")
class MunicipalityOrder:
    field: MunicipalityOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrows a list of draft directives. Conditions combine with AND.")
class DraftDirectiveFilter:
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the drafts of this municipality."
    )
    province_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the drafts of this province's municipalities."
    )
    municipality_kind: MunicipalityKind | None = strawberry.field(
        default=None, description="Only the drafts of municipalities of this kind."
    )
    status: list[DraftStatus] | None = strawberry.field(
        default=None, description="Only drafts in one of these statuses."
    )
    kind: DraftKind | None = strawberry.field(default=None, description="Only drafts of this kind.")
    year: int | None = strawberry.field(
        default=None,
        description="Only drafts first written in this Solar Hijri year (e.g. 1404), Tehran time.",
    )
    search: str | None = strawberry.field(
        default=None,
        description="Part of the title; Arabic and Persian letters and digits are treated as one.",
    )
    years: list[int] | None = strawberry.field(
        default=None,
        description="Only drafts first written in one of these Solar Hijri years, Tehran time.",
    )
    municipality_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only the drafts of these municipalities (any of them)."
    )
    province_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only the drafts of these provinces' municipalities (any of them).",
    )
    submitted_from: datetime | None = strawberry.field(
        default=None,
        description="Only drafts last submitted at or after this instant (`submittedAt`).",
    )
    submitted_to: datetime | None = strawberry.field(
        default=None, description="Only drafts last submitted before this instant."
    )
    decided_from: datetime | None = strawberry.field(
        default=None,
        description="Only drafts the ministry decided (adopted or rejected) at or after this instant.",
    )
    decided_to: datetime | None = strawberry.field(
        default=None, description="Only drafts the ministry decided before this instant."
    )


@strawberry.input(description="How to order draft directives. Ties are broken by id.")
class DraftDirectiveOrder:
    field: DraftDirectiveOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Which way (latest first unless told)."
    )


@strawberry.input(description="How to order committees. Ties are broken by id.")
class MayorsCommitteeOrder:
    field: MayorsCommitteeOrderField = strawberry.field(
        default=MayorsCommitteeOrderField.TERM_START, description="What to order by."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Which way (latest first unless told)."
    )
