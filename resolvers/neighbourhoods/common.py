"""What the neighbourhood councils' mutations share: the caller's post (a district role acts as
one post, which must hold the role's office on the day), the project's life (its stages and who
moves it), the project locked for a step and read under its read rule, and the recorded step.

A small project's life:

    DRAFT ─submit─▶ AT_NEIGHBOURHOOD_SECRETARY ─sign─▶ AT_DISTRICT_SECRETARY ─sign─▶ AT_LIAISON
      ▲ edit          ─sign─▶ AT_PLANNING_DEPUTY ─sign─▶ AT_DISTRICT_MAYOR ─sign─▶ SENT_TO_HEADQUARTERS
    RETURNED ◀─return (the awaited signer, with a reason)─ any AT_… stage

A returned form goes back to its council's members, who revise it and submit it again: a new
round, signed again from the first step (a signature vouches for the text its signer saw).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role
from core.calendar import TEHRAN
from core.errors import BadUserInput, ErrorCode, MutationFailure
from core.ids import parse_id
from db.events import ProjectEventNotice
from db.tables import (
    DEPUTY_OFFICES,
    SIGNATURE_STEPS,
    DistrictOffice,
    ProjectStatus,
    district_post,
    small_project,
    small_project_event,
)
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import MutationContext, forbidden, invalid, not_found, require_role
from resolvers.reads import ViewerScope
from schema.declare import source_of
from schema.neighbourhoods.types import SmallProject

#: The offices a district role may act in.
OFFICES_OF_ROLE: Final[dict[Role, tuple[DistrictOffice, ...]]] = {
    Role.NEIGHBOURHOOD_COUNCILLOR: (DistrictOffice.COUNCILLOR,),
    Role.NEIGHBOURHOOD_WG_SECRETARY: (DistrictOffice.NEIGHBOURHOOD_WG_SECRETARY,),
    Role.DISTRICT_WG_SECRETARY: (DistrictOffice.DISTRICT_WG_SECRETARY,),
    Role.DISTRICT_LIAISON: (DistrictOffice.DISTRICT_LIAISON,),
    Role.PLANNING_DEPUTY: (DistrictOffice.PLANNING_DEPUTY,),
    Role.DISTRICT_MAYOR: (DistrictOffice.DISTRICT_MAYOR,),
    Role.DISTRICT_DEPUTY: tuple(
        o for o in DEPUTY_OFFICES if o is not DistrictOffice.PLANNING_DEPUTY
    ),
    Role.PRESIDING_BOARD: (DistrictOffice.BOARD_CHAIR, DistrictOffice.BOARD_MEMBER),
}

#: The role that signs each step, and the step each signing stage awaits.
SIGNER_ROLE: Final[dict[DistrictOffice, Role]] = {
    DistrictOffice.NEIGHBOURHOOD_WG_SECRETARY: Role.NEIGHBOURHOOD_WG_SECRETARY,
    DistrictOffice.DISTRICT_WG_SECRETARY: Role.DISTRICT_WG_SECRETARY,
    DistrictOffice.DISTRICT_LIAISON: Role.DISTRICT_LIAISON,
    DistrictOffice.PLANNING_DEPUTY: Role.PLANNING_DEPUTY,
    DistrictOffice.DISTRICT_MAYOR: Role.DISTRICT_MAYOR,
}
STEP_OF_STAGE: Final[dict[ProjectStatus, tuple[int, DistrictOffice]]] = {
    stage: (step, office) for step, office, stage in SIGNATURE_STEPS
}
SIGNER_ROLES: Final = tuple(SIGNER_ROLE.values())

STATUS_FA: Final[dict[ProjectStatus, str]] = {
    ProjectStatus.DRAFT: "پیش‌نویس",
    ProjectStatus.AT_NEIGHBOURHOOD_SECRETARY: "نزد دبیر کارگروه محله",
    ProjectStatus.AT_DISTRICT_SECRETARY: "نزد دبیر کارگروه منطقه",
    ProjectStatus.AT_LIAISON: "نزد رابط منطقه",
    ProjectStatus.AT_PLANNING_DEPUTY: "نزد معاون برنامه‌ریزی",
    ProjectStatus.AT_DISTRICT_MAYOR: "نزد شهردار منطقه",
    ProjectStatus.SENT_TO_HEADQUARTERS: "ارسال‌شده به ستاد شورایاری‌ها",
    ProjectStatus.RETURNED: "بازگشت‌داده‌شده",
}

REASON_MAX = 2000


def today(ctx: MutationContext) -> date:
    return ctx.clock().astimezone(TEHRAN).date()


def parse_key(value: str, *, kind: str, field: str) -> int:
    """The key behind a client's id (core.ids.parse_id), or VALIDATION naming the field."""
    try:
        return parse_id(value, kind=kind, argument=field)
    except BadUserInput:
        raise invalid(
            f"{value!r} is not a valid {kind} id.", f"شناسه {kind} معتبر نیست.", field=field
        ) from None


