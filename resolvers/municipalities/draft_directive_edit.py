"""draftDirectiveEdit: the office changes its draft's text while it is a draft or was returned.

The edit names the version it was based on: when the draft has moved on since, nothing is written
and the answer is VERSION_CONFLICT (two editors never overwrite each other silently). Also fails
with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, VALIDATION.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row

from core.text import search_key
from db.tables import DraftKind, DraftStatus, VersionedKind
from resolvers.documents.versions import creator, keep_version
from resolvers.municipalities.draft_lifecycle import Action, apply, roles_for, rule
from resolvers.municipalities.drafts import (
    check_expected_version,
    clean_body,
    clean_title,
    find_draft,
    require_own,
)
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, require_role, respond
from schema.context import Info
from schema.municipalities.types import DraftDirective
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class DraftDirectiveEditData:
    id: int
    expected_version: int
    title: str | None = None
    body: str | None = None
    kind: DraftKind | None = None


async def draft_directive_edit(ctx: MutationContext, data: DraftDirectiveEditData) -> Row[Any]:
    role = require_role(ctx.viewer, *roles_for(Action.EDIT))
    # A field given is a field set: an empty title or body is refused, never ignored.
    title = clean_title(data.title) if data.title is not None else None
    body = clean_body(data.body) if data.body is not None else None
    if title is None and body is None and data.kind is None:
        raise invalid(
            "Nothing to change: give a title, a body or a kind.",
            "چیزی برای تغییر نیست: عنوان، متن یا نوع را بدهید.",
        )
    values: dict[str, Any] = {}
    if title is not None:
        values.update(title=title, title_key=search_key(title))
    if body is not None:
        values["body"] = body
    if data.kind is not None:
        values["kind"] = data.kind.value

    async with ctx.db.transaction() as conn:
        row = await find_draft(conn, data.id, ctx.viewer)
        require_own(ctx.viewer, row)
        step = rule(Action.EDIT, DraftStatus(row.status), role)
        check_expected_version(row, data.expected_version)
        updated = await apply(ctx, conn, row, step, values=values)
        if (updated.title, updated.body) != (row.title, row.body):
            # the text changed: keep it as the next version, in the status it was edited in
            await keep_version(
                ctx,
                conn,
                VersionedKind.DRAFT_DIRECTIVE,
                row.id,
                title=updated.title,
                body=updated.body,
                status=row.status,
                previous={
                    "title": row.title,
                    "body": row.body,
                    "editor": await creator(conn, row.id),
                    "edited_at": row.created_at,
                    "status": DraftStatus.DRAFT.value,
                },
            )
        return updated


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A change to a draft's text, based on the version the editor saw.")
class DraftDirectiveEditInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    expected_version: int = strawberry.field(
        description="The `version` the edit is based on; a stale one is a VERSION_CONFLICT."
    )
    title: str | None = strawberry.field(default=None, description="A new title, if it changes.")
    body: str | None = strawberry.field(default=None, description="A new text, if it changes.")
    kind: DraftKind | None = strawberry.field(
        default=None, description="A new kind, if it changes."
    )


@strawberry.type(description="The result of draftDirectiveEdit.")
class DraftDirectiveEditPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft as edited; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftDirectiveEditInput, strawberry.argument(description="The change.")],
) -> DraftDirectiveEditPayload:
    async def run(ctx: MutationContext) -> Changed:
        row = await draft_directive_edit(
            ctx,
            DraftDirectiveEditData(
                id=parse_key(input.id, kind="DraftDirective", field="id"),
                expected_version=input.expected_version,
                title=input.title,
                body=input.body,
                kind=input.kind,
            ),
        )
        return {"draft_directive": (DraftDirective, row.id)}

    return await respond(info, DraftDirectiveEditPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="Its office edits a draft (DRAFT or RETURNED_FOR_REVISION), naming the version.",
)
