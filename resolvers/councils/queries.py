"""Root reads of the councils domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from db.session import RequestDatabase
from resolvers.loaders import CURRENT_TERM_ID, assembly, bill, council_term


async def council_terms(db: RequestDatabase) -> list[Row[Any]]:
    return list(await db.all(select(council_term).order_by(council_term.c.number)))


async def current_assembly(db: RequestDatabase) -> Row[Any] | None:
    rows = await db.all(select(assembly).where(assembly.c.term_id == CURRENT_TERM_ID))
    return rows[0] if rows else None


async def government_bills(db: RequestDatabase) -> list[Row[Any]]:
    return list(await db.all(select(bill).order_by(bill.c.id)))
