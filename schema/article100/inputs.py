"""Filter and order inputs of the Article 100 lists."""

from __future__ import annotations

import strawberry

from schema.article100.enums import (
    CaseStatus,
    ExecutionTaskOrderField,
    TaskState,
    ViolationCaseOrderField,
)
from schema.pagination import OrderDirection


@strawberry.input(description="Narrows the cases. Conditions combine with AND.")
class ViolationCaseFilter:
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this city's cases."
    )
    status: CaseStatus | None = strawberry.field(
        default=None, description="Only cases in this status."
    )
    district: int | None = strawberry.field(
        default=None, description="Only cases in this municipal district (منطقه)."
    )
    violation_kind_code: str | None = strawberry.field(
        default=None, description="Only cases with a violation of this kind (its code)."
    )
    open: bool | None = strawberry.field(
        default=None,
        description="Only cases not closed, withdrawn or merged (true), or only those (false).",
    )


@strawberry.input(description="How to order the cases. Ties are broken by id.")
class ViolationCaseOrder:
    field: ViolationCaseOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way (earliest first unless told)."
    )


@strawberry.input(description="Narrows the execution tasks. Conditions combine with AND.")
class ExecutionTaskFilter:
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the tasks of this city's cases."
    )
    state: TaskState | None = strawberry.field(
        default=None, description="Only tasks in this state (OVERDUE: the overdue ones)."
    )


@strawberry.input(description="How to order the execution tasks. Ties are broken by id.")
class ExecutionTaskOrder:
    field: ExecutionTaskOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way (earliest due first unless told)."
    )
