"""committeeVoteCast: a sitting member of the mayors' committee votes on a submitted draft.

Each member votes at most once per submission (a unique index holds it). The first vote takes the
draft into review; the third vote for forwards it to the ministry, the third against returns it to
its office, with the members' comments as the reason. Fails with UNAUTHENTICATED, FORBIDDEN (not a
committee member, or not sitting), NOT_FOUND, INVALID_TRANSITION, VALIDATION (already voted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
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
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, require_role, respond
from schema.context import Info
from schema.municipalities.types import DraftDirective
from schema.municipalities.workflow import CommitteeVote
from schema.payloads import MutationError, errors_field

vote = CommitteeVoteRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CommitteeVoteCastData:
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
    ctx: MutationContext, data: CommitteeVoteCastData
) -> tuple[Row[Any], Row[Any]]:
    """(the draft after the vote, the vote)."""
    role = require_role(ctx.viewer, *roles_for(Action.VOTE))
    comment = clean_reason(data.comment, required=False, field="comment")

    async with ctx.db.transaction() as conn:
        seat = await require_seat(conn, ctx.viewer)
        row = await find_draft(conn, data.draft_directive_id, ctx.viewer, field="draftDirectiveId")
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


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A committee member's vote on a submitted draft.")
class CommitteeVoteCastInput:
    draft_directive_id: strawberry.ID = strawberry.field(description="The draft.")
    choice: CommitteeVoteChoice = strawberry.field(description="For or against.")
    comment: str | None = strawberry.field(
        default=None, description="Why (at most 2,000 characters); becomes the return's reason."
    )


@strawberry.type(description="The result of committeeVoteCast.")
class CommitteeVoteCastPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft after the vote (forwarded or returned if it was decisive)."
    )
    vote: CommitteeVote | None = strawberry.field(description="The vote; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[CommitteeVoteCastInput, strawberry.argument(description="The vote.")],
) -> CommitteeVoteCastPayload:
    async def run(ctx: MutationContext) -> Changed:
        row, cast = await committee_vote_cast(
            ctx,
            CommitteeVoteCastData(
                draft_directive_id=parse_key(
                    input.draft_directive_id, kind="DraftDirective", field="draftDirectiveId"
                ),
                choice=input.choice,
                comment=input.comment,
            ),
        )
        return {"draft_directive": (DraftDirective, row.id), "vote": (CommitteeVote, cast.id)}

    return await respond(info, CommitteeVoteCastPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A sitting committee member votes on a submitted draft, once per submission. The "
        "first vote takes it into review; three for forward it, three against return it."
    ),
)
