"""draftDirectiveEvents: the subscription streams each committed step of a draft to those who may
see it. In-process on both databases (the schema's own subscribe); over WebSocket through real
server processes: on SQLite one process, on PostgreSQL a mutation made through a second process
reaches a subscriber of the first (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, TokenVerifier, mint_token
from core.settings import Settings
from db import migrate
from db.engine import create_engine
from db.events import EventBus
from db.seed import seed
from db.session import RequestDatabase
from graph.root import schema
from resolvers.context import Context
from tests.conftest import PostgresDatabase
from tests.municipalities.fixtures import CREATE, ELSEWHERE, HOME, SUBMIT, Tokens, Workflow
from tests.ports import free_ports

EVENTS = """
subscription($municipalityId: ID) {
  draftDirectiveEvents(municipalityId: $municipalityId) {
    fromStatus toStatus actor
    draftDirective { id status title municipality { id } }
  }
}
"""
ROOT = Path(__file__).resolve().parents[2]


class Subscriber:
    """One subscription run in-process, on the test's connection and database handle."""

    def __init__(self, context: Context, variables: dict[str, Any] | None = None) -> None:
        self.context = context
        self.variables = variables
        self.stream: Any = None

    async def start(self, events: EventBus) -> None:
        before = events.subscribers
        self.stream = await schema.subscribe(
            EVENTS, variable_values=self.variables, context_value=self.context
        )
        self.next = asyncio.ensure_future(self.stream.__anext__())
        async with asyncio.timeout(5):
            # The bus announces no subscription: wait until the generator has registered its queue.
            while events.subscribers == before and not self.next.done():  # noqa: ASYNC110
                await asyncio.sleep(0.01)

    async def received(self) -> dict[str, Any]:
        result = await asyncio.wait_for(self.next, 5)
        assert not result.errors, result.errors
        self.next = asyncio.ensure_future(self.stream.__anext__())
        data: dict[str, Any] = result.data["draftDirectiveEvents"]
        return data

    async def nothing(self) -> bool:
        await asyncio.sleep(0.2)
        return not self.next.done()

    async def stop(self) -> None:
        self.next.cancel()
        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
            await self.next
        await self.stream.aclose()


@pytest.fixture
async def subscribe(
    conn: AsyncConnection, settings: Settings, events: EventBus, workflow: Workflow
) -> AsyncIterator[Any]:
    """Subscribes as the holder of a token; mutations of the test and subscribers share one
    database handle, so their statements on the test's connection never overlap."""
    db = workflow.gql.db = RequestDatabase(connection=conn)
    subscribers: list[Subscriber] = []

    async def start(token: str | None, variables: dict[str, Any] | None = None) -> Subscriber:
        viewer = await workflow.gql.verifier.viewer(f"Bearer {token}" if token else None)
        context = Context(db=db, settings=settings, viewer=viewer, events=events)
        subscriber = Subscriber(context, variables)
        await subscriber.start(events)
        subscribers.append(subscriber)
        return subscriber

    yield start
    for subscriber in subscribers:
        await subscriber.stop()


async def test_an_office_follows_its_own_drafts_only(
    subscribe: Any, workflow: Workflow, tokens: Tokens
) -> None:
    office = await subscribe(tokens.office(HOME))

    await workflow.create(ELSEWHERE, title="دیگری")
    await workflow.create(HOME, title="از آن ما")

    event = await office.received()
    assert (event["fromStatus"], event["toStatus"]) == (None, "DRAFT")
    assert event["draftDirective"]["title"] == "از آن ما"
    assert event["draftDirective"]["municipality"]["id"] == str(HOME)
    assert await office.nothing()


async def test_the_ministry_follows_every_draft_through_its_life(
    subscribe: Any, workflow: Workflow, tokens: Tokens
) -> None:
    ministry = await subscribe(tokens.analyst())

    draft = await workflow.forwarded(ELSEWHERE)

    # the draft's creation was its office's business: the ministry follows it from its submission
    steps = [await ministry.received() for _ in range(3)]
    assert [(s["fromStatus"], s["toStatus"]) for s in steps] == [
        ("DRAFT", "SUBMITTED"),
        ("SUBMITTED", "IN_COMMITTEE_REVIEW"),
        ("IN_COMMITTEE_REVIEW", "FORWARDED_TO_MINISTRY"),
    ]
    assert {s["draftDirective"]["id"] for s in steps} == {str(draft)}
    assert steps[-1]["draftDirective"]["status"] == "FORWARDED_TO_MINISTRY"


