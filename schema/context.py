"""What a resolver may ask of `info.context`, as the schema sees it.

The context itself is made per request by the server (resolvers/context.py); the schema knows it
only by this shape, so that the types never import the layer that executes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import strawberry

if TYPE_CHECKING:
    from core.auth import Viewer
    from core.settings import Settings
    from db.events import EventBus
    from db.session import RequestDatabase


class RequestContext(Protocol):
    @property
    def db(self) -> RequestDatabase: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def viewer(self) -> Viewer: ...

    @property
    def events(self) -> EventBus | None: ...

    @property
    def reads(self) -> Any:
        """The request's reads (resolvers/reads.py), which declared fields go through."""

    def page_size(self, first: int | None) -> int: ...

    def refresh_reads(self) -> None:
        """Fresh reads (after a write: nothing read before it is served again)."""


Info: TypeAlias = strawberry.Info[RequestContext, None]
