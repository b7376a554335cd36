"""What the documents' writes share: a client's id parsed as its type's, a record found as the
caller may see it (NOT_FOUND otherwise), and the blob store the settings name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Viewer
from core.errors import BadUserInput
from core.ids import parse_id
from core.settings import Settings
from db.blobs import BlobStore, open_store
from resolvers.mutations import invalid, not_found
from resolvers.reads import ViewerScope
from schema.rules import DOCUMENT_OWNERS


def parse_key(value: str, *, kind: str, field: str) -> int:
    """The key behind a client's id of GraphQL type `kind`; VALIDATION naming `field` if it is
    not one (core.ids.parse_id decides)."""
    try:
        return parse_id(value, kind=kind, argument=field)
    except BadUserInput:
        raise invalid(
            f"{value!r} is not a valid {kind} id.", f"شناسه {kind} معتبر نیست.", field=field
        ) from None


async def find_owner(
    conn: AsyncConnection, viewer: Viewer, kind: str, owner_id: int, *, field: str
) -> Row[Any]:
    """The record of kind `kind`, locked for the transaction, if the caller may see it (its
    rule); NOT_FOUND otherwise."""
    owner = DOCUMENT_OWNERS[kind]
    visible = owner.rule(ViewerScope(viewer), owner.table) if owner.rule is not None else None
    statement = select(owner.table).where(owner.table.c.id == owner_id)
    if visible is not None:
        statement = statement.where(visible)
    row = (await conn.execute(statement.with_for_update())).first()
    if row is None:
        raise not_found(
            f"No {owner.type_name} has id {owner_id}.", "چنین سندی با این شناسه نیست.", field=field
        )
    return row


def blob_store(settings: Settings) -> BlobStore:
    return open_store(settings.attachment_store, settings.attachments_path)
