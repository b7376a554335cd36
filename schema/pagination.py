"""Relay-style connections, shared by every list in the graph."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Generic, Self, TypeVar

import strawberry
from sqlalchemy import Row

if TYPE_CHECKING:
    from schema.listing import Page

NodeType = TypeVar("NodeType")

#: The arguments every list field takes, described once.
First = Annotated[
    int | None, strawberry.argument(description="Page size (default 20, at most 100).")
]
After = Annotated[str | None, strawberry.argument(description="Continue after this cursor.")]


@strawberry.enum(description="Which way a list is ordered.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest, earliest or A first.")
    DESC = strawberry.enum_value("DESC", description="Largest, latest or Z first.")


@strawberry.federation.type(
    shareable=True,  # every subgraph has lists: the same type in each
    description="Where a page sits in its list (Relay cursor connections).",
)
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="True when more items follow this page: ask again with `after: endCursor`."
    )
    has_previous_page: bool = strawberry.field(
        description="True when this page was asked for with `after`, so items come before it."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the first item of this page; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the last item: pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a list with its cursor.")
class Edge(Generic[NodeType]):
    cursor: str = strawberry.field(
        description="An opaque position in the list; pass it as `after` to continue from here."
    )
    node: NodeType = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, in the list's stated order.")
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="The items of this page without their cursors.")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]

    @strawberry.field(
        description="How many items the whole list holds under the same filters (all pages)."
    )
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def from_page(cls, page: Page, node: Callable[[Row[Any]], NodeType]) -> Self:
        cursors = page.cursors
        return cls(
            edges=[Edge(cursor=c, node=node(r)) for r, c in zip(page.rows, cursors, strict=True)],
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=cursors[0] if cursors else None,
                end_cursor=cursors[-1] if cursors else None,
            ),
            count=page.count,
        )
