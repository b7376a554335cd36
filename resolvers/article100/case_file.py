"""Who may add to a paperless case file, and when (attachmentUpload asks; the read side is the
case's rule, schema/rules.py).

- The case itself (photos, plans, notices, papers): the city's inspectors and the commissions'
  secretariat while the case is open; the execution office once its verdict is final (it keeps
  the execution's papers in the file too). A commission member reads the file, and so does the
  ministry; neither adds to it.
- An execution task (its evidence): the execution office, until the task is done.
A closed, withdrawn or merged case's file, and a done task's evidence, no longer change
(INVALID_TRANSITION): a file is added before the step that closes it.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Row

from core.auth import Role, Viewer
from core.errors import ErrorCode, MutationFailure
from db.tables import CaseStatus
from resolvers.article100.machine import STATUS_FA
from resolvers.mutations import forbidden

S = CaseStatus

#: A case's file is closed in these statuses.
ENDED: Final = frozenset({S.CLOSED, S.WITHDRAWN, S.MERGED})
#: The execution office works on a case from its final verdict on.
EXECUTING: Final = frozenset({S.FINAL, S.BEING_EXECUTED, S.EXECUTED})
#: Who adds to the file of an open case, whatever its status.
FILE_KEEPERS: Final = frozenset({Role.ARTICLE100_INSPECTOR, Role.ARTICLE100_SECRETARIAT})


def _closed(message: str, message_fa: str) -> MutationFailure:
    return MutationFailure(ErrorCode.INVALID_TRANSITION, message, message_fa, field="ownerId")


def may_attach_to_case(viewer: Viewer, case: Row[Any]) -> None:
    """FORBIDDEN for a role that never adds to a case file; INVALID_TRANSITION when the case's
    status does not let the caller's role add to it (now, or any more)."""
    status = CaseStatus(case.status)
    if viewer.role not in FILE_KEEPERS and viewer.role is not Role.EXECUTION_OFFICE:
        raise forbidden(
            "A case file is kept by the city's inspectors, the commissions' secretariat and the "
            "execution office; your role reads it.",
            "پرونده را بازرسان، دبیرخانه کمیسیون‌ها و اداره اجرای احکام شهر تکمیل می‌کنند؛ "
            "نقش شما فقط آن را می‌خواند.",
            field="ownerId",
        )
    if status in ENDED:
        raise _closed(
            f"The case is {status.value}: its file no longer changes.",
            f"پرونده در وضعیت «{STATUS_FA[status]}» است و دیگر چیزی به آن افزوده نمی‌شود.",
        )
    if viewer.role is Role.EXECUTION_OFFICE and status not in EXECUTING:
        raise _closed(
            f"The case is {status.value}: the execution office adds to its file once its "
            "verdict is final.",
            f"پرونده در وضعیت «{STATUS_FA[status]}» است؛ اداره اجرای احکام پس از قطعی شدن رأی "
            "به آن پیوست می‌کند.",
        )


def may_attach_to_task(viewer: Viewer, task: Row[Any]) -> None:
    """The execution office attaches evidence to a task until it is done."""
    if viewer.role is not Role.EXECUTION_OFFICE:
        raise forbidden(
            "Only the execution office attaches evidence to its tasks.",
            "تنها اداره اجرای احکام به وظایف خود مستندات پیوست می‌کند.",
            field="ownerId",
        )
    if task.done_on is not None:
        raise _closed(
            "The task is done: its evidence was recorded and no longer changes.",
            "این وظیفه انجام شده و مستندات آن دیگر تغییر نمی‌کند.",
        )
