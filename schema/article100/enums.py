"""Enums of Article 100: the stored ones (db/tables) described for GraphQL, and the orders and
measures of its lists and figures."""

from __future__ import annotations

from enum import Enum

import strawberry

from db.tables import (
    AppealParty,
    CaseStatus,
    CommissionLevel,
    CommissionSeat,
    MeasureUnit,
    TaskState,
    VerdictKind,
)
from schema.enums import described

described(
    CaseStatus,
    (
        "Where an Article 100 case stands: reported → referred → verdict issued → notified → "
        "(appeal requested → appeal verdict issued) → final → being executed → executed → closed; "
        "or withdrawn, or merged into another case, before a verdict is final."
    ),
    REPORTED="گزارش تخلف: the inspector reported the violation.",
    REFERRED="ارجاع به کمیسیون: referred to the city's first-instance commission.",
    VERDICT_ISSUED="صدور رأی بدوی: the first-instance commission issued its verdict.",
    NOTIFIED="ابلاغ رأی: the verdict was served; the ten-day appeal window runs.",
    APPEAL_REQUESTED="اعتراض: a party appealed in time; the appeal commission will review it.",
    APPEAL_VERDICT_ISSUED="رأی تجدیدنظر: the appeal commission issued its verdict.",
    FINAL="قطعی: the verdict is final (no appeal in time, or the appeal decided).",
    BEING_EXECUTED="در حال اجرا: the execution office is carrying the verdict out.",
    EXECUTED="اجرا شده: the verdict's execution is recorded, with its evidence.",
    CLOSED="مختومه: the case is closed.",
    WITHDRAWN="استرداد: withdrawn by the municipality before a verdict was final.",
    MERGED="ادغام: merged into another case of the same property.",
)
described(
    CommissionLevel,
    "Which Article 100 commission: first instance or appeal (review).",
    FIRST_INSTANCE="کمیسیون بدوی: the first-instance commission.",
    APPEAL="کمیسیون تجدیدنظر: the appeal commission, with other members.",
)
described(
    CommissionSeat,
    "The three seats of an Article 100 commission (note 1 of Article 100).",
    MINISTRY_REPRESENTATIVE="نماینده وزارت کشور: the Ministry of Interior's representative.",
    JUDGE="قاضی: a judge of the judiciary.",
    COUNCIL_MEMBER="عضو شورای اسلامی شهر: a member of the city council.",
)
described(
    MeasureUnit,
    "What a violation is measured in.",
    SQUARE_METRES="Square metres (excess floor area, area built without permit…).",
    PARKING_SPACES="Parking spaces missing.",
    NONE="Not measured.",
)
described(
    VerdictKind,
    "What a commission's verdict orders.",
    DEMOLITION="قلع بنا: demolition of what was built in violation.",
    FINE="جریمه: a fine, in rials, instead of demolition.",
    RESTORATION="اعاده به وضع سابق: restoring the previous state (use, passage, …).",
    NO_VIOLATION="عدم تخلف: no violation found; nothing to execute.",
)
described(
    AppealParty,
    "Who appealed a first-instance verdict.",
    OWNER="The property's owner.",
    MUNICIPALITY="The municipality.",
)
described(
    TaskState,
    "Where an execution task stands (against Tehran's today).",
    OPEN="Not done; its due day has not passed.",
    DONE="Its execution is recorded.",
    OVERDUE="Not done and its due day has passed.",
)


@strawberry.enum(description="Orders of the case lists.")
class ViolationCaseOrderField(Enum):
    REPORTED_AT = strawberry.enum_value("REPORTED_AT", description="By when it was reported.")
    FILE_NUMBER = strawberry.enum_value("FILE_NUMBER", description="By file number (as text).")


@strawberry.enum(description="Orders of the execution task lists.")
class ExecutionTaskOrderField(Enum):
    DUE_ON = strawberry.enum_value("DUE_ON", description="By due day.")


@strawberry.enum(description="A span of a case's life the transparency figures measure.")
class CaseSpan(Enum):
    REPORT_TO_VERDICT = strawberry.enum_value(
        "REPORT_TO_VERDICT", description="From the report to the first-instance verdict."
    )
    FINAL_TO_EXECUTION = strawberry.enum_value(
        "FINAL_TO_EXECUTION", description="From the final verdict to its recorded execution."
    )


@strawberry.enum(description="How long an open case has waited since its report.")
class BacklogAge(Enum):
    UP_TO_30_DAYS = strawberry.enum_value("UP_TO_30_DAYS", description="0 to 30 days.")
    UP_TO_90_DAYS = strawberry.enum_value("UP_TO_90_DAYS", description="31 to 90 days.")
    UP_TO_180_DAYS = strawberry.enum_value("UP_TO_180_DAYS", description="91 to 180 days.")
    UP_TO_365_DAYS = strawberry.enum_value("UP_TO_365_DAYS", description="181 to 365 days.")
    OVER_365_DAYS = strawberry.enum_value("OVER_365_DAYS", description="More than a year.")


__all__ = [
    "AppealParty",
    "BacklogAge",
    "CaseSpan",
    "CaseStatus",
    "CommissionLevel",
    "CommissionSeat",
    "ExecutionTaskOrderField",
    "MeasureUnit",
    "TaskState",
    "VerdictKind",
    "ViolationCaseOrderField",
]
