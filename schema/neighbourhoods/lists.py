"""The neighbourhood councils' lists: their orders, and what their filters mean in SQL."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from core.ids import parse_id
from db.tables import OPEN_ESCALATIONS, escalation, small_project
from schema.listing import ListSpec, Sort, SortKind
from schema.neighbourhoods.inputs import (
    EscalationFilter,
    EscalationOrder,
    SmallProjectFilter,
    SmallProjectOrder,
)


def _project_conditions(where: SmallProjectFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.district_id is not None:
        district = parse_id(where.district_id, kind="CityDistrict", argument="filter.districtId")
        conditions.append(small_project.c.district_id == district)
    if where.neighbourhood_id is not None:
        place = parse_id(
            where.neighbourhood_id, kind="Neighbourhood", argument="filter.neighbourhoodId"
        )
        conditions.append(small_project.c.neighbourhood_id == place)
    if where.council_id is not None:
        council = parse_id(
            where.council_id, kind="NeighbourhoodCouncil", argument="filter.councilId"
        )
        conditions.append(small_project.c.council_id == council)
    if where.statuses is not None:
        conditions.append(small_project.c.status.in_([s.value for s in where.statuses]))
    return conditions


SMALL_PROJECTS = ListSpec(
    name="smallProjects",
    table=small_project,
    sorts={
        "CREATED_AT": Sort(small_project.c.created_at, SortKind.DATETIME),
        "STAGE_SINCE": Sort(small_project.c.stage_since, SortKind.DATETIME),
        "ESTIMATED_COST": Sort(small_project.c.estimated_cost_rials, SortKind.INT),
    },
    default_sort="CREATED_AT",
    default_descending=True,
    filter=SmallProjectFilter,
    order=SmallProjectOrder,
    conditions=_project_conditions,
)


def _escalation_conditions(where: EscalationFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.district_id is not None:
        district = parse_id(where.district_id, kind="CityDistrict", argument="filter.districtId")
        conditions.append(escalation.c.district_id == district)
    if where.open is not None:
        is_open = escalation.c.status.in_(OPEN_ESCALATIONS)
        conditions.append(is_open if where.open else ~is_open)
    if where.status is not None:
        conditions.append(escalation.c.status == where.status.value)
    return conditions


ESCALATIONS = ListSpec(
    name="escalations",
    table=escalation,
    sorts={"RAISED_AT": Sort(escalation.c.raised_at, SortKind.DATETIME)},
    default_sort="RAISED_AT",
    filter=EscalationFilter,
    order=EscalationOrder,
    conditions=_escalation_conditions,
)
