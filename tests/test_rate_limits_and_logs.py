"""Rate limits (per token, per address, in operations, 429 with Retry-After), request ids, and
structured logs."""

from __future__ import annotations

import logging
import secrets
import uuid

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import Role, mint_token
from core.logs import JsonFormatter, RequestIdFilter, choose_request_id, logging_config
from core.settings import Environment, Settings
from tests.http_client import codes, http_client
from web.rate_limit import RateLimiter, SharedRateLimiter

QUERY = {"query": "{ __typename }"}
REDIS = "redis://127.0.0.1:6379/0"


def _bearer(settings: Settings, subject: str) -> dict[str, str]:
    token = mint_token(settings, Role.MINISTRY_ANALYST, subject=subject)
    return {"Authorization": f"Bearer {token}"}


async def test_anonymous_callers_are_limited_per_address(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with http_client(settings, engine, rate_limit_anonymous_operations=2) as client:
        statuses = [(await client.post("/graphql", json=QUERY)).status_code for _ in range(3)]
        refused = await client.post("/graphql", json=QUERY)
        with_token = await client.post("/graphql", json=QUERY, headers=_bearer(settings, "a"))

    assert statuses == [200, 200, 429]
    assert codes(refused) == ["RATE_LIMITED"]
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["errors"][0]["extensions"]["retryAfter"] == int(
        refused.headers["retry-after"]
    )
    assert with_token.status_code == 200  # a token has its own count


async def test_each_verified_subject_has_its_own_count(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with http_client(settings, engine, rate_limit_operations=1) as client:
        first = await client.post("/graphql", json=QUERY, headers=_bearer(settings, "a"))
        # a fresh token of the same subject shares its count
        again = await client.post("/graphql", json=QUERY, headers=_bearer(settings, "a"))
        other = await client.post("/graphql", json=QUERY, headers=_bearer(settings, "b"))

    assert [first.status_code, again.status_code, other.status_code] == [200, 429, 200]


async def test_made_up_tokens_do_not_bypass_the_anonymous_limit(
    settings: Settings, engine: AsyncEngine
) -> None:
    """The audit's bypass: once the address's bucket is spent, 350 random bearer tokens."""
    async with http_client(settings, engine, rate_limit_anonymous_operations=5) as client:
        for _ in range(5):
            assert (await client.post("/graphql", json=QUERY)).status_code == 200
        statuses = {
            (
                await client.post(
                    "/graphql",
                    json=QUERY,
                    headers={"Authorization": f"Bearer {secrets.token_urlsafe(24)}"},
                )
            ).status_code
            for _ in range(350)
        }

    assert statuses <= {401, 429}
    assert 429 in statuses


async def test_made_up_tokens_are_401_while_the_address_has_room(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with http_client(settings, engine) as client:
        refused = await client.post(
            "/graphql", json=QUERY, headers={"Authorization": "Bearer made.up.token"}
        )

    assert refused.status_code == 401
    assert codes(refused) == ["UNAUTHENTICATED"]


async def test_workers_sharing_redis_count_one_limit(
    settings: Settings, engine: AsyncEngine
) -> None:
    """Two apps (two workers, or two hosts) on the same Redis: one limit between them."""
    prefix = uuid.uuid4().hex  # this run's own keys
    headers = _bearer(settings, f"shared-{prefix}")
    update = {"rate_limit_storage": REDIS, "rate_limit_operations": 3}
    async with (
        http_client(settings, engine, **update) as first,
        http_client(settings, engine, **update) as second,
    ):
        statuses = [
            (await client.post("/graphql", json=QUERY, headers=headers)).status_code
            for client in (first, second, first, second)
        ]
        refused = await second.post("/graphql", json=QUERY, headers=headers)

    assert statuses == [200, 200, 200, 429]
    assert 1 <= int(refused.headers["retry-after"]) <= 60


async def test_an_unreachable_shared_store_lets_requests_through() -> None:
    limiter = SharedRateLimiter(
        "redis://127.0.0.1:1/0", per_token=1, per_address=1, window_seconds=60
    )

    decisions = [await limiter.check("address:x", has_token=False) for _ in range(3)]

    assert all(decision.allowed for decision in decisions)


async def test_a_batch_counts_each_operation(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(
        settings, engine, batching=True, rate_limit_anonymous_operations=3
    ) as client:
        batch = await client.post("/graphql", json=[QUERY, QUERY, QUERY])
        after = await client.post("/graphql", json=QUERY)

    assert (batch.status_code, after.status_code) == (200, 429)


async def test_the_window_resets() -> None:
    now = [1000.0]
    limiter = RateLimiter(per_token=2, per_address=1, window_seconds=60, clock=lambda: now[0])

    assert (await limiter.check("address:x", has_token=False)).allowed
    refused = await limiter.check("address:x", has_token=False)
    assert (refused.allowed, refused.retry_after) == (False, 20)  # 1000 s is 40 s into a window
    now[0] = 1021.0
    assert (await limiter.check("address:x", has_token=False)).allowed


async def test_every_response_has_a_request_id(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine) as client:
        fresh = await client.post("/graphql", json=QUERY)
        kept = await client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc"})
        replaced = await client.get("/healthz", headers={"X-Request-ID": "bad id;" * 20})

    assert len(fresh.headers["x-request-id"]) == 32
    assert kept.headers["x-request-id"] == "lb-1234.abc"
    assert replaced.headers["x-request-id"] != "bad id;" * 20


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [("abc-123", True), ("a" * 128, True), ("a" * 129, False), ("x\ny", False), ("", False)],
)
def test_only_a_sane_request_id_is_kept(incoming: str, kept: bool) -> None:
    assert (choose_request_id(incoming) == incoming) is kept


def test_production_logs_are_json_lines_with_the_request_id() -> None:
    from core.logs import reset_request_id, set_request_id

    record = logging.LogRecord("civicgraph.x", logging.ERROR, __file__, 1, "boom %s", ("!",), None)
    token = set_request_id("req-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        reset_request_id(token)
    record.status = 500
    line = JsonFormatter().format(record)

    assert orjson.loads(line) | {"time": "t"} == {
        "time": "t",
        "level": "error",
        "logger": "civicgraph.x",
        "message": "boom !",
        "request_id": "req-1",
        "status": 500,
    }


@pytest.mark.parametrize(
    ("environment", "formatter"),
    [
        (Environment.PRODUCTION, "core.logs.JsonFormatter"),
        (Environment.DEVELOPMENT, "core.logs.TextFormatter"),
    ],
)
def test_log_format_follows_the_environment(environment: Environment, formatter: str) -> None:
    settings = Settings(environment=environment)
    config = logging_config("info", as_json=settings.logs_as_json)

    assert config["formatters"]["default"]["()"] == formatter


async def test_the_access_line_carries_the_request_id(
    settings: Settings, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="civicgraph.access"):
        async with http_client(settings, engine) as client:
            response = await client.post(
                "/graphql", json=QUERY, headers={"X-Request-ID": "trace-42"}
            )

    [record] = [r for r in caplog.records if r.name == "civicgraph.access"]
    assert response.headers["x-request-id"] == "trace-42"
    assert (record.status, record.path) == (200, "/graphql")  # type: ignore[attr-defined]


async def test_malformed_requests_count_too(settings: Settings, engine: AsyncEngine) -> None:
    async with http_client(settings, engine, rate_limit_anonymous_operations=2) as client:
        statuses = [
            (
                await client.post(
                    "/graphql", content=b"{", headers={"Content-Type": "application/json"}
                )
            ).status_code
            for _ in range(3)
        ]

    assert statuses == [400, 400, 429]
