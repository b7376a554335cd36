"""Statements kept for their shape and conditions (db/built.py): a kept statement is reused only
for conditions equal in structure and in every value."""

from __future__ import annotations

from sqlalchemy import select

from db import built
from db.tables import draft


def test_conditions_are_the_same_only_with_the_same_structure_and_values() -> None:
    one = built.conditions_key([draft.c.municipality_id == 1, draft.c.status != "DRAFT"])
    assert one == built.conditions_key([draft.c.municipality_id == 1, draft.c.status != "DRAFT"])
    assert one != built.conditions_key([draft.c.municipality_id == 2, draft.c.status != "DRAFT"])
    assert one != built.conditions_key([draft.c.municipality_id != 1, draft.c.status != "DRAFT"])
    assert one != built.conditions_key([draft.c.status != "DRAFT", draft.c.municipality_id == 1])
    listed = built.conditions_key([draft.c.municipality_id.in_([1, 2])])
    assert listed == built.conditions_key([draft.c.municipality_id.in_([1, 2])])
    assert listed != built.conditions_key([draft.c.municipality_id.in_([1, 3])])
    inner = built.conditions_key([draft.c.id.in_(select(draft.c.id).where(draft.c.version == 3))])
    assert inner != built.conditions_key(
        [draft.c.id.in_(select(draft.c.id).where(draft.c.version == 4))]
    )


def test_a_statement_is_built_once_for_its_key_and_conditions() -> None:
    built.forget()
    made: list[int] = []

    def build() -> object:
        made.append(1)
        return object()

    first = built.built("k", [draft.c.municipality_id == 1], build)
    assert built.built("k", [draft.c.municipality_id == 1], build) is first
    assert built.built("other", [draft.c.municipality_id == 1], build) is not first
    assert built.built("k", [draft.c.municipality_id == 2], build) is not first
    assert len(made) == 3
    built.forget()
