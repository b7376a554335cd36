"""executionTaskComplete: the execution office records a task's execution, with its evidence.

Fails with UNAUTHENTICATED, FORBIDDEN (not the execution office), NOT_FOUND (no task the caller
may see), INVALID_TRANSITION (the case is not being executed), VALIDATION (evidence; the task
already done).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import select, update

from core.auth import Role
from core.errors import MutationFailure
from db.tables import CaseStatus, a100_case, a100_execution_task
from resolvers.article100.machine import find_case, invalid_transition, today
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.article100.types import ExecutionTask
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class ExecutionTaskCompleteData:
    task_id: int
    evidence: str


async def execution_task_complete(ctx: MutationContext, data: ExecutionTaskCompleteData) -> int:
    require_role(ctx.viewer, Role.EXECUTION_OFFICE)
    evidence = clean_text(
        data.evidence,
        field="evidence",
        label="The evidence",
        label_fa="مستندات اجرا",
        maximum=4000,
        required=True,
    )
    async with ctx.db.transaction() as conn:
        task = (
            await conn.execute(
                select(a100_execution_task).where(a100_execution_task.c.id == data.task_id)
            )
        ).first()
        if task is None:
            raise not_found(
                "No execution task has this id.", "وظیفه اجرایی با این شناسه نیست.", field="taskId"
            )
        try:
            row = await find_case(conn, ctx.viewer, task.case_id, field="taskId")
        except MutationFailure:  # a task of a case the caller may not see is not there
            raise not_found(
                "No execution task has this id.", "وظیفه اجرایی با این شناسه نیست.", field="taskId"
            ) from None
        if row.status != CaseStatus.BEING_EXECUTED.value:
            raise invalid_transition(CaseStatus(row.status), CaseStatus.EXECUTED)
        if task.done_on is not None:
            raise invalid(
                "The task is already done.", "این وظیفه پیش‌تر انجام شده است.", field="taskId"
            )
        await conn.execute(
            update(a100_execution_task)
            .where(a100_execution_task.c.id == task.id)
            .values(done_on=today(ctx), done_by=ctx.viewer.actor, evidence=evidence)
        )
        await conn.execute(
            update(a100_case).where(a100_case.c.id == row.id).values(version=row.version + 1)
        )
    return data.task_id


@strawberry.input(description="A task's execution, with its evidence.")
class ExecutionTaskCompleteInput:
    task_id: strawberry.ID = strawberry.field(description="The task.")
    evidence: str = strawberry.field(
        description="What was done and the evidence of it (its documents go in the case file)."
    )


@strawberry.type(description="The result of executionTaskComplete.")
class ExecutionTaskCompletePayload:
    task: ExecutionTask | None = strawberry.field(description="The task; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ExecutionTaskCompleteInput, strawberry.argument(description="The record.")],
) -> ExecutionTaskCompletePayload:
    async def run(ctx: MutationContext) -> Changed:
        task_id = await execution_task_complete(
            ctx,
            ExecutionTaskCompleteData(
                task_id=parse_key(input.task_id, kind="ExecutionTask", field="taskId"),
                evidence=input.evidence,
            ),
        )
        return {"task": (ExecutionTask, task_id)}

    return await respond(info, ExecutionTaskCompletePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve, description="The execution office records a task's execution and evidence."
)
