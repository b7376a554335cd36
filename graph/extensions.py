"""Schema extensions that belong to every operation."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension

from resolvers.context import Context

#: The longest the end of an operation waits for reads left under way (a cancelled request's
#: statements are interrupted; the others end soon).
SETTLE_SECONDS = 5


class ReleaseDatabase(SchemaExtension):
    """Gives the request's connection back to the pool once the operation is done, after the
    reads still under way (a batch a cancelled field left behind) have finished with it. An
    HTTP operation's handle then takes no connection again (`RequestDatabase.end`)."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            if isinstance(context, Context):
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(SETTLE_SECONDS):
                        await context.reads.settle()
                if isinstance(context.request, WebSocket):
                    # a WebSocket's operations share its context: the next one reads on
                    await context.db.close()
                else:
                    await context.db.end()
