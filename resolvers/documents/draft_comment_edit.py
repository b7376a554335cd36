"""draftCommentEdit: the author of a comment changes its text; the text before is kept as a
version (`DraftComment.versions`), and the edit names the version it was based on.

Fails with UNAUTHENTICATED, FORBIDDEN (not the author), NOT_FOUND (a comment the caller may not
see), VALIDATION (an empty or too long text, nothing changed), VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import update

from db.tables import VersionedKind, draft_comment
from resolvers.documents.common import find_owner, parse_key
from resolvers.documents.draft_comment_create import (
    COMMENTERS,
    clean_comment,
    require_commenter,
)
from resolvers.documents.versions import keep_version
from resolvers.mutations import (
    Changed,
    MutationContext,
    forbidden,
    invalid,
    require_role,
    respond,
    version_conflict,
)
from schema.context import Info
from schema.documents.types import DraftComment
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class DraftCommentEditData:
    id: int
    body: str
    expected_version: int


async def draft_comment_edit(ctx: MutationContext, data: DraftCommentEditData) -> int:
    require_role(ctx.viewer, *COMMENTERS)
    body = clean_comment(data.body)
    async with ctx.db.transaction() as conn:
        role = await require_commenter(ctx, conn)
        row = await find_owner(
            conn, ctx.viewer, VersionedKind.DRAFT_COMMENT.value, data.id, field="id"
        )
        if row.author_subject != ctx.viewer.subject or row.author_role != role.value:
            raise forbidden(
                "Only its author edits a comment.",
                "تنها نویسنده نظر می‌تواند آن را ویرایش کند.",
                field="id",
            )
        if row.version != data.expected_version:
            raise version_conflict(row.version, data.expected_version)
        if row.body == body:
            raise invalid("The text is unchanged.", "متن تغییری نکرده است.", field="body")
        await conn.execute(
            update(draft_comment)
            .where(draft_comment.c.id == row.id)
            .values(body=body, version=row.version + 1, updated_at=ctx.clock())
        )
        await keep_version(ctx, conn, VersionedKind.DRAFT_COMMENT, row.id, body=body)
    return int(row.id)


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A new text for one's own comment.")
class DraftCommentEditInput:
    id: strawberry.ID = strawberry.field(description="The comment.")
    body: str = strawberry.field(description="Its new text.")
    expected_version: int = strawberry.field(
        description="The comment's `version` the edit is based on; a stale one is a VERSION_CONFLICT."
    )


@strawberry.type(description="The result of draftCommentEdit.")
class DraftCommentEditPayload:
    comment: DraftComment | None = strawberry.field(
        description="The comment as edited; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftCommentEditInput, strawberry.argument(description="The change.")],
) -> DraftCommentEditPayload:
    async def run(ctx: MutationContext) -> Changed:
        comment_id = await draft_comment_edit(
            ctx,
            DraftCommentEditData(
                id=parse_key(input.id, kind="DraftComment", field="id"),
                body=input.body,
                expected_version=input.expected_version,
            ),
        )
        return {"comment": (DraftComment, comment_id)}

    return await respond(info, DraftCommentEditPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="Its author edits a comment; the earlier text is kept as a version.",
)
