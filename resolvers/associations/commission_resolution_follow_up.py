"""commissionResolutionFollowUp: a follow-up report on a resolution of the commission, which may
mark it done.

The commission's secretariat reports on any resolution; a mayor's office only on those assigned to
its metropolis. Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION (note; already done).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, update

from core.auth import Role
from db.tables import commission_follow_up, commission_resolution
from resolvers.associations.elections import today
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import (
    Changed,
    MutationContext,
    forbidden,
    invalid,
    lock_row,
    parse_key,
    require_role,
    respond,
)
from schema.associations.types import CommissionResolution
from schema.context import Info
from schema.payloads import MutationError, errors_field

NOTE_MAX = 2000


@dataclass(frozen=True)
class CommissionResolutionFollowUpData:
    resolution_id: int
    note: str
    done: bool = False


async def commission_resolution_follow_up(
    ctx: MutationContext, data: CommissionResolutionFollowUpData
) -> int:
    role = require_role(ctx.viewer, Role.COMMISSION_SECRETARIAT, Role.MAYOR_OFFICE)
    note = clean_text(
        data.note, field="note", label="The note", label_fa="گزارش", maximum=NOTE_MAX, required=True
    )
    async with ctx.db.transaction() as conn:
        row = await lock_row(
            conn, commission_resolution, data.resolution_id, field="resolutionId", kind_fa="مصوبه‌ای"
        )
        if role is Role.MAYOR_OFFICE and row.assigned_municipality_id != ctx.viewer.municipality_id:
            raise forbidden(
                "A mayor's office reports only on resolutions assigned to its municipality.",
                "دفتر شهردار تنها درباره مصوبه‌های سپرده به شهرداری خود گزارش می‌دهد.",
                field="resolutionId",
            )
        if data.done and row.done_on is not None:
            raise invalid(
                "The resolution is already done.", "این مصوبه پیش‌تر انجام شده است.", field="done"
            )
        await conn.execute(
            insert(commission_follow_up).values(
                resolution_id=row.id,
                reported_at=ctx.clock(),
                actor=ctx.viewer.actor,
                note=note,
                marks_done=data.done,
                is_sample=False,
            )
        )
        if data.done:
            await conn.execute(
                update(commission_resolution)
                .where(commission_resolution.c.id == row.id)
                .values(done_on=today(ctx))
            )
    return int(row.id)


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A follow-up report on a resolution of the commission.")
class CommissionResolutionFollowUpInput:
    resolution_id: strawberry.ID = strawberry.field(description="The resolution.")
    note: str = strawberry.field(
        description="What was done, in Persian (at most 2,000 characters)."
    )
    done: bool = strawberry.field(
        default=False, description="True when this report marks the resolution done."
    )


@strawberry.type(description="The result of commissionResolutionFollowUp.")
class CommissionResolutionFollowUpPayload:
    resolution: CommissionResolution | None = strawberry.field(
        description="The resolution with its follow-up; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        CommissionResolutionFollowUpInput, strawberry.argument(description="The report.")
    ],
) -> CommissionResolutionFollowUpPayload:
    async def run(ctx: MutationContext) -> Changed:
        resolution_id = await commission_resolution_follow_up(
            ctx,
            CommissionResolutionFollowUpData(
                resolution_id=parse_key(
                    input.resolution_id, kind="CommissionResolution", field="resolutionId"
                ),
                note=input.note,
                done=input.done,
            ),
        )
        return {"resolution": (CommissionResolution, resolution_id)}

    return await respond(info, CommissionResolutionFollowUpPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A follow-up report on a commission resolution (the commission's secretariat, or the "
        "office of the metropolis it is assigned to); `done` marks it done."
    ),
)
