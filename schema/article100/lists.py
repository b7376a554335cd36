"""The Article 100 lists (their orders, and what their filters mean in SQL), and the SQL of what
their rows are computed to be: Tehran's today, whole days between two days, a task's state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, case, exists, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from core.ids import parse_id
from db.tables import (
    ENDED_STATUSES,
    TaskState,
    a100_case,
    a100_execution_task,
    a100_violation,
    a100_violation_kind,
    calendar,
)
from schema.article100.inputs import (
    ExecutionTaskFilter,
    ExecutionTaskOrder,
    ViolationCaseFilter,
    ViolationCaseOrder,
)
from schema.declare import Alias
from schema.listing import ListSpec, Sort, SortKind


def tehran_today() -> ColumnElement[Any]:
    """Today on Tehran's calendar, from the calendar table (the latest day that has begun)."""
    return (
        select(calendar.c.day)
        .where(calendar.c.starts_at <= func.now())
        .order_by(calendar.c.starts_at.desc())
        .limit(1)
        .scalar_subquery()
    )


class days_between(FunctionElement[int]):  # noqa: N801  (an SQL function's name)
    """Whole days from the first ISO day to the second, the same on both databases."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"(CAST({compiler.process(end, **kw)} AS DATE) - CAST({compiler.process(start, **kw)} AS DATE))"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(end, **kw)}) - "
        f"julianday({compiler.process(start, **kw)}) AS INTEGER)"
    )


def case_is_open(row: Alias) -> ColumnElement[bool]:
    """Not closed, withdrawn or merged."""
    return row.c.status.not_in(ENDED_STATUSES)


def task_state(task: Alias) -> ColumnElement[Any]:
    """DONE once its execution is recorded; OVERDUE when its due day is before Tehran's today;
    OPEN otherwise."""
    return case(
        (task.c.done_on.is_not(None), literal(TaskState.DONE.value)),
        (task.c.due_on < tehran_today(), literal(TaskState.OVERDUE.value)),
        else_=literal(TaskState.OPEN.value),
    )


def _case_conditions(where: ViolationCaseFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.municipality_id is not None:
        city = parse_id(
            where.municipality_id, kind="Municipality", argument="filter.municipalityId"
        )
        conditions.append(a100_case.c.municipality_id == city)
    if where.status is not None:
        conditions.append(a100_case.c.status == where.status.value)
    if where.district is not None:
        conditions.append(a100_case.c.district == where.district)
    if where.violation_kind_code is not None:
        kind = a100_violation_kind.alias("filter_kind")
        violation = a100_violation.alias("filter_violation")
        conditions.append(
            exists(
                select(violation.c.id)
                .join(kind, kind.c.id == violation.c.kind_id)
                .where(
                    violation.c.case_id == a100_case.c.id,
                    kind.c.code == where.violation_kind_code.strip().upper(),
                )
            )
        )
    if where.open is not None:
        is_open = case_is_open(a100_case)
        conditions.append(is_open if where.open else ~is_open)
    return conditions


VIOLATION_CASES = ListSpec(
    name="violationCases",
    table=a100_case,
    sorts={
        "REPORTED_AT": Sort(a100_case.c.reported_at, SortKind.DATETIME),
        "FILE_NUMBER": Sort(a100_case.c.file_number, SortKind.TEXT),
    },
    default_sort="REPORTED_AT",
    filter=ViolationCaseFilter,
    order=ViolationCaseOrder,
    conditions=_case_conditions,
)


def _task_conditions(where: ExecutionTaskFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.municipality_id is not None:
        city = parse_id(
            where.municipality_id, kind="Municipality", argument="filter.municipalityId"
        )
        owner = a100_case.alias("task_case")
        conditions.append(
            a100_execution_task.c.case_id.in_(
                select(owner.c.id).where(owner.c.municipality_id == city)
            )
        )
    if where.state is not None:
        conditions.append(task_state(a100_execution_task) == where.state.value)
    return conditions


EXECUTION_TASKS = ListSpec(
    name="executionTasks",
    table=a100_execution_task,
    sorts={"DUE_ON": Sort(a100_execution_task.c.due_on, SortKind.DATE)},
    default_sort="DUE_ON",
    filter=ExecutionTaskFilter,
    order=ExecutionTaskOrder,
    conditions=_task_conditions,
)
