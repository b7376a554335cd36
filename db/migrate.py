"""Run Alembic migrations from async code, on the caller's connection and transaction."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade(conn: AsyncConnection, revision: str = "head") -> None:
    """Bring the schema to `revision` inside the caller's transaction."""
    await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def downgrade(conn: AsyncConnection, revision: str) -> None:
    await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


async def pending(conn: AsyncConnection) -> bool:
    """True when the database is not at the newest revision."""

    def _check(sync: Connection) -> bool:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        return MigrationContext.configure(sync).get_current_revision() != head

    return await conn.run_sync(_check)
