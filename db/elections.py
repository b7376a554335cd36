"""The union's election, counted and seated in SQL: one statement writes every candidate's count
and rank from the ballot marks, another seats the elected as the union's officers. The service's
writes and the seed use the same statements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import (
    union_ballot_mark,
    union_candidate,
    union_election,
    union_officer,
    union_result,
    union_seat,
)


async def count(conn: AsyncConnection, election_id: int) -> None:
    """Writes each candidate's votes, rank in the seat (most votes first; a tie goes to who filed
    first) and whether the rank is within the seat's number, in one INSERT … SELECT."""
    votes = (
        select(func.count())
        .select_from(union_ballot_mark)
        .where(union_ballot_mark.c.candidate_id == union_candidate.c.id)
        .scalar_subquery()
    )
    tallied = (
        select(
            union_candidate.c.election_id,
            union_candidate.c.id.label("candidate_id"),
            votes.label("votes"),
            union_candidate.c.seat_id,
            union_candidate.c.filed_at,
        )
        .where(union_candidate.c.election_id == election_id)
        .subquery("tallied")
    )
    rank = (
        func.row_number()
        .over(
            partition_by=tallied.c.seat_id,
            order_by=[tallied.c.votes.desc(), tallied.c.filed_at, tallied.c.candidate_id],
        )
        .label("rank")
    )
    ranked = (
        select(
            tallied.c.election_id, tallied.c.candidate_id, tallied.c.votes, rank, union_seat.c.seats
        )
        .join_from(tallied, union_seat, union_seat.c.id == tallied.c.seat_id)
        .subquery("ranked")
    )
    await conn.execute(
        insert(union_result).from_select(
            ["election_id", "candidate_id", "votes", "rank", "is_elected"],
            select(
                ranked.c.election_id,
                ranked.c.candidate_id,
                ranked.c.votes,
                ranked.c.rank,
                ranked.c.rank <= ranked.c.seats,
            ),
        )
    )


async def seat_officers(conn: AsyncConnection, election_id: int, day: date) -> None:
    """The elected of a certified election take office on `day`; the union's sitting officers
    elected before them leave it that day."""
    union_id = (
        select(union_election.c.union_id)
        .where(union_election.c.id == election_id)
        .scalar_subquery()
    )
    await conn.execute(
        update(union_officer)
        .where(union_officer.c.union_id == union_id, union_officer.c.term_end.is_(None))
        .values(term_end=day)
    )
    await conn.execute(
        insert(union_officer).from_select(
            ["union_id", "member_id", "office", "term_start", "election_id", "is_sample"],
            select(
                union_election.c.union_id,
                union_candidate.c.member_id,
                union_seat.c.office,
                literal(day),
                union_election.c.id,
                union_election.c.is_sample,
            )
            .select_from(union_result)
            .join(union_candidate, union_candidate.c.id == union_result.c.candidate_id)
            .join(union_seat, union_seat.c.id == union_candidate.c.seat_id)
            .join(union_election, union_election.c.id == union_result.c.election_id)
            .where(union_result.c.election_id == election_id, union_result.c.is_elected)
            .order_by(union_seat.c.id, union_result.c.rank),
        )
    )
