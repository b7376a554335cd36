"""Filter and order inputs of the ministry domain."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from schema.municipalities.enums import MunicipalityKind
from schema.pagination import OrderDirection


@strawberry.enum(description="Orders of social-security obligation lists.")
class ObligationOrderField(Enum):
    YEAR = strawberry.enum_value("YEAR", description="By Solar Hijri year.")
    AMOUNT_DUE = strawberry.enum_value("AMOUNT_DUE", description="By amount due.")


@strawberry.input(description="Narrows a list of obligations. Conditions combine with AND.")
class SocialSecurityObligationFilter:
    year: int | None = strawberry.field(
        default=None, description="Only this Solar Hijri year (e.g. 1404)."
    )
    category_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this category."
    )
    category_code: str | None = strawberry.field(
        default=None, description="Only the category with this code."
    )
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this municipality's obligations."
    )
    province_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the obligations of this province's municipalities."
    )
    municipality_kind: MunicipalityKind | None = strawberry.field(
        default=None, description="Only the obligations of municipalities of this kind."
    )
    years: list[int] | None = strawberry.field(
        default=None, description="Only these Solar Hijri years (any of them)."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only these categories (any of them)."
    )
    municipality_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only these municipalities' obligations (any of them)."
    )
    province_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only the obligations of these provinces' municipalities (any of them).",
    )


@strawberry.input(description="How to order obligations. Ties are broken by id.")
class SocialSecurityObligationOrder:
    field: ObligationOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="Which way (largest or latest first unless told)."
    )


@strawberry.input(
    description=(
        "Narrows the transfers an analysts' sum counts. Conditions combine with AND; the days "
        "are ISO days, both ends included."
    )
)
class ObligationTransferFilter:
    transferred_from: date | None = strawberry.field(
        default=None, description="Only transfers made on this day or later."
    )
    transferred_to: date | None = strawberry.field(
        default=None, description="Only transfers made on this day or earlier."
    )
    obligation: SocialSecurityObligationFilter | None = strawberry.field(
        default=None, description="Only transfers against the obligations this filter keeps."
    )
