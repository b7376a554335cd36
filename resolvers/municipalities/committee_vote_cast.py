"""committeeVoteCast: a sitting member of the mayors' committee votes on a submitted draft.

Each member votes at most once per submission (a unique index holds it). The first vote takes the
draft into review; the third vote for forwards it to the ministry, the third against returns it to
its office, with the members' comments as the reason. Fails with UNAUTHENTICATED, FORBIDDEN (not a
committee member, or not sitting), NOT_FOUND, INVALID_TRANSITION, VALIDATION (already voted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.exc import IntegrityError

from db.tables import CommitteeVoteChoice, CommitteeVoteRow, DraftStatus
from resolvers.municipalities.draft_lifecycle import (
    COMMITTEE_MAJORITY,
    Action,
    apply,
    roles_for,
    rule,
)
from resolvers.municipalities.drafts import (
    COMMITTEE_ACTOR,
    clean_reason,
    current_round,
    find_draft,
    require_seat,
)
from resolvers.mutations import MutationContext, invalid, require_role

vote = CommitteeVoteRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CommitteeVoteCastInput:
    draft_directive_id: int
    choice: CommitteeVoteChoice
    comment: str | None = None


def _already_voted() -> Exception:
    return invalid(
        "You have already voted on this submission of the draft.",
        "شما پیش‌تر درباره این نوبت از پیش‌نویس رأی داده‌اید.",
        field="draftDirectiveId",
    )


async def committee_vote_cast(
    ctx: MutationContext, data: CommitteeVoteCastInput
) -> tuple[Row[Any], Row[Any]]:
    """(the draft after the vote, the vote)."""
    role = require_role(ctx.viewer, *roles_for(Action.VOTE))
    comment = clean_reason(data.comment, required=False, field="comment")

    async with ctx.db.transaction() as conn:
        seat = await require_seat(conn, ctx.viewer)
        row = await find_draft(conn, data.draft_directive_id, field="draftDirectiveId")
        rule(Action.VOTE, DraftStatus(row.status), role)
        round_id = await current_round(conn, row.id)
        voted = await conn.scalar(
            select(vote.c.id).where(
                vote.c.submission_event_id == round_id, vote.c.mayor_id == seat.mayor_id
            )
        )
        if voted is not None:
            raise _already_voted()
        try:
            async with conn.begin_nested():
                result = await conn.execute(
                    insert(vote)
                    .values(
                        draft_directive_id=row.id,
                        submission_event_id=round_id,
                        mayor_id=seat.mayor_id,
                        membership_id=seat.id,
                        choice=data.choice.value,
                        comment=comment,
                        cast_at=ctx.clock(),
                    )
                    .returning(*vote.c)
                )
                cast = result.one()
        except IntegrityError:
            raise _already_voted() from None

        actor = f"{COMMITTEE_ACTOR} / {ctx.viewer.actor}"
        if DraftStatus(row.status) is DraftStatus.SUBMITTED:
            opening = rule(Action.OPEN_REVIEW, DraftStatus.SUBMITTED, role)
            row = await apply(ctx, conn, row, opening, actor=actor)

        counted = await conn.execute(
            select(vote.c.choice, func.count())
            .where(vote.c.submission_event_id == round_id)
            .group_by(vote.c.choice)
        )
        tally: dict[str, int] = {row[0]: row[1] for row in counted.all()}
        if tally.get(CommitteeVoteChoice.FOR.value, 0) >= COMMITTEE_MAJORITY:
            forward = rule(Action.FORWARD, DraftStatus(row.status), role)
            row = await apply(ctx, conn, row, forward, actor=actor)
        elif tally.get(CommitteeVoteChoice.AGAINST.value, 0) >= COMMITTEE_MAJORITY:
            comments = (
                await conn.scalars(
                    select(vote.c.comment)
                    .where(
                        vote.c.submission_event_id == round_id,
                        vote.c.choice == CommitteeVoteChoice.AGAINST.value,
                        vote.c.comment.is_not(None),
                    )
                    .order_by(vote.c.id)
                )
            ).all()
            reason = "؛ ".join(comments) or "اکثریت کمیته با ارسال پیش‌نویس به وزارت کشور مخالفت کرد"
            back = rule(Action.RETURN, DraftStatus(row.status), role)
            row = await apply(ctx, conn, row, back, actor=actor, reason=reason[:2000])
        return row, cast
