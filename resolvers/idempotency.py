"""Idempotency keys for create and submit (and the union's call and ballot): a replay returns
the first result, creates nothing. The first result is a draft's id, or (`column="result_id"`) the
id of what another operation made.

A key is claimed at the start of the operation's transaction, scoped by caller and operation, and
settled with the result before it commits. Two calls racing with one key: the second waits on the
unique index until the first commits, then reads the first result (on SQLite, write transactions
already run one at a time).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import IdempotencyKeyRow
from resolvers.mutations import MutationContext, invalid

idempotency_key = IdempotencyKeyRow.__table__  # type: ignore[attr-defined]

MAX_KEY_LENGTH = 200


def request_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(values, option=orjson.OPT_SORT_KEYS)).hexdigest()


def clean_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise invalid(
            f"An idempotency key is 1 to {MAX_KEY_LENGTH} printable characters.",
            f"کلید یکتایی درخواست باید ۱ تا {MAX_KEY_LENGTH} نویسه باشد.",
            field="idempotencyKey",
        )
    return key


async def _find(conn: AsyncConnection, caller: str, operation: str, key: str) -> Row[Any] | None:
    result = await conn.execute(
        select(idempotency_key).where(
            idempotency_key.c.caller == caller,
            idempotency_key.c.operation == operation,
            idempotency_key.c.key == key,
        )
    )
    return result.first()


async def claim(
    ctx: MutationContext,
    conn: AsyncConnection,
    operation: str,
    key: str,
    digest: str,
    *,
    column: str = "draft_directive_id",
) -> int | None:
    """None when this call owns the key now; the first call's result (its draft id, or the
    id in `column`) when it is a replay."""
    caller = ctx.viewer.key
    earlier = await _find(conn, caller, operation, key)
    if earlier is None:
        try:
            async with conn.begin_nested():
                await conn.execute(
                    insert(idempotency_key).values(
                        caller=caller,
                        operation=operation,
                        key=key,
                        request_hash=digest,
                        created_at=ctx.clock(),
                    )
                )
            return None
        except IntegrityError:
            earlier = await _find(conn, caller, operation, key)  # a racing call committed first
            assert earlier is not None
    if earlier.request_hash != digest:
        raise invalid(
            "This idempotency key was already used for a different request.",
            "این کلید یکتایی پیش‌تر برای درخواست دیگری به کار رفته است.",
            field="idempotencyKey",
        )
    return int(earlier._mapping[column])


async def settle(
    ctx: MutationContext,
    conn: AsyncConnection,
    operation: str,
    key: str,
    draft_id: int,
    *,
    column: str = "draft_directive_id",
) -> None:
    await conn.execute(
        update(idempotency_key)
        .where(
            idempotency_key.c.caller == ctx.viewer.key,
            idempotency_key.c.operation == operation,
            idempotency_key.c.key == key,
        )
        .values({column: draft_id})
    )
