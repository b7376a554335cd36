"""executionTaskCreate: the execution office sets a task to carry out a case's final verdict, due
on a day. The first task takes the case from FINAL to BEING_EXECUTED; more may follow while it is
being executed.

Fails with UNAUTHENTICATED, FORBIDDEN (not the execution office), NOT_FOUND (no case the caller
may see), INVALID_TRANSITION (the case is neither final nor being executed; its verdict found no
violation), VALIDATION (action; a due day before today; the idempotency key), VERSION_CONFLICT. A
replay with the same idempotency key returns the first task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy import insert, update

from db.tables import CaseStatus, VerdictKind, a100_case, a100_execution_task
from resolvers import idempotency
from resolvers.article100.machine import (
    check,
    check_day,
    find_case,
    invalid_transition,
    last_verdict,
    move,
    require_step_role,
    today,
)
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import Changed, MutationContext, invalid, parse_key, respond
from schema.article100.types import ExecutionTask
from schema.context import Info
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "executionTaskCreate"


@dataclass(frozen=True)
class ExecutionTaskCreateData:
    case_id: int
    action: str
    due_on: date
    expected_version: int
    idempotency_key: str | None = None


async def execution_task_create(ctx: MutationContext, data: ExecutionTaskCreateData) -> int:
    require_step_role(ctx.viewer, CaseStatus.BEING_EXECUTED)
    action = clean_text(
        data.action,
        field="action",
        label="The action",
        label_fa="اقدام",
        maximum=2000,
        required=True,
    )
    check_day(data.due_on, field="dueOn")
    if data.due_on < today(ctx):
        raise invalid(
            "A task is due today or later.", "موعد اقدام امروز یا پس از آن است.", field="dueOn"
        )
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash(
        {"case": data.case_id, "action": action, "due": data.due_on.isoformat()}
    )
    async with ctx.db.transaction() as conn:
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        row = await find_case(conn, ctx.viewer, data.case_id)
        status = CaseStatus(row.status)
        if status is not CaseStatus.BEING_EXECUTED:
            check(ctx.viewer, row, CaseStatus.BEING_EXECUTED, data.expected_version)
        elif data.expected_version != row.version:
            check(ctx.viewer, row, CaseStatus.EXECUTED, data.expected_version)  # the version
        verdict = await last_verdict(conn, row.id)
        if verdict is None or verdict.kind == VerdictKind.NO_VIOLATION.value:
            raise invalid_transition(
                status,
                CaseStatus.BEING_EXECUTED,
                why=": its verdict found no violation, there is nothing to execute",
                why_fa="؛ رأی آن عدم تخلف است و اجرایی ندارد",
            )
        task_id: int = await conn.scalar(
            insert(a100_execution_task)
            .values(
                case_id=row.id,
                verdict_id=verdict.id,
                action=action,
                due_on=data.due_on,
                created_at=ctx.clock(),
                created_by=ctx.viewer.actor,
                is_sample=False,
            )
            .returning(a100_execution_task.c.id)
        )
        if status is CaseStatus.FINAL:
            await move(
                ctx,
                conn,
                row,
                CaseStatus.BEING_EXECUTED,
                action or "",
                data.expected_version,
                execution_started_on=today(ctx),
            )
        else:
            await conn.execute(
                update(a100_case)
                .where(a100_case.c.id == row.id, a100_case.c.version == row.version)
                .values(version=row.version + 1)
            )
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, task_id, column="result_id")
    return task_id


@strawberry.input(description="A task to execute a case's final verdict.")
class ExecutionTaskCreateInput:
    case_id: strawberry.ID = strawberry.field(description="The case (final, or being executed).")
    action: str = strawberry.field(description="What is to be done, in Persian.")
    due_on: date = strawberry.field(description="The day it is due (today or later).")
    expected_version: int = strawberry.field(
        description="The case's `version` it is based on; a stale one is a VERSION_CONFLICT."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of executionTaskCreate.")
class ExecutionTaskCreatePayload:
    task: ExecutionTask | None = strawberry.field(description="The task; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ExecutionTaskCreateInput, strawberry.argument(description="The task.")],
) -> ExecutionTaskCreatePayload:
    async def run(ctx: MutationContext) -> Changed:
        task_id = await execution_task_create(
            ctx,
            ExecutionTaskCreateData(
                case_id=parse_key(input.case_id, kind="ViolationCase", field="caseId"),
                action=input.action,
                due_on=input.due_on,
                expected_version=input.expected_version,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"task": (ExecutionTask, task_id)}

    return await respond(info, ExecutionTaskCreatePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "The execution office sets a task to execute a final verdict (the first takes the case "
        "to BEING_EXECUTED)."
    ),
)
