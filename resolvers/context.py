"""What every resolver gets as `info.context`: one per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.auth import ANONYMOUS, Viewer
from core.settings import Settings
from db.events import EventBus
from db.session import RequestDatabase
from resolvers.reads import Reads
from schema.listing import page_size


@dataclass
class Context:
    """Made per request by the server (or a test): one database handle, fresh reads."""

    db: RequestDatabase
    settings: Settings
    request: Any = None
    #: Who is calling (anonymous unless a valid bearer token came with the request).
    viewer: Viewer = ANONYMOUS
    #: Where draft events are published and subscribed to (None: nobody listens).
    events: EventBus | None = None
    #: The `connection_init` payload of a WebSocket (graphql-transport-ws sets it).
    connection_params: dict[str, Any] | None = None
    reads: Reads = field(init=False)

    def __post_init__(self) -> None:
        self.reads = Reads(self.db, self.viewer)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "viewer" and "reads" in self.__dict__:
            self.reads = Reads(self.db, value)  # a WebSocket learns its caller after connecting

    def refresh_reads(self) -> None:
        """Fresh reads: after a write, so that nothing read before it is served from cache."""
        self.reads = self.reads.fresh()

    def page_size(self, first: int | None) -> int:
        return page_size(
            first, default=self.settings.default_page_size, maximum=self.settings.max_page_size
        )
