"""The lists of the ministry domain: their orders and how their filters become SQL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from core.ids import parse_id
from db.tables import MunicipalityRow, ObligationCategoryRow, SocialSecurityObligationRow
from resolvers.listing import ListSpec, PageArgs, Sort, SortKind
from schema.ministry.inputs import (
    ObligationOrderField,
    SocialSecurityObligationFilter,
    SocialSecurityObligationOrder,
)
from schema.pagination import OrderDirection

obligation = SocialSecurityObligationRow.__table__  # type: ignore[attr-defined]
category = ObligationCategoryRow.__table__  # type: ignore[attr-defined]
municipality = MunicipalityRow.__table__  # type: ignore[attr-defined]

SOCIAL_SECURITY_OBLIGATIONS = ListSpec(
    name="socialSecurityObligations",
    table=obligation,
    sorts={
        "YEAR": Sort(obligation.c.year, SortKind.INT),
        "AMOUNT_DUE": Sort(obligation.c.amount_due, SortKind.INT),
    },
)


def obligation_args(
    first: int,
    after: str | None,
    where: SocialSecurityObligationFilter | None,
    order: SocialSecurityObligationOrder | None,
) -> PageArgs:
    field = order.field if order else ObligationOrderField.YEAR
    descending = order is None or order.direction is OrderDirection.DESC
    conditions: list[ColumnElement[bool]] = []
    if where is not None:
        if where.year is not None:
            conditions.append(obligation.c.year == where.year)
        if where.category_id is not None:
            category_id = parse_id(
                where.category_id, kind="ObligationCategory", argument="filter.categoryId"
            )
            conditions.append(obligation.c.category_id == category_id)
        if where.category_code is not None:
            conditions.append(
                obligation.c.category_id.in_(
                    select(category.c.id).where(category.c.code == where.category_code)
                )
            )
        if where.municipality_id is not None:
            municipality_id = parse_id(
                where.municipality_id, kind="Municipality", argument="filter.municipalityId"
            )
            conditions.append(obligation.c.municipality_id == municipality_id)
        if where.province_id is not None:
            province_id = parse_id(where.province_id, kind="Province", argument="filter.provinceId")
            conditions.append(
                obligation.c.municipality_id.in_(
                    select(municipality.c.id).where(municipality.c.province_id == province_id)
                )
            )
        if where.municipality_kind is not None:
            conditions.append(
                obligation.c.municipality_id.in_(
                    select(municipality.c.id).where(
                        municipality.c.kind == where.municipality_kind.name
                    )
                )
            )
    return PageArgs(first, field.name, descending, after, tuple(conditions))
