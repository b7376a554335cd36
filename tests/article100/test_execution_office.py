"""The execution office's tasks: overdue ones are visible (against Tehran's today), the same on
both read paths as a count of the rows in Python; a task is seen with its case."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.calendar import TEHRAN
from core.settings import Settings
from db.tables import a100_case, a100_execution_task
from tests.article100.conftest import Desk
from tests.conftest import GraphQLClient
from tests.ids import gid

pytestmark = pytest.mark.usefixtures("backend")

TASKS = """query($city: ID!, $state: TaskState) {
  executionTasks(first: 100, filter: {municipalityId: $city, state: $state}, orderBy: {field: DUE_ON}) {
    totalCount nodes { id state dueOn dueOnSolarHijri case { id status } } } }"""


@pytest.mark.parametrize("state", ["OVERDUE", "OPEN", "DONE"])
async def test_tasks_by_state_agree_with_the_rows(
    desk: Desk, conn: AsyncConnection, settings: Settings, state: str
) -> None:
    today = datetime.now(TEHRAN).date()
    rows = (
        await conn.execute(
            select(a100_execution_task)
            .join(a100_case, a100_case.c.id == a100_execution_task.c.case_id)
            .where(a100_case.c.municipality_id == desk.city)
        )
    ).all()

    def state_of(row: object) -> str:
        if row.done_on is not None:  # type: ignore[attr-defined]
            return "DONE"
        return "OVERDUE" if row.due_on < today else "OPEN"  # type: ignore[attr-defined]

    expected = sorted(
        (r.due_on.isoformat(), gid("ExecutionTask", r.id)) for r in rows if state_of(r) == state
    )
    variables = {"city": gid("Municipality", desk.city), "state": state}
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    answer = await general.data(TASKS, variables, token=desk.execution)
    assert await compiled.data(TASKS, variables, token=desk.execution) == answer
    nodes = answer["executionTasks"]["nodes"]
    assert [(n["dueOn"], n["id"]) for n in nodes] == expected
    assert answer["executionTasks"]["totalCount"] == len(expected)
    assert all(n["state"] == state and n["dueOnSolarHijri"] for n in nodes)
    if state == "OVERDUE":
        assert expected, "the sample has overdue tasks"
    anonymous = await general.data(TASKS, variables)
    assert anonymous["executionTasks"]["totalCount"] == 0
