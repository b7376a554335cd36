"""Escalations to the presiding board: every step × role, each step recorded; on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from core.auth import Role, mint_token
from tests.neighbourhoods.fixtures import District

RAISE = """
mutation($input: EscalationRaiseInput!) { escalationRaise(input: $input) {
  escalation { id status version raisedBy { id } events { fromStatus toStatus reason post { id } } }
  errors { code field message messageFa } } }
"""
ADVANCE = """
mutation($input: EscalationAdvanceInput!) { escalationAdvance(input: $input) {
  escalation { id status version outcomeFa closedAt isOpen boardMeeting { id }
               events { fromStatus toStatus reason actor } }
  errors { code field message messageFa } } }
"""
MEETING = """
mutation($input: BoardMeetingRecordInput!) { boardMeetingRecord(input: $input) {
  meeting { id heldOn districtMayor { office } } errors { code field } } }
"""

#: Every role that might try a step, by name.
ROLES = ("secretary", "other_secretary", "board", "mayor", "member", "headquarters")


def _tokens(district: District) -> dict[str, str]:
    return {
        "secretary": district.token(
            Role.NEIGHBOURHOOD_WG_SECRETARY, district.neighbourhood_secretary
        ),
        "other_secretary": district.token(Role.DISTRICT_WG_SECRETARY, district.district_secretary),
        "board": district.token(Role.PRESIDING_BOARD, district.board),
        "mayor": district.signer(5),
        "member": district.member(),
        "headquarters": mint_token(district.settings, Role.COUNCILS_HEADQUARTERS),
    }


async def _call(
    district: District, document: str, input: dict[str, Any], token: str
) -> dict[str, Any]:
    [value] = (await district.gql.data(document, {"input": input}, token=token)).values()
    result: dict[str, Any] = value
    return result


async def _raised(district: District, tokens: dict[str, str]) -> dict[str, Any]:
    result = await _call(
        district,
        RAISE,
        {"subject": "نورپردازی بوستان", "description": "معاونت خدمات شهری نپذیرفت"},
        tokens["secretary"],
    )
    assert result["errors"] == []
    escalation: dict[str, Any] = result["escalation"]
    return escalation


async def _meeting(district: District, tokens: dict[str, str]) -> str:
    result = await _call(district, MEETING, {"heldOn": "2026-01-05"}, tokens["board"])
    assert result["errors"] == [], result
    assert result["meeting"]["districtMayor"]["office"] == "DISTRICT_MAYOR"
    return str(result["meeting"]["id"])


#: (from, to) → the only role that may take it.
STEPS = {
    ("RAISED", "ON_BOARD_AGENDA"): "board",
    ("RAISED", "WITHDRAWN"): "secretary",
    ("ON_BOARD_AGENDA", "AGREED"): "board",
    ("ON_BOARD_AGENDA", "NOT_AGREED"): "board",
}
TARGETS = ("ON_BOARD_AGENDA", "AGREED", "NOT_AGREED", "WITHDRAWN")


async def test_raise_and_who_may_raise(district: District) -> None:
    tokens = _tokens(district)
    escalation = await _raised(district, tokens)
    assert (escalation["status"], escalation["version"]) == ("RAISED", 1)
    assert escalation["raisedBy"]["id"] == district.neighbourhood_secretary
    assert escalation["events"][0]["toStatus"] == "RAISED"
    for name in ("board", "mayor", "member", "headquarters"):
        result = await _call(district, RAISE, {"subject": "x", "description": "y"}, tokens[name])
        assert [e["code"] for e in result["errors"]] == ["FORBIDDEN"], name
    result = await _call(district, RAISE, {"subject": " ", "description": "y"}, tokens["secretary"])
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "subject")]


@pytest.mark.parametrize("start", ["RAISED", "ON_BOARD_AGENDA", "AGREED"])
async def test_every_step_by_every_role(district: District, start: str) -> None:
    """From each status, each target × each role: only the machine's steps, by their role."""
    tokens = _tokens(district)
    meeting = await _meeting(district, tokens)

    async def fresh() -> dict[str, Any]:
        escalation = await _raised(district, tokens)
        if start in ("ON_BOARD_AGENDA", "AGREED"):
            result = await _call(
                district,
                ADVANCE,
                {
                    "escalationId": escalation["id"],
                    "to": "ON_BOARD_AGENDA",
                    "reason": "دستور جلسه",
                    "boardMeetingId": meeting,
                },
                tokens["board"],
            )
            escalation = result["escalation"]
        if start == "AGREED":
            result = await _call(
                district,
                ADVANCE,
                {"escalationId": escalation["id"], "to": "AGREED", "reason": "توافق شد"},
                tokens["board"],
            )
            escalation = result["escalation"]
        assert escalation["status"] == start
        return escalation

    escalation = await fresh()
    for to in TARGETS:
        for name in ROLES:
            input = {"escalationId": escalation["id"], "to": to, "reason": "گام"}
            if to == "ON_BOARD_AGENDA":
                input["boardMeetingId"] = meeting
            result = await _call(district, ADVANCE, input, tokens[name])
            allowed = STEPS.get((start, to))
            if allowed is None:
                expected = ["INVALID_TRANSITION"]
            elif name == allowed:
                expected = []
            else:
                expected = ["FORBIDDEN"]
            assert [e["code"] for e in result["errors"]] == expected, (start, to, name, result)
            if not expected:
                after = result["escalation"]
                assert after["status"] == to
                assert after["events"][-1]["fromStatus"] == start
                assert after["events"][-1]["toStatus"] == to
                assert after["events"][-1]["reason"] == "گام"
                if to in ("AGREED", "NOT_AGREED"):
                    assert after["outcomeFa"] == "گام"
                if to == "ON_BOARD_AGENDA":
                    assert after["boardMeeting"]["id"] == meeting
                assert after["isOpen"] is (to == "ON_BOARD_AGENDA")
                escalation = await fresh()


async def test_escalation_errors(district: District) -> None:
    tokens = _tokens(district)
    escalation = await _raised(district, tokens)
    base = {"escalationId": escalation["id"], "reason": "دستور جلسه", "to": "ON_BOARD_AGENDA"}
    result = await _call(district, ADVANCE, base, tokens["board"])
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("VALIDATION", "boardMeetingId")]
    meeting = await _meeting(district, tokens)
    stale = {**base, "boardMeetingId": meeting, "expectedVersion": 7}
    result = await _call(district, ADVANCE, stale, tokens["board"])
    assert [e["code"] for e in result["errors"]] == ["VERSION_CONFLICT"]
    result = await _call(
        district,
        ADVANCE,
        {**base, "boardMeetingId": meeting, "expectedVersion": 1},
        tokens["board"],
    )
    assert result["errors"] == []
    # a caller who may not see escalations gets NOT_FOUND, never FORBIDDEN
    anyone = mint_token(district.settings, Role.MAYOR_OFFICE, municipality_id=1)
    result = await _call(district, ADVANCE, {**base, "to": "AGREED"}, anyone)
    assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
