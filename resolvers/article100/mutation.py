"""Article 100's writes: a case from the inspector's report to its closing, the commissions'
sessions, verdicts and the execution office's tasks. One module per mutation; this is the
domain's `Mutation` root."""

from __future__ import annotations

import strawberry

from resolvers.article100 import (
    article100_attendance_record,
    article100_session_schedule,
    case_verdict_issue,
    execution_task_complete,
    execution_task_create,
    violation_case_advance,
    violation_case_appeal,
    violation_case_merge,
    violation_case_notify,
    violation_case_report,
)


@strawberry.type
class Article100Mutation:
    violation_case_report = violation_case_report.MUTATION
    violation_case_advance = violation_case_advance.MUTATION
    violation_case_notify = violation_case_notify.MUTATION
    violation_case_appeal = violation_case_appeal.MUTATION
    violation_case_merge = violation_case_merge.MUTATION
    case_verdict_issue = case_verdict_issue.MUTATION
    article100_session_schedule = article100_session_schedule.MUTATION
    article100_attendance_record = article100_attendance_record.MUTATION
    execution_task_create = execution_task_create.MUTATION
    execution_task_complete = execution_task_complete.MUTATION
