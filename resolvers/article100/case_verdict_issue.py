"""caseVerdictIssue: the secretariat records a commission's verdict on a case, decided at a
session where the case was on the agenda, by the three members who sat (one for each seat).

A referred case gets the first-instance verdict (VERDICT_ISSUED); an appealed one the appeal
commission's (APPEAL_VERDICT_ISSUED). A FINE names its amount in rials; other kinds name none.
The verdict is dated at the session. Fails with UNAUTHENTICATED, FORBIDDEN (not the secretariat),
NOT_FOUND (a case or session the caller may not see), INVALID_TRANSITION (the case waits for no
verdict), VALIDATION (reasons; fine; the session not held yet, of another commission, or without
the case on its agenda; the deciders not three present members of its three seats),
VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, select

from core.deadlines import tehran_day
from db.tables import (
    CaseStatus,
    CommissionLevel,
    CommissionSeat,
    VerdictKind,
    a100_agenda_item,
    a100_attendance,
    a100_member,
    a100_session,
    a100_verdict,
    a100_verdict_member,
)
from resolvers.article100.machine import (
    check,
    clean_reason,
    find_case,
    move,
    require_step_role,
)
from resolvers.mutations import Changed, MutationContext, invalid, not_found, parse_key, respond
from schema.article100.types import ViolationCase
from schema.context import Info
from schema.payloads import MutationError, errors_field
from schema.scalars import Money

#: The verdict a waiting case gets: its status → the status after, and the commission's level.
VERDICT_STEP = {
    CaseStatus.REFERRED: (CaseStatus.VERDICT_ISSUED, CommissionLevel.FIRST_INSTANCE),
    CaseStatus.APPEAL_REQUESTED: (CaseStatus.APPEAL_VERDICT_ISSUED, CommissionLevel.APPEAL),
}
MAX_FINE = 10**16  # a trillion tomans: far above any fine, far below 64 bits


@dataclass(frozen=True)
class CaseVerdictIssueData:
    case_id: int
    session_id: int
    kind: VerdictKind
    reasons: str
    decider_ids: tuple[int, ...]
    expected_version: int
    fine_rials: int | None = None


async def case_verdict_issue(ctx: MutationContext, data: CaseVerdictIssueData) -> int:
    require_step_role(ctx.viewer, CaseStatus.VERDICT_ISSUED)
    reasons = clean_reason(data.reasons, field="reasons")
    if (data.kind is VerdictKind.FINE) != (data.fine_rials is not None) or (
        data.fine_rials is not None and not 0 < data.fine_rials <= MAX_FINE
    ):
        raise invalid(
            "A FINE verdict names its fine in rials (positive); other kinds name none.",
            "رأی جریمه مبلغ جریمه را به ریال دارد و دیگر آرا ندارند.",
            field="fineRials",
        )
    async with ctx.db.transaction() as conn:
        row = await find_case(conn, ctx.viewer, data.case_id)
        status = CaseStatus(row.status)
        to, level = VERDICT_STEP.get(
            status, (CaseStatus.VERDICT_ISSUED, CommissionLevel.FIRST_INSTANCE)
        )
        check(ctx.viewer, row, to, data.expected_version)
        session = (
            await conn.execute(select(a100_session).where(a100_session.c.id == data.session_id))
        ).first()
        if session is None:
            raise not_found(
                "No session has this id.", "جلسه‌ای با این شناسه نیست.", field="sessionId"
            )
        on_agenda = await conn.scalar(
            select(a100_agenda_item.c.id).where(
                a100_agenda_item.c.session_id == session.id,
                a100_agenda_item.c.case_id == row.id,
            )
        )
        if session.commission_id != row.commission_id or on_agenda is None:
            raise invalid(
                "The case was not on this session's agenda before its commission.",
                "این پرونده در دستور این جلسه از کمیسیون رسیدگی‌کننده نبود.",
                field="sessionId",
            )
        if session.held_at > ctx.clock():
            raise invalid(
                "The session has not been held yet.",
                "جلسه هنوز برگزار نشده است.",
                field="sessionId",
            )
        present = (
            await conn.execute(
                select(a100_member.c.id, a100_member.c.seat)
                .join(a100_attendance, a100_attendance.c.member_id == a100_member.c.id)
                .where(
                    a100_attendance.c.session_id == session.id,
                    a100_attendance.c.present.is_(True),
                    a100_member.c.id.in_(data.decider_ids),
                )
            )
        ).all()
        seats = sorted(seat for _, seat in present)
        if (
            len(set(data.decider_ids)) != len(data.decider_ids)
            or len(present) != len(data.decider_ids)
            or seats != sorted(seat.value for seat in CommissionSeat)
        ):
            raise invalid(
                "A verdict is decided by the commission's three members who sat at the session: "
                "the ministry's representative, the judge and the council member.",
                "رأی را سه عضو حاضر در جلسه می‌دهند: نماینده وزارت کشور، قاضی و عضو شورا.",
                field="deciderIds",
            )
        verdict_id = await conn.scalar(
            insert(a100_verdict)
            .values(
                case_id=row.id,
                session_id=session.id,
                level=level.value,
                kind=data.kind.value,
                reasons=reasons,
                fine_rials=data.fine_rials,
                decided_at=session.held_at,
                recorded_by=ctx.viewer.actor,
            )
            .returning(a100_verdict.c.id)
        )
        await conn.execute(
            insert(a100_verdict_member),
            [{"verdict_id": verdict_id, "member_id": member} for member, _ in present],
        )
        values = (
            {"verdict_on": tehran_day(session.held_at)}
            if level is CommissionLevel.FIRST_INSTANCE
            else {}
        )
        await move(ctx, conn, row, to, reasons, data.expected_version, **values)
    return data.case_id


@strawberry.input(description="A commission's verdict on a case, as decided at a session.")
class CaseVerdictIssueInput:
    case_id: strawberry.ID = strawberry.field(description="The case.")
    session_id: strawberry.ID = strawberry.field(
        description="The session it was decided at (the case on its agenda)."
    )
    kind: VerdictKind = strawberry.field(description="What it orders.")
    reasons: str = strawberry.field(description="Its reasons, in Persian.")
    fine_rials: Money | None = strawberry.field(
        default=None, description="The fine in rials: for a FINE, and only then."
    )
    decider_ids: list[strawberry.ID] = strawberry.field(
        description="The three members who decided it (present, one for each seat)."
    )
    expected_version: int = strawberry.field(
        description="The case's `version` it is based on; a stale one is a VERSION_CONFLICT."
    )


@strawberry.type(description="The result of caseVerdictIssue.")
class CaseVerdictIssuePayload:
    case: ViolationCase | None = strawberry.field(description="The case; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[CaseVerdictIssueInput, strawberry.argument(description="The verdict.")],
) -> CaseVerdictIssuePayload:
    async def run(ctx: MutationContext) -> Changed:
        case_id = await case_verdict_issue(
            ctx,
            CaseVerdictIssueData(
                case_id=parse_key(input.case_id, kind="ViolationCase", field="caseId"),
                session_id=parse_key(input.session_id, kind="Article100Session", field="sessionId"),
                kind=input.kind,
                reasons=input.reasons,
                decider_ids=tuple(
                    parse_key(value, kind="Article100Member", field="deciderIds")
                    for value in input.decider_ids
                ),
                expected_version=input.expected_version,
                fine_rials=input.fine_rials,
            ),
        )
        return {"case": (ViolationCase, case_id)}

    return await respond(info, CaseVerdictIssuePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The secretariat records a commission's verdict on a case (first instance or appeal).",
)
