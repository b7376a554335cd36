"""The neighbourhood councils' writes: small projects' forms (create, edit, submit, sign, return),
escalations to the presiding board, and the working groups' and the board's meetings. One module
per mutation; this is the domain's `Mutation` root."""

from __future__ import annotations

import strawberry

from resolvers.neighbourhoods import (
    board_meeting_record,
    escalation_advance,
    escalation_raise,
    small_project_create,
    small_project_edit,
    small_project_return,
    small_project_sign,
    small_project_submit,
    working_group_meeting_record,
)


@strawberry.type
class NeighbourhoodsMutation:
    small_project_create = small_project_create.MUTATION
    small_project_edit = small_project_edit.MUTATION
    small_project_submit = small_project_submit.MUTATION
    small_project_sign = small_project_sign.MUTATION
    small_project_return = small_project_return.MUTATION
    escalation_raise = escalation_raise.MUTATION
    escalation_advance = escalation_advance.MUTATION
    board_meeting_record = board_meeting_record.MUTATION
    working_group_meeting_record = working_group_meeting_record.MUTATION
