"""Root reads of the ministry domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from db.session import RequestDatabase
from resolvers.loaders import category


async def obligation_categories(db: RequestDatabase) -> list[Row[Any]]:
    return list(await db.all(select(category).order_by(category.c.code, category.c.id)))
