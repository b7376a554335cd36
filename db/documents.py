"""Statements of the documents' storage that run outside a request: the first version of every
draft that has none (the shipped data, and drafts written before versions were kept), and the
sweep of stored files no attachment names."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.blobs import BlobStore, now
from db.tables import VersionedKind, attachment, document_version, draft, event


async def add_first_versions(conn: AsyncConnection) -> int:
    """Version 1 of each draft without versions: its current text, written by whoever created it
    (its first step's actor), when it was created, as a DRAFT. One INSERT … SELECT.

    Each draft's first step is found by one grouping over the steps, joined: a correlated
    `ORDER BY id LIMIT 1` per draft may be planned as a walk of the steps' primary key (the
    national sample's 100k drafts then took hours)."""
    kind = VersionedKind.DRAFT_DIRECTIVE.value
    firsts = (
        select(event.c.draft_directive_id, func.min(event.c.id).label("first_id"))
        .where(event.c.from_status.is_(None))
        .group_by(event.c.draft_directive_id)
        .subquery("firsts")
    )
    creation = event.alias("creation")
    has_versions = exists(
        select(document_version.c.id).where(
            document_version.c.owner_kind == kind, document_version.c.owner_id == draft.c.id
        )
    )
    rows = (
        select(
            literal(kind),
            draft.c.id,
            literal(1),
            draft.c.title,
            draft.c.body,
            creation.c.actor,
            draft.c.created_at,
            literal("DRAFT"),
        )
        .select_from(
            draft.join(firsts, firsts.c.draft_directive_id == draft.c.id).join(
                creation, creation.c.id == firsts.c.first_id
            )
        )
        .where(~has_versions, creation.c.actor.is_not(None))
    )
    result = await conn.execute(
        document_version.insert().from_select(
            [
                "owner_kind",
                "owner_id",
                "number",
                "title",
                "body",
                "editor",
                "edited_at",
                "status",
            ],
            rows,
        )
    )
    return int(result.rowcount or 0)


@dataclass(frozen=True)
class SweepResult:
    kept: int
    swept: int
    temporary: int


async def sweep(conn: AsyncConnection, store: BlobStore, *, grace_seconds: float) -> SweepResult:
    """Delete the stored files no attachment names and stored more than `grace_seconds` ago (an
    upload whose row has not committed yet is younger than that), and what interrupted writes
    left. A file an attachment names is never deleted."""
    cutoff = now() - grace_seconds
    referenced = set((await conn.execute(select(attachment.c.sha256).distinct())).scalars())
    kept = swept = 0
    for sha256, stored_at in list(store.stored()):
        if sha256 in referenced or stored_at >= cutoff:
            kept += 1
            continue
        # Named since the list was read? Ask again for this one before deleting it.
        named = await conn.scalar(
            select(attachment.c.id).where(attachment.c.sha256 == sha256).limit(1)
        )
        if named is not None:
            kept += 1
            continue
        store.delete(sha256)
        swept += 1
    return SweepResult(kept, swept, store.clean_temporary(cutoff))
