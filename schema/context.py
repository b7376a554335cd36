"""What every resolver gets as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry

from db.settings import Settings
from resolvers.database import RequestDatabase
from resolvers.listing import page_size
from resolvers.loaders import Loaders


@dataclass
class Context:
    """Made per request by the server (or a test): one database handle, fresh loaders."""

    db: RequestDatabase
    settings: Settings
    request: Any = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    def page_size(self, first: int | None) -> int:
        return page_size(
            first, default=self.settings.default_page_size, maximum=self.settings.max_page_size
        )


Info: TypeAlias = strawberry.Info[Context, None]
