"""boardMeetingRecord: the presiding board records its monthly meeting with the district mayor,
at which it takes up escalations (`escalationAdvance` names the meeting).

Fails with UNAUTHENTICATED, FORBIDDEN (not a board member holding office today), VALIDATION (a day
in the future, minutes too long, no district mayor in office that day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy import insert, select

from core.auth import Role
from db.tables import DistrictOffice, board_meeting, district_post
from resolvers.municipalities.drafts import clean_text, normalize_paragraphs
from resolvers.mutations import Changed, MutationContext, invalid, respond
from resolvers.neighbourhoods.common import acting_post, today
from schema.context import Info
from schema.neighbourhoods.types import BoardMeeting
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class BoardMeetingData:
    held_on: date
    minutes: str | None = None


async def board_meeting_record(ctx: MutationContext, data: BoardMeetingData) -> int:
    minutes = clean_text(
        data.minutes,
        field="minutes",
        label="The minutes",
        label_fa="صورت‌جلسه",
        maximum=20_000,
        required=False,
        normalise=normalize_paragraphs,
    )
    if data.held_on > today(ctx):
        raise invalid(
            "A meeting is recorded once held.", "جلسه پس از برگزاری ثبت می‌شود.", field="heldOn"
        )
    async with ctx.db.transaction() as conn:
        post = await acting_post(conn, ctx, Role.PRESIDING_BOARD)
        mayor = await conn.scalar(
            select(district_post.c.id)
            .where(
                district_post.c.district_id == post.district_id,
                district_post.c.office == DistrictOffice.DISTRICT_MAYOR.value,
                district_post.c.started_on <= data.held_on,
                (district_post.c.ended_on.is_(None)) | (district_post.c.ended_on >= data.held_on),
            )
            .order_by(district_post.c.started_on.desc())
        )
        if mayor is None:
            raise invalid(
                "No district mayor held office that day.",
                "در آن روز شهردار منطقه‌ای در سمت نبود.",
                field="heldOn",
            )
        return int(
            await conn.scalar(
                insert(board_meeting)
                .values(
                    district_id=post.district_id,
                    district_mayor_post_id=mayor,
                    held_on=data.held_on,
                    minutes_fa=minutes,
                    is_sample=False,
                )
                .returning(board_meeting.c.id)
            )
        )


@strawberry.input(description="The presiding board's monthly meeting with the district mayor.")
class BoardMeetingRecordInput:
    held_on: date = strawberry.field(description="The day it was held (ISO date).")
    minutes: str | None = strawberry.field(default=None, description="Its minutes, in Persian.")


@strawberry.type(description="The result of boardMeetingRecord.")
class BoardMeetingRecordPayload:
    meeting: BoardMeeting | None = strawberry.field(description="The meeting; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[BoardMeetingRecordInput, strawberry.argument(description="The meeting.")],
) -> BoardMeetingRecordPayload:
    async def run(ctx: MutationContext) -> Changed:
        meeting_id = await board_meeting_record(
            ctx, BoardMeetingData(held_on=input.held_on, minutes=input.minutes)
        )
        return {"meeting": (BoardMeeting, meeting_id)}

    return await respond(info, BoardMeetingRecordPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "The presiding board (PRESIDING_BOARD) records its monthly meeting with the district mayor."
    ),
)
