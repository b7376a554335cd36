"""Rate limits, counted in GraphQL operations, per bearer token or per client address.

A fixed window per key, in this process's memory: with several workers each keeps its own count
(README, "Running in production"). A caller over the limit gets HTTP 429, `Retry-After` (seconds
until its window ends) and a `RATE_LIMITED` error.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

#: Keys kept at most; the oldest windows go first (a flood of fresh keys cannot grow memory).
MAX_KEYS = 100_000


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0


def caller_key(request: Request) -> tuple[str, bool]:
    """("token:<sha256>", True) for a bearer token, ("address:<ip>", False) for anyone else.

    The token is hashed, never kept. TODO(issue 4): once tokens are verified on the Context, key on
    the verified subject and count an invalid token against its address.
    """
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest(), True
    host = request.client.host if request.client else "unknown"
    return "address:" + host, False


class RateLimiter:
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

    def check(self, key: str, *, has_token: bool, operations: int = 1) -> Decision:
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
