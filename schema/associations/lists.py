"""The associations' lists (their orders, and what their filters mean in SQL), and the SQL of
what their rows are computed to be (a resolution's state, a priority's rank)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select

from core.ids import parse_id
from db.tables import (
    CLOSED_TOPIC_STATUSES,
    ResolutionState,
    TopicPriority,
    commission_resolution,
    commission_topic,
    municipality,
    union_member,
)
from schema.associations.inputs import (
    CommissionResolutionFilter,
    CommissionResolutionOrder,
    CommissionTopicFilter,
    CommissionTopicOrder,
    UnionMemberFilter,
    UnionMemberOrder,
)
from schema.declare import Alias
from schema.listing import ListSpec, Sort, SortKind

#: Where resolutions without a due day go in an order by due day: last.
NO_DUE_DAY = date(9999, 12, 31)


def resolution_state(resolution: Alias) -> ColumnElement[Any]:
    """DONE once reported done; OVERDUE when its due day is before today (the database's);
    OPEN otherwise."""
    return case(
        (resolution.c.done_on.is_not(None), literal(ResolutionState.DONE.value)),
        (resolution.c.due_on < func.current_date(), literal(ResolutionState.OVERDUE.value)),
        else_=literal(ResolutionState.OPEN.value),
    )


def priority_rank(topic: Alias) -> ColumnElement[Any]:
    """Urgent short-term 0, medium-term 1, long-term 2."""
    return case(
        {priority.value: rank for rank, priority in enumerate(TopicPriority)},
        value=topic.c.priority,
        else_=len(TopicPriority),
    )


def topic_is_open(topic: Alias) -> ColumnElement[bool]:
    return topic.c.status.not_in(CLOSED_TOPIC_STATUSES)


def _member_conditions(where: UnionMemberFilter) -> list[ColumnElement[bool]]:
    if where.active is None:
        return []
    return [
        union_member.c.left_on.is_(None) if where.active else union_member.c.left_on.is_not(None)
    ]


UNION_MEMBERS = ListSpec(
    name="unionMembers",
    table=union_member,
    sorts={
        "JOINED_ON": Sort(union_member.c.joined_on, SortKind.DATE),
        "MUNICIPALITY_NAME_EN": Sort(
            select(municipality.c.name_en)
            .where(municipality.c.id == union_member.c.municipality_id)
            .scalar_subquery(),
            SortKind.TEXT,
        ),
    },
    default_sort="MUNICIPALITY_NAME_EN",
    filter=UnionMemberFilter,
    order=UnionMemberOrder,
    conditions=_member_conditions,
)


def _topic_conditions(where: CommissionTopicFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.priority is not None:
        conditions.append(commission_topic.c.priority == where.priority.value)
    if where.status is not None:
        conditions.append(commission_topic.c.status == where.status.value)
    if where.open is not None:
        is_open = topic_is_open(commission_topic)
        conditions.append(is_open if where.open else ~is_open)
    if where.working_group_id is not None:
        group = parse_id(
            where.working_group_id, kind="CommissionBody", argument="filter.workingGroupId"
        )
        conditions.append(commission_topic.c.working_group_id == group)
    return conditions


COMMISSION_TOPICS = ListSpec(
    name="commissionTopics",
    table=commission_topic,
    sorts={
        "RAISED_ON": Sort(commission_topic.c.raised_on, SortKind.DATE),
        "PRIORITY": Sort(priority_rank(commission_topic), SortKind.INT),
    },
    default_sort="RAISED_ON",
    filter=CommissionTopicFilter,
    order=CommissionTopicOrder,
    conditions=_topic_conditions,
)


def _resolution_conditions(where: CommissionResolutionFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.municipality_id is not None:
        assignee = parse_id(
            where.municipality_id, kind="Municipality", argument="filter.municipalityId"
        )
        conditions.append(commission_resolution.c.assigned_municipality_id == assignee)
    if where.state is not None:
        conditions.append(resolution_state(commission_resolution) == where.state.value)
    if where.meeting_id is not None:
        meeting = parse_id(where.meeting_id, kind="CommissionMeeting", argument="filter.meetingId")
        conditions.append(commission_resolution.c.meeting_id == meeting)
    return conditions


COMMISSION_RESOLUTIONS = ListSpec(
    name="commissionResolutions",
    table=commission_resolution,
    sorts={
        "DUE_ON": Sort(
            func.coalesce(commission_resolution.c.due_on, literal(NO_DUE_DAY)), SortKind.DATE
        ),
        "MEETING": Sort(commission_resolution.c.meeting_id, SortKind.INT),
    },
    default_sort="DUE_ON",
    filter=CommissionResolutionFilter,
    order=CommissionResolutionOrder,
    conditions=_resolution_conditions,
)
