"""The lists of the municipalities domain: their orders, and what their filters mean in SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jdatetime
from sqlalchemy import ColumnElement, and_, false, func, or_, select

from core.calendar import TEHRAN
from core.errors import BadUserInput
from core.ids import parse_id, parse_ids
from core.text import like_pattern
from db.tables import committee, draft, event, municipality, province
from schema.listing import ListSpec, Sort, SortKind, persian_alphabetical
from schema.municipalities.inputs import (
    DraftDirectiveFilter,
    DraftDirectiveOrder,
    MayorsCommitteeOrder,
    MunicipalityFilter,
    MunicipalityOrder,
    ProvinceOrder,
)


def _municipalities_where(**conditions: object) -> ColumnElement[bool]:
    """`municipality_id IN (SELECT id FROM municipality WHERE …)`: filters on a parent stay
    join-free, so every list keeps one shape."""
    clauses = [getattr(municipality.c, name) == value for name, value in conditions.items()]
    return select(municipality.c.id).where(*clauses).scalar_subquery()


def municipality_conditions(where: MunicipalityFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.province_id is not None:
        province_id = parse_id(where.province_id, kind="Province", argument="filter.provinceId")
        conditions.append(municipality.c.province_id == province_id)
    if where.kind is not None:
        conditions.append(municipality.c.kind == where.kind.value)
    if where.is_provincial_centre is not None:
        conditions.append(municipality.c.is_provincial_centre.is_(where.is_provincial_centre))
    if where.search:
        conditions.append(municipality.c.search_text.like(like_pattern(where.search), escape="\\"))
    return conditions


PROVINCES = ListSpec(
    name="provinces",
    table=province,
    sorts={
        "NAME_EN": Sort(province.c.name_en, SortKind.TEXT),
        "NAME_FA": Sort(persian_alphabetical(province.c.name_fa), SortKind.TEXT),
    },
    default_sort="NAME_EN",
    order=ProvinceOrder,
)

MUNICIPALITIES = ListSpec(
    name="municipalities",
    table=municipality,
    sorts={
        "NAME_EN": Sort(municipality.c.name_en, SortKind.TEXT),
        "NAME_FA": Sort(persian_alphabetical(municipality.c.name_fa), SortKind.TEXT),
        "POPULATION": Sort(func.coalesce(municipality.c.population, 0), SortKind.INT),
    },
    default_sort="NAME_EN",
    filter=MunicipalityFilter,
    order=MunicipalityOrder,
    conditions=municipality_conditions,
)


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


def draft_directive_conditions(where: DraftDirectiveFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
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
            draft.c.municipality_id.in_(_municipalities_where(kind=where.municipality_kind.value))
        )
    if where.status is not None:
        conditions.append(draft.c.status.in_([status.value for status in where.status]))
    if where.kind is not None:
        conditions.append(draft.c.kind == where.kind.value)
    if where.year is not None:
        start, end = solar_hijri_year_bounds(where.year, "filter.year")
        conditions.append(draft.c.created_at >= start)
        conditions.append(draft.c.created_at < end)
    if where.search:
        conditions.append(draft.c.title_key.like(like_pattern(where.search), escape="\\"))
    return conditions + _draft_list_conditions(where)


#: At most this many years in one list.
MAX_YEARS = 300


def _draft_list_conditions(where: DraftDirectiveFilter) -> list[ColumnElement[bool]]:
    """The analysts' conditions: several years or places at once, and when drafts were
    submitted or decided."""
    conditions: list[ColumnElement[bool]] = []
    if where.years is not None:
        if len(where.years) > MAX_YEARS:
            raise BadUserInput(f"At most {MAX_YEARS} years in one list.", argument="filter.years")
        bounds = [solar_hijri_year_bounds(year, "filter.years") for year in set(where.years)]
        conditions.append(or_(false(), *(_within(draft.c.created_at, a, b) for a, b in bounds)))
    if where.municipality_ids is not None:
        ids = parse_ids(where.municipality_ids, "Municipality", "filter.municipalityIds")
        conditions.append(draft.c.municipality_id.in_(ids))
    if where.province_ids is not None:
        ids = parse_ids(where.province_ids, "Province", "filter.provinceIds")
        conditions.append(
            draft.c.municipality_id.in_(
                select(municipality.c.id).where(municipality.c.province_id.in_(ids))
            )
        )
    submitted = _instants(where.submitted_from, where.submitted_to, "filter.submittedFrom")
    if submitted is not None:
        conditions.append(_within(draft.c.submitted_at, *submitted))
    decided = _instants(where.decided_from, where.decided_to, "filter.decidedFrom")
    if decided is not None:
        conditions.append(
            draft.c.id.in_(
                select(event.c.draft_directive_id).where(
                    event.c.to_status.in_(["ADOPTED", "REJECTED"]),
                    _within(event.c.occurred_at, *decided),
                )
            )
        )
    return conditions


def _instants(
    start: datetime | None, end: datetime | None, argument: str
) -> tuple[datetime | None, datetime | None] | None:
    """A range of instants (UTC), or None when neither end is given; BAD_USER_INPUT for an
    instant without a time zone."""
    if start is None and end is None:
        return None
    for value in (start, end):
        if value is not None and value.tzinfo is None:
            raise BadUserInput(
                "Instants need a time zone, e.g. 2026-03-01T00:00:00Z.", argument=argument
            )
    return (
        start.astimezone(UTC) if start is not None else None,
        end.astimezone(UTC) if end is not None else None,
    )


def _within(
    instant: ColumnElement[Any], start: datetime | None, end: datetime | None
) -> ColumnElement[bool]:
    """`start <= instant < end`, either end open when None (and NULL never within)."""
    bounds: list[ColumnElement[bool]] = [instant.is_not(None)]
    if start is not None:
        bounds.append(instant >= start)
    if end is not None:
        bounds.append(instant < end)
    return and_(*bounds)


DRAFT_DIRECTIVES = ListSpec(
    name="draftDirectives",
    table=draft,
    sorts={
        "CREATED_AT": Sort(draft.c.created_at, SortKind.DATETIME),
        "UPDATED_AT": Sort(draft.c.updated_at, SortKind.DATETIME),
        "TITLE": Sort(draft.c.title, SortKind.TEXT),
    },
    default_sort="CREATED_AT",
    default_descending=True,
    filter=DraftDirectiveFilter,
    order=DraftDirectiveOrder,
    conditions=draft_directive_conditions,
)

MAYORS_COMMITTEES = ListSpec(
    name="mayorsCommittees",
    table=committee,
    sorts={"TERM_START": Sort(committee.c.term_start, SortKind.DATE)},
    default_sort="TERM_START",
    default_descending=True,
    order=MayorsCommitteeOrder,
)


def draft_filter_conditions(where: DraftDirectiveFilter | None) -> tuple[Any, ...]:
    """The conditions of a drafts filter alone (the analysts' questions take the same filter)."""
    return DRAFT_DIRECTIVES.where(where) if where is not None else ()
