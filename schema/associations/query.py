"""Root fields of the associations: the union and its elections, the Assembly of Mayors, its
technical and civil-works commission, and the questions people ask of it (answered by one
aggregate statement each, on both read paths)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import FromClause, Integer, case, cast, func, select

from core.errors import BadUserInput
from db.seed.reference import COMMISSION_FA
from db.tables import ResolutionState, TopicPriority, calendar, commission_meeting
from db.tables import commission_resolution as resolution
from db.tables import commission_topic as topic
from schema.associations.lists import (
    COMMISSION_RESOLUTIONS,
    COMMISSION_TOPICS,
    priority_rank,
    resolution_state,
    topic_is_open,
)
from schema.associations.types import (
    AssemblyCommission,
    CommissionMeeting,
    CommissionResolution,
    CommissionResolutionConnection,
    CommissionTopicConnection,
    MetropolisesAssembly,
    MunicipalUnion,
    UnionElection,
)
from schema.declare import Scope, column, grouped, lookup, one, page, roots, row_type, rows
from schema.municipalities.types import Municipality

#: When an open topic counts as old, unless `olderThanDays` says.
OLD_AFTER_DAYS = 90

#: How far back `olderThanDays` may look: a century of days.
MAX_DAYS = 36_500


def _days_ago(days: int) -> Any:
    """The day `days` before the database's today, from the calendar table (no date arithmetic,
    which the two databases write differently)."""
    return (
        select(calendar.c.day)
        .where(calendar.c.day <= func.current_date())
        .order_by(calendar.c.day.desc())
        .offset(days)
        .limit(1)
        .scalar_subquery()
    )


def _open_topics(arguments: Mapping[str, Any], _: Scope, name: str) -> tuple[FromClause, list[str]]:
    days = arguments.get("older_than_days")
    days = OLD_AFTER_DAYS if days is None else days
    if not 0 <= days <= MAX_DAYS:
        raise BadUserInput(
            f"`olderThanDays` must be between 0 and {MAX_DAYS}; got {days}.",
            argument="olderThanDays",
        )
    older = case((topic.c.raised_on < _days_ago(days), 1), else_=0)
    groups = (
        select(
            topic.c.priority.label("priority"),
            priority_rank(topic).label("priority_rank"),
            func.count().label("open_count"),
            cast(func.sum(older), Integer).label("older_count"),
            func.min(topic.c.raised_on).label("oldest_raised_on"),
        )
        .where(topic_is_open(topic))
        .group_by(topic.c.priority)
        .subquery(name)
    )
    return groups, ["priority_rank"]


@row_type(description="The commission's open topics of one priority class, and their age.")
class OpenTopicsByPriority:
    priority: TopicPriority = column("The priority class.")
    open_count: int = column("How many of its topics are open or in progress.")
    older_count: int = column("How many of those were raised more than `olderThanDays` ago.")
    oldest_raised_on: date = column("The day the oldest of them was raised.")


def _overdue(_: Mapping[str, Any], __: Scope, name: str) -> tuple[FromClause, list[str]]:
    groups = (
        select(
            resolution.c.assigned_municipality_id.label("municipality"),
            func.count().label("overdue_count"),
            func.min(resolution.c.due_on).label("oldest_due_on"),
        )
        .where(
            resolution_state(resolution) == ResolutionState.OVERDUE.value,
            resolution.c.assigned_municipality_id.is_not(None),
        )
        .group_by(resolution.c.assigned_municipality_id)
        .subquery(name)
    )
    return groups, ["municipality"]


@row_type(description="A metropolis's overdue resolutions of the commission.")
class OverdueResolutionsByMetropolis:
    municipality: Municipality = one(
        via=("municipality", "id"), description="The metropolis they are assigned to."
    )
    overdue_count: int = column("How many of its resolutions are overdue.")
    oldest_due_on: date = column("The due day of the longest overdue.")


def _hosts(_: Mapping[str, Any], __: Scope, name: str) -> tuple[FromClause, list[str]]:
    meeting = commission_meeting
    groups = (
        select(
            meeting.c.host_municipality_id.label("municipality"),
            func.count().label("meeting_count"),
            func.min(meeting.c.number).label("first_number"),
            func.max(meeting.c.number).label("last_number"),
            cast(func.sum(case((meeting.c.with_festival, 1), else_=0)), Integer).label(
                "festival_count"
            ),
        )
        .where(meeting.c.host_municipality_id.is_not(None))
        .group_by(meeting.c.host_municipality_id)
        .subquery(name)
    )
    return groups, ["municipality"]


@row_type(description="The commission meetings one city hosted.")
class MeetingsByHost:
    municipality: Municipality = one(
        via=("municipality", "id"), description="The host city's municipality."
    )
    meeting_count: int = column("How many meetings it hosted (of those the service knows).")
    first_number: int = column("The number of the first it hosted.")
    last_number: int = column("The number of the last it hosted.")
    festival_count: int = column("How many of them came with the civil-works festival.")


@roots
class AssociationsQuery:
    municipal_union: MunicipalUnion | None = rows(
        one=True,
        order=lambda u: [u.c.id],
        description="اتحادیه شهرداری‌ها: the union of municipalities; null if none is recorded.",
    )
    union_elections: list[UnionElection] = rows(
        order=lambda e: [e.c.called_at.desc()],
        description="Every election of the union, latest called first.",
    )
    union_election: UnionElection | None = lookup(
        "One election of the union by id; a NOT_FOUND error when there is none."
    )
    metropolises_assembly: MetropolisesAssembly | None = rows(
        one=True,
        order=lambda a: [a.c.id],
        description="مجمع شهرداران کلانشهرهای ایران: the Assembly of Mayors of Iran's Metropolises.",
    )
    technical_commission: AssemblyCommission | None = rows(
        one=True,
        where=lambda c: c.c.name_fa == COMMISSION_FA,
        order=lambda c: [c.c.id],
        description="کمیسیون فنی و عمرانی: the assembly's technical and civil-works commission.",
    )
    commission_meeting: CommissionMeeting | None = lookup(
        "One meeting of the commission by id; a NOT_FOUND error when there is none."
    )
    commission_topics: CommissionTopicConnection = page(
        COMMISSION_TOPICS,
        description="The commission's topics; oldest raised first unless `orderBy` says.",
    )
    commission_resolutions: CommissionResolutionConnection = page(
        COMMISSION_RESOLUTIONS,
        description="The commission's resolutions; earliest due first unless `orderBy` says.",
    )
    commission_resolution: CommissionResolution | None = lookup(
        "One resolution of the commission by id; a NOT_FOUND error when there is none."
    )
    commission_open_topics_by_priority: list[OpenTopicsByPriority] = grouped(
        _open_topics,
        arguments=[
            (
                "older_than_days",
                Annotated[
                    int | None,
                    strawberry.argument(
                        description="Topics raised more than this many days ago count as old."
                    ),
                ],
                OLD_AFTER_DAYS,
            )
        ],
        description="Open topics of the commission by priority class, most urgent first.",
    )
    commission_overdue_resolutions_by_metropolis: list[OverdueResolutionsByMetropolis] = grouped(
        _overdue,
        arguments=[],
        description="Overdue resolutions of the commission by the metropolis they are assigned to.",
    )
    commission_meetings_by_host: list[MeetingsByHost] = grouped(
        _hosts,
        arguments=[],
        description="The commission's meetings by host city (those whose host is known).",
    )
