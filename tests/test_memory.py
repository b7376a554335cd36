"""The heap given back when a worker falls idle (web/middleware.py, core/memory.py)."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from core.memory import heap_trimmer
from web.middleware import GiveBackWhenIdle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _app(trims: list[int], clock: Clock, release: asyncio.Event) -> Starlette:
    async def slow(_: Request) -> PlainTextResponse:
        await release.wait()
        return PlainTextResponse("slow")

    async def fast(_: Request) -> PlainTextResponse:
        return PlainTextResponse("fast")

    return Starlette(
        routes=[Route("/slow", slow), Route("/fast", fast)],
        middleware=[
            Middleware(GiveBackWhenIdle, trim=lambda: trims.append(1), every=1.0, clock=clock)
        ],
    )


async def test_the_heap_is_given_back_when_the_last_request_ends_at_most_once_a_second() -> None:
    trims: list[int] = []
    clock, release = Clock(), asyncio.Event()
    transport = httpx.ASGITransport(app=_app(trims, clock, release))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        slow = asyncio.ensure_future(client.get("/slow"))
        await asyncio.sleep(0.05)
        # a request ends while another is in flight: the worker is not idle, nothing is trimmed
        assert (await client.get("/fast")).text == "fast"
        await asyncio.sleep(0)
        assert trims == []
        release.set()
        assert (await slow).text == "slow"
        await asyncio.sleep(0)  # the trim runs after the response, on the loop's next turn
        assert trims == [1]
        # idle again within the second: not again
        clock.now += 0.5
        await client.get("/fast")
        await asyncio.sleep(0)
        assert trims == [1]
        clock.now += 0.6
        await client.get("/fast")
        await asyncio.sleep(0)
        assert trims == [1, 1]


async def test_a_trim_put_off_until_the_response_is_skipped_if_a_request_came_in_meanwhile() -> (
    None
):
    trims: list[int] = []
    middleware = GiveBackWhenIdle(
        _app([], Clock(), asyncio.Event()), trim=lambda: trims.append(1), clock=Clock()
    )
    middleware.in_flight = 1  # a request arrived between the last one's end and the trim
    middleware._trim_if_idle()
    assert trims == []
    middleware.in_flight = 0
    middleware._trim_if_idle()
    assert trims == [1]


def test_this_machine_can_give_the_heap_back() -> None:
    # glibc (the service's Linux images and CI): the call exists and answers 0 or 1
    trim = heap_trimmer()
    assert trim is not None
    assert trim() in (0, 1)
