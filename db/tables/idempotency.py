"""Idempotency keys: a replayed create or submit returns the first result and creates nothing."""

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class IdempotencyKeyRow(SQLModel, table=True):
    """The first result of an operation sent with a key, per caller. Claimed at the start of the
    operation's transaction, so a concurrent replay waits on the unique index and then reads it."""

    __tablename__ = "idempotency_key"
    __table_args__ = (Index("uq_idempotency_key", "caller", "operation", "key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    caller: str = Field(max_length=160, description="role and subject of the token")
    operation: str = Field(max_length=60, description="e.g. draftDirectiveCreate")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64, description="sha256 of the operation's input")
    draft_directive_id: int | None = Field(default=None, foreign_key="draft_directive.id")
    result_id: int | None = Field(
        default=None, description="the first result's id, for operations that make no draft"
    )
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
