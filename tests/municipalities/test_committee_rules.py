"""The database itself holds the five-member rule and the append-only history, whatever the code
does: these tests write SQL directly, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

SITTING = "SELECT id FROM mayors_committee WHERE term_end IS NULL"
ACTIVE = "SELECT count(*) FROM committee_membership WHERE committee_id = :c AND ended_on IS NULL"
OUTSIDER = """
SELECT min(m.id) FROM mayor m
WHERE m.term_end IS NULL AND m.id NOT IN (
    SELECT mayor_id FROM committee_membership WHERE committee_id = :c AND ended_on IS NULL)
"""


async def _sitting(conn: AsyncConnection) -> tuple[int, int]:
    committee = int(await conn.scalar(text(SITTING)))
    outsider = int(await conn.scalar(text(OUTSIDER), {"c": committee}))
    return committee, outsider


async def _refused(conn: AsyncConnection, sql: str, params: dict[str, object]) -> str:
    """Runs `sql` in a savepoint that must fail; the database's message."""
    with pytest.raises(IntegrityError) as refused:
        async with conn.begin_nested():
            await conn.execute(text(sql), params)
    return str(refused.value)


async def test_a_sixth_active_member_is_refused(conn: AsyncConnection) -> None:
    committee, outsider = await _sitting(conn)
    assert await conn.scalar(text(ACTIVE), {"c": committee}) == 5

    message = await _refused(
        conn,
        "INSERT INTO committee_membership (committee_id, mayor_id, role, started_on)"
        " VALUES (:c, :m, 'MEMBER', :d)",
        {"c": committee, "m": outsider, "d": date(2026, 1, 1)},
    )

    assert "at most five active seats" in message
    assert await conn.scalar(text(ACTIVE), {"c": committee}) == 5


async def test_a_seat_of_the_sitting_committee_does_not_just_end(conn: AsyncConnection) -> None:
    committee, _ = await _sitting(conn)

    message = await _refused(
        conn,
        "UPDATE committee_membership SET ended_on = :d"
        " WHERE committee_id = :c AND ended_on IS NULL AND role = 'MEMBER'",
        {"c": committee, "d": date(2026, 1, 1)},
    )

    assert "handed over to a successor" in message


async def test_a_second_chair_is_refused(conn: AsyncConnection) -> None:
    committee, _ = await _sitting(conn)

    await _refused(
        conn,
        "UPDATE committee_membership SET role = 'CHAIR'"
        " WHERE committee_id = :c AND ended_on IS NULL AND role = 'MEMBER'",
        {"c": committee},
    )


async def test_a_hand_over_ends_the_seat_and_seats_the_successor_in_one_statement(
    conn: AsyncConnection,
) -> None:
    committee, outsider = await _sitting(conn)
    chair = (
        await conn.execute(
            text(
                "SELECT id, mayor_id FROM committee_membership"
                " WHERE committee_id = :c AND ended_on IS NULL AND role = 'CHAIR'"
            ),
            {"c": committee},
        )
    ).one()

    await conn.execute(
        text(
            "UPDATE committee_membership SET ended_on = :d, successor_mayor_id = :m WHERE id = :id"
        ),
        {"d": date(2026, 6, 1), "m": outsider, "id": chair.id},
    )

    seats = (
        await conn.execute(
            text(
                "SELECT mayor_id, role, started_on FROM committee_membership"
                " WHERE committee_id = :c AND ended_on IS NULL ORDER BY role"
            ),
            {"c": committee},
        )
    ).all()
    assert len(seats) == 5
    assert (seats[0].mayor_id, seats[0].role) == (outsider, "CHAIR")
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))  # the commit-time check passes


# SQLite has no deferred triggers: there the code forms a committee whole.
@pytest.mark.postgresql_only
async def test_postgresql_checks_exactly_five_and_one_chair_at_commit(
    conn: AsyncConnection,
) -> None:
    committee, outsider = await _sitting(conn)
    await conn.execute(
        text("UPDATE mayors_committee SET term_end = :d WHERE id = :c"),
        {"d": date(2026, 6, 1), "c": committee},
    )
    new = await conn.scalar(
        text("INSERT INTO mayors_committee (term_start) VALUES (:d) RETURNING id"),
        {"d": date(2026, 6, 2)},
    )
    await conn.execute(
        text(
            "INSERT INTO committee_membership (committee_id, mayor_id, role, started_on)"
            " VALUES (:c, :m, 'CHAIR', :d)"
        ),
        {"c": new, "m": outsider, "d": date(2026, 6, 2)},
    )

    with pytest.raises(IntegrityError) as refused:
        async with conn.begin_nested():
            # What COMMIT would do: run the deferred checks now.
            await conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))

    assert "needs exactly five and one chair" in str(refused.value)


async def test_history_is_never_rewritten(conn: AsyncConnection) -> None:
    with pytest.raises(DBAPIError) as refused:
        async with conn.begin_nested():
            await conn.execute(text("UPDATE draft_directive_event SET reason = 'rewritten'"))

    assert "append-only" in str(refused.value)
