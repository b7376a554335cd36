"""Rate limits, counted in GraphQL operations, per verified caller or per client address.

A bucket per caller: `subject:<role>:<sub>` for a bearer token that verified (a token that does not
verify never gets this far: it is refused with 401), `address:<ip>` for anonymous callers. A fixed
window per bucket. A caller over the limit gets HTTP 429, `Retry-After` (seconds until its window
ends) and a `RATE_LIMITED` error.

Where the counts live (`CIVICGRAPH_RATE_LIMIT_STORAGE`): `memory://`, this process's memory (the
embedded default: with several workers each keeps its own count), or `redis://host:port/db`,
shared by every worker and every host (production), through the `limits` library. When Redis
cannot be reached the request is let through and the failure logged: a broken counter must not
take the service down with it.
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from starlette.requests import Request

from core.auth import Viewer
from core.settings import Settings

logger = logging.getLogger("civicgraph.rate_limit")

#: Keys kept at most in memory; the oldest windows go first (a flood of fresh keys cannot grow
#: memory).
MAX_KEYS = 100_000


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0


def caller_key(request: Request, viewer: Viewer) -> tuple[str, bool]:
    """The caller's bucket: ("subject:<role>:<sub>", True) for a verified token, else
    ("address:<ip>", False). The subject, not the token: a caller's fresh tokens share a count."""
    if viewer.is_authenticated:
        return f"subject:{viewer.key}", True
    host = request.client.host if request.client else "unknown"
    return "address:" + host, False


class Limiter(Protocol):
    async def check(self, key: str, *, has_token: bool, operations: int = 1) -> Decision: ...


class RateLimiter:
    """Counts in this process's memory."""

    def __init__(
        self,
        *,
        per_token: int,
        per_address: int,
        window_seconds: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_token = per_token
        self.per_address = per_address
        self.window = window_seconds
        self.clock = clock
        self._windows: OrderedDict[str, tuple[int, int]] = OrderedDict()  # key → (window, used)

    async def check(self, key: str, *, has_token: bool, operations: int = 1) -> Decision:
        limit = self.per_token if has_token else self.per_address
        if not limit:
            return Decision(True)
        now = self.clock()
        window = int(now // self.window)
        started, used = self._windows.get(key, (window, 0))
        if started != window:
            used = 0
        if used + operations > limit:
            retry = max(1, math.ceil((window + 1) * self.window - now))
            return Decision(False, retry)
        self._windows[key] = (window, used + operations)
        self._windows.move_to_end(key)
        while len(self._windows) > MAX_KEYS:
            self._windows.popitem(last=False)
        return Decision(True)


class SharedRateLimiter:
    """Counts in a shared store (Redis), with the `limits` library's fixed window: one limit
    for every worker and host that uses the same store."""

    def __init__(
        self, storage_uri: str, *, per_token: int, per_address: int, window_seconds: int
    ) -> None:
        # imported here: a process counting in memory never holds the library
        from limits import RateLimitItemPerSecond
        from limits.aio.strategies import FixedWindowRateLimiter
        from limits.storage import storage_from_string

        self.storage = storage_from_string("async+" + storage_uri, key_prefix="civicgraph")
        self.limiter = FixedWindowRateLimiter(self.storage)
        self.items = {
            True: RateLimitItemPerSecond(per_token, window_seconds) if per_token else None,
            False: RateLimitItemPerSecond(per_address, window_seconds) if per_address else None,
        }

    async def check(self, key: str, *, has_token: bool, operations: int = 1) -> Decision:
        item = self.items[has_token]
        if item is None:
            return Decision(True)
        try:
            if await self.limiter.hit(item, key, cost=operations):
                return Decision(True)
            stats = await self.limiter.get_window_stats(item, key)
        except Exception:
            logger.warning("the rate-limit store is unreachable; letting the request through")
            return Decision(True)
        return Decision(False, max(1, math.ceil(stats.reset_time - time.time())))


def make_limiter(settings: Settings) -> Limiter:
    """The limiter the settings ask for: in memory, or in the shared store they name."""
    if settings.rate_limit_storage.startswith("memory://"):
        return RateLimiter(
            per_token=settings.rate_limit_operations,
            per_address=settings.rate_limit_anonymous_operations,
            window_seconds=settings.rate_limit_window_seconds,
        )
    return SharedRateLimiter(
        settings.rate_limit_storage,
        per_token=settings.rate_limit_operations,
        per_address=settings.rate_limit_anonymous_operations,
        window_seconds=settings.rate_limit_window_seconds,
    )
