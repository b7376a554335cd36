"""The lists of the municipalities domain: their orders and how their filters become SQL."""

from __future__ import annotations

from datetime import datetime

import jdatetime
from sqlalchemy import ColumnElement, func, select

from core.calendar import TEHRAN
from core.errors import BadUserInput
from core.ids import parse_id
from core.text import like_pattern
from db.tables import DraftDirectiveRow, MayorsCommitteeRow, MunicipalityRow
from resolvers.listing import ListSpec, PageArgs, Sort, SortKind
from schema.municipalities.enums import (
    DraftDirectiveOrderField,
    MunicipalityOrderField,
)
from schema.municipalities.inputs import (
    DraftDirectiveFilter,
    DraftDirectiveOrder,
    MayorsCommitteeOrder,
    MunicipalityFilter,
    MunicipalityOrder,
)
from schema.pagination import OrderDirection

municipality = MunicipalityRow.__table__  # type: ignore[attr-defined]
draft = DraftDirectiveRow.__table__  # type: ignore[attr-defined]
committee = MayorsCommitteeRow.__table__  # type: ignore[attr-defined]

MUNICIPALITIES = ListSpec(
    name="municipalities",
    table=municipality,
    sorts={
        "NAME_EN": Sort(municipality.c.name_en, SortKind.TEXT),
        "NAME_FA": Sort(municipality.c.name_fa, SortKind.TEXT),
        "POPULATION": Sort(func.coalesce(municipality.c.population, 0), SortKind.INT),
    },
)

DRAFT_DIRECTIVES = ListSpec(
    name="draftDirectives",
    table=draft,
    sorts={
        "CREATED_AT": Sort(draft.c.created_at, SortKind.DATETIME),
        "UPDATED_AT": Sort(draft.c.updated_at, SortKind.DATETIME),
        "TITLE": Sort(draft.c.title, SortKind.TEXT),
    },
)

MAYORS_COMMITTEES = ListSpec(
    name="mayorsCommittees",
    table=committee,
    sorts={"TERM_START": Sort(committee.c.term_start, SortKind.DATE)},
)


def _municipalities_where(**conditions: object) -> ColumnElement[bool]:
    """`municipality_id IN (SELECT id FROM municipality WHERE …)`: filters on a parent stay
    join-free, so every list keeps one shape."""
    clauses = [getattr(municipality.c, name) == value for name, value in conditions.items()]
    return select(municipality.c.id).where(*clauses).scalar_subquery()


def municipality_args(
    first: int, after: str | None, where: MunicipalityFilter | None, order: MunicipalityOrder | None
) -> PageArgs:
    field = order.field if order else MunicipalityOrderField.NAME_EN
    descending = order is not None and order.direction is OrderDirection.DESC
    conditions: list[ColumnElement[bool]] = []
    if where is not None:
        if where.province_id is not None:
            province_id = parse_id(where.province_id, kind="Province", argument="filter.provinceId")
            conditions.append(municipality.c.province_id == province_id)
        if where.kind is not None:
            conditions.append(municipality.c.kind == where.kind.name)
        if where.is_provincial_centre is not None:
            conditions.append(municipality.c.is_provincial_centre.is_(where.is_provincial_centre))
        if where.search:
            conditions.append(
                municipality.c.search_text.like(like_pattern(where.search), escape="\\")
            )
    return PageArgs(first, field.name, descending, after, tuple(conditions))


def solar_hijri_year_bounds(year: int, argument: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a Solar Hijri year begins and ends on Tehran's clock."""
    if not 1300 <= year <= 1600:
        raise BadUserInput(
            f"{year} is not a Solar Hijri year this service knows.", argument=argument
        )

    def nowruz(y: int) -> datetime:
        day = jdatetime.date(y, 1, 1).togregorian()
        return datetime(day.year, day.month, day.day, tzinfo=TEHRAN)

    return nowruz(year), nowruz(year + 1)


def draft_directive_args(
    first: int,
    after: str | None,
    where: DraftDirectiveFilter | None,
    order: DraftDirectiveOrder | None,
) -> PageArgs:
    field = order.field if order else DraftDirectiveOrderField.CREATED_AT
    descending = order is None or order.direction is OrderDirection.DESC
    conditions: list[ColumnElement[bool]] = []
    if where is not None:
        if where.municipality_id is not None:
            municipality_id = parse_id(
                where.municipality_id, kind="Municipality", argument="filter.municipalityId"
            )
            conditions.append(draft.c.municipality_id == municipality_id)
        if where.province_id is not None:
            province_id = parse_id(where.province_id, kind="Province", argument="filter.provinceId")
            conditions.append(
                draft.c.municipality_id.in_(_municipalities_where(province_id=province_id))
            )
        if where.municipality_kind is not None:
            conditions.append(
                draft.c.municipality_id.in_(
                    _municipalities_where(kind=where.municipality_kind.name)
                )
            )
        if where.status is not None:
            conditions.append(draft.c.status.in_([status.name for status in where.status]))
        if where.kind is not None:
            conditions.append(draft.c.kind == where.kind.name)
        if where.year is not None:
            start, end = solar_hijri_year_bounds(where.year, "filter.year")
            conditions.append(draft.c.created_at >= start)
            conditions.append(draft.c.created_at < end)
        if where.search:
            conditions.append(draft.c.title_key.like(like_pattern(where.search), escape="\\"))
    return PageArgs(first, field.name, descending, after, tuple(conditions))


def mayors_committee_args(
    first: int, after: str | None, order: MayorsCommitteeOrder | None
) -> PageArgs:
    order = order or MayorsCommitteeOrder()
    return PageArgs(first, order.field.name, order.direction is OrderDirection.DESC, after)
