"""What the two committee administration mutations share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.errors import MutationFailure
from db.tables import committee, mayor
from resolvers.mutations import invalid, not_found


async def sitting_mayor(conn: AsyncConnection, mayor_id: int, *, field: str) -> Row[Any]:
    """A mayor in office now: only they are chosen for the committee."""
    result = await conn.execute(select(mayor).where(mayor.c.id == mayor_id))
    row = result.first()
    if row is None:
        raise not_found(f"No mayor has id {mayor_id}.", "شهرداری با این شناسه نیست.", field=field)
    if row.term_end is not None:
        raise invalid(
            f"Mayor {mayor_id} is no longer in office.",
            "این شهردار دیگر بر سر کار نیست.",
            field=field,
        )
    return row


async def sitting_committee(conn: AsyncConnection) -> Row[Any] | None:
    result = await conn.execute(select(committee).where(committee.c.term_end.is_(None)))
    return result.first()


def refused_by_database(exc: Exception) -> MutationFailure:
    """The database's own rules (five seats, one chair) refused the change."""
    return invalid(
        f"The database refused the change to the committee: {str(exc).splitlines()[0][:300]}",
        "پایگاه داده این تغییر در کمیته را نپذیرفت: کمیته همواره پنج عضو و یک رئیس دارد.",
    )
