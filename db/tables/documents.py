"""The documents of civic work, for any record that has them: the versions of its text, the files
attached to it, and the comments on a draft.

Versions and attachments are generic: a row names its owner by kind and id (`owner_kind`,
`owner_id`), and its read rule is its owner's (schema/rules.py, `DOCUMENT_OWNERS`). A new kind of
owner (an Article 100 case file, a neighbourhood project form) is a value of the kind's enum, its
CHECK constraint widened by a migration, and its entry in `DOCUMENT_OWNERS`.

An attachment's bytes are not in the database: they are stored content-addressed (by their
sha256) by db/blobs.py, durable before the row that names them commits.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Text, true
from sqlmodel import Field, SQLModel

from db.tables._common import one_of
from db.types import UTCDateTime


class VersionedKind(StrEnum):
    """What keeps the versions of its text."""

    DRAFT_DIRECTIVE = "DRAFT_DIRECTIVE"
    DRAFT_COMMENT = "DRAFT_COMMENT"


class AttachmentOwnerKind(StrEnum):
    """What files may be attached to."""

    DRAFT_DIRECTIVE = "DRAFT_DIRECTIVE"
    COUNCIL_RESOLUTION = "COUNCIL_RESOLUTION"
    ASSEMBLY_MEETING = "ASSEMBLY_MEETING"
    JOINT_SESSION = "JOINT_SESSION"
    VIOLATION_CASE = "VIOLATION_CASE"
    EXECUTION_TASK = "EXECUTION_TASK"


class DocumentVersionRow(SQLModel, table=True):
    """One version of a record's text, never rewritten: version 1 is the text as first written,
    each edit adds the next. The newest is the record's current text."""

    __tablename__ = "document_version"
    __table_args__ = (
        one_of("owner_kind", VersionedKind, "ck_document_version_owner_kind"),
        Index("uq_document_version_number", "owner_kind", "owner_id", "number", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_kind: str = Field(sa_column=Column(String(24), nullable=False))
    owner_id: int = Field(sa_column=Column(Integer, nullable=False))
    number: int = Field(sa_column=Column(Integer, nullable=False))
    title: str | None = Field(default=None, sa_column=Column(Text))
    body: str = Field(sa_column=Column(Text, nullable=False))
    editor: str = Field(max_length=200, description="who wrote this version")
    edited_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    status: str | None = Field(
        default=None,
        sa_column=Column(String(24)),
        description="the status the owner was in when this version was written",
    )


class AttachmentRow(SQLModel, table=True):
    """A file attached to a record. Its bytes are the stored blob named by `sha256`.

    A file is never rewritten: a new version of it is a new row that `replaces` the current one
    (same owner, `version` one more, the same `lineage_id`: the id of version 1), and the one it
    replaces stops being current. A record lists its files' current versions."""

    __tablename__ = "attachment"
    __table_args__ = (
        one_of("owner_kind", AttachmentOwnerKind, "ck_attachment_owner_kind"),
        Index("ix_attachment_owner", "owner_kind", "owner_id", "id"),
        Index("ix_attachment_sha256", "sha256"),
        Index("ix_attachment_lineage", "lineage_id", "version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_kind: str = Field(sa_column=Column(String(24), nullable=False))
    owner_id: int = Field(sa_column=Column(Integer, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    byte_size: int = Field(sa_column=Column(BigInteger, nullable=False))
    media_type: str = Field(max_length=100, description="decided from the content, not the name")
    file_name: str = Field(max_length=200, description="the sender's name for it, cleaned")
    uploaded_by: str = Field(max_length=200)
    uploaded_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    lineage_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("attachment.id")),
        description="version 1's id: the versions of one file share it (set when written)",
    )
    replaces_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("attachment.id")),
        description="the version this one replaced; null for version 1",
    )
    is_current: bool = Field(
        default=True,
        sa_column=Column(Boolean, nullable=False, server_default=true()),
        description="false once a newer version replaced it",
    )


class DraftCommentRow(SQLModel, table=True):
    """A comment of a committee member or a ministry reviewer on a draft, or a reply to one (one
    level: a reply's parent is never a reply). Its edits are kept as versions."""

    __tablename__ = "draft_comment"
    __table_args__ = (
        Index("ix_draft_comment_draft", "draft_directive_id", "id"),
        Index("ix_draft_comment_parent", "parent_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draft_directive_id: int = Field(
        sa_column=Column(Integer, ForeignKey("draft_directive.id"), nullable=False)
    )
    parent_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("draft_comment.id"))
    )
    author: str = Field(max_length=200, description="as a history names the author")
    author_role: str = Field(sa_column=Column(String(24), nullable=False))
    author_subject: str = Field(max_length=200, description="the token's `sub`: who may edit")
    body: str = Field(sa_column=Column(Text, nullable=False))
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    draft_status: str = Field(
        sa_column=Column(String(24), nullable=False),
        description="the draft's status when the comment was written",
    )
    after_event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("draft_directive_event.id"), nullable=False),
        description="the draft's latest step when the comment was written",
    )
