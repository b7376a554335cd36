"""commissionMeetingMinutesRecord: the commission's secretariat records a meeting's minutes
(صورتجلسه), or corrects them; the full-text search finds the new text at once (its index row is
written in the same transaction).

Fails with UNAUTHENTICATED, FORBIDDEN (not the commission's secretariat), NOT_FOUND (no such
meeting), VALIDATION (no text, too long, a control character).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import select, update

from core.auth import Role
from db import search
from db.tables import SearchDocumentKind, commission_meeting
from resolvers.municipalities.drafts import clean_text, normalize_paragraphs
from resolvers.mutations import (
    Changed,
    MutationContext,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.associations.types import CommissionMeeting
from schema.context import Info
from schema.payloads import MutationError, errors_field

#: The longest minutes, in characters.
MINUTES_MAX = 50_000


@dataclass(frozen=True)
class CommissionMeetingMinutesRecordData:
    meeting_id: int
    minutes: str


async def commission_meeting_minutes_record(
    ctx: MutationContext, data: CommissionMeetingMinutesRecordData
) -> int:
    require_role(ctx.viewer, Role.COMMISSION_SECRETARIAT)
    minutes = clean_text(
        data.minutes,
        field="minutes",
        label="The minutes",
        label_fa="صورتجلسه",
        maximum=MINUTES_MAX,
        required=True,
        normalise=normalize_paragraphs,
    )
    async with ctx.db.transaction() as conn:
        found = await conn.scalar(
            select(commission_meeting.c.id)
            .where(commission_meeting.c.id == data.meeting_id)
            .with_for_update()
        )
        if found is None:
            raise not_found(
                f"No commission meeting has id {data.meeting_id}.",
                "نشستی با این شناسه نیست.",
                field="meetingId",
            )
        await conn.execute(
            update(commission_meeting)
            .where(commission_meeting.c.id == data.meeting_id)
            .values(minutes=minutes, minutes_recorded_at=ctx.clock(), minutes_is_sample=False)
        )
        await search.reindex(conn, SearchDocumentKind.COMMISSION_MEETING_MINUTES, data.meeting_id)
    return data.meeting_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(
    description="The minutes of a commission meeting, as its secretariat records them."
)
class CommissionMeetingMinutesRecordInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting.")
    minutes: str = strawberry.field(
        description=(
            "The minutes' full text, in Persian: required, at most 50,000 characters; they "
            "replace any recorded before (letters and digits are normalised, lines kept)."
        )
    )


@strawberry.type(description="The result of commissionMeetingMinutesRecord.")
class CommissionMeetingMinutesRecordPayload:
    meeting: CommissionMeeting | None = strawberry.field(
        description="The meeting with its minutes; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        CommissionMeetingMinutesRecordInput, strawberry.argument(description="The minutes.")
    ],
) -> CommissionMeetingMinutesRecordPayload:
    async def run(ctx: MutationContext) -> Changed:
        meeting_id = await commission_meeting_minutes_record(
            ctx,
            CommissionMeetingMinutesRecordData(
                meeting_id=parse_key(input.meeting_id, kind="CommissionMeeting", field="meetingId"),
                minutes=input.minutes,
            ),
        )
        return {"meeting": (CommissionMeeting, meeting_id)}

    return await respond(info, CommissionMeetingMinutesRecordPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "The commission's secretariat records (or corrects) a meeting's minutes; they are "
        "searchable at once."
    ),
)
