"""unionElectionAdvance: the union's secretariat moves an election one step forward, with a reason.

`to` names the step meant, so that two secretaries pressing at once move it once. Opening the vote
needs a candidate for every seat and fixes how many members may vote; counting writes every
candidate's count and rank in one SQL statement; certifying seats the elected as the union's
officers. Fails with UNAUTHENTICATED, FORBIDDEN (not the union's secretariat), NOT_FOUND,
INVALID_TRANSITION (not the one step after the current status), VALIDATION (reason; a seat with
no candidate).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.errors import ErrorCode, MutationFailure
from db import elections
from db.tables import ElectionStatus, union_candidate, union_member, union_seat
from resolvers.associations.elections import (
    NEXT,
    RUNS_ELECTIONS,
    STATUS_FA,
    clean_reason,
    lock_election,
    move,
    today,
)
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, require_role, respond
from schema.associations.types import UnionElection
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class UnionElectionAdvanceData:
    election_id: int
    to: ElectionStatus
    reason: str


def _not_next(status: ElectionStatus, to: ElectionStatus) -> MutationFailure:
    following = NEXT.get(status)
    allowed = f"only to {following.value}" if following else "nowhere: it is final"
    return MutationFailure(
        ErrorCode.INVALID_TRANSITION,
        f"An election in status {status.value} moves {allowed}, not to {to.value}.",
        f"انتخابات در مرحله «{STATUS_FA[status]}» به مرحله «{STATUS_FA[to]}» نمی‌رود.",
        field="to",
    )


async def _check_candidates(conn: AsyncConnection, election_id: int) -> None:
    empty = await conn.scalar(
        select(func.count())
        .select_from(union_seat)
        .where(
            union_seat.c.election_id == election_id,
            ~select(union_candidate.c.id)
            .where(union_candidate.c.seat_id == union_seat.c.id)
            .exists(),
        )
    )
    if empty:
        raise invalid(
            "Every seat needs at least one candidate before voting opens.",
            "پیش از آغاز رأی‌گیری هر سمت دست‌کم یک نامزد می‌خواهد.",
            field="to",
        )


async def union_election_advance(ctx: MutationContext, data: UnionElectionAdvanceData) -> int:
    require_role(ctx.viewer, *RUNS_ELECTIONS)
    reason = clean_reason(data.reason)
    async with ctx.db.transaction() as conn:
        row = await lock_election(conn, data.election_id)
        status = ElectionStatus(row.status)
        if NEXT.get(status) is not data.to:
            raise _not_next(status, data.to)
        values: dict[str, object] = {}
        if data.to is ElectionStatus.VOTING_OPEN:
            await _check_candidates(conn, row.id)
            values["eligible_count"] = await conn.scalar(
                select(func.count())
                .select_from(union_member)
                .where(union_member.c.union_id == row.union_id, union_member.c.left_on.is_(None))
            )
        elif data.to is ElectionStatus.COUNTED:
            await elections.count(conn, row.id)
        elif data.to is ElectionStatus.CERTIFIED:
            values["certified_at"] = ctx.clock()
            await elections.seat_officers(conn, row.id, today(ctx))
        await move(ctx, conn, row, data.to, reason, **values)
    return int(row.id)


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="One step forward of an election, and why.")
class UnionElectionAdvanceInput:
    election_id: strawberry.ID = strawberry.field(description="The election.")
    to: ElectionStatus = strawberry.field(
        description="The status it moves to: the one after its current status."
    )
    reason: str = strawberry.field(description="Why (recorded with the step).")


@strawberry.type(description="The result of unionElectionAdvance.")
class UnionElectionAdvancePayload:
    election: UnionElection | None = strawberry.field(
        description="The election after the step; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[UnionElectionAdvanceInput, strawberry.argument(description="The step.")],
) -> UnionElectionAdvancePayload:
    async def run(ctx: MutationContext) -> Changed:
        election_id = await union_election_advance(
            ctx,
            UnionElectionAdvanceData(
                election_id=parse_key(input.election_id, kind="UnionElection", field="electionId"),
                to=input.to,
                reason=input.reason,
            ),
        )
        return {"election": (UnionElection, election_id)}

    return await respond(info, UnionElectionAdvancePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "The union's secretariat moves an election one step: called → candidacy open → voting "
        "open → counted → certified. Counting computes the results; certifying publishes them "
        "and seats the elected."
    ),
)
