"""What every resolver gets as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry

from core.auth import ANONYMOUS, Viewer
from core.settings import Settings
from db.events import EventBus
from db.session import RequestDatabase
from resolvers.listing import page_size
from resolvers.loaders import Loaders
from resolvers.workflow_loaders import WorkflowLoaders


@dataclass
class Context:
    """Made per request by the server (or a test): one database handle, fresh loaders."""

    db: RequestDatabase
    settings: Settings
    request: Any = None
    loaders: Loaders = field(init=False)
    #: Who is calling (anonymous unless a valid bearer token came with the request).
    viewer: Viewer = ANONYMOUS
    #: Where draft events are published and subscribed to (None: nobody listens).
    events: EventBus | None = None
    #: The `connection_init` payload of a WebSocket (graphql-transport-ws sets it).
    connection_params: dict[str, Any] | None = None
    workflow: WorkflowLoaders = field(init=False)

    def __post_init__(self) -> None:
        self.refresh_loaders()

    def refresh_loaders(self) -> None:
        """Fresh loaders: after a write, so that nothing read before it is served from cache."""
        self.loaders = Loaders(self.db)
        self.workflow = WorkflowLoaders(self.db)

    def page_size(self, first: int | None) -> int:
        return page_size(
            first, default=self.settings.default_page_size, maximum=self.settings.max_page_size
        )


Info: TypeAlias = strawberry.Info[Context, None]
