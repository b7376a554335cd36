"""Alembic's environment: runs on the connection the caller hands over (see db/migrate.py), or,
from the `alembic` command line, on an engine made from the settings."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (registers every table on the metadata)
from core.settings import get_settings
from db.engine import create_engine
from db.tables.search import outside_metadata

target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
        compare_type=True,
        include_name=outside_metadata,  # the search index the database keeps itself
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_settings() -> None:
    engine = create_engine(get_settings())
    async with engine.begin() as conn:
        await conn.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
elif context.is_offline_mode():
    context.configure(url=get_settings().database_url, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_from_settings())
