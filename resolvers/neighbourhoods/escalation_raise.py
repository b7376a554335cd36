"""escalationRaise: a working group's secretary, who could not reach agreement with the district
mayor's side, takes the matter to the district's presiding board (RAISED).

Fails with UNAUTHENTICATED, FORBIDDEN (not a working group's secretary holding office today),
VALIDATION (subject, description, idempotency key). A replay with the same idempotency key returns
the first escalation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, select

from db.tables import EscalationStatus, escalation, working_group
from resolvers import idempotency
from resolvers.municipalities.drafts import clean_text, normalize_paragraphs
from resolvers.mutations import Changed, MutationContext, respond
from resolvers.neighbourhoods.common import acting_post, today
from resolvers.neighbourhoods.escalations import SECRETARIES, record
from schema.context import Info
from schema.neighbourhoods.types import Escalation
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "escalationRaise"


@dataclass(frozen=True)
class EscalationRaiseData:
    subject: str
    description: str
    idempotency_key: str | None = None


async def escalation_raise(ctx: MutationContext, data: EscalationRaiseData) -> int:
    subject = clean_text(
        data.subject,
        field="subject",
        label="The subject",
        label_fa="موضوع",
        maximum=300,
        required=True,
    )
    description = clean_text(
        data.description,
        field="description",
        label="The description",
        label_fa="شرح",
        maximum=20_000,
        required=True,
        normalise=normalize_paragraphs,
    )
    assert subject is not None
    assert description is not None
    key = idempotency.clean_key(data.idempotency_key)
    async with ctx.db.transaction() as conn:
        post = await acting_post(conn, ctx, *SECRETARIES)
        if key is not None:
            digest = idempotency.request_hash({"subject": subject, "description": description})
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        group = (
            await conn.execute(
                select(working_group).where(working_group.c.id == post.working_group_id)
            )
        ).one()
        now = ctx.clock()
        escalation_id = int(
            await conn.scalar(
                insert(escalation)
                .values(
                    district_id=group.district_id,
                    working_group_id=group.id,
                    raised_by_post_id=post.id,
                    subject=subject,
                    description=description,
                    status=EscalationStatus.RAISED.value,
                    raised_at=now,
                    raised_on=today(ctx),
                    version=1,
                    is_sample=False,
                )
                .returning(escalation.c.id)
            )
        )
        await record(ctx, conn, escalation_id, None, EscalationStatus.RAISED, post, description)
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, escalation_id, column="result_id")
    return escalation_id


@strawberry.input(
    description="A disagreement with the district mayor's side, for the presiding board."
)
class EscalationRaiseInput:
    subject: str = strawberry.field(description="What it is about (at most 300 characters).")
    description: str = strawberry.field(
        description="The disagreement, and what was tried (at most 20,000 characters)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of escalationRaise.")
class EscalationRaisePayload:
    escalation: Escalation | None = strawberry.field(description="The escalation; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[EscalationRaiseInput, strawberry.argument(description="The escalation.")],
) -> EscalationRaisePayload:
    async def run(ctx: MutationContext) -> Changed:
        escalation_id = await escalation_raise(
            ctx,
            EscalationRaiseData(
                subject=input.subject,
                description=input.description,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"escalation": (Escalation, escalation_id)}

    return await respond(info, EscalationRaisePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A working group's secretary (NEIGHBOURHOOD_WG_SECRETARY or DISTRICT_WG_SECRETARY) takes "
        "a disagreement with the district mayor's side to the presiding board (RAISED)."
    ),
)
