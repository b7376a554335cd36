"""mayorsCommitteeAppoint: an administrator appoints the mayors' committee for a new term: five
sitting mayors, one of them chair. The sitting committee's term ends the day before.

Fails with UNAUTHENTICATED, FORBIDDEN (not an administrator), NOT_FOUND (no such mayor), VALIDATION
(not five distinct sitting mayors, a start not after the sitting committee's seats began).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.auth import Role
from db.tables import CommitteeRole, committee, membership
from resolvers.municipalities.committee_admin import (
    refused_by_database,
    sitting_committee,
    sitting_mayor,
)
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, require_role, respond
from schema.context import Info
from schema.municipalities.types import MayorsCommittee
from schema.payloads import MutationError, errors_field

COMMITTEE_SIZE = 5


@dataclass(frozen=True)
class MayorsCommitteeAppointData:
    chair_mayor_id: int
    member_mayor_ids: tuple[int, ...]
    term_start: date | None = None


async def mayors_committee_appoint(
    ctx: MutationContext, data: MayorsCommitteeAppointData
) -> Row[Any]:
    require_role(ctx.viewer, Role.ADMINISTRATOR)
    seats = (data.chair_mayor_id, *data.member_mayor_ids)
    if len(seats) != COMMITTEE_SIZE or len(set(seats)) != COMMITTEE_SIZE:
        raise invalid(
            "A committee is five different mayors: a chair and four members.",
            "کمیته پنج شهردار متفاوت است: یک رئیس و چهار عضو.",
            field="memberMayorIds",
        )
    start = data.term_start or ctx.clock().date()

    async with ctx.db.transaction() as conn:
        for index, mayor_id in enumerate(seats):
            await sitting_mayor(
                conn, mayor_id, field="chairMayorId" if index == 0 else "memberMayorIds"
            )
        current = await sitting_committee(conn)
        if current is not None:
            latest = await conn.scalar(
                select(func.max(membership.c.started_on)).where(
                    membership.c.committee_id == current.id
                )
            )
            if start <= max(current.term_start, latest or current.term_start):
                raise invalid(
                    "The new term must begin after the sitting committee's last seat began.",
                    "دوره تازه باید پس از آغاز آخرین عضویت کمیته کنونی آغاز شود.",
                    field="termStart",
                )
        try:
            async with conn.begin_nested():
                if current is not None:
                    end = start - timedelta(days=1)
                    await conn.execute(
                        update(committee).where(committee.c.id == current.id).values(term_end=end)
                    )
                    await conn.execute(
                        update(membership)
                        .where(
                            membership.c.committee_id == current.id,
                            membership.c.ended_on.is_(None),
                        )
                        .values(ended_on=end)
                    )
                result = await conn.execute(
                    insert(committee)
                    .values(term_start=start, term_end=None)
                    .returning(*committee.c)
                )
                appointed = result.one()
                await conn.execute(
                    insert(membership),
                    [
                        {
                            "committee_id": appointed.id,
                            "mayor_id": mayor_id,
                            "role": (
                                CommitteeRole.CHAIR if index == 0 else CommitteeRole.MEMBER
                            ).value,
                            "started_on": start,
                        }
                        for index, mayor_id in enumerate(seats)
                    ],
                )
        except IntegrityError as exc:
            raise refused_by_database(exc) from None
        return appointed


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="The mayors' committee for a new term.")
class MayorsCommitteeAppointInput:
    chair_mayor_id: strawberry.ID = strawberry.field(description="The sitting mayor who chairs.")
    member_mayor_ids: list[strawberry.ID] = strawberry.field(
        description="The four other sitting mayors."
    )
    term_start: date | None = strawberry.field(
        default=None,
        description="First day of the term (default today); the old term ends the day before.",
    )


@strawberry.type(description="The result of mayorsCommitteeAppoint.")
class MayorsCommitteeAppointPayload:
    mayors_committee: MayorsCommittee | None = strawberry.field(
        description="The committee appointed; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        MayorsCommitteeAppointInput, strawberry.argument(description="The new committee.")
    ],
) -> MayorsCommitteeAppointPayload:
    async def run(ctx: MutationContext) -> Changed:
        row = await mayors_committee_appoint(
            ctx,
            MayorsCommitteeAppointData(
                chair_mayor_id=parse_key(input.chair_mayor_id, kind="Mayor", field="chairMayorId"),
                member_mayor_ids=tuple(
                    parse_key(m, kind="Mayor", field="memberMayorIds")
                    for m in input.member_mayor_ids
                ),
                term_start=input.term_start,
            ),
        )
        return {"mayors_committee": (MayorsCommittee, row.id)}

    return await respond(info, MayorsCommitteeAppointPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="An administrator appoints the five-member committee for a new term.",
)
