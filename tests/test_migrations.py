"""Migrations run on both databases, both ways, and match the tables the code declares."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

import db.tables  # noqa: F401
from db import migrate
from db.tables.search import outside_metadata


# SQLite cannot reflect the expression index `uq_mayors_committee_current`, so alembic skips it
# there (PostgreSQL compares it).
@pytest.mark.filterwarnings("ignore:.*expression-based index:UserWarning")
@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_migrations_match_the_tables(conn: AsyncConnection) -> None:
    def diff(sync: object) -> list[object]:
        context = MigrationContext.configure(
            sync,  # type: ignore[arg-type]
            # the search index (FTS5 table, tsvector column) is the database's, not the metadata's
            opts={"compare_type": True, "include_name": outside_metadata},
        )
        return list(compare_metadata(context, SQLModel.metadata))

    assert await conn.run_sync(diff) == []
    assert not await migrate.pending(conn)


@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_downgrade_and_upgrade_again(conn: AsyncConnection) -> None:
    await migrate.downgrade(conn, "base")
    tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert set(tables) <= {"alembic_version"}

    await migrate.upgrade(conn)
    tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert {"municipality", "draft_directive", "social_security_obligation"} <= set(tables)


@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_the_event_stays_are_filled_in_for_the_history_there_was(
    conn: AsyncConnection,
) -> None:
    """0004 adds `stay_seconds` to a history that has none: every step but a draft's first gets
    the whole seconds since the step before, exactly as new steps record them."""
    import itertools

    from sqlalchemy import select

    from db.tables import event
    from db.tables.municipalities import stay_seconds

    await migrate.downgrade(conn, "0003_councils")
    await migrate.upgrade(conn)

    rows = (
        await conn.execute(
            select(event).order_by(event.c.draft_directive_id, event.c.occurred_at, event.c.id)
        )
    ).all()
    expected = {
        row.id: stay_seconds(before.occurred_at, row.occurred_at)
        for before, row in itertools.pairwise(rows)
        if before.draft_directive_id == row.draft_directive_id
    }
    assert len(expected) > 500  # the sample's history
    assert {row.id: row.stay_seconds for row in rows if row.stay_seconds is not None} == expected
    assert all(row.from_status is not None for row in rows if row.id in expected)


@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_the_seed_facts_move_participation_to_the_assembly_and_the_bills_to_pending(
    conn: AsyncConnection,
) -> None:
    """0008_seed_facts mends what earlier seeds shipped: every sample meeting had the seven
    councils of seed 000 as its participants (the seed does not say who attended which meeting),
    and the seed's bills were IN_PARLIAMENT (it only asks that they be amended and passed). Down,
    the old rows come back; up again, the seven are the assembly's participants and no meeting's,
    in the seed's order, and the bills are PENDING."""
    from sqlalchemy import func, select

    from db.tables import assembly_participant, bill, council, municipality, participant

    def names() -> object:
        return (
            select(municipality.c.name_en)
            .select_from(
                assembly_participant.join(
                    council, council.c.id == assembly_participant.c.council_id
                ).join(municipality, municipality.c.id == council.c.municipality_id)
            )
            .order_by(assembly_participant.c.id)
        )

    seven = ["Tehran", "Mashhad", "Shiraz", "Semnan", "Urmia", "Hamadan", "Rasht"]
    assert (await conn.execute(names())).scalars().all() == seven  # type: ignore[call-overload]

    await migrate.downgrade(conn, "0007_analyst_indexes")
    old = (await conn.execute(select(func.count()).select_from(participant))).scalar_one()
    assert old == 8 * 7
    statuses = (await conn.execute(select(bill.c.status))).scalars().all()
    assert set(statuses) == {"IN_PARLIAMENT"}

    await migrate.upgrade(conn)
    assert (await conn.execute(names())).scalars().all() == seven  # type: ignore[call-overload]
    assert (await conn.execute(select(func.count()).select_from(participant))).scalar_one() == 0
    assert set((await conn.execute(select(bill.c.status))).scalars().all()) == {"PENDING"}


@pytest.mark.filterwarnings("ignore:.*expression-based index:sqlalchemy.exc.SAWarning")
async def test_the_search_rank_reads_tsv_from_the_row(conn: AsyncConnection) -> None:
    """0016 keeps PostgreSQL's `tsv` in the row (STORAGE MAIN), so that ranking a match reads no
    TOAST table, and rewrites the rows already stored; every document stays. SQLite's FTS5 index
    has no such column, and the migration leaves it as it is."""
    from sqlalchemy import func, select, text

    from db.tables import search_document

    async def storage() -> str | None:
        if conn.dialect.name != "postgresql":
            return None
        found = await conn.execute(
            text(
                "SELECT attstorage::text FROM pg_attribute"
                " WHERE attrelid = 'search_document'::regclass AND attname = 'tsv'"
            )
        )
        return str(found.scalar_one())

    count = select(func.count()).select_from(search_document)
    documents = (await conn.execute(count)).scalar_one()
    assert documents > 0
    assert await storage() in {"m", None}

    await migrate.downgrade(conn, "0015_sent_draft_ids")
    assert await storage() in {"x", None}  # EXTENDED: PostgreSQL's default
    await migrate.upgrade(conn)
    assert await storage() in {"m", None}
    assert (await conn.execute(count)).scalar_one() == documents
