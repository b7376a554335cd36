"""unionElectionCall: the union's secretariat calls an election for named seats.

The election starts CALLED, its call recorded as its first step. Fails with UNAUTHENTICATED,
FORBIDDEN (not the union's secretariat), NOT_FOUND (no union), VALIDATION (title, reason, seats,
idempotency key). A replay with the same idempotency key returns the first election.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, select

from db.tables import ElectionStatus, UnionOffice, municipal_union, union_election, union_seat
from resolvers import idempotency
from resolvers.associations.elections import RUNS_ELECTIONS, clean_reason, record
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    not_found,
    require_role,
    respond,
)
from schema.associations.types import UnionElection
from schema.context import Info
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "unionElectionCall"
MAX_SEATS = 50


@dataclass(frozen=True)
class UnionElectionCallData:
    title: str
    seats: tuple[tuple[UnionOffice, int], ...]
    reason: str
    idempotency_key: str | None = None


def _seats(seats: tuple[tuple[UnionOffice, int], ...]) -> tuple[tuple[UnionOffice, int], ...]:
    offices = [office for office, _ in seats]
    if not seats or len(set(offices)) != len(offices):
        raise invalid(
            "Name each office to fill once, at least one.",
            "هر سمت را یک بار و دست‌کم یک سمت نام ببرید.",
            field="seats",
        )
    if any(not 1 <= count <= MAX_SEATS for _, count in seats):
        raise invalid(
            f"Each office has 1 to {MAX_SEATS} seats.",
            f"هر سمت ۱ تا {MAX_SEATS} کرسی دارد.",
            field="seats",
        )
    return seats


async def union_election_call(ctx: MutationContext, data: UnionElectionCallData) -> int:
    """The id of the election called (or of the first, on a replay)."""
    require_role(ctx.viewer, *RUNS_ELECTIONS)
    title = clean_text(
        data.title, field="title", label="The title", label_fa="عنوان", maximum=300, required=True
    )
    assert title is not None
    reason = clean_reason(data.reason)
    seats = _seats(data.seats)
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash(
        {"title": title, "reason": reason, "seats": [[o.value, n] for o, n in seats]}
    )
    async with ctx.db.transaction() as conn:
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        union_id = await conn.scalar(select(municipal_union.c.id).order_by(municipal_union.c.id))
        if union_id is None:
            raise not_found("No union of municipalities is recorded.", "اتحادیه‌ای ثبت نشده است.")
        election_id: int = await conn.scalar(
            insert(union_election)
            .values(
                union_id=union_id,
                title=title,
                status=ElectionStatus.CALLED.value,
                called_at=ctx.clock(),
                ballots_cast=0,
                is_sample=False,
            )
            .returning(union_election.c.id)
        )
        await conn.execute(
            insert(union_seat),
            [{"election_id": election_id, "office": o.value, "seats": n} for o, n in seats],
        )
        await record(ctx, conn, election_id, None, ElectionStatus.CALLED, reason)
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, election_id, column="result_id")
    return election_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="An office the election fills, and how many of it.")
class UnionSeatInput:
    office: UnionOffice = strawberry.field(description="The office.")
    seats: int = strawberry.field(default=1, description=f"How many (1 to {MAX_SEATS}).")


@strawberry.input(description="An election of the union, called by its secretariat.")
class UnionElectionCallInput:
    title: str = strawberry.field(description="Its title, in Persian (at most 300 characters).")
    seats: list[UnionSeatInput] = strawberry.field(description="The offices it fills, each once.")
    reason: str = strawberry.field(description="Why it is called (recorded with the call).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of unionElectionCall.")
class UnionElectionCallPayload:
    election: UnionElection | None = strawberry.field(description="The election; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[UnionElectionCallInput, strawberry.argument(description="The call.")],
) -> UnionElectionCallPayload:
    async def run(ctx: MutationContext) -> Changed:
        election_id = await union_election_call(
            ctx,
            UnionElectionCallData(
                title=input.title,
                seats=tuple((seat.office, seat.seats) for seat in input.seats),
                reason=input.reason,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"election": (UnionElection, election_id)}

    return await respond(info, UnionElectionCallPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The union's secretariat calls an election for named seats (status CALLED).",
)
