"""unionCandidacyFile: a member municipality's office stands for a seat of an election.

Only while candidacy is open, one seat per member and election (a unique index holds it). Fails
with UNAUTHENTICATED, FORBIDDEN (not a mayor's office, or its municipality not a member), NOT_FOUND,
INVALID_TRANSITION (candidacy not open), VALIDATION (no such seat; already standing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from core.auth import Role
from db.tables import ElectionStatus, UnionOffice, union_candidate, union_seat
from resolvers.associations.elections import lock_election, own_membership, wrong_status
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, require_role, respond
from schema.associations.types import UnionCandidate
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class UnionCandidacyFileData:
    election_id: int
    office: UnionOffice


async def union_candidacy_file(ctx: MutationContext, data: UnionCandidacyFileData) -> int:
    require_role(ctx.viewer, Role.MAYOR_OFFICE)
    async with ctx.db.transaction() as conn:
        election = await lock_election(conn, data.election_id)
        status = ElectionStatus(election.status)
        if status is not ElectionStatus.CANDIDACY_OPEN:
            raise wrong_status(status, ElectionStatus.CANDIDACY_OPEN, "filing a candidacy")
        member = await own_membership(conn, ctx, election.union_id)
        seat_id = await conn.scalar(
            select(union_seat.c.id).where(
                union_seat.c.election_id == election.id, union_seat.c.office == data.office.value
            )
        )
        if seat_id is None:
            raise invalid(
                f"This election fills no {data.office.value} seat.",
                "این انتخابات برای این سمت نیست.",
                field="office",
            )
        try:
            async with conn.begin_nested():
                candidate_id: int = await conn.scalar(
                    insert(union_candidate)
                    .values(
                        election_id=election.id,
                        seat_id=seat_id,
                        member_id=member.id,
                        filed_at=ctx.clock(),
                    )
                    .returning(union_candidate.c.id)
                )
        except IntegrityError:
            raise invalid(
                "Your municipality already stands in this election.",
                "شهرداری شما پیش‌تر در این انتخابات نامزد شده است.",
                field="electionId",
            ) from None
    return candidate_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A member municipality standing for a seat.")
class UnionCandidacyFileInput:
    election_id: strawberry.ID = strawberry.field(description="The election.")
    office: UnionOffice = strawberry.field(description="The seat's office.")


@strawberry.type(description="The result of unionCandidacyFile.")
class UnionCandidacyFilePayload:
    candidate: UnionCandidate | None = strawberry.field(
        description="The candidacy; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[UnionCandidacyFileInput, strawberry.argument(description="The candidacy.")],
) -> UnionCandidacyFilePayload:
    async def run(ctx: MutationContext) -> Changed:
        candidate_id = await union_candidacy_file(
            ctx,
            UnionCandidacyFileData(
                election_id=parse_key(input.election_id, kind="UnionElection", field="electionId"),
                office=input.office,
            ),
        )
        return {"candidate": (UnionCandidate, candidate_id)}

    return await respond(info, UnionCandidacyFilePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="A member municipality's office stands for a seat, while candidacy is open.",
)
