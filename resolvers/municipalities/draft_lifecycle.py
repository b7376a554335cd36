"""The life of a draft directive, in one place: which role may do what, from which status, to which.

Every mutation that touches a draft asks `rule()` first and moves the draft with `apply()`, which
writes the change and its history row (who, when, from, to, why) together. Actions that do not
change the status (edit, vote, summarise) are in the table too, with `to_status == from_status`,
so that "who may do what, when" is read in one table.

    DRAFT ──submit──▶ SUBMITTED ──first vote──▶ IN_COMMITTEE_REVIEW ──3 for──▶ FORWARDED_TO_MINISTRY
      ▲ edit            │                          │ 3 against                  │ adopt   ▶ ADOPTED
      │                 │                          ▼                            │ reject  ▶ REJECTED
    RETURNED_FOR_REVISION ◀─────────────────────────────────────────────return──┘
    (edit, resubmit)      any status before the ministry decides ──withdraw──▶ WITHDRAWN
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Row, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.errors import ErrorCode, MutationFailure
from db import search
from db.tables import DraftStatus, SearchDocumentKind, draft, event
from db.tables.municipalities import stay_seconds
from resolvers.mutations import MutationContext, forbidden, version_conflict


class Action(StrEnum):
    CREATE = "CREATE"
    EDIT = "EDIT"
    SUBMIT = "SUBMIT"
    WITHDRAW = "WITHDRAW"
    VOTE = "VOTE"
    OPEN_REVIEW = "OPEN_REVIEW"
    FORWARD = "FORWARD"
    RETURN = "RETURN"
    SUMMARISE = "SUMMARISE"
    ADOPT = "ADOPT"
    REJECT = "REJECT"


@dataclass(frozen=True)
class Rule:
    action: Action
    from_status: DraftStatus | None
    role: Role
    to_status: DraftStatus

    @property
    def changes_status(self) -> bool:
        return self.from_status is not self.to_status


S = DraftStatus
_OFFICE, _MEMBER, _REVIEWER = Role.MAYOR_OFFICE, Role.COMMITTEE_MEMBER, Role.MINISTRY_REVIEWER
A = Action

#: Before the ministry decides, an office may withdraw its draft.
UNDECIDED = (
    S.DRAFT,
    S.SUBMITTED,
    S.IN_COMMITTEE_REVIEW,
    S.FORWARDED_TO_MINISTRY,
    S.RETURNED_FOR_REVISION,
)

RULES: tuple[Rule, ...] = (
    # A mayor's office writes, edits, submits (again, after a return) and withdraws its own drafts.
    Rule(A.CREATE, None, _OFFICE, S.DRAFT),
    Rule(A.EDIT, S.DRAFT, _OFFICE, S.DRAFT),
    Rule(A.EDIT, S.RETURNED_FOR_REVISION, _OFFICE, S.RETURNED_FOR_REVISION),
    Rule(A.SUBMIT, S.DRAFT, _OFFICE, S.SUBMITTED),
    Rule(A.SUBMIT, S.RETURNED_FOR_REVISION, _OFFICE, S.SUBMITTED),
    *(Rule(A.WITHDRAW, status, _OFFICE, S.WITHDRAWN) for status in UNDECIDED),
    # The committee: a member's first vote opens the review; three of five for forward the draft to
    # the ministry, three against return it; the chair writes the consolidated summary.
    Rule(A.VOTE, S.SUBMITTED, _MEMBER, S.SUBMITTED),
    Rule(A.VOTE, S.IN_COMMITTEE_REVIEW, _MEMBER, S.IN_COMMITTEE_REVIEW),
    Rule(A.OPEN_REVIEW, S.SUBMITTED, _MEMBER, S.IN_COMMITTEE_REVIEW),
    Rule(A.FORWARD, S.IN_COMMITTEE_REVIEW, _MEMBER, S.FORWARDED_TO_MINISTRY),
    Rule(A.RETURN, S.IN_COMMITTEE_REVIEW, _MEMBER, S.RETURNED_FOR_REVISION),
    Rule(A.SUMMARISE, S.SUBMITTED, _MEMBER, S.SUBMITTED),
    Rule(A.SUMMARISE, S.IN_COMMITTEE_REVIEW, _MEMBER, S.IN_COMMITTEE_REVIEW),
    Rule(A.SUMMARISE, S.FORWARDED_TO_MINISTRY, _MEMBER, S.FORWARDED_TO_MINISTRY),
    # The ministry decides on what the committee forwarded.
    Rule(A.ADOPT, S.FORWARDED_TO_MINISTRY, _REVIEWER, S.ADOPTED),
    Rule(A.RETURN, S.FORWARDED_TO_MINISTRY, _REVIEWER, S.RETURNED_FOR_REVISION),
    Rule(A.REJECT, S.FORWARDED_TO_MINISTRY, _REVIEWER, S.REJECTED),
)

#: Votes of the five that decide the committee's review.
COMMITTEE_MAJORITY = 3

_DONE = {
    A.CREATE: "created",
    A.EDIT: "edited",
    A.SUBMIT: "submitted",
    A.WITHDRAW: "withdrawn",
    A.VOTE: "voted on",
    A.OPEN_REVIEW: "taken into review",
    A.FORWARD: "forwarded",
    A.RETURN: "returned",
    A.SUMMARISE: "summarised",
    A.ADOPT: "adopted",
    A.REJECT: "rejected",
}

STATUS_FA = {
    S.DRAFT: "پیش‌نویس",
    S.SUBMITTED: "ارسال‌شده",
    S.IN_COMMITTEE_REVIEW: "در بررسی کمیته",
    S.FORWARDED_TO_MINISTRY: "ارجاع‌شده به وزارت کشور",
    S.RETURNED_FOR_REVISION: "بازگشت برای اصلاح",
    S.ADOPTED: "تصویب‌شده",
    S.REJECTED: "ردشده",
    S.WITHDRAWN: "پس‌گرفته‌شده",
}


def roles_for(action: Action) -> frozenset[Role]:
    return frozenset(r.role for r in RULES if r.action is action)


def rule(action: Action, status: DraftStatus | None, role: Role) -> Rule:
    """The rule that lets `role` do `action` on a draft in `status`.

    FORBIDDEN when the role never may; INVALID_TRANSITION when it may, but not from this status.
    """
    for candidate in RULES:
        if (candidate.action, candidate.role, candidate.from_status) == (action, role, status):
            return candidate
    if role not in roles_for(action):
        raise forbidden(
            f"A draft is not {_DONE[action]} by a {role.value}.",
            "نقش شما اجازه این کار را بر پیش‌نویس ندارد.",
        )
    allowed = [r.from_status.value for r in RULES if r.action is action and r.from_status]
    where = status.value if status is not None else "nothing"
    raise MutationFailure(
        ErrorCode.INVALID_TRANSITION,
        f"A draft in status {where} cannot be {_DONE[action]}; "
        f"only one in {', '.join(allowed)} can.",
        f"این کار بر پیش‌نویسی در وضعیت «{STATUS_FA[status] if status else '-'}» ممکن نیست.",
    )


async def lock_draft(
    conn: AsyncConnection, draft_id: int, visible: Sequence[ColumnElement[bool]] = ()
) -> Row[Any] | None:
    """The draft's row (if the `visible` conditions hold for it), locked until the transaction
    ends (PostgreSQL; SQLite's write transaction already holds the database), so that concurrent
    steps on one draft happen one after another."""
    statement = select(draft).where(draft.c.id == draft_id, *visible).with_for_update()
    result = await conn.execute(statement)
    return result.first()


async def apply(
    ctx: MutationContext,
    conn: AsyncConnection,
    row: Row[Any],
    step: Rule,
    *,
    reason: str | None = None,
    actor: str | None = None,
    values: dict[str, Any] | None = None,
) -> Row[Any]:
    """Move the draft by `step` (and write `values` with it): bumps the version, records the event,
    announces it to subscribers once committed. Returns the draft's new row.

    The UPDATE names the version it read, so a concurrent change makes it touch no row and the
    step fails with VERSION_CONFLICT instead of overwriting."""
    assert step.from_status is not None
    assert DraftStatus(row.status) is step.from_status
    now = ctx.clock()
    changes: dict[str, Any] = {
        "status": step.to_status.value,
        "version": row.version + 1,
        "updated_at": now,
        **(values or {}),
    }
    if step.to_status is S.SUBMITTED:
        changes["submitted_at"] = now
    result = await conn.execute(
        update(draft)
        .where(draft.c.id == row.id, draft.c.version == row.version)
        .values(**changes)
        .returning(*draft.c)
    )
    updated = result.first()
    if updated is None:
        current = await conn.scalar(select(draft.c.version).where(draft.c.id == row.id))
        raise version_conflict(int(current or 0), row.version)
    if "title" in changes or "body" in changes:
        await search.reindex(conn, SearchDocumentKind.DRAFT_DIRECTIVE, row.id)
    if step.changes_status:
        await record(ctx, conn, updated, step.from_status, reason=reason, actor=actor)
    return updated


async def record(
    ctx: MutationContext,
    conn: AsyncConnection,
    row: Row[Any],
    from_status: DraftStatus | None,
    *,
    reason: str | None = None,
    actor: str | None = None,
) -> int:
    """Append one step to the draft's history and announce it once committed."""
    now = ctx.clock()
    entered = await conn.scalar(
        select(func.max(event.c.occurred_at)).where(event.c.draft_directive_id == row.id)
    )
    event_id: int = await conn.scalar(
        insert(event)
        .values(
            draft_directive_id=row.id,
            occurred_at=now,
            stay_seconds=stay_seconds(entered, now) if entered is not None else None,
            actor=actor or ctx.viewer.actor,
            from_status=from_status.value if from_status is not None else None,
            to_status=row.status,
            reason=reason,
        )
        .returning(event.c.id)
    )
    if ctx.events is not None:
        from db.events import DraftEventNotice

        notice = DraftEventNotice(
            event_id=event_id,
            draft_directive_id=row.id,
            municipality_id=row.municipality_id,
            from_status=from_status.value if from_status is not None else None,
            to_status=row.status,
            submitted=row.submitted_at is not None,
        )
        await ctx.events.publish(ctx.db, conn, notice)
    return event_id
