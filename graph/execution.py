"""How sibling fields are awaited: all of them, whatever one of them raises.

graphql-core 3.3 awaits the fields of an object, and the items of a list, with its
`gather_with_cancel`: when one raises, the others are cancelled. Which siblings had recorded their
own errors by then, and which statements were stopped half-way, then depends on timing — the same
request could be answered with different errors, and a cancelled statement cost the request its
connection. Here every sibling runs to its end and the first error in the document's order
propagates, as graphql-core 3.2 did: the same request, the same answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import graphql.execution.executor as executor


async def gather_all(*awaitables: Awaitable[Any]) -> list[Any]:
    """Awaits every value; then raises the first exception among them (in their order), if any.
    Cancelling the caller cancels them all (a request's timeout)."""
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def install() -> None:
    """Used by every schema of the process (graph/subgraphs.py calls it once, at import)."""
    executor.gather_with_cancel = gather_all  # type: ignore[attr-defined]  # its own import of it
