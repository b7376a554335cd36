"""No N+1: a nested query costs the same number of statements whatever the number of rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.settings import Settings
from db.tables import DraftDirectiveEventRow, DraftDirectiveRow, MunicipalityRow
from tests.conftest import GraphQLClient, StatementCounter
from tests.municipalities.fixtures import Tokens

NESTED = """
query Nested($first: Int!) {
  municipalities(first: $first) {
    totalCount
    nodes {
      nameEn
      province { nameEn }
      mayor { fullName }
      draftDirectives(first: 20) {
        totalCount
        nodes { title status events { toStatus actor } }
      }
      socialSecurityObligations(first: 8) {
        nodes { year amountDue amountCollected category { code } transfers { amount } }
      }
    }
  }
}
"""

draft = DraftDirectiveRow.__table__  # type: ignore[attr-defined]
event = DraftDirectiveEventRow.__table__  # type: ignore[attr-defined]
municipality = MunicipalityRow.__table__  # type: ignore[attr-defined]


async def _add_drafts(conn: AsyncConnection, per_municipality: int) -> int:
    """Grow the data inside the test's transaction: more drafts, each with two events."""
    ids = [row.id for row in await conn.execute(select(municipality.c.id))]
    next_id = (await conn.scalar(select(func.max(draft.c.id)))) or 0
    start = datetime(2025, 1, 1, tzinfo=UTC)
    drafts, events = [], []
    for m in ids:
        for i in range(per_municipality):
            next_id += 1
            at = start + timedelta(hours=next_id)
            drafts.append(
                {
                    "id": next_id,
                    "municipality_id": m,
                    "kind": "DIRECTIVE",
                    "status": "SUBMITTED",
                    "title": f"پیش‌نویس آزمون {i}",
                    "title_key": f"پیشنویسآزمون{i}",
                    "body": "متن",
                    "version": 1,
                    "created_at": at,
                    "updated_at": at,
                    "submitted_at": at,
                    "is_sample": True,
                }
            )
            for from_status, to_status in ((None, "DRAFT"), ("DRAFT", "SUBMITTED")):
                events.append(
                    {
                        "draft_directive_id": next_id,
                        "occurred_at": at,
                        "actor": "آزمون",
                        "from_status": from_status,
                        "to_status": to_status,
                        "reason": None,
                    }
                )
    await conn.execute(draft.insert(), drafts)
    await conn.execute(event.insert(), events)
    return len(drafts)


async def _statements(gql: GraphQLClient, counter: StatementCounter, first: int) -> tuple[int, int]:
    """Statements of the general executor (DataLoaders); the compiled path sends one."""
    with counter as counted:
        data = await gql.data(NESTED, {"first": first})
    rows = sum(
        1
        + len(m["draftDirectives"]["nodes"])
        + sum(len(d["events"]) for d in m["draftDirectives"]["nodes"])
        for m in data["municipalities"]["nodes"]
    )
    return counted.count, rows


async def test_statement_count_does_not_grow_with_rows(
    conn: AsyncConnection, settings: Settings, tokens: Tokens
) -> None:
    # the ministry sees every submitted draft and every obligation: a read with rows everywhere
    analyst = tokens.analyst()
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    general = general.as_caller(analyst)
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    compiled = compiled.as_caller(analyst)

    small = await _statements(general, StatementCounter(conn), first=3)
    small_compiled = await _statements(compiled, StatementCounter(conn), first=3)
    await _add_drafts(conn, per_municipality=25)
    large = await _statements(general, StatementCounter(conn), first=60)
    large_compiled = await _statements(compiled, StatementCounter(conn), first=60)

    small_statements, small_rows = small
    large_statements, large_rows = large
    assert large_rows > 10 * small_rows
    assert small_statements == large_statements
    # The general executor: one statement per list or object field of the query, whatever the
    # rows: municipalities and their count, province, mayor, drafts and their count, events,
    # obligations, category, transfers (`amountCollected`, an expression, comes with the rows).
    assert large_statements == 10
    # The compiled path: the whole operation in one statement.
    assert small_compiled == (1, small_rows)
    assert large_compiled == (1, large_rows)
