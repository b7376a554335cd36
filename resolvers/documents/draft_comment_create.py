"""draftCommentCreate: a committee member or ministry reviewer comments on a draft under review,
or replies to a comment (one level: a reply cannot be replied to).

Fails with UNAUTHENTICATED, FORBIDDEN (another role, a committee member not sitting), NOT_FOUND
(a draft or comment the caller may not see), INVALID_TRANSITION (a draft not under review:
never submitted, withdrawn, adopted or rejected), VALIDATION (an empty or too long text, a reply
to a reply, a comment of another draft).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import func, insert, select

from core.auth import Role
from core.errors import ErrorCode, MutationFailure
from db.tables import DraftStatus, VersionedKind, draft_comment, event
from resolvers.documents.common import find_owner, parse_key
from resolvers.documents.versions import keep_version
from resolvers.municipalities.draft_lifecycle import STATUS_FA
from resolvers.municipalities.drafts import clean_text, find_draft, require_seat
from resolvers.mutations import Changed, MutationContext, invalid, require_role, respond
from schema.context import Info
from schema.documents.types import DraftComment
from schema.payloads import MutationError, errors_field

COMMENT_MAX = 5_000
#: The roles that comment: the committee's members and the ministry's reviewers.
COMMENTERS = (Role.COMMITTEE_MEMBER, Role.MINISTRY_REVIEWER)
#: A draft is commented on from its submission until the ministry decides.
UNDER_REVIEW = frozenset(
    {
        DraftStatus.SUBMITTED,
        DraftStatus.IN_COMMITTEE_REVIEW,
        DraftStatus.FORWARDED_TO_MINISTRY,
        DraftStatus.RETURNED_FOR_REVISION,
    }
)


def clean_comment(value: str) -> str:
    text = clean_text(
        value,
        field="body",
        label="The comment",
        label_fa="متن نظر",
        maximum=COMMENT_MAX,
        required=True,
    )
    assert text is not None
    return text


async def require_commenter(ctx: MutationContext, conn: Any) -> Role:
    role = require_role(ctx.viewer, *COMMENTERS)
    if role is Role.COMMITTEE_MEMBER:
        await require_seat(conn, ctx.viewer)
    return role


@dataclass(frozen=True)
class DraftCommentCreateData:
    draft_directive_id: int
    body: str
    reply_to: int | None = None


async def draft_comment_create(ctx: MutationContext, data: DraftCommentCreateData) -> int:
    require_role(ctx.viewer, *COMMENTERS)
    body = clean_comment(data.body)
    async with ctx.db.transaction() as conn:
        role = await require_commenter(ctx, conn)
        row = await find_draft(conn, data.draft_directive_id, ctx.viewer, field="draftDirectiveId")
        status = DraftStatus(row.status)
        if status not in UNDER_REVIEW:
            raise MutationFailure(
                ErrorCode.INVALID_TRANSITION,
                f"A draft in status {status.value} is not under review: it takes no comments.",
                f"پیش‌نویس در وضعیت «{STATUS_FA[status]}» در حال بررسی نیست و نظر نمی‌پذیرد.",
                field="draftDirectiveId",
            )
        if data.reply_to is not None:
            parent = await find_owner(
                conn, ctx.viewer, VersionedKind.DRAFT_COMMENT.value, data.reply_to, field="replyTo"
            )
            if parent.draft_directive_id != row.id:
                raise invalid(
                    "The comment replied to is on another draft.",
                    "نظری که به آن پاسخ می‌دهید از آنِ پیش‌نویس دیگری است.",
                    field="replyTo",
                )
            if parent.parent_id is not None:
                raise invalid(
                    "Replies go one level deep: reply to the comment, not to a reply.",
                    "به خودِ نظر پاسخ دهید، نه به پاسخ آن.",
                    field="replyTo",
                )
        latest_event = await conn.scalar(
            select(func.max(event.c.id)).where(event.c.draft_directive_id == row.id)
        )
        now = ctx.clock()
        comment_id: int = await conn.scalar(
            insert(draft_comment)
            .values(
                draft_directive_id=row.id,
                parent_id=data.reply_to,
                author=ctx.viewer.actor,
                author_role=role.value,
                author_subject=ctx.viewer.subject,
                body=body,
                version=1,
                created_at=now,
                updated_at=now,
                draft_status=status.value,
                after_event_id=latest_event,
            )
            .returning(draft_comment.c.id)
        )
        await keep_version(ctx, conn, VersionedKind.DRAFT_COMMENT, comment_id, body=body)
    return comment_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A comment on a draft under review, or a reply to one.")
class DraftCommentCreateInput:
    draft_directive_id: strawberry.ID = strawberry.field(description="The draft.")
    body: str = strawberry.field(description=f"The comment (at most {COMMENT_MAX} characters).")
    reply_to: strawberry.ID | None = strawberry.field(
        default=None, description="The comment this replies to (not a reply); null for a comment."
    )


@strawberry.type(description="The result of draftCommentCreate.")
class DraftCommentCreatePayload:
    comment: DraftComment | None = strawberry.field(
        description="The comment as written; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftCommentCreateInput, strawberry.argument(description="The comment.")],
) -> DraftCommentCreatePayload:
    async def run(ctx: MutationContext) -> Changed:
        comment_id = await draft_comment_create(
            ctx,
            DraftCommentCreateData(
                draft_directive_id=parse_key(
                    input.draft_directive_id, kind="DraftDirective", field="draftDirectiveId"
                ),
                body=input.body,
                reply_to=parse_key(input.reply_to, kind="DraftComment", field="replyTo")
                if input.reply_to is not None
                else None,
            ),
        )
        return {"comment": (DraftComment, comment_id)}

    return await respond(info, DraftCommentCreatePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A sitting committee member or a ministry reviewer comments on a draft under review, "
        "or replies to a comment."
    ),
)
