"""Fixtures shared by every test.

Storage tests run once per backend: `backend` is parametrised over SQLite and PostgreSQL. Each
backend gets a fresh database for the session, migrated with the real migrations and loaded with
the shipped data; each test then runs inside a transaction that is rolled back at its end
(SQLAlchemy's "joining a session into an external transaction" recipe), so tests never see each
other's writes.

PostgreSQL comes from CIVICGRAPH_TEST_POSTGRES_URL (default: the local server, database `test`).
When it is not reachable the PostgreSQL leg is skipped on a laptop but FAILS under CI=true.
"""

from __future__ import annotations

import copy
import fcntl
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO, Any

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.auth import TokenVerifier
from core.settings import Settings
from db import migrate
from db.engine import create_engine
from db.events import EventBus
from db.seed import seed
from db.session import RequestDatabase
from graph.root import schema
from resolvers.compiled.extension import CompiledJSON
from resolvers.context import Context

#: Fixtures per domain (Saleor's habit), available to every test.
pytest_plugins = [
    "tests.municipalities.fixtures",
    "tests.associations.fixtures",
    "tests.neighbourhoods.fixtures",
]

POSTGRES_ADMIN_URL = os.environ.get(
    "CIVICGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Storage tests are marked `storage`. A test marked `postgresql_only` checks what only
    PostgreSQL has (e.g. deferred constraint triggers): its SQLite leg is not collected at all,
    rather than skipped, so a CI run shows no skip."""
    kept, dropped = [], []
    for item in items:
        if "backend" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.storage)
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec is not None else None
        if item.get_closest_marker("postgresql_only") and backend == "sqlite":
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI=true: the PostgreSQL leg must run, not skip)", pytrace=False)
    pytest.skip(message)


class PostgresDatabase:
    """A throw-away database on the test server, dropped at the end of the session."""

    def __init__(self) -> None:
        self.name = f"civicgraph_test_{uuid.uuid4().hex[:12]}"

    async def create(self) -> str:
        try:
            admin = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            _postgres_unavailable(repr(exc))
        try:
            await admin.execute(f'CREATE DATABASE "{self.name}"')
        finally:
            await admin.close()
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+asyncpg://"
        )
        return f"{base}/{self.name}"

    async def drop(self) -> None:
        admin = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await admin.close()


def _share_postgres() -> IO[str]:
    """A shared lock on the local PostgreSQL for this session (released when the file closes)."""
    handle = (Path(tempfile.gettempdir()) / "civicgraph-postgres.lock").open("a+")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
async def database_url(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    if backend == "sqlite":
        path: Path = tmp_path_factory.mktemp("sqlite") / "civicgraph.db"
        yield f"sqlite+aiosqlite:///{path}"
        return
    lock = _share_postgres()  # bench/load_fault.py restarts PostgreSQL only when none is held
    database = PostgresDatabase()
    try:
        url = await database.create()
        try:
            yield url
        finally:
            await database.drop()
    finally:
        lock.close()


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(Settings(database_url=database_url), pool_size=4)
    async with engine.begin() as conn:
        await migrate.upgrade(conn)
        await seed(conn)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
async def conn(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back when the test ends."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


class StatementCounter:
    """Counts the SQL statements sent on one connection."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.count = 0
        self.statements: list[str] = []
        self._sync = connection.sync_connection

    def _before(self, conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if conn is self._sync:
            self.count += 1
            self.statements.append(statement)

    def __enter__(self) -> StatementCounter:
        assert self._sync is not None
        event.listen(self._sync.engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *_: object) -> None:
        assert self._sync is not None
        event.remove(self._sync.engine, "before_cursor_execute", self._before)


class GraphQLClient:
    """Runs operations against the schema on the test's connection (inside its transaction).

    `token` is sent as the request's bearer token would be (verified as the server does); `events`
    is the bus mutations publish on (in-process, delivered when the mutation's savepoint is
    released); `served` is the merged graph or one subgraph (graph.root.SUBGRAPHS)."""

    def __init__(
        self,
        connection: AsyncConnection,
        settings: Settings,
        events: EventBus | None = None,
        served: Any = schema,
    ) -> None:
        self.connection = connection
        self.settings = settings
        self.events = events
        self.schema = served
        self.verifier = TokenVerifier(settings)
        #: The database handle of every operation (default: a new one each, as per request).
        self.db: RequestDatabase | None = None
        #: The bearer token of operations that give none (`as_caller`); None: anonymous.
        self.token: str | None = None

    def as_caller(self, token: str) -> GraphQLClient:
        """The same client, calling with `token` unless an operation gives its own."""
        caller = copy.copy(self)
        caller.token = token
        return caller

    async def context(self, token: str | None = None) -> Context:
        token = token if token is not None else self.token
        authorization = f"Bearer {token}" if token is not None else None
        return Context(
            db=self.db or RequestDatabase(connection=self.connection),
            settings=self.settings,
            viewer=await self.verifier.viewer(authorization),
            events=self.events,
        )

    async def execute(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        context = await self.context(token)
        result = await self.schema.execute(query, variable_values=variables, context_value=context)
        data = result.data
        if isinstance(data, CompiledJSON):  # the compiled path's JSON text
            data = data.parsed()
        response: dict[str, Any] = {"data": data}
        if result.errors:
            response["errors"] = [error.formatted for error in result.errors]
        return response

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """The data of an operation that must succeed."""
        response = await self.execute(query, variables, token=token)
        assert "errors" not in response, response["errors"]
        data: dict[str, Any] = response["data"]
        return data

    async def error_codes(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> list[str]:
        response = await self.execute(query, variables, token=token)
        assert "errors" in response, f"expected errors, got {response}"
        return [error["extensions"]["code"] for error in response["errors"]]


@pytest.fixture
def events() -> EventBus:
    return EventBus()


@pytest.fixture
def gql(conn: AsyncConnection, settings: Settings, events: EventBus) -> GraphQLClient:
    return GraphQLClient(conn, settings, events)
