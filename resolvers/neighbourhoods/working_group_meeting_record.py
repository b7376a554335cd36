"""workingGroupMeetingRecord: a working group's secretary records the group's monthly joint
meeting with the district deputy of its field: the day, who came, what was agreed. One meeting per
Solar Hijri month (a second one for the same month is VALIDATION); a month without one shows in
`missedWorkingGroupMeetings`.

Fails with UNAUTHENTICATED, FORBIDDEN (not the group's secretary holding office today), NOT_FOUND
(an attendee's post), VALIDATION (day in the future or before the group was formed, the month
already recorded, outcomes, attendees not of the district).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import jdatetime
import strawberry
from sqlalchemy import insert, select

from db.tables import (
    DEPUTY_OF_FIELD,
    WorkingGroupField,
    district_post,
    working_group,
    working_group_attendance,
    working_group_meeting,
)
from resolvers.municipalities.drafts import clean_text, normalize_paragraphs
from resolvers.mutations import Changed, MutationContext, invalid, not_found, respond
from resolvers.neighbourhoods.common import acting_post, parse_key, today
from resolvers.neighbourhoods.escalations import SECRETARIES
from schema.context import Info
from schema.neighbourhoods.types import WorkingGroupMeeting
from schema.payloads import MutationError, errors_field

MAX_ATTENDEES = 100


@dataclass(frozen=True)
class MeetingData:
    held_on: date
    outcomes: str
    attendance: tuple[tuple[int, bool], ...]


async def working_group_meeting_record(ctx: MutationContext, data: MeetingData) -> int:
    outcomes = clean_text(
        data.outcomes,
        field="outcomes",
        label="The outcomes",
        label_fa="مصوبات",
        maximum=20_000,
        required=True,
        normalise=normalize_paragraphs,
    )
    if len(data.attendance) > MAX_ATTENDEES or len({p for p, _ in data.attendance}) != len(
        data.attendance
    ):
        raise invalid(
            f"Name each attendee once (at most {MAX_ATTENDEES}).",
            "هر حاضر را یک بار نام ببرید.",
            field="attendance",
        )
    async with ctx.db.transaction() as conn:
        post = await acting_post(conn, ctx, *SECRETARIES)
        group = (
            await conn.execute(
                select(working_group).where(working_group.c.id == post.working_group_id)
            )
        ).one()
        if not group.formed_on <= data.held_on <= today(ctx):
            raise invalid(
                "A meeting is recorded on a day between the group's forming and today.",
                "روز جلسه باید میان تشکیل کارگروه و امروز باشد.",
                field="heldOn",
            )
        month = jdatetime.date.fromgregorian(date=data.held_on)
        taken = await conn.scalar(
            select(working_group_meeting.c.id).where(
                working_group_meeting.c.working_group_id == group.id,
                working_group_meeting.c.solar_year == month.year,
                working_group_meeting.c.solar_month == month.month,
            )
        )
        if taken is not None:
            raise invalid(
                f"The group's meeting of {month.year}/{month.month:02d} is already recorded.",
                f"جلسه ماه {month.year}/{month.month:02d} این کارگروه پیش‌تر ثبت شده است.",
                field="heldOn",
            )
        office = DEPUTY_OF_FIELD[WorkingGroupField(group.field)]
        deputy = (
            await conn.execute(
                select(district_post)
                .where(
                    district_post.c.district_id == group.district_id,
                    district_post.c.office == office.value,
                    district_post.c.started_on <= data.held_on,
                    (district_post.c.ended_on.is_(None))
                    | (district_post.c.ended_on >= data.held_on),
                )
                .order_by(district_post.c.started_on.desc())
            )
        ).first()
        if deputy is None:
            raise invalid(
                f"No {office.value} held office in the district that day.",
                "در آن روز معاونت مربوطه در منطقه سمتی نداشت.",
                field="heldOn",
            )
        attendees = [p for p, _ in data.attendance]
        if attendees:
            found = {
                row.id: row.district_id
                for row in await conn.execute(
                    select(district_post.c.id, district_post.c.district_id).where(
                        district_post.c.id.in_(attendees)
                    )
                )
            }
            missing = [p for p in attendees if p not in found]
            if missing:
                raise not_found(
                    f"No post has id {missing[0]}.", "سمتی با این شناسه نیست.", field="attendance"
                )
            if any(district != group.district_id for district in found.values()):
                raise invalid(
                    "Attendees hold posts of the group's district.",
                    "حاضران باید از همان منطقه باشند.",
                    field="attendance",
                )
        meeting_id = int(
            await conn.scalar(
                insert(working_group_meeting)
                .values(
                    working_group_id=group.id,
                    deputy_post_id=deputy.id,
                    held_on=data.held_on,
                    solar_year=month.year,
                    solar_month=month.month,
                    outcomes_fa=outcomes,
                    recorded_at=ctx.clock(),
                    is_sample=False,
                )
                .returning(working_group_meeting.c.id)
            )
        )
        if data.attendance:
            await conn.execute(
                insert(working_group_attendance),
                [
                    {"meeting_id": meeting_id, "post_id": p, "present": present}
                    for p, present in data.attendance
                ],
            )
    return meeting_id


@strawberry.input(description="Someone expected at a meeting, and whether they came.")
class AttendanceInput:
    post_id: strawberry.ID = strawberry.field(description="Their post (DistrictPost).")
    present: bool = strawberry.field(description="True when they came.")


@strawberry.input(description="A working group's monthly meeting with its deputy.")
class WorkingGroupMeetingRecordInput:
    held_on: date = strawberry.field(description="The day it was held (ISO date).")
    outcomes: str = strawberry.field(description="What was agreed (at most 20,000 characters).")
    attendance: list[AttendanceInput] = strawberry.field(
        default_factory=list, description="Who was expected, and whether they came."
    )


@strawberry.type(description="The result of workingGroupMeetingRecord.")
class WorkingGroupMeetingRecordPayload:
    meeting: WorkingGroupMeeting | None = strawberry.field(
        description="The meeting; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        WorkingGroupMeetingRecordInput, strawberry.argument(description="The meeting.")
    ],
) -> WorkingGroupMeetingRecordPayload:
    async def run(ctx: MutationContext) -> Changed:
        meeting_id = await working_group_meeting_record(
            ctx,
            MeetingData(
                held_on=input.held_on,
                outcomes=input.outcomes,
                attendance=tuple(
                    (parse_key(a.post_id, kind="DistrictPost", field="attendance"), a.present)
                    for a in input.attendance
                ),
            ),
        )
        return {"meeting": (WorkingGroupMeeting, meeting_id)}

    return await respond(info, WorkingGroupMeetingRecordPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A working group's secretary records the group's monthly meeting with the deputy of its "
        "field (one per Solar Hijri month)."
    ),
)
