"""Migrations run on both databases, both ways, and match the tables the code declares."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

import db.tables  # noqa: F401
from db import migrate


# SQLite cannot reflect the expression index `uq_mayors_committee_current`, so alembic skips it
# there (PostgreSQL compares it).
@pytest.mark.filterwarnings("ignore:.*expression-based index:UserWarning")
@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_migrations_match_the_tables(conn: AsyncConnection) -> None:
    def diff(sync: object) -> list[object]:
        context = MigrationContext.configure(sync, opts={"compare_type": True})  # type: ignore[arg-type]
        return list(compare_metadata(context, SQLModel.metadata))

    assert await conn.run_sync(diff) == []
    assert not await migrate.pending(conn)


@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_downgrade_and_upgrade_again(conn: AsyncConnection) -> None:
    await migrate.downgrade(conn, "base")
    tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert set(tables) <= {"alembic_version"}

    await migrate.upgrade(conn)
    tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert {"municipality", "draft_directive", "social_security_obligation"} <= set(tables)
