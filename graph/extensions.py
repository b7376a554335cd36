"""Schema extensions that belong to every operation."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension

from resolvers.context import Context


class ReleaseDatabase(SchemaExtension):
    """Gives the request's connection back to the pool once the operation is done."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            if isinstance(context, Context):
                await context.db.close()
