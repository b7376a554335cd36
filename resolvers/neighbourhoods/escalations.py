"""The escalation machine: a working group's secretary who cannot agree with the district mayor's
side raises the matter; the presiding board takes it up at its monthly meeting with the district
mayor and records the outcome; the secretary may withdraw it before the board takes it up.

    RAISED ─take up (board, at a meeting)─▶ ON_BOARD_AGENDA ─agree / not agree (board)─▶ AGREED | NOT_AGREED
      └─withdraw (the secretary who raised it)─▶ WITHDRAWN

One table (`STEPS`: status, target → the role that may take the step), every step recorded (who,
in which post, when, from, to, why) and the escalation's `version` moved on (compare-and-set).
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.errors import ErrorCode, MutationFailure
from db.tables import EscalationStatus, escalation, escalation_event
from resolvers.mutations import MutationContext, not_found
from resolvers.reads import ViewerScope
from schema.declare import source_of
from schema.neighbourhoods.types import Escalation

S = EscalationStatus

#: The machine: (from, to) → who may take the step.
STEPS: Final[dict[tuple[EscalationStatus, EscalationStatus], Role]] = {
    (S.RAISED, S.ON_BOARD_AGENDA): Role.PRESIDING_BOARD,
    (S.ON_BOARD_AGENDA, S.AGREED): Role.PRESIDING_BOARD,
    (S.ON_BOARD_AGENDA, S.NOT_AGREED): Role.PRESIDING_BOARD,
    (S.RAISED, S.WITHDRAWN): Role.NEIGHBOURHOOD_WG_SECRETARY,  # or the district's: see below
}
#: The secretaries who raise (and may withdraw) escalations.
SECRETARIES: Final = (Role.NEIGHBOURHOOD_WG_SECRETARY, Role.DISTRICT_WG_SECRETARY)
CLOSING: Final = (S.AGREED, S.NOT_AGREED, S.WITHDRAWN)

STATUS_FA: Final[dict[EscalationStatus, str]] = {
    S.RAISED: "اعلام‌شده به هیئت رئیسه",
    S.ON_BOARD_AGENDA: "در دستور جلسه هیئت رئیسه",
    S.AGREED: "توافق شد",
    S.NOT_AGREED: "توافق نشد",
    S.WITHDRAWN: "پس گرفته شد",
}


def roles_for(before: EscalationStatus, after: EscalationStatus) -> tuple[Role, ...]:
    """Who may take the step; none when the machine has no such edge."""
    role = STEPS.get((before, after))
    if role is None:
        return ()
    if after is S.WITHDRAWN:
        return SECRETARIES
    return (role,)


def no_such_step(before: EscalationStatus, after: EscalationStatus) -> MutationFailure:
    return MutationFailure(
        ErrorCode.INVALID_TRANSITION,
        f"An escalation {before.value} does not move to {after.value}.",
        f"ارجاعِ «{STATUS_FA[before]}» به «{STATUS_FA[after]}» نمی‌رود.",
        field="to",
    )


async def lock_escalation(
    conn: AsyncConnection, ctx: MutationContext, escalation_id: int
) -> Row[Any]:
    """The escalation, locked, if the caller may see it (NOT_FOUND otherwise)."""
    seen = source_of(Escalation).visible(ViewerScope(ctx.viewer), escalation)
    result = await conn.execute(
        select(escalation).where(escalation.c.id == escalation_id, *seen).with_for_update()
    )
    row = result.first()
    if row is None:
        raise not_found(
            f"No escalation has id {escalation_id}.",
            "ارجاعی با این شناسه نیست.",
            field="escalationId",
        )
    return row


async def record(
    ctx: MutationContext,
    conn: AsyncConnection,
    escalation_id: int,
    before: EscalationStatus | None,
    after: EscalationStatus,
    post: Row[Any],
    reason: str,
) -> None:
    await conn.execute(
        insert(escalation_event).values(
            escalation_id=escalation_id,
            from_status=before.value if before else None,
            to_status=after.value,
            post_id=post.id,
            actor=f"{ctx.viewer.actor} {post.person_fa}"[:200],
            reason=reason,
            occurred_at=ctx.clock(),
        )
    )


async def move(
    ctx: MutationContext,
    conn: AsyncConnection,
    row: Row[Any],
    after: EscalationStatus,
    post: Row[Any],
    reason: str,
    **values: Any,
) -> None:
    before = EscalationStatus(row.status)
    if after in CLOSING:
        values["closed_at"] = ctx.clock()
    await conn.execute(
        update(escalation)
        .where(escalation.c.id == row.id, escalation.c.version == row.version)
        .values(status=after.value, version=row.version + 1, **values)
    )
    await record(ctx, conn, row.id, before, after, post, reason)
