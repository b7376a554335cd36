"""draftDirectiveEvents: the subscription streams each committed step of a draft to those who may
see it. In-process on both databases (the schema's own subscribe); over WebSocket through real
server processes: on SQLite one process, on PostgreSQL a mutation made through a second process
reaches a subscriber of the first (LISTEN/NOTIFY)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, TokenVerifier, Viewer, mint_token
from core.settings import Settings
from db import migrate
from db.engine import create_engine
from db.events import DraftEventNotice, EventBus
from db.seed import seed
from db.session import RequestDatabase
from graph.root import schema
from resolvers.context import Context
from tests.conftest import PostgresDatabase
from tests.ids import gid, key
from tests.municipalities.fixtures import CREATE, ELSEWHERE, HOME, SUBMIT, Tokens, Workflow
from tests.ports import free_ports
from tests.servers import ready, serving

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

    def __init__(
        self, context: Context, variables: dict[str, Any] | None = None, query: str = EVENTS
    ) -> None:
        self.context = context
        self.variables = variables
        self.query = query
        self.stream: Any = None

    async def start(self, events: EventBus) -> None:
        before = events.subscribers
        self.stream = await schema.subscribe(
            self.query, variable_values=self.variables, context_value=self.context
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

    async def start(
        token: str | None, variables: dict[str, Any] | None = None, query: str = EVENTS
    ) -> Subscriber:
        viewer = await workflow.gql.verifier.viewer(f"Bearer {token}" if token else None)
        context = Context(db=db, settings=settings, viewer=viewer, events=events)
        subscriber = Subscriber(context, variables, query)
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
    assert event["draftDirective"]["municipality"]["id"] == gid("Municipality", HOME)
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
    assert {s["draftDirective"]["id"] for s in steps} == {draft}
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
        ("office", {"municipalityId": gid("Municipality", ELSEWHERE)}, "FORBIDDEN"),
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


# --- a client that reconnects, and a token that expires -----------------------------------------

EVENTS_AFTER = """
subscription($after: ID) {
  draftDirectiveEvents(after: $after) { id toStatus draftDirective { id } }
}
"""
EVENT_IDS = "query($id: ID!) { draftDirective(id: $id) { events { id } } }"


async def _event_ids(workflow: Workflow, draft: str) -> list[int]:
    # as the draft's own office, which sees its drafts in every status
    data = await workflow.gql.data(EVENT_IDS, {"id": draft}, token=workflow.tokens.office(HOME))
    return sorted(key(e["id"]) for e in data["draftDirective"]["events"])


async def test_a_reconnecting_client_gets_what_it_missed_then_the_live_steps(
    subscribe: Any, workflow: Workflow, tokens: Tokens, events: EventBus
) -> None:
    draft = await workflow.submitted(HOME)  # two steps: created, submitted
    created, submitted = await _event_ids(workflow, draft)

    # the client saw `created`, lost its connection while `submitted` happened, and reconnects
    ministry = await subscribe(
        tokens.analyst(), {"after": gid("DraftDirectiveEvent", created)}, EVENTS_AFTER
    )
    replayed = await ministry.received()
    # the seam: the bus announces the replayed step again (it committed while the history was
    # read); it is not sent twice
    events.dispatch(
        DraftEventNotice(
            event_id=submitted,
            draft_directive_id=key(draft),
            municipality_id=HOME,
            from_status="DRAFT",
            to_status="SUBMITTED",
            submitted=True,
        )
    )
    later = await workflow.submitted(ELSEWHERE)  # its creation is its office's alone
    live = await ministry.received()

    assert (replayed["id"], replayed["toStatus"]) == (
        gid("DraftDirectiveEvent", submitted),
        "SUBMITTED",
    )
    assert (live["toStatus"], live["draftDirective"]["id"]) == ("SUBMITTED", later)
    assert await ministry.nothing()


async def test_the_replay_keeps_to_what_the_caller_may_see(
    subscribe: Any, workflow: Workflow, tokens: Tokens
) -> None:
    mine = await workflow.create(HOME)
    [first] = await _event_ids(workflow, mine)
    await workflow.create(ELSEWHERE)
    ours = await workflow.create(HOME, title="دومی")

    after = gid("DraftDirectiveEvent", first - 1)
    office = await subscribe(tokens.office(HOME), {"after": after}, EVENTS_AFTER)
    steps = [await office.received(), await office.received()]

    assert [s["draftDirective"]["id"] for s in steps] == [mine, ours]
    assert await office.nothing()


@pytest.mark.parametrize("after", ["0", "x", "-3"])
async def test_after_must_be_an_event_id(
    conn: AsyncConnection, settings: Settings, events: EventBus, tokens: Tokens, after: str
) -> None:
    viewer = await TokenVerifier(settings).viewer(f"Bearer {tokens.analyst()}")
    context = Context(
        db=RequestDatabase(connection=conn), settings=settings, viewer=viewer, events=events
    )

    stream: Any = await schema.subscribe(
        EVENTS_AFTER, variable_values={"after": after}, context_value=context
    )
    result = await asyncio.wait_for(stream.__anext__(), 5)

    assert result.errors[0].extensions["code"] == "BAD_USER_INPUT"
    assert result.errors[0].extensions["argument"] == "after"


async def test_the_stream_ends_when_the_token_expires(
    conn: AsyncConnection, settings: Settings, events: EventBus
) -> None:
    """The audit's subscription kept streaming draft bodies after its token had expired."""
    strict = settings.model_copy(update={"jwt_leeway_seconds": 0})
    viewer = Viewer(role=Role.MINISTRY_ANALYST, subject="analyst", expires_at=int(time.time()) + 1)
    context = Context(
        db=RequestDatabase(connection=conn), settings=strict, viewer=viewer, events=events
    )

    stream: Any = await schema.subscribe(EVENTS, context_value=context)
    result = await asyncio.wait_for(stream.__anext__(), 5)

    assert [e.extensions["code"] for e in result.errors] == ["UNAUTHENTICATED"]
    assert "expired" in result.errors[0].message
    assert events.subscribers == 0


