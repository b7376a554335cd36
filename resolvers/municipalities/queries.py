"""Root reads of the municipalities domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from db.session import RequestDatabase
from resolvers.loaders import committee, joint_session, province


async def provinces(db: RequestDatabase) -> list[Row[Any]]:
    return list(await db.all(select(province).order_by(province.c.name_en, province.c.id)))


async def current_committee(db: RequestDatabase) -> Row[Any] | None:
    rows = await db.all(select(committee).where(committee.c.term_end.is_(None)))
    return rows[0] if rows else None


async def joint_sessions(db: RequestDatabase) -> list[Row[Any]]:
    return list(await db.all(select(joint_session).order_by(joint_session.c.sequence)))
