"""The life of an Article 100 case: one state machine, every step recorded.

reported → referred → verdict issued → notified → (appeal requested → appeal verdict issued) →
final → being executed → executed → closed; a final verdict of no violation closes without
execution; withdrawn or merged before the commission has ruled. Each edge names the roles that
may take it (`EDGES`); a step is taken under the case's row lock, against the version the caller
read (optimistic: a stale one is VERSION_CONFLICT), and recorded in `a100_case_event` (who, when,
from, to, why). A case the caller may not see is NOT_FOUND, never FORBIDDEN.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, Viewer
from core.deadlines import tehran_day
from core.errors import ErrorCode, MutationFailure
from db.tables import CaseStatus, a100_case, a100_case_event, a100_verdict
from db.tables.calendar import FIRST_DAY, LAST_DAY
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import MutationContext, forbidden, invalid, not_found, require_role
from resolvers.reads import ViewerScope
from schema.article100.types import ViolationCase
from schema.declare import source_of

S = CaseStatus
_INSPECTOR, _SECRETARIAT, _EXECUTION = (
    Role.ARTICLE100_INSPECTOR,
    Role.ARTICLE100_SECRETARIAT,
    Role.EXECUTION_OFFICE,
)

#: Before the commission has ruled: a case may still be withdrawn or merged.
UNDECIDED: Final = (S.REPORTED, S.REFERRED)

#: Every edge of the machine, and who may take it. Nothing else moves a case.
EDGES: Final[dict[tuple[CaseStatus, CaseStatus], frozenset[Role]]] = {
    (S.REPORTED, S.REFERRED): frozenset({_SECRETARIAT}),
    (S.REFERRED, S.VERDICT_ISSUED): frozenset({_SECRETARIAT}),
    (S.VERDICT_ISSUED, S.NOTIFIED): frozenset({_SECRETARIAT}),
    (S.NOTIFIED, S.APPEAL_REQUESTED): frozenset({_SECRETARIAT}),
    (S.APPEAL_REQUESTED, S.APPEAL_VERDICT_ISSUED): frozenset({_SECRETARIAT}),
    (S.NOTIFIED, S.FINAL): frozenset({_SECRETARIAT}),
    (S.APPEAL_VERDICT_ISSUED, S.FINAL): frozenset({_SECRETARIAT}),
    (S.FINAL, S.BEING_EXECUTED): frozenset({_EXECUTION}),
    (S.BEING_EXECUTED, S.EXECUTED): frozenset({_EXECUTION}),
    (S.EXECUTED, S.CLOSED): frozenset({_EXECUTION}),
    (S.FINAL, S.CLOSED): frozenset({_SECRETARIAT}),  # only a verdict of no violation
    **{(status, S.WITHDRAWN): frozenset({_SECRETARIAT}) for status in UNDECIDED},
    **{(status, S.MERGED): frozenset({_SECRETARIAT}) for status in UNDECIDED},
}

#: Who may report a case (its first step, from nothing).
REPORTS: Final = frozenset({_INSPECTOR})

STATUS_FA: Final[dict[CaseStatus, str]] = {
    S.REPORTED: "گزارش‌شده",
    S.REFERRED: "ارجاع‌شده به کمیسیون",
    S.VERDICT_ISSUED: "رأی بدوی صادر شده",
    S.NOTIFIED: "رأی ابلاغ شده",
    S.APPEAL_REQUESTED: "اعتراض شده",
    S.APPEAL_VERDICT_ISSUED: "رأی تجدیدنظر صادر شده",
    S.FINAL: "قطعی",
    S.BEING_EXECUTED: "در حال اجرا",
    S.EXECUTED: "اجرا شده",
    S.CLOSED: "مختومه",
    S.WITHDRAWN: "مسترد شده",
    S.MERGED: "ادغام شده",
}

REASON_MAX = 2000


def roles_reaching(to: CaseStatus) -> frozenset[Role]:
    """Every role that may take some edge into `to`."""
    return frozenset().union(*(roles for (_, after), roles in EDGES.items() if after == to))


def clean_reason(value: str | None, *, field: str = "reason") -> str:
    reason = clean_text(
        value, field=field, label="The reason", label_fa="دلیل", maximum=REASON_MAX, required=True
    )
    assert reason is not None
    return reason


def today(ctx: MutationContext) -> date:
    """Today in Tehran: the day a step is recorded under."""
    return tehran_day(ctx.clock())


def invalid_transition(
    status: CaseStatus, to: CaseStatus, *, why: str = "", why_fa: str = ""
) -> MutationFailure:
    return MutationFailure(
        ErrorCode.INVALID_TRANSITION,
        f"The case is {status.value}; it cannot go to {to.value} from there{why}.",
        f"پرونده در وضعیت «{STATUS_FA[status]}» است و از آن به «{STATUS_FA[to]}» نمی‌رود{why_fa}.",
        field="caseId",
    )


async def find_case(
    conn: AsyncConnection, viewer: Viewer, case_id: int, *, field: str = "caseId"
) -> Row[Any]:
    """The case, locked for this transaction; NOT_FOUND when there is none or the caller may not
    see it (its type's read rule)."""
    seen = source_of(ViolationCase).visible(ViewerScope(viewer), a100_case)
    result = await conn.execute(
        select(a100_case).where(a100_case.c.id == case_id, *seen).with_for_update()
    )
    row = result.first()
    if row is None:
        raise not_found(
            f"No Article 100 case has id {case_id}.", "پرونده‌ای با این شناسه نیست.", field=field
        )
    return row


def check(viewer: Viewer, row: Row[Any], to: CaseStatus, expected_version: int | None) -> None:
    """The edge exists from the case's status, the caller's role may take it, and the caller
    read the case's current version."""
    before = CaseStatus(row.status)
    roles = EDGES.get((before, to))
    if roles is None:
        raise invalid_transition(before, to)
    if viewer.role not in roles:
        names = ", ".join(sorted(role.value for role in roles))
        raise forbidden(
            f"Taking a case from {before.value} to {to.value} is for {names}.",
            "این گام پرونده با نقش شما نیست.",
        )
    if expected_version is not None and expected_version != row.version:
        raise MutationFailure(
            ErrorCode.VERSION_CONFLICT,
            f"The case changed since version {expected_version} (it is at version "
            f"{row.version}): reload it and try again.",
            f"پرونده پس از نسخه {expected_version} تغییر کرده است (نسخه کنونی {row.version}): "
            "آن را دوباره بارگذاری کنید.",
            field="expectedVersion",
        )


async def record(
    ctx: MutationContext,
    conn: AsyncConnection,
    case_id: int,
    before: CaseStatus | None,
    after: CaseStatus,
    reason: str,
) -> None:
    await conn.execute(
        insert(a100_case_event).values(
            case_id=case_id,
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
    to: CaseStatus,
    reason: str,
    expected_version: int | None,
    **values: Any,
) -> None:
    """The case one step on: checked (`check`), written compare-and-set on its version, and
    recorded."""
    check(ctx.viewer, row, to, expected_version)
    before = CaseStatus(row.status)
    await conn.execute(
        update(a100_case)
        .where(a100_case.c.id == row.id, a100_case.c.version == row.version)
        .values(status=to.value, version=row.version + 1, **values)
    )
    await record(ctx, conn, row.id, before, to, reason)


def require_step_role(viewer: Viewer, to: CaseStatus) -> None:
    """UNAUTHENTICATED, or FORBIDDEN for a role that takes no step into `to` (checked before the
    case is looked up: it says nothing of any case)."""
    require_role(viewer, *sorted(roles_reaching(to)))


async def last_verdict(conn: AsyncConnection, case_id: int) -> Row[Any] | None:
    """The case's deciding verdict: the appeal's when there is one."""
    result = await conn.execute(
        select(a100_verdict)
        .where(a100_verdict.c.case_id == case_id)
        .order_by(a100_verdict.c.decided_at.desc(), a100_verdict.c.id.desc())
        .limit(1)
    )
    return result.first()


def check_day(value: date, *, field: str) -> date:
    """A day inside the calendar the service knows (1900–2100), or VALIDATION."""
    if not FIRST_DAY < value < LAST_DAY:
        raise invalid(
            f"The day must be between {FIRST_DAY.year} and {LAST_DAY.year}.",
            f"تاریخ باید میان سال‌های {FIRST_DAY.year} و {LAST_DAY.year} میلادی باشد.",
            field=field,
        )
    return value


def check_instant(value: datetime, *, field: str) -> datetime:
    """An instant with its offset, inside the calendar the service knows, or VALIDATION."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise invalid(
            "Give the time with its offset (e.g. +03:30).",
            "زمان را با اختلاف ساعت آن بدهید (مانند ‎+03:30).",
            field=field,
        )
    check_day(value.date(), field=field)
    return value
