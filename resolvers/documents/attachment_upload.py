"""attachmentUpload: a file attached to a record, sent as a GraphQL multipart request (the `file`
variable is the request's file part; web/graphql_http.py reads it).

Who may attach: a draft's own office while it may edit the draft (DRAFT, RETURNED_FOR_REVISION);
the host municipality's office or an administrator to a joint session; an administrator to a
council's resolution or an assembly meeting; to an Article 100 case file and an execution task,
the city's roles resolvers/article100/case_file.py names. The file's kind is decided from its
bytes; its name is cleaned. The bytes are stored (db/blobs.py: content-addressed, fsync'd) before
the row is written, in the row's transaction: a committed attachment always has its file.

With `replaces`, the file is a new version of one of the record's attachments: it takes the next
number, the replaced one stops being current (the record lists current versions) and is kept.
Only the current version is replaced: two people replacing the same version, the second gets
VERSION_CONFLICT and nothing is stored for them.

Fails with UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (no such record, or one the caller may not
see; `replaces` not an attachment of the record), INVALID_TRANSITION (a draft no longer
editable, a closed case, a done task), VERSION_CONFLICT (`replaces` is not the current version),
VALIDATION (an empty file, a bad id), FILE_TOO_LARGE and UNSUPPORTED_FILE_TYPE (nothing stored).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import IO, Annotated, Any

import strawberry
from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.file_uploads import Upload

from core.auth import Role
from core.errors import ErrorCode, MutationFailure
from core.files import FileKind, clean_file_name, detect
from db.blobs import BlobTooLarge
from db.tables import AttachmentOwnerKind, DraftStatus, attachment
from resolvers.article100.case_file import may_attach_to_case, may_attach_to_task
from resolvers.documents.common import blob_store, find_owner, parse_key
from resolvers.municipalities.draft_lifecycle import Action, rule
from resolvers.municipalities.drafts import find_draft, require_own
from resolvers.mutations import (
    Changed,
    MutationContext,
    forbidden,
    invalid,
    not_found,
    require_role,
    respond,
)
from schema.context import Info
from schema.documents.types import Attachment
from schema.payloads import MutationError, errors_field
from schema.rules import DOCUMENT_OWNERS

#: The roles that attach files to some kind of record (`_may_attach` decides which, and when).
ATTACHERS = (
    Role.MAYOR_OFFICE,
    Role.ADMINISTRATOR,
    Role.ARTICLE100_INSPECTOR,
    Role.ARTICLE100_SECRETARIAT,
    Role.EXECUTION_OFFICE,
)


@dataclass(frozen=True)
class AttachmentUploadData:
    owner_kind: AttachmentOwnerKind
    owner_id: int
    file: IO[bytes]
    file_name: str | None
    max_bytes: int
    replaces: int | None = None


def too_large(maximum: int, field: str = "file") -> MutationFailure:
    return MutationFailure(
        ErrorCode.FILE_TOO_LARGE,
        f"A file may be at most {maximum} bytes.",
        f"اندازه پرونده حداکثر {maximum} بایت است.",
        field=field,
    )


def size_of(file: IO[bytes]) -> int:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


async def check_file(data: AttachmentUploadData) -> FileKind:
    """The file's kind, once its size and content are acceptable; nothing is stored before."""
    size = await asyncio.to_thread(size_of, data.file)
    if size == 0:
        raise invalid("The file is empty.", "پرونده خالی است.", field="file")
    if size > data.max_bytes:
        raise too_large(data.max_bytes)
    kind = await asyncio.to_thread(detect, data.file)
    if kind is None:
        raise MutationFailure(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            "The file's content is not of an accepted kind: PDF, PNG, JPEG, Word (DOCX), Excel "
            "(XLSX), OpenDocument text or plain UTF-8 text.",
            "نوع محتوای پرونده پذیرفته نیست: PDF، PNG، JPEG، Word، Excel، OpenDocument یا متن ساده.",
            field="file",
        )
    return kind


async def _may_attach(ctx: MutationContext, conn: Any, data: AttachmentUploadData) -> None:
    """NOT_FOUND for a record the caller may not see; FORBIDDEN or INVALID_TRANSITION for one
    it sees but may not attach to (yet)."""
    viewer = ctx.viewer
    kind = data.owner_kind
    if kind is AttachmentOwnerKind.DRAFT_DIRECTIVE:
        row = await find_draft(conn, data.owner_id, viewer, field="ownerId")
        if viewer.role is not Role.MAYOR_OFFICE:
            raise forbidden(
                "Only the draft's own office attaches files to it.",
                "تنها دفتر نویسنده پیش‌نویس می‌تواند به آن پرونده پیوست کند.",
                field="ownerId",
            )
        require_own(viewer, row, field="ownerId")
        rule(Action.EDIT, DraftStatus(row.status), Role.MAYOR_OFFICE)  # editable, or refused
        return
    row = await find_owner(conn, viewer, kind.value, data.owner_id, field="ownerId")
    if kind is AttachmentOwnerKind.VIOLATION_CASE:
        may_attach_to_case(viewer, row)
        return
    if kind is AttachmentOwnerKind.EXECUTION_TASK:
        may_attach_to_task(viewer, row)
        return
    if viewer.role is Role.ADMINISTRATOR:
        return
    if (
        kind is AttachmentOwnerKind.JOINT_SESSION
        and viewer.role is Role.MAYOR_OFFICE
        and viewer.municipality_id == row.host_municipality_id
    ):
        return
    raise forbidden(
        "Your role may not attach files to this record.",
        "نقش شما اجازه پیوست کردن پرونده به این سند را ندارد.",
        field="ownerId",
    )


