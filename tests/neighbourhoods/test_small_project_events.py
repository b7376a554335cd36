"""smallProjectEvents: each committed step of a small project reaches those who may see it, in
process on both databases; a reconnection replays the steps after the last id seen; the drafts'
subscribers do not receive the projects' events on the shared bus."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from db.events import EventBus
from db.session import RequestDatabase
from graph.root import schema
from resolvers.context import Context
from tests.neighbourhoods.fixtures import SIGN, SUBMIT, District

EVENTS = """
subscription($after: ID, $projectId: ID) {
  smallProjectEvents(after: $after, projectId: $projectId) {
    id fromStatus toStatus round project { id status } } }
"""
DRAFTS = "subscription { draftDirectiveEvents { id toStatus } }"


class Subscriber:
    def __init__(self, context: Context, query: str, variables: dict[str, Any] | None) -> None:
        self.context, self.query, self.variables = context, query, variables

    async def start(self, events: EventBus) -> None:
        before = events.subscribers
        self.stream: Any = await schema.subscribe(
            self.query, variable_values=self.variables, context_value=self.context
        )
        self.next = asyncio.ensure_future(self.stream.__anext__())
        async with asyncio.timeout(5):
            while events.subscribers == before and not self.next.done():  # noqa: ASYNC110
                await asyncio.sleep(0.01)

    async def received(self) -> dict[str, Any]:
        result = await asyncio.wait_for(self.next, 5)
        assert not result.errors, result.errors
        self.next = asyncio.ensure_future(self.stream.__anext__())
        assert result.data is not None
        [data] = result.data.values()
        event: dict[str, Any] = data
        return event

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
    conn: AsyncConnection, settings: Settings, events: EventBus, district: District
) -> AsyncIterator[Any]:
    db = district.gql.db = RequestDatabase(connection=conn)
    subscribers: list[Subscriber] = []

    async def start(
        token: str, variables: dict[str, Any] | None = None, query: str = EVENTS
    ) -> Subscriber:
        viewer = await district.gql.verifier.viewer(f"Bearer {token}")
        subscriber = Subscriber(
            Context(db=db, settings=settings, viewer=viewer, events=events), query, variables
        )
        await subscriber.start(events)
        subscribers.append(subscriber)
        return subscriber

    yield start
    for subscriber in subscribers:
        await subscriber.stop()


async def test_each_sees_the_steps_it_may_see(
    subscribe: Any, district: District, settings: Settings
) -> None:
    member = await subscribe(district.member())
    other = await subscribe(
        district.token(Role.NEIGHBOURHOOD_COUNCILLOR, district.other_councillor)
    )
    liaison = await subscribe(district.signer(3))
    drafts = await subscribe(mint_token(settings, Role.MINISTRY_ANALYST), query=DRAFTS)

    project = await district.create()
    created = await member.received()
    assert (created["fromStatus"], created["toStatus"], created["project"]["id"]) == (
        None,
        "DRAFT",
        project["id"],
    )
    submitted = await district.submitted()
    # the council's member follows every step; the liaison from the submission on
    steps = [await member.received() for _ in range(2)]
    assert [s["toStatus"] for s in steps] == ["DRAFT", "AT_NEIGHBOURHOOD_SECRETARY"]
    seen = await liaison.received()
    assert (seen["toStatus"], seen["project"]["id"]) == (
        "AT_NEIGHBOURHOOD_SECRETARY",
        submitted["id"],
    )
    # another council's member of the district sees the submitted form (the district's), not drafts
    assert (await other.received())["project"]["id"] == submitted["id"]
    await district.ok(SIGN, {"projectId": submitted["id"]}, district.signer(1))
    signed = await liaison.received()
    assert (signed["fromStatus"], signed["toStatus"], signed["round"]) == (
        "AT_NEIGHBOURHOOD_SECRETARY",
        "AT_DISTRICT_SECRETARY",
        1,
    )
    assert await drafts.nothing()  # the drafts' subscribers get none of it


async def test_a_reconnection_replays_what_was_missed(subscribe: Any, district: District) -> None:
    first = await subscribe(district.member())
    project = await district.create()
    last = await first.received()
    await first.stop()
    await district.ok(SUBMIT, {"projectId": project["id"]}, district.member())
    again = await subscribe(district.member(), {"after": last["id"], "projectId": project["id"]})
    replayed = await again.received()
    assert (replayed["fromStatus"], replayed["toStatus"]) == ("DRAFT", "AT_NEIGHBOURHOOD_SECRETARY")
    assert await again.nothing()
