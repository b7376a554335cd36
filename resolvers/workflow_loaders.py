"""Per-request loaders of the write side's rows: committee votes and summaries of a draft's current
review round, and the national circulars adopted from drafts. Kept apart from `loaders.py`; made
fresh per request alongside it (see schema/context.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, and_, func, select
from strawberry.dataloader import DataLoader

from db.session import RequestDatabase
from db.tables import (
    CommitteeSummaryRow,
    CommitteeVoteRow,
    DraftStatus,
    NationalCircularRow,
    NationalCircularSourceRow,
)
from resolvers.loaders import event

vote = CommitteeVoteRow.__table__  # type: ignore[attr-defined]
summary = CommitteeSummaryRow.__table__  # type: ignore[attr-defined]
circular = NationalCircularRow.__table__  # type: ignore[attr-defined]
circular_source = NationalCircularSourceRow.__table__  # type: ignore[attr-defined]


def _current_round(table: Any) -> Any:
    """The id of the latest SUBMITTED event of the row's draft (its current review round)."""
    return (
        select(func.max(event.c.id))
        .where(
            and_(
                event.c.draft_directive_id == table.c.draft_directive_id,
                event.c.to_status == DraftStatus.SUBMITTED.value,
            )
        )
        .scalar_subquery()
    )


class WorkflowLoaders:
    """Made fresh for each request (and after each mutation in it)."""

    def __init__(self, db: RequestDatabase) -> None:
        self.db = db
        self.votes_of_draft: DataLoader[int, list[Row[Any]]] = DataLoader(self._votes)
        self.summary_of_draft: DataLoader[int, Row[Any] | None] = DataLoader(self._summaries)
        self.circular_of_draft: DataLoader[int, Row[Any] | None] = DataLoader(self._circulars)
        self.circular: DataLoader[int, Row[Any] | None] = DataLoader(self._circular)
        self.drafts_of_circular: DataLoader[int, list[int]] = DataLoader(self._sources)

    async def _votes(self, keys: list[int]) -> Sequence[list[Row[Any]]]:
        rows = await self.db.all(
            select(vote)
            .where(
                vote.c.draft_directive_id.in_(keys),
                vote.c.submission_event_id == _current_round(vote),
            )
            .order_by(vote.c.cast_at, vote.c.id)
        )
        grouped: dict[int, list[Row[Any]]] = {k: [] for k in keys}
        for row in rows:
            grouped[row.draft_directive_id].append(row)
        return [grouped[k] for k in keys]

    async def _summaries(self, keys: list[int]) -> Sequence[Row[Any] | None]:
        rows = await self.db.all(
            select(summary).where(
                summary.c.draft_directive_id.in_(keys),
                summary.c.submission_event_id == _current_round(summary),
            )
        )
        by_draft = {row.draft_directive_id: row for row in rows}
        return [by_draft.get(k) for k in keys]

    async def _circulars(self, keys: list[int]) -> Sequence[Row[Any] | None]:
        rows = await self.db.all(
            select(circular, circular_source.c.draft_directive_id)
            .join(circular_source, circular_source.c.national_circular_id == circular.c.id)
            .where(circular_source.c.draft_directive_id.in_(keys))
        )
        by_draft = {row.draft_directive_id: row for row in rows}
        return [by_draft.get(k) for k in keys]

    async def _circular(self, keys: list[int]) -> Sequence[Row[Any] | None]:
        rows = await self.db.all(select(circular).where(circular.c.id.in_(keys)))
        by_id = {row.id: row for row in rows}
        return [by_id.get(k) for k in keys]

    async def _sources(self, keys: list[int]) -> Sequence[list[int]]:
        rows = await self.db.all(
            select(circular_source)
            .where(circular_source.c.national_circular_id.in_(keys))
            .order_by(circular_source.c.draft_directive_id)
        )
        grouped: dict[int, list[int]] = {k: [] for k in keys}
        for row in rows:
            grouped[row.national_circular_id].append(row.draft_directive_id)
        return [grouped[k] for k in keys]