async def _replaced(conn: AsyncConnection, data: AttachmentUploadData) -> Row[Any] | None:
    """The version `data.replaces` names, now no longer current; None for a new file.
    NOT_FOUND unless it is an attachment of the same record (the record is already one the
    caller may see); VERSION_CONFLICT unless it was the current version."""
    if data.replaces is None:
        return None
    previous = (
        await conn.execute(
            select(attachment)
            .where(
                attachment.c.id == data.replaces,
                attachment.c.owner_kind == data.owner_kind.value,
                attachment.c.owner_id == data.owner_id,
            )
            .with_for_update()
        )
    ).first()
    if previous is None:
        raise not_found(
            "The record has no attachment with the id `replaces` names.",
            "این سند پیوستی با شناسه‌ای که `replaces` می‌گوید ندارد.",
            field="replaces",
        )
    # Conditional, so two replacements of one version cannot both succeed on any database.
    taken = await conn.execute(
        update(attachment)
        .where(attachment.c.id == previous.id, attachment.c.is_current.is_(True))
        .values(is_current=False)
    )
    if taken.rowcount != 1:
        newest = await conn.scalar(
            select(attachment.c.version)
            .where(attachment.c.lineage_id == previous.lineage_id)
            .order_by(attachment.c.version.desc())
            .limit(1)
        )
        raise MutationFailure(
            ErrorCode.VERSION_CONFLICT,
            f"Version {previous.version} of this file was already replaced (the current one is "
            f"version {newest}): look at it, then replace that one if you still need to.",
            f"نسخه {previous.version} این پرونده پیش‌تر جایگزین شده است (نسخه کنونی {newest}): "
            "آن را ببینید و در صورت نیاز همان را جایگزین کنید.",
            field="replaces",
        )
    return previous


async def attachment_upload(ctx: MutationContext, data: AttachmentUploadData, store: Any) -> int:
    require_role(ctx.viewer, *ATTACHERS)
    kind = await check_file(data)
    name = clean_file_name(data.file_name, kind)
    async with ctx.db.transaction() as conn:
        await _may_attach(ctx, conn, data)
        try:
            # Durable (fsync'd) before the row is written: a committed row has its file.
            blob = await asyncio.to_thread(store.put, data.file, max_bytes=data.max_bytes)
        except BlobTooLarge:
            raise too_large(data.max_bytes) from None
        previous = await _replaced(conn, data)
        attachment_id: int = await conn.scalar(
            insert(attachment)
            .values(
                owner_kind=data.owner_kind.value,
                owner_id=data.owner_id,
                sha256=blob.sha256,
                byte_size=blob.byte_size,
                media_type=kind.media_type,
                file_name=name,
                uploaded_by=ctx.viewer.actor,
                uploaded_at=ctx.clock(),
                version=1 if previous is None else previous.version + 1,
                lineage_id=None if previous is None else previous.lineage_id,
                replaces_id=None if previous is None else previous.id,
            )
            .returning(attachment.c.id)
        )
        if previous is None:  # version 1 starts its lineage
            await conn.execute(
                update(attachment)
                .where(attachment.c.id == attachment_id)
                .values(lineage_id=attachment_id)
            )
    return attachment_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A file to attach to a record.")
class AttachmentUploadInput:
    owner_kind: AttachmentOwnerKind = strawberry.field(
        description="The kind of record to attach it to."
    )
    owner_id: strawberry.ID = strawberry.field(description="The record's id (of that kind).")
    file: Upload = strawberry.field(
        description=(
            "The file: a part of a multipart request (GraphQL multipart request specification) "
            "that the request's `map` puts here."
        )
    )
    replaces: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "To attach a new version of a file: the id of its current version (an attachment "
            "of the same record). Null for a new file."
        ),
    )


@strawberry.type(description="The result of attachmentUpload.")
class AttachmentUploadPayload:
    attachment: Attachment | None = strawberry.field(
        description="The attachment as stored; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[AttachmentUploadInput, strawberry.argument(description="The file.")],
) -> AttachmentUploadPayload:
    settings = info.context.settings

    async def run(ctx: MutationContext) -> Changed:
        upload: Any = input.file
        file = getattr(upload, "file", None)
        if file is None:
            raise invalid(
                "`file` must be a file part of a multipart request.",
                "پرونده باید بخشی از درخواست چندبخشی باشد.",
                field="file",
            )
        owner = DOCUMENT_OWNERS[input.owner_kind.value]
        attachment_id = await attachment_upload(
            ctx,
            AttachmentUploadData(
                owner_kind=input.owner_kind,
                owner_id=parse_key(input.owner_id, kind=owner.type_name, field="ownerId"),
                file=file,
                file_name=getattr(upload, "filename", None),
                max_bytes=settings.attachment_max_bytes,
                replaces=(
                    None
                    if input.replaces is None
                    else parse_key(input.replaces, kind="Attachment", field="replaces")
                ),
            ),
            blob_store(settings),
        )
        return {"attachment": (Attachment, attachment_id)}

    return await respond(info, AttachmentUploadPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "Attaches a file (a multipart request's file part) to a draft, a council's resolution, "
        "an assembly meeting, a joint session of mayors, an Article 100 case file or an "
        "execution task; or a new version of one of their files (`replaces`)."
    ),
)
