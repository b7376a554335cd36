"""Fixtures of the Article 100 tests: tokens of every role for Tabriz (and for Tehran, another
city), and a `Desk` that walks a case through its life with the GraphQL mutations, each step as
the role whose step it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.settings import Settings
from db.tables import a100_commission, a100_member, municipality
from tests.conftest import GraphQLClient
from tests.ids import gid

CASE_FIELDS = """
  id status version fileNumber district plate appealLastDay appealLastDaySolarHijri
  notifiedAt appealWindowOpen finalOn executedOn closedOn
  owner { fullName nationalId }
  events { fromStatus toStatus actor reason }
"""
REPORT = f"""mutation($input: ViolationCaseReportInput!) {{ violationCaseReport(input: $input) {{
  case {{ {CASE_FIELDS} violations {{ measure kind {{ code unit }} }} }}
  errors {{ code field message messageFa }} }} }}"""
ADVANCE = f"""mutation($input: ViolationCaseAdvanceInput!) {{ violationCaseAdvance(input: $input) {{
  case {{ {CASE_FIELDS} }} errors {{ code field message messageFa }} }} }}"""
NOTIFY = f"""mutation($input: ViolationCaseNotifyInput!) {{ violationCaseNotify(input: $input) {{
  case {{ {CASE_FIELDS} }} errors {{ code field message messageFa }} }} }}"""
APPEAL = f"""mutation($input: ViolationCaseAppealInput!) {{ violationCaseAppeal(input: $input) {{
  case {{ {CASE_FIELDS} commission {{ level }} }} errors {{ code field message messageFa }} }} }}"""
MERGE = f"""mutation($input: ViolationCaseMergeInput!) {{ violationCaseMerge(input: $input) {{
  case {{ {CASE_FIELDS} mergedInto {{ id }} }} errors {{ code field message messageFa }} }} }}"""
VERDICT = f"""mutation($input: CaseVerdictIssueInput!) {{ caseVerdictIssue(input: $input) {{
  case {{ {CASE_FIELDS} verdicts {{ level kind fineRials reasons deciders {{ seat }} }} }}
  errors {{ code field message messageFa }} }} }}"""
SCHEDULE = """mutation($input: Article100SessionScheduleInput!) {
  article100SessionSchedule(input: $input) {
    session { id itSupportPresent itSupportName agenda { position case { id } } commission { level } }
    errors { code field message messageFa } } }"""
ATTEND = """mutation($input: Article100AttendanceRecordInput!) {
  article100AttendanceRecord(input: $input) {
    session { id attendance { present member { id seat } } }
    errors { code field message messageFa } } }"""
TASK = """mutation($input: ExecutionTaskCreateInput!) { executionTaskCreate(input: $input) {
  task { id state dueOn case { id status version } } errors { code field message messageFa } } }"""
DONE = """mutation($input: ExecutionTaskCompleteInput!) { executionTaskComplete(input: $input) {
  task { id state doneOn evidence case { id status version } }
  errors { code field message messageFa } } }"""
CASE = f"""query($id: ID!) {{ violationCase(id: $id) {{ {CASE_FIELDS} }} }}"""


def payload(data: dict[str, Any]) -> dict[str, Any]:
    [value] = data.values()
    result: dict[str, Any] = value
    return result


async def city_id(conn: AsyncConnection, name_en: str) -> int:
    found = await conn.scalar(select(municipality.c.id).where(municipality.c.name_en == name_en))
    assert found is not None
    return int(found)


@dataclass
class Desk:
    """The Article 100 roles of one city (and of another), and the steps of a case."""

    gql: GraphQLClient
    settings: Settings
    conn: AsyncConnection
    city: int
    other_city: int

    def token(self, role: Role, city: int | None = None) -> str:
        if role in (
            Role.ARTICLE100_INSPECTOR,
            Role.ARTICLE100_SECRETARIAT,
            Role.ARTICLE100_MEMBER,
            Role.EXECUTION_OFFICE,
            Role.MAYOR_OFFICE,
        ):
            return mint_token(
                self.settings, role, municipality_id=city or self.city, name=role.value
            )
        if role is Role.COMMITTEE_MEMBER:
            return mint_token(self.settings, role, mayor_id=1)
        return mint_token(self.settings, role, name=role.value)

    @property
    def inspector(self) -> str:
        return self.token(Role.ARTICLE100_INSPECTOR)

    @property
    def secretariat(self) -> str:
        return self.token(Role.ARTICLE100_SECRETARIAT)

    @property
    def execution(self) -> str:
        return self.token(Role.EXECUTION_OFFICE)

    async def run(self, document: str, input: dict[str, Any], token: str | None) -> dict[str, Any]:
        return payload(await self.gql.data(document, {"input": input}, token=token))

    async def ok(self, document: str, input: dict[str, Any], token: str) -> dict[str, Any]:
        result = await self.run(document, input, token)
        assert result["errors"] == [], result["errors"]
        return result

    async def report(self, plate: str = "1234/56", **extra: Any) -> dict[str, Any]:
        input = {
            "district": 3,
            "plate": plate,
            "address": "تبریز، خیابان امام، پلاک ۱۲",
            "owner": {"fullName": "مالک آزمایشی", "nationalId": "۰۰۱۲۳۴۵۶۷۸"},
            "violations": [
                {"kindCode": "EXCESS_FLOOR_AREA", "measure": 42.5},
                {"kindCode": "PARKING_SHORTFALL", "measure": 1},
            ],
            "inspectionReport": "طبقه پنجم بدون پروانه ساخته شده است.",
            "inspectedOn": (datetime.now(UTC).date() - timedelta(days=2)).isoformat(),
            **extra,
        }
        result: dict[str, Any] = (await self.ok(REPORT, input, self.inspector))["case"]
        return result

    async def advance(
        self, case: dict[str, Any], to: str, token: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        input = {
            "caseId": case["id"],
            "to": to,
            "reason": f"گام {to}",
            "expectedVersion": case["version"],
            **extra,
        }
        result: dict[str, Any] = (await self.ok(ADVANCE, input, token or self.secretariat))["case"]
        return result

    async def commission(self, level: str) -> tuple[str, list[str]]:
        """A commission of the city of this level (number 1), and its members' ids."""
        cid = await self.conn.scalar(
            select(a100_commission.c.id).where(
                a100_commission.c.municipality_id == self.city,
                a100_commission.c.level == level,
                a100_commission.c.number == 1,
            )
        )
        members = (
            await self.conn.execute(
                select(a100_member.c.id).where(
                    a100_member.c.commission_id == cid, a100_member.c.term_end.is_(None)
                )
            )
        ).scalars()
        assert cid is not None
        return gid("Article100Commission", cid), [gid("Article100Member", m) for m in members]

    async def session(
        self, case: dict[str, Any], level: str, held_at: datetime
    ) -> tuple[str, list[str]]:
        commission, members = await self.commission(level)
        session = (
            await self.ok(
                SCHEDULE,
                {
                    "commissionId": commission,
                    "heldAt": held_at.isoformat(),
                    "caseIds": [case["id"]],
                    "itSupportName": "کارشناس فناوری",
                },
                self.secretariat,
            )
        )["session"]
        await self.ok(
            ATTEND, {"sessionId": session["id"], "presentMemberIds": members}, self.secretariat
        )
        return session["id"], members

    async def verdict(
        self,
        case: dict[str, Any],
        kind: str = "FINE",
        held_at: datetime | None = None,
        level: str = "FIRST_INSTANCE",
    ) -> dict[str, Any]:
        held_at = held_at or datetime.now(UTC) - timedelta(hours=1)
        session, members = await self.session(case, level, held_at)
        input = {
            "caseId": case["id"],
            "sessionId": session,
            "kind": kind,
            "reasons": "اضافه بنا محرز است.",
            "deciderIds": members,
            "expectedVersion": case["version"],
            **({"fineRials": "1250000000"} if kind == "FINE" else {}),
        }
        result: dict[str, Any] = (await self.ok(VERDICT, input, self.secretariat))["case"]
        return result

    async def notify(self, case: dict[str, Any], at: datetime | None = None) -> dict[str, Any]:
        input = {
            "caseId": case["id"],
            "reason": "ابلاغ حضوری",
            "expectedVersion": case["version"],
            **({"notifiedAt": at.isoformat()} if at else {}),
        }
        result: dict[str, Any] = (await self.ok(NOTIFY, input, self.secretariat))["case"]
        return result

    async def appeal_input(
        self, case: dict[str, Any], at: datetime | None = None
    ) -> dict[str, Any]:
        return {
            "caseId": case["id"],
            "party": "OWNER",
            "reason": "اعتراض مالک",
            "expectedVersion": case["version"],
            **({"filedAt": at.isoformat()} if at else {}),
        }

    async def to_notified(
        self,
        plate: str = "1234/56",
        *,
        held_at: datetime | None = None,
        notified_at: datetime | None = None,
        kind: str = "FINE",
    ) -> dict[str, Any]:
        case = await self.report(plate)
        case = await self.advance(case, "REFERRED")
        case = await self.verdict(case, kind, held_at)
        return await self.notify(case, notified_at)

    async def to_final(self, kind: str = "FINE") -> dict[str, Any]:
        """A case notified long ago (its window closed), then final."""
        long_ago = datetime.now(UTC) - timedelta(days=60)
        case = await self.to_notified(
            held_at=long_ago, notified_at=long_ago + timedelta(days=1), kind=kind
        )
        return await self.advance(case, "FINAL")


@pytest.fixture
async def desk(gql: GraphQLClient, settings: Settings, conn: AsyncConnection) -> Desk:
    return Desk(gql, settings, conn, await city_id(conn, "Tabriz"), await city_id(conn, "Tehran"))
