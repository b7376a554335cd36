"""Every edit of a text keeps a version: the writes of a draft's title or body and of a comment
call `keep_version` in their own transaction, so a text and its versions never disagree."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import VersionedKind, document_version, event
from resolvers.mutations import MutationContext


async def keep_version(
    ctx: MutationContext,
    conn: AsyncConnection,
    kind: VersionedKind,
    owner_id: int,
    *,
    body: str,
    title: str | None = None,
    status: str | None = None,
    previous: dict[str, object] | None = None,
) -> int:
    """Record the record's text as it now stands as its next version; its number. The unique
    index on (kind, owner, number) refuses a second writer of the same number (the owner's row
    is locked by the write that calls this)."""
    latest = await conn.scalar(
        select(func.max(document_version.c.number)).where(
            document_version.c.owner_kind == kind.value, document_version.c.owner_id == owner_id
        )
    )
    if latest is None and previous is not None:
        # A record written before versions were kept (and not given its first by the
        # migration): its text before this edit is version 1.
        await conn.execute(
            insert(document_version).values(
                owner_kind=kind.value, owner_id=owner_id, number=1, **previous
            )
        )
        latest = 1
    number = int(latest or 0) + 1
    await conn.execute(
        insert(document_version).values(
            owner_kind=kind.value,
            owner_id=owner_id,
            number=number,
            title=title,
            body=body,
            editor=ctx.viewer.actor,
            edited_at=ctx.clock(),
            status=status,
        )
    )
    return number


async def creator(conn: AsyncConnection, draft_id: int) -> str:
    """Who wrote a draft: its first step's actor."""
    actor = await conn.scalar(
        select(event.c.actor)
        .where(event.c.draft_directive_id == draft_id, event.c.from_status.is_(None))
        .order_by(event.c.id)
        .limit(1)
    )
    return str(actor or "")