async def test_the_committee_sees_drafts_once_submitted(
    subscribe: Any, workflow: Workflow, tokens: Tokens
) -> None:
    member = await subscribe(tokens.member(workflow.committee.chair))

    await workflow.submitted(HOME)

    event = await member.received()
    assert event["toStatus"] == "SUBMITTED"
    assert await member.nothing()


async def test_a_failed_mutation_announces_nothing(
    subscribe: Any, workflow: Workflow, tokens: Tokens
) -> None:
    office = await subscribe(tokens.office(HOME))
    draft = await workflow.create(HOME)
    await office.received()

    await workflow.gql.data(
        SUBMIT, {"input": {"id": draft, "expectedVersion": 7}}, token=tokens.office(HOME)
    )

    assert await office.nothing()


@pytest.mark.parametrize(
    ("token", "variables", "code"),
    [
        (None, None, "UNAUTHENTICATED"),
        ("expired", None, "UNAUTHENTICATED"),
        ("office", {"municipalityId": str(ELSEWHERE)}, "FORBIDDEN"),
    ],
)
async def test_who_may_not_subscribe(
    conn: AsyncConnection,
    settings: Settings,
    events: EventBus,
    tokens: Tokens,
    token: str | None,
    variables: dict[str, Any] | None,
    code: str,
) -> None:
    bearer = {"expired": tokens.expired, "office": tokens.office}[token]() if token else None
    viewer = await TokenVerifier(settings).viewer(f"Bearer {bearer}" if bearer else None)
    context = Context(
        db=RequestDatabase(connection=conn), settings=settings, viewer=viewer, events=events
    )

    stream: Any = await schema.subscribe(EVENTS, variable_values=variables, context_value=context)
    result = await asyncio.wait_for(stream.__anext__(), 5)

    assert [e.extensions["code"] for e in result.errors] == [code]
    assert events.subscribers == 0


# --- over WebSocket, through real server processes ----------------------------------------------


@contextlib.contextmanager
def _server(database_url: str, port: int) -> Iterator[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CIVICGRAPH_ENVIRONMENT": "development",
        "CIVICGRAPH_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "server:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _ready(address: str) -> None:
    async with httpx.AsyncClient() as client, asyncio.timeout(60):
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"http://{address}/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)


async def _follow_one_step(
    subscriber_at: str, mutate_at: str, settings: Settings
) -> dict[str, Any]:
    """Subscribe at one server as an office, create a draft through another as that office (a
    draft not yet submitted is its office's alone), and return the first event the subscriber
    gets."""
    office = mint_token(settings, Role.MAYOR_OFFICE, municipality_id=HOME)
    async with websockets.connect(
        f"ws://{subscriber_at}/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
    ) as ws:
        await ws.send(
            orjson.dumps(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {office}"}}
            ).decode()
        )
        assert orjson.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(
            orjson.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}).decode()
        )
        await asyncio.sleep(0.5)  # graphql-transport-ws does not acknowledge a subscribe

        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://{mutate_at}/graphql",
                json={
                    "query": CREATE,
                    "variables": {
                        "input": {"kind": "DIRECTIVE", "title": "از فرایندی دیگر", "body": "متن"}
                    },
                },
                headers={"Authorization": f"Bearer {office}"},
            )
        assert response.json()["data"]["draftDirectiveCreate"]["errors"] == []

        message = orjson.loads(await asyncio.wait_for(ws.recv(), 10))
        assert message["type"] == "next", message
        event: dict[str, Any] = message["payload"]["data"]["draftDirectiveEvents"]
        return event


async def test_a_subscriber_over_websocket_on_sqlite(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'civicgraph.db'}"
    [port] = free_ports(1)
    with _server(database_url, port) as address:
        await _ready(address)
        event = await _follow_one_step(address, address, Settings(database_url=database_url))

    assert (event["toStatus"], event["draftDirective"]["title"]) == ("DRAFT", "از فرایندی دیگر")


async def test_an_event_crosses_server_processes_on_postgresql() -> None:
    database = PostgresDatabase()
    database_url = await database.create()
    try:
        engine = create_engine(Settings(database_url=database_url))
        async with engine.begin() as conn:
            await migrate.upgrade(conn)
            await seed(conn)
        await engine.dispose()

        first, second = free_ports(2)
        with (
            _server(database_url, first) as subscriber_at,
            _server(database_url, second) as mutate_at,
        ):
            await asyncio.gather(_ready(subscriber_at), _ready(mutate_at))
            event = await _follow_one_step(
                subscriber_at, mutate_at, Settings(database_url=database_url)
            )
    finally:
        await database.drop()

    assert (event["fromStatus"], event["toStatus"]) == (None, "DRAFT")
    assert event["draftDirective"]["municipality"]["id"] == str(HOME)