def clean_reason(value: str | None, *, field: str = "reason") -> str:
    reason = clean_text(
        value, field=field, label="The reason", label_fa="دلیل", maximum=REASON_MAX, required=True
    )
    assert reason is not None
    return reason


async def acting_post(conn: AsyncConnection, ctx: MutationContext, *roles: Role) -> Row[Any]:
    """The post the caller acts as: the token's `post_id`, holding an office of the caller's role
    today. UNAUTHENTICATED without a token; FORBIDDEN for another role, or a post that does not
    hold the office (ended, not begun, another office)."""
    role = require_role(ctx.viewer, *roles)
    day = today(ctx)
    result = await conn.execute(
        select(district_post).where(
            district_post.c.id == ctx.viewer.post_id,
            district_post.c.office.in_([o.value for o in OFFICES_OF_ROLE[role]]),
            district_post.c.started_on <= day,
            (district_post.c.ended_on.is_(None)) | (district_post.c.ended_on >= day),
        )
    )
    post = result.first()
    if post is None:
        raise forbidden(
            f"The token's post does not hold a {role.value} office today.",
            "سمت توکن شما امروز چنین نقشی ندارد.",
        )
    return post


async def lock_project(conn: AsyncConnection, ctx: MutationContext, project_id: int) -> Row[Any]:
    """The project, locked until the transaction ends, if the caller may see it (its read rule):
    NOT_FOUND otherwise, never FORBIDDEN."""
    seen = source_of(SmallProject).visible(ViewerScope(ctx.viewer), small_project)
    result = await conn.execute(
        select(small_project).where(small_project.c.id == project_id, *seen).with_for_update()
    )
    row = result.first()
    if row is None:
        raise not_found(
            f"No small project has id {project_id}.",
            "پروژه‌ای با این شناسه نیست.",
            field="projectId",
        )
    return row


def check_version(row: Row[Any], expected: int | None) -> None:
    if expected is not None and expected != row.version:
        raise MutationFailure(
            ErrorCode.VERSION_CONFLICT,
            f"The project changed since version {expected} (it is at version {row.version}): "
            "reload it and try again.",
            f"پروژه پس از نسخه {expected} تغییر کرده است (نسخه کنونی {row.version})؛ "
            "دوباره بارگذاری کنید.",
            field="expectedVersion",
        )


def wrong_stage(status: ProjectStatus, doing: str, doing_fa: str) -> MutationFailure:
    return MutationFailure(
        ErrorCode.INVALID_TRANSITION,
        f"The project is {status.value}: it cannot be {doing} now.",
        f"پروژه در وضعیت «{STATUS_FA[status]}» است و اکنون نمی‌توان آن را {doing_fa}.",
        field="projectId",
    )


async def own_council_post(conn: AsyncConnection, ctx: MutationContext, row: Row[Any]) -> Row[Any]:
    """The caller's councillor post, of the project's own council; FORBIDDEN otherwise."""
    post = await acting_post(conn, ctx, Role.NEIGHBOURHOOD_COUNCILLOR)
    if post.council_id != row.council_id:
        raise forbidden(
            "Only the members of the project's own neighbourhood council may do this.",
            "تنها شورایاران همان محله این کار را می‌توانند.",
            field="projectId",
        )
    return post


async def move(
    ctx: MutationContext,
    conn: AsyncConnection,
    row: Row[Any],
    after: ProjectStatus,
    post: Row[Any],
    reason: str | None = None,
    *,
    event_round: int | None = None,
    **values: Any,
) -> int:
    """The project to `after` (compare-and-set on its version), and the step recorded and
    published. Returns the new version."""
    now = ctx.clock()
    version = row.version + 1
    result = await conn.execute(
        update(small_project)
        .where(small_project.c.id == row.id, small_project.c.version == row.version)
        .values(status=after.value, version=version, stage_since=now, **values)
    )
    if result.rowcount != 1:  # pragma: no cover - the row is locked; kept as a guard
        check_version(row, -1)
    await record(ctx, conn, row, ProjectStatus(row.status), after, post, reason, now, event_round)
    return int(version)


async def record(
    ctx: MutationContext,
    conn: AsyncConnection,
    row: Row[Any],
    before: ProjectStatus | None,
    after: ProjectStatus,
    post: Row[Any],
    reason: str | None,
    now: datetime,
    round_: int | None = None,
) -> None:
    stay = int((now - row.stage_since).total_seconds()) if before is not None else None
    event_id = await conn.scalar(
        insert(small_project_event)
        .values(
            project_id=row.id,
            round=round_ if round_ is not None else row.round,
            from_status=before.value if before is not None else None,
            to_status=after.value,
            post_id=post.id,
            actor=f"{ctx.viewer.actor} {post.person_fa}"[:200],
            reason=reason,
            occurred_at=now,
            stay_seconds=max(stay, 0) if stay is not None else None,
        )
        .returning(small_project_event.c.id)
    )
    if ctx.events is not None:
        notice = ProjectEventNotice(
            event_id=int(event_id),
            project_id=int(row.id),
            district_id=int(row.district_id),
            to_status=after.value,
        )
        await ctx.events.publish(ctx.db, conn, notice)