# --- over WebSocket, through real server processes ----------------------------------------------


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
    with serving(database_url, port) as address:
        await ready(address)
        event = await _follow_one_step(address, address, Settings(database_url=database_url))

    assert (event["toStatus"], event["draftDirective"]["title"]) == ("DRAFT", "از فرایندی دیگر")


async def _refused_at_connection_init(address: str, payload: dict[str, Any]) -> Any:
    async with websockets.connect(
        f"ws://{address}/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
    ) as ws:
        await ws.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
    return closed.value.rcvd


async def test_a_bad_token_is_refused_at_connection_init(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'civicgraph.db'}"
    [port] = free_ports(1)
    expired = mint_token(
        Settings(database_url=database_url), Role.MINISTRY_REVIEWER, ttl=timedelta(hours=-1)
    )
    with serving(database_url, port) as address:
        await ready(address)
        forged = await _refused_at_connection_init(address, {"Authorization": "Bearer x.y.z"})
        late = await _refused_at_connection_init(address, {"Authorization": f"Bearer {expired}"})

    assert forged.code == late.code == 4401
    assert forged.reason.startswith("Unauthenticated: The bearer token was refused")
    assert "expired" in late.reason


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
            serving(database_url, first) as subscriber_at,
            serving(database_url, second) as mutate_at,
        ):
            await asyncio.gather(ready(subscriber_at), ready(mutate_at))
            event = await _follow_one_step(
                subscriber_at, mutate_at, Settings(database_url=database_url)
            )
    finally:
        await database.drop()

    assert (event["fromStatus"], event["toStatus"]) == (None, "DRAFT")
    assert event["draftDirective"]["municipality"]["id"] == gid("Municipality", HOME)


async def _create_at(address: str, token: str, title: str) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"http://{address}/graphql",
            json={
                "query": CREATE,
                "variables": {"input": {"kind": "DIRECTIVE", "title": title, "body": "متن"}},
            },
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.json()["data"]["draftDirectiveCreate"]["errors"] == []


@contextlib.asynccontextmanager
async def _subscribed(address: str, token: str, after: str | None) -> AsyncIterator[Any]:
    async with websockets.connect(
        f"ws://{address}/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
    ) as ws:
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        await ws.send(orjson.dumps(init).decode())
        assert orjson.loads(await ws.recv())["type"] == "connection_ack"
        subscribe = {
            "id": "1",
            "type": "subscribe",
            "payload": {"query": EVENTS_AFTER, "variables": {"after": after}},
        }
        await ws.send(orjson.dumps(subscribe).decode())
        await asyncio.sleep(0.5)  # graphql-transport-ws does not acknowledge a subscribe
        yield ws


async def _next_event_id(ws: Any) -> int:
    message = orjson.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["type"] == "next", message
    return key(message["payload"]["data"]["draftDirectiveEvents"]["id"])


async def test_a_client_that_reconnects_misses_nothing_across_processes_on_postgresql() -> None:
    """The connection is cut while another process goes on writing; reconnecting with the last
    id it saw, the client gets the steps it missed, then the live ones: no gap, no duplicate."""
    database = PostgresDatabase()
    database_url = await database.create()
    settings = Settings(database_url=database_url)
    # the office follows its own drafts from their creation (the ministry, from submission)
    office = mint_token(settings, Role.MAYOR_OFFICE, municipality_id=HOME)
    try:
        engine = create_engine(settings)
        async with engine.begin() as conn:
            await migrate.upgrade(conn)
            await seed(conn)
        await engine.dispose()

        first, second = free_ports(2)
        with serving(database_url, first) as listen_at, serving(database_url, second) as write_at:
            await asyncio.gather(ready(listen_at), ready(write_at))
            async with _subscribed(listen_at, office, None) as ws:
                await _create_at(write_at, office, "یکم")
                last_seen = await _next_event_id(ws)
            # cut: two steps happen while the client is away
            await _create_at(write_at, office, "دوم")
            await _create_at(write_at, office, "سوم")
            after = gid("DraftDirectiveEvent", last_seen)
            async with _subscribed(listen_at, office, after) as ws:
                await _create_at(write_at, office, "چهارم")  # live, after the replay
                received = [await _next_event_id(ws) for _ in range(3)]
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(ws.recv(), 1)
    finally:
        await database.drop()

    assert received == sorted(set(received))  # in order, none twice
    assert received[0] > last_seen
    assert len(received) == 3
