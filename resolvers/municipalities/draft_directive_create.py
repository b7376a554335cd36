"""draftDirectiveCreate: a mayor's office writes a new draft for its municipality.

Fails with UNAUTHENTICATED (no valid token), FORBIDDEN (not a mayor's office, or another
municipality), NOT_FOUND (no such municipality), VALIDATION (title, body, idempotency key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row, insert, select

from core.text import search_key
from db import search
from db.tables import DraftKind, SearchDocumentKind, VersionedKind, draft, municipality
from resolvers import idempotency
from resolvers.documents.versions import keep_version
from resolvers.municipalities.draft_lifecycle import Action, record, roles_for, rule
from resolvers.municipalities.drafts import clean_body, clean_title, reload
from resolvers.mutations import (
    Changed,
    MutationContext,
    forbidden,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.context import Info
from schema.municipalities.types import DraftDirective
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "draftDirectiveCreate"


@dataclass(frozen=True)
class DraftDirectiveCreateData:
    kind: DraftKind
    title: str
    body: str
    municipality_id: int | None = None
    idempotency_key: str | None = None


async def draft_directive_create(ctx: MutationContext, data: DraftDirectiveCreateData) -> Row[Any]:
    role = require_role(ctx.viewer, *roles_for(Action.CREATE))
    step = rule(Action.CREATE, None, role)
    municipality_id = data.municipality_id or ctx.viewer.municipality_id
    if municipality_id != ctx.viewer.municipality_id:
        raise forbidden(
            "A mayor's office writes drafts for its own municipality only.",
            "دفتر شهردار تنها برای شهرداری خود پیش‌نویس می‌نویسد.",
            field="municipalityId",
        )
    title = clean_title(data.title)
    body = clean_body(data.body)
    assert title is not None
    assert body is not None
    assert municipality_id is not None
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash(
        {"municipality": municipality_id, "kind": data.kind.value, "title": title, "body": body}
    )

    async with ctx.db.transaction() as conn:
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest)
            if first is not None:
                return await reload(conn, first)
        exists = await conn.scalar(
            select(municipality.c.id).where(municipality.c.id == municipality_id)
        )
        if exists is None:
            raise not_found(
                f"No municipality has id {municipality_id}.",
                "شهرداری با این شناسه نیست.",
                field="municipalityId",
            )
        now = ctx.clock()
        result = await conn.execute(
            insert(draft)
            .values(
                municipality_id=municipality_id,
                kind=data.kind.value,
                status=step.to_status.value,
                title=title,
                title_key=search_key(title),
                body=body,
                version=1,
                created_at=now,
                updated_at=now,
                submitted_at=None,
                is_sample=False,
            )
            .returning(*draft.c)
        )
        row = result.one()
        await search.reindex(conn, SearchDocumentKind.DRAFT_DIRECTIVE, row.id)
        await record(ctx, conn, row, None)
        await keep_version(
            ctx,
            conn,
            VersionedKind.DRAFT_DIRECTIVE,
            row.id,
            title=title,
            body=body,
            status=row.status,
        )
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, row.id)
    return row


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A new draft, written by a mayor's office for its municipality.")
class DraftDirectiveCreateInput:
    kind: DraftKind = strawberry.field(description="Directive or circular.")
    title: str = strawberry.field(
        description="Title, in Persian: required, at most 300 characters (letters and digits "
        "are normalised: Arabic ي/ك become Persian ی/ک, Persian digits Latin)."
    )
    body: str = strawberry.field(description="Full text: required, at most 20,000 characters.")
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="The office's own municipality (the default); no other."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of draftDirectiveCreate.")
class DraftDirectiveCreatePayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The new draft (or the first one, on a replay); null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[DraftDirectiveCreateInput, strawberry.argument(description="The draft.")],
) -> DraftDirectiveCreatePayload:
    async def run(ctx: MutationContext) -> Changed:
        municipality = input.municipality_id
        row = await draft_directive_create(
            ctx,
            DraftDirectiveCreateData(
                kind=input.kind,
                title=input.title,
                body=input.body,
                municipality_id=parse_key(municipality, kind="Municipality", field="municipalityId")
                if municipality is not None
                else None,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"draft_directive": (DraftDirective, row.id)}

    return await respond(info, DraftDirectiveCreatePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve, description="A mayor's office writes a new draft (status DRAFT)."
)
