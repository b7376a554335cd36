"""Enums of the neighbourhood councils: the stored ones (db/tables) described for GraphQL, and
the orders their lists offer."""

from __future__ import annotations

from enum import Enum

import strawberry

from db.tables import (
    DirectiveKind,
    DistrictOffice,
    EscalationStatus,
    ProjectStatus,
    WorkingGroupField,
    WorkingGroupLevel,
)
from schema.enums import described

described(
    DistrictOffice,
    "An office held in a district's neighbourhood-council system.",
    DISTRICT_MAYOR="شهردار منطقه: the district mayor; signs a small-project form last.",
    PLANNING_DEPUTY="معاون برنامه‌ریزی: the planning deputy; signs fourth.",
    URBAN_SERVICES_DEPUTY="معاون خدمات شهری: the urban-services (and environment) deputy.",
    TECHNICAL_DEPUTY="معاون فنی و عمرانی: the technical and civil-works deputy.",
    URBAN_PLANNING_DEPUTY="معاون شهرسازی و معماری: the urban-planning deputy.",
    SOCIAL_DEPUTY="معاون اجتماعی و فرهنگی: the social and cultural deputy.",
    TRANSPORT_DEPUTY="معاون حمل‌ونقل و ترافیک: the transport and traffic deputy.",
    DISTRICT_LIAISON="رابط شورایاری منطقه: the district's neighbourhood-council liaison; signs third.",
    AREA_MAYOR="شهردار ناحیه: an area's mayor, with whom neighbourhood secretaries coordinate.",
    COUNCILLOR="شورایار: a member of a neighbourhood council.",
    NEIGHBOURHOOD_WG_SECRETARY="دبیر کارگروه محله: a neighbourhood working group's secretary; signs first.",
    DISTRICT_WG_SECRETARY="دبیر کارگروه منطقه: a district working group's secretary; signs second.",
    BOARD_CHAIR="رئیس هیئت رئیسه: the chair of the district's presiding board.",
    BOARD_MEMBER="عضو هیئت رئیسه: a member of the district's presiding board.",
)
described(
    WorkingGroupField,
    "The field of a specialist working group; each meets the district deputy of its field.",
    PLANNING="برنامه‌ریزی: planning (meets the planning deputy; prepared the small-project form).",
    URBAN_SERVICES="خدمات شهری و محیط زیست: urban services and environment.",
    TECHNICAL="فنی و عمرانی: technical and civil works.",
    URBAN_PLANNING="شهرسازی و معماری: urban planning and architecture.",
    SOCIAL="اجتماعی و فرهنگی: social and cultural affairs.",
    TRANSPORT="حمل‌ونقل و ترافیک: transport and traffic.",
)
described(
    WorkingGroupLevel,
    "Whose working group it is.",
    NEIGHBOURHOOD="A neighbourhood council's working group.",
    DISTRICT="The district's working group (of all its councils).",
)
described(
    ProjectStatus,
    "Where a small-scale project's form stands. It is signed in this order, one step at a time: "
    "the neighbourhood working group's secretary, the district working group's secretary, the "
    "district liaison, the planning deputy, the district mayor; then it is sent to the "
    "neighbourhood councils' headquarters.",
    DRAFT="Being written by the council's members; not yet submitted.",
    AT_NEIGHBOURHOOD_SECRETARY="Submitted; awaits the neighbourhood working group secretary's signature.",
    AT_DISTRICT_SECRETARY="Awaits the district working group secretary's signature.",
    AT_LIAISON="Awaits the district liaison's signature.",
    AT_PLANNING_DEPUTY="Awaits the planning deputy's signature.",
    AT_DISTRICT_MAYOR="Awaits the district mayor's signature.",
    SENT_TO_HEADQUARTERS="Signed by all five and sent to the neighbourhood councils' headquarters.",
    RETURNED=(
        "Returned by a signer, with the reason, to the council's members; once revised and "
        "submitted again it is signed again from the first step."
    ),
)
described(
    EscalationStatus,
    "Where an escalation to the district's presiding board stands.",
    RAISED="Raised by a working group's secretary who could not agree with the district mayor's side.",
    ON_BOARD_AGENDA="Taken up by the presiding board for its monthly meeting with the district mayor.",
    AGREED="The board and the district mayor agreed; the outcome is recorded.",
    NOT_AGREED="No agreement at the board's meeting; the outcome is recorded.",
    WITHDRAWN="Withdrawn by the secretary before the board took it up (e.g. agreed meanwhile).",
)
described(
    DirectiveKind,
    "What a directive issued to the neighbourhood councils is about.",
    MEMBERS_POWERS="دستورالعمل اختیارات شورایاران: the powers of the councils' members.",
    WORKING_GROUPS="دستورالعمل تشکیل کارگروه‌های تخصصی: forming the specialist working groups.",
)


@strawberry.enum(description="Orders of the small-project lists.")
class SmallProjectOrderField(Enum):
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="By when the form was written.")
    STAGE_SINCE = strawberry.enum_value(
        "STAGE_SINCE", description="By when it reached its current status (oldest waiting first)."
    )
    ESTIMATED_COST = strawberry.enum_value(
        "ESTIMATED_COST", description="By the estimated cost in rials."
    )


@strawberry.enum(description="Orders of the escalation lists.")
class EscalationOrderField(Enum):
    RAISED_AT = strawberry.enum_value("RAISED_AT", description="By when it was raised.")
