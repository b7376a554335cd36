"""The state machine itself: every (action, status, role) is either a rule of the table or refused
with the right code, and the histories the shipped data tells are lives the machine allows."""

from __future__ import annotations

import itertools

import pytest

from core.auth import Role
from core.errors import MutationFailure
from db.seed.sample import TRANSITIONS
from db.tables import DraftStatus
from resolvers.municipalities.draft_lifecycle import RULES, Action, roles_for, rule

STATUSES: list[DraftStatus | None] = [None, *DraftStatus]


@pytest.mark.parametrize(
    ("action", "status", "role"), list(itertools.product(Action, STATUSES, Role))
)
def test_every_step_is_a_rule_or_refused_with_its_code(
    action: Action, status: DraftStatus | None, role: Role
) -> None:
    listed = [r for r in RULES if (r.action, r.from_status, r.role) == (action, status, role)]

    if listed:
        assert rule(action, status, role) == listed[0]
        return
    with pytest.raises(MutationFailure) as refused:
        rule(action, status, role)
    expected = "INVALID_TRANSITION" if role in roles_for(action) else "FORBIDDEN"
    assert refused.value.code.value == expected


def test_each_step_has_one_rule() -> None:
    keys = [(r.action, r.from_status, r.role) for r in RULES]
    assert len(keys) == len(set(keys))


def test_decided_drafts_never_move_again() -> None:
    final = {DraftStatus.ADOPTED, DraftStatus.REJECTED, DraftStatus.WITHDRAWN}
    assert not [r for r in RULES if r.from_status in final]


def test_the_shipped_histories_are_lives_the_machine_allows() -> None:
    moves = {(r.from_status, r.to_status) for r in RULES if r.changes_status}
    shipped = {(before, after) for before, nexts in TRANSITIONS.items() for after in nexts}
    assert shipped <= moves
