"""Filter and order inputs of the associations' lists."""

from __future__ import annotations

import strawberry

from schema.associations.enums import (
    CommissionResolutionOrderField,
    CommissionTopicOrderField,
    ResolutionState,
    TopicPriority,
    TopicStatus,
    UnionMemberOrderField,
)
from schema.pagination import OrderDirection


@strawberry.input(description="Narrows the union's members. Conditions combine with AND.")
class UnionMemberFilter:
    active: bool | None = strawberry.field(
        default=None, description="Only members now (true), or only those who left (false)."
    )


@strawberry.input(description="How to order the union's members. Ties are broken by id.")
class UnionMemberOrder:
    field: UnionMemberOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way."
    )


@strawberry.input(description="Narrows the commission's topics. Conditions combine with AND.")
class CommissionTopicFilter:
    priority: TopicPriority | None = strawberry.field(
        default=None, description="Only topics of this priority class."
    )
    status: TopicStatus | None = strawberry.field(
        default=None, description="Only topics in this status."
    )
    open: bool | None = strawberry.field(
        default=None,
        description="Only topics still open or in progress (true), or only closed ones (false).",
    )
    working_group_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the topics of this working group."
    )


@strawberry.input(description="How to order the commission's topics. Ties are broken by id.")
class CommissionTopicOrder:
    field: CommissionTopicOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way (oldest first unless told)."
    )


@strawberry.input(description="Narrows the commission's resolutions. Conditions combine with AND.")
class CommissionResolutionFilter:
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the resolutions assigned to this metropolis."
    )
    state: ResolutionState | None = strawberry.field(
        default=None, description="Only resolutions whose follow-up stands here."
    )
    meeting_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the resolutions of this meeting."
    )


@strawberry.input(description="How to order the commission's resolutions. Ties are broken by id.")
class CommissionResolutionOrder:
    field: CommissionResolutionOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way (earliest due first unless told)."
    )
