"""An in-process HTTP client for the app (httpx over ASGI), for tests of the HTTP contract."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from server import create_app

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def http_client(settings: Settings, engine: AsyncEngine, **update: Any) -> httpx.AsyncClient:
    """A client of a fresh app (its own rate limiter and APQ store) on the test's engine, that
    asks for `application/graphql-response+json` as a current client does (httpx would send
    `*/*`, which the service answers as `application/json`)."""
    app = create_app(settings.model_copy(update=update) if update else settings, engine=engine)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://test",
        headers={"Accept": GRAPHQL_RESPONSE},
    )


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]
