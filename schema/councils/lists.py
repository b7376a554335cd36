"""The lists of the councils domain: their orders, and what their filters mean in SQL."""

from __future__ import annotations

from datetime import date

import jdatetime
from sqlalchemy import ColumnElement, select

from core.errors import BadUserInput
from core.ids import parse_id
from core.text import like_pattern
from db.tables import MunicipalityKind, council, council_term, municipality, resolution
from schema.councils.inputs import (
    CouncilFilter,
    CouncilOrder,
    CouncilResolutionFilter,
    CouncilResolutionOrder,
)
from schema.listing import ListSpec, Sort, SortKind

#: The cities whose council heads sit in the assembly: metropolises and provincial centres.
ASSEMBLY_KINDS = (MunicipalityKind.METROPOLIS.value, MunicipalityKind.PROVINCIAL_CENTRE.value)

#: The newest term of the councils: a municipality's `council` is its council in this term.
CURRENT_TERM_ID = (
    select(council_term.c.id).order_by(council_term.c.number.desc()).limit(1).scalar_subquery()
)


def _municipalities(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = council.c.municipality_id.in_(
        select(municipality.c.id).where(*conditions)
    )
    return condition


def council_conditions(where: CouncilFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.term_number is not None:
        conditions.append(
            council.c.term_id.in_(
                select(council_term.c.id).where(council_term.c.number == where.term_number)
            )
        )
    if where.province_id is not None:
        province_id = parse_id(where.province_id, kind="Province", argument="filter.provinceId")
        conditions.append(_municipalities(municipality.c.province_id == province_id))
    if where.municipality_kind is not None:
        conditions.append(_municipalities(municipality.c.kind == where.municipality_kind.value))
    if where.in_assembly is not None:
        in_assembly = _municipalities(municipality.c.kind.in_(ASSEMBLY_KINDS))
        conditions.append(in_assembly if where.in_assembly else ~in_assembly)
    return conditions


COUNCILS = ListSpec(
    name="councils",
    table=council,
    sorts={
        "MUNICIPALITY_NAME_EN": Sort(
            select(municipality.c.name_en)
            .where(municipality.c.id == council.c.municipality_id)
            .scalar_subquery(),
            SortKind.TEXT,
        ),
        "TERM": Sort(council.c.term_id, SortKind.INT),
    },
    default_sort="MUNICIPALITY_NAME_EN",
    filter=CouncilFilter,
    order=CouncilOrder,
    conditions=council_conditions,
)


def solar_hijri_year_days(year: int, argument: str) -> tuple[date, date]:
    """The first day of a Solar Hijri year and the first day of the next (Gregorian dates)."""
    if not 1300 <= year <= 1600:
        raise BadUserInput(
            f"{year} is not a Solar Hijri year this service knows.", argument=argument
        )
    start: date = jdatetime.date(year, 1, 1).togregorian()
    end: date = jdatetime.date(year + 1, 1, 1).togregorian()
    return start, end


def council_resolution_conditions(where: CouncilResolutionFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.council_id is not None:
        council_id = parse_id(where.council_id, kind="CityCouncil", argument="filter.councilId")
        conditions.append(resolution.c.council_id == council_id)
    if where.municipality_id is not None:
        municipality_id = parse_id(
            where.municipality_id, kind="Municipality", argument="filter.municipalityId"
        )
        conditions.append(
            resolution.c.council_id.in_(
                select(council.c.id).where(council.c.municipality_id == municipality_id)
            )
        )
    if where.uploaded is not None:
        uploaded = resolution.c.uploaded_at.is_not(None)
        conditions.append(uploaded if where.uploaded else resolution.c.uploaded_at.is_(None))
    if where.year is not None:
        start, end = solar_hijri_year_days(where.year, "filter.year")
        conditions.append(resolution.c.adopted_on >= start)
        conditions.append(resolution.c.adopted_on < end)
    if where.search:
        conditions.append(resolution.c.title_key.like(like_pattern(where.search), escape="\\"))
    return conditions


COUNCIL_RESOLUTIONS = ListSpec(
    name="councilResolutions",
    table=resolution,
    sorts={
        "ADOPTED_ON": Sort(resolution.c.adopted_on, SortKind.DATE),
        "NUMBER": Sort(resolution.c.number, SortKind.TEXT),
    },
    default_sort="ADOPTED_ON",
    default_descending=True,
    filter=CouncilResolutionFilter,
    order=CouncilResolutionOrder,
    conditions=council_resolution_conditions,
)
