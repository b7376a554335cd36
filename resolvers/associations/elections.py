"""What the union's election mutations share: its one state machine (each status and the one
step after it), the election locked for a step, the recorded step, and the caller's membership.

called → candidacy open → voting open → counted → certified: only the union's secretariat moves
an election, one step forward at a time, with a reason, and every step is recorded (who, when,
from, to, why). Opening the vote fixes who may vote; counting writes the results in SQL;
certifying seats the elected.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.calendar import TEHRAN
from core.errors import ErrorCode, MutationFailure
from db.tables import ElectionStatus, union_election, union_election_event, union_member
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import MutationContext, forbidden, lock_row

S = ElectionStatus

#: The one step forward from each status (the machine has no other edge).
NEXT: Final[dict[ElectionStatus, ElectionStatus]] = {
    S.CALLED: S.CANDIDACY_OPEN,
    S.CANDIDACY_OPEN: S.VOTING_OPEN,
    S.VOTING_OPEN: S.COUNTED,
    S.COUNTED: S.CERTIFIED,
}

#: Who runs the union's elections.
RUNS_ELECTIONS: Final = (Role.UNION_SECRETARIAT,)

STATUS_FA: Final[dict[ElectionStatus, str]] = {
    S.CALLED: "فراخوان‌شده",
    S.CANDIDACY_OPEN: "ثبت‌نام نامزدها",
    S.VOTING_OPEN: "رأی‌گیری",
    S.COUNTED: "شمارش‌شده",
    S.CERTIFIED: "تأییدشده",
}

REASON_MAX = 2000


def clean_reason(value: str | None) -> str:
    reason = clean_text(
        value,
        field="reason",
        label="The reason",
        label_fa="دلیل",
        maximum=REASON_MAX,
        required=True,
    )
    assert reason is not None
    return reason


def wrong_status(status: ElectionStatus, needed: ElectionStatus, doing: str) -> MutationFailure:
    return MutationFailure(
        ErrorCode.INVALID_TRANSITION,
        f"The election is {status.value}; {doing} needs it {needed.value}.",
        f"انتخابات در مرحله «{STATUS_FA[status]}» است؛ این کار در مرحله «{STATUS_FA[needed]}» "
        "ممکن است.",
        field="electionId",
    )


async def lock_election(conn: AsyncConnection, election_id: int) -> Row[Any]:
    """The election, locked until the transaction ends (PostgreSQL; SQLite's write transaction
    already holds the database): a step and a ballot on one election happen one after another."""
    return await lock_row(
        conn, union_election, election_id, field="electionId", kind_fa="انتخاباتی"
    )


async def record(
    ctx: MutationContext,
    conn: AsyncConnection,
    election_id: int,
    before: ElectionStatus | None,
    after: ElectionStatus,
    reason: str,
) -> None:
    await conn.execute(
        insert(union_election_event).values(
            election_id=election_id,
            from_status=before.value if before else None,
            to_status=after.value,
            actor=ctx.viewer.actor,
            reason=reason,
            occurred_at=ctx.clock(),
        )
    )


async def move(
    ctx: MutationContext,
    conn: AsyncConnection,
    row: Row[Any],
    after: ElectionStatus,
    reason: str,
    **values: Any,
) -> None:
    """The election one step on (compare-and-set on its status), and the step recorded."""
    before = ElectionStatus(row.status)
    await conn.execute(
        update(union_election)
        .where(union_election.c.id == row.id, union_election.c.status == before.value)
        .values(status=after.value, **values)
    )
    await record(ctx, conn, row.id, before, after, reason)


def today(ctx: MutationContext) -> date:
    """Today in Tehran: the day a step or a ballot is recorded under."""
    return ctx.clock().astimezone(TEHRAN).date()


async def own_membership(conn: AsyncConnection, ctx: MutationContext, union_id: int) -> Row[Any]:
    """The caller's municipality's membership of the union now; FORBIDDEN when it is none."""
    result = await conn.execute(
        select(union_member).where(
            union_member.c.union_id == union_id,
            union_member.c.municipality_id == ctx.viewer.municipality_id,
            union_member.c.left_on.is_(None),
            union_member.c.joined_on <= today(ctx),
        )
    )
    member = result.first()
    if member is None:
        raise forbidden(
            "Only a member municipality of the union may do this.",
            "تنها شهرداری عضو اتحادیه این کار را می‌تواند.",
            field="electionId",
        )
    return member
