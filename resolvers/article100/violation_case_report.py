"""violationCaseReport: a municipality's inspector reports a building violation (the case's first
step, REPORTED), in the inspector's own city.

The property (district, registration plate, address), its owner (a party: personal data), the
violations found (kinds of the vocabulary, with their measures) and the inspector's report.
Fails with UNAUTHENTICATED, FORBIDDEN (not an inspector), VALIDATION (a field; an unknown kind; a
measure missing or given where the kind has none; an inspection day in the future; the
idempotency key). A replay with the same idempotency key returns the first case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import strawberry
from sqlalchemy import insert, select, update

from core.calendar import solar_hijri
from core.text import normalize_text
from db.tables import (
    CaseStatus,
    MeasureUnit,
    a100_case,
    a100_party,
    a100_violation,
    a100_violation_kind,
)
from resolvers import idempotency
from resolvers.article100.machine import REPORTS, check_day, record, today
from resolvers.municipalities.drafts import clean_text
from resolvers.mutations import Changed, MutationContext, invalid, require_role, respond
from schema.article100.types import ViolationCase
from schema.context import Info
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field

OPERATION = "violationCaseReport"
MAX_VIOLATIONS = 20
MAX_DISTRICT = 99


@dataclass(frozen=True)
class Owner:
    full_name: str
    national_id: str | None = None
    phone: str | None = None
    postal_address: str | None = None


@dataclass(frozen=True)
class Violation:
    kind_code: str
    measure: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class ViolationCaseReportData:
    district: int
    plate: str
    address: str
    owner: Owner
    violations: tuple[Violation, ...]
    inspection_report: str
    inspected_on: date
    idempotency_key: str | None = None


def _text(value: str | None, field: str, label: str, label_fa: str, maximum: int) -> str:
    text = clean_text(
        value, field=field, label=label, label_fa=label_fa, maximum=maximum, required=True
    )
    assert text is not None
    return text


def _optional(value: str | None, field: str, label: str, label_fa: str, maximum: int) -> str | None:
    return clean_text(
        value, field=field, label=label, label_fa=label_fa, maximum=maximum, required=False
    )


def _national_id(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    digits = normalize_text(value).replace(" ", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) == 10):
        raise invalid(
            "A national id is ten digits.", "کد ملی ده رقم است.", field="owner.nationalId"
        )
    return digits


async def violation_case_report(ctx: MutationContext, data: ViolationCaseReportData) -> int:
    """The id of the case reported (or of the first, on a replay)."""
    require_role(ctx.viewer, *sorted(REPORTS))
    city = ctx.viewer.municipality_id
    assert city is not None
    if not 1 <= data.district <= MAX_DISTRICT:
        raise invalid(
            f"A district is a number from 1 to {MAX_DISTRICT}.",
            f"منطقه عددی از ۱ تا {MAX_DISTRICT} است.",
            field="district",
        )
    plate = _text(data.plate, "plate", "The registration plate", "پلاک ثبتی", 40)
    address = _text(data.address, "address", "The address", "نشانی", 1000)
    report = _text(
        data.inspection_report, "inspectionReport", "The inspector's report", "گزارش بازرس", 4000
    )
    owner = {
        "full_name": _text(
            data.owner.full_name, "owner.fullName", "The owner's name", "نام مالک", 200
        ),
        "national_id": _national_id(data.owner.national_id),
        "phone": _optional(data.owner.phone, "owner.phone", "The telephone", "تلفن", 20),
        "postal_address": _optional(
            data.owner.postal_address, "owner.postalAddress", "The address", "نشانی", 1000
        ),
    }
    check_day(data.inspected_on, field="inspectedOn")
    if data.inspected_on > today(ctx):
        raise invalid(
            "The inspection cannot be in the future.",
            "تاریخ بازدید نمی‌تواند در آینده باشد.",
            field="inspectedOn",
        )
    if not 1 <= len(data.violations) <= MAX_VIOLATIONS:
        raise invalid(
            f"Name 1 to {MAX_VIOLATIONS} violations.",
            f"۱ تا {MAX_VIOLATIONS} تخلف را نام ببرید.",
            field="violations",
        )
    key = idempotency.clean_key(data.idempotency_key)
    digest = idempotency.request_hash(
        {
            "district": data.district,
            "plate": plate,
            "address": address,
            "owner": owner,
            "report": report,
            "inspectedOn": data.inspected_on.isoformat(),
            "violations": [[v.kind_code, v.measure, v.note] for v in data.violations],
        }
    )
    async with ctx.db.transaction() as conn:
        if key is not None:
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        kinds = {row.code: row for row in (await conn.execute(select(a100_violation_kind))).all()}
        violations = []
        for index, violation in enumerate(data.violations):
            field = f"violations.{index}"
            kind = kinds.get(violation.kind_code.strip().upper())
            if kind is None:
                raise invalid(
                    f"{violation.kind_code!r} is not a kind of violation (see violationKinds).",
                    "این نوع تخلف در فهرست انواع تخلف نیست.",
                    field=f"{field}.kindCode",
                )
            measured = kind.unit != MeasureUnit.NONE.value
            if measured != (violation.measure is not None) or (
                violation.measure is not None and not 0 < violation.measure < 1_000_000
            ):
                raise invalid(
                    f"A {kind.code} violation needs a positive measure in {kind.unit}"
                    if measured
                    else f"A {kind.code} violation has no measure.",
                    "مقدار تخلف را درست وارد کنید.",
                    field=f"{field}.measure",
                )
            note = _optional(violation.note, f"{field}.note", "The note", "توضیح", 1000)
            violations.append({"kind_id": kind.id, "measure": violation.measure, "note": note})
        party_id = await conn.scalar(
            insert(a100_party)
            .values(municipality_id=city, is_sample=False, **owner)
            .returning(a100_party.c.id)
        )
        now = ctx.clock()
        case_id: int = await conn.scalar(
            insert(a100_case)
            .values(
                municipality_id=city,
                file_number=f"pending-{digest[:20]}",
                district=data.district,
                plate=plate,
                address=address,
                owner_party_id=party_id,
                status=CaseStatus.REPORTED.value,
                version=1,
                inspector=ctx.viewer.actor,
                inspection_report=report,
                inspected_on=data.inspected_on,
                reported_at=now,
                reported_on=today(ctx),
                is_sample=False,
            )
            .returning(a100_case.c.id)
        )
        year = (solar_hijri(today(ctx)) or "")[:4]
        await conn.execute(
            update(a100_case)
            .where(a100_case.c.id == case_id)
            .values(file_number=f"{year}-{case_id:07d}")
        )
        await conn.execute(insert(a100_violation), [{"case_id": case_id, **v} for v in violations])
        await record(ctx, conn, case_id, None, CaseStatus.REPORTED, report[:2000])
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, case_id, column="result_id")
    return case_id


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="The property's owner (personal data, seen by few).")
class CaseOwnerInput:
    full_name: str = strawberry.field(description="Full name.")
    national_id: str | None = strawberry.field(
        default=None, description="National id (کد ملی): ten digits, Persian or Latin."
    )
    phone: str | None = strawberry.field(default=None, description="Telephone.")
    postal_address: str | None = strawberry.field(default=None, description="Address for notices.")


@strawberry.input(description="A violation found, of a kind of the vocabulary.")
class CaseViolationInput:
    kind_code: str = strawberry.field(description="The kind's code (see `violationKinds`).")
    measure: float | None = strawberry.field(
        default=None,
        description="How much, in the kind's unit (square metres, parking spaces); none for NONE.",
    )
    note: str | None = strawberry.field(default=None, description="What the inspector noted.")


@strawberry.input(description="A building violation, as the inspector reports it.")
class ViolationCaseReportInput:
    district: int = strawberry.field(description="The city's municipal district (1 to 99).")
    plate: str = strawberry.field(description="The registration plate (پلاک ثبتی).")
    address: str = strawberry.field(description="The property's address.")
    owner: CaseOwnerInput = strawberry.field(description="The property's owner.")
    violations: list[CaseViolationInput] = strawberry.field(description="1 to 20 violations.")
    inspection_report: str = strawberry.field(description="The inspector's report, in Persian.")
    inspected_on: date = strawberry.field(description="The day of the inspection (not future).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of violationCaseReport.")
class ViolationCaseReportPayload:
    case: ViolationCase | None = strawberry.field(description="The case; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[ViolationCaseReportInput, strawberry.argument(description="The report.")],
) -> ViolationCaseReportPayload:
    async def run(ctx: MutationContext) -> Changed:
        case_id = await violation_case_report(
            ctx,
            ViolationCaseReportData(
                district=input.district,
                plate=input.plate,
                address=input.address,
                owner=Owner(
                    full_name=input.owner.full_name,
                    national_id=input.owner.national_id,
                    phone=input.owner.phone,
                    postal_address=input.owner.postal_address,
                ),
                violations=tuple(
                    Violation(kind_code=v.kind_code, measure=v.measure, note=v.note)
                    for v in input.violations
                ),
                inspection_report=input.inspection_report,
                inspected_on=input.inspected_on,
                idempotency_key=input.idempotency_key,
            ),
        )
        return {"case": (ViolationCase, case_id)}

    return await respond(info, ViolationCaseReportPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="An inspector reports a building violation in its city (status REPORTED).",
)
