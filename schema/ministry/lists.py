"""The lists of the ministry domain: their orders, and what their filters mean in SQL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from core.ids import parse_id, parse_ids
from db.tables import category, municipality, obligation
from schema.listing import ListSpec, Sort, SortKind
from schema.ministry.inputs import SocialSecurityObligationFilter, SocialSecurityObligationOrder


def obligation_conditions(where: SocialSecurityObligationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
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
                    municipality.c.kind == where.municipality_kind.value
                )
            )
        )
    if where.years is not None:
        conditions.append(obligation.c.year.in_(where.years))
    if where.category_ids is not None:
        ids = parse_ids(where.category_ids, "ObligationCategory", "filter.categoryIds")
        conditions.append(obligation.c.category_id.in_(ids))
    if where.municipality_ids is not None:
        ids = parse_ids(where.municipality_ids, "Municipality", "filter.municipalityIds")
        conditions.append(obligation.c.municipality_id.in_(ids))
    if where.province_ids is not None:
        ids = parse_ids(where.province_ids, "Province", "filter.provinceIds")
        conditions.append(
            obligation.c.municipality_id.in_(
                select(municipality.c.id).where(municipality.c.province_id.in_(ids))
            )
        )
    return conditions


SOCIAL_SECURITY_OBLIGATIONS = ListSpec(
    name="socialSecurityObligations",
    table=obligation,
    sorts={
        "YEAR": Sort(obligation.c.year, SortKind.INT),
        "AMOUNT_DUE": Sort(obligation.c.amount_due, SortKind.INT),
    },
    default_sort="YEAR",
    default_descending=True,
    filter=SocialSecurityObligationFilter,
    order=SocialSecurityObligationOrder,
    conditions=obligation_conditions,
)
