"""unionBallotCast: a member municipality's office casts its one ballot.

Who voted goes to `union_participation` (its unique index: a member never votes twice, however
many requests race); what was chosen goes to `union_ballot_mark` under a random token, with no
member, no time and no serial id. The election's row is locked for the cast and its ballot count
raised, so concurrent ballots are never lost or doubled and none slips past the count. The
idempotency key covers the election, never the choices (a hash of them beside the caller would
link them). Fails with UNAUTHENTICATED, FORBIDDEN (not a mayor's office, or not a member),
NOT_FOUND, INVALID_TRANSITION (voting not open), VALIDATION (a candidate not of this election,
more marks than a seat has, the same candidate twice, already voted).
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from core.auth import Role
from db.tables import (
    ElectionStatus,
    union_ballot_mark,
    union_candidate,
    union_election,
    union_participation,
    union_seat,
)
from resolvers import idempotency
from resolvers.associations.elections import lock_election, own_membership, today, wrong_status
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, require_role, respond
from schema.associations.types import UnionElection, UnionParticipation
from schema.context import Info
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "unionBallotCast"


@dataclass(frozen=True)
class UnionBallotCastData:
    election_id: int
    candidate_ids: tuple[int, ...]
    idempotency_key: str | None = None


def _already_voted() -> Exception:
    return invalid(
        "Your municipality has already voted in this election.",
        "شهرداری شما پیش‌تر در این انتخابات رأی داده است.",
        field="electionId",
    )


async def union_ballot_cast(ctx: MutationContext, data: UnionBallotCastData) -> tuple[int, int]:
    """(the election's id, the caller's participation line's id)."""
    require_role(ctx.viewer, Role.MAYOR_OFFICE)
    if len(set(data.candidate_ids)) != len(data.candidate_ids):
        raise invalid(
            "Mark each candidate at most once.",
            "هر نامزد را یک بار علامت بزنید.",
            field="candidateIds",
        )
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash({"election": data.election_id})
    async with ctx.db.transaction() as conn:
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return data.election_id, first
        election = await lock_election(conn, data.election_id)
        status = ElectionStatus(election.status)
        if status is not ElectionStatus.VOTING_OPEN:
            raise wrong_status(status, ElectionStatus.VOTING_OPEN, "casting a ballot")
        member = await own_membership(conn, ctx, election.union_id)
        chosen = (
            await conn.execute(
                select(union_candidate.c.id, union_seat.c.id, union_seat.c.seats)
                .join(union_seat, union_seat.c.id == union_candidate.c.seat_id)
                .where(
                    union_candidate.c.election_id == election.id,
                    union_candidate.c.id.in_(data.candidate_ids),
                )
            )
        ).all()
        if len(chosen) != len(data.candidate_ids):
            raise invalid(
                "Mark only candidates of this election.",
                "تنها نامزدهای همین انتخابات را علامت بزنید.",
                field="candidateIds",
            )
        per_seat = Counter(seat for _, seat, _ in chosen)
        if any(per_seat[seat] > seats for _, seat, seats in chosen):
            raise invalid(
                "Mark no more candidates for a seat than it has places.",
                "برای هر سمت بیش از تعداد کرسی‌هایش نامزد علامت نزنید.",
                field="candidateIds",
            )
        try:
            async with conn.begin_nested():
                line: int = await conn.scalar(
                    insert(union_participation)
                    .values(election_id=election.id, member_id=member.id, voted_on=today(ctx))
                    .returning(union_participation.c.id)
                )
        except IntegrityError:
            raise _already_voted() from None
        ballot = secrets.token_hex(16)
        if chosen:
            await conn.execute(
                insert(union_ballot_mark),
                [
                    {"ballot": ballot, "election_id": election.id, "candidate_id": candidate}
                    for candidate, _, _ in chosen
                ],
            )
        await conn.execute(
            update(union_election)
            .where(union_election.c.id == election.id)
            .values(ballots_cast=union_election.c.ballots_cast + 1)
        )
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, line, column="result_id")
    return election.id, line


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A member's one ballot: the candidates it marks (none: a blank one).")
class UnionBallotCastInput:
    election_id: strawberry.ID = strawberry.field(description="The election.")
    candidate_ids: list[strawberry.ID] = strawberry.field(
        description="The candidates marked, each once, no more for a seat than it has places."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of unionBallotCast.")
class UnionBallotCastPayload:
    election: UnionElection | None = strawberry.field(
        description="The election, its turnout counting this ballot; null on errors."
    )
    participation: UnionParticipation | None = strawberry.field(
        description="The record that the member voted (never what it chose); null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[UnionBallotCastInput, strawberry.argument(description="The ballot.")],
) -> UnionBallotCastPayload:
    async def run(ctx: MutationContext) -> Changed:
        election_id, line = await union_ballot_cast(
            ctx,
            UnionBallotCastData(
                election_id=parse_key(input.election_id, kind="UnionElection", field="electionId"),
                candidate_ids=tuple(
                    parse_key(c, kind="UnionCandidate", field="candidateIds")
                    for c in input.candidate_ids
                ),
                idempotency_key=input.idempotency_key,
            ),
        )
        return {
            "election": (UnionElection, election_id),
            "participation": (UnionParticipation, line),
        }

    return await respond(info, UnionBallotCastPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A member municipality's office casts its one ballot while voting is open. Who voted "
        "is recorded; what it chose is kept apart, under a random token, never linked to it."
    ),
)
