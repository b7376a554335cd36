"""A small project's form from the council to the headquarters: every step × role, the order
held by the code and by the database, returns, versions and idempotency keys, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, mint_token
from core.calendar import TEHRAN
from db.tables import small_project, small_project_signature
from tests.ids import gid, key
from tests.neighbourhoods.fixtures import (
    CREATE,
    EDIT,
    FORM,
    RETURN,
    SIGN,
    SIGNER_ROLES,
    SUBMIT,
    District,
)

ORDER = [
    "AT_NEIGHBOURHOOD_SECRETARY",
    "AT_DISTRICT_SECRETARY",
    "AT_LIAISON",
    "AT_PLANNING_DEPUTY",
    "AT_DISTRICT_MAYOR",
    "SENT_TO_HEADQUARTERS",
]


async def test_a_form_from_council_to_headquarters(district: District) -> None:
    project = await district.create()
    assert (project["status"], project["round"], project["version"]) == ("DRAFT", 0, 1)
    assert project["estimatedCostRials"] == "1500000000"
    project = await district.ok(SUBMIT, {"projectId": project["id"]}, district.member())
    assert (project["status"], project["round"]) == (ORDER[0], 1)
    for step in range(1, 6):
        assert project["nextOffice"] == SIGNER_ROLES[step - 1].value
        project = await district.ok(SIGN, {"projectId": project["id"]}, district.signer(step))
        assert project["status"] == ORDER[step]
    assert project["nextOffice"] is None
    assert project["sentAt"] is not None
    assert [(s["step"], s["office"]) for s in project["signatures"]] == [
        (i + 1, role.value) for i, role in enumerate(SIGNER_ROLES)
    ]
    assert [e["toStatus"] for e in project["events"]] == ["DRAFT", *ORDER]
    # once sent, it is public
    assert (await district.read(project["id"], None)) is not None


@pytest.mark.parametrize("stage", range(5))
async def test_only_the_awaited_signer_signs(district: District, stage: int) -> None:
    """At each stage, each of the five signer roles: only the awaited one signs; the others
    answer INVALID_TRANSITION (out of turn) and change nothing."""
    project = await district.signed_up_to(stage)
    for step in range(1, 6):
        if step == stage + 1:
            continue
        codes = await district.errors(SIGN, {"projectId": project["id"]}, district.signer(step))
        assert codes == ["INVALID_TRANSITION"], (stage, step)
    after = await district.read(project["id"], district.signer(stage + 1))
    assert after is not None
    assert after["version"] == project["version"]
    signed = await district.ok(SIGN, {"projectId": project["id"]}, district.signer(stage + 1))
    assert signed["status"] == ORDER[stage + 1]


async def test_no_signing_twice_nor_after_sending(district: District) -> None:
    project = await district.signed_up_to(1)
    codes = await district.errors(SIGN, {"projectId": project["id"]}, district.signer(1))
    assert codes == ["INVALID_TRANSITION"]
    sent = await district.ok(SIGN, {"projectId": project["id"]}, district.signer(2))
    for step in range(3, 6):
        sent = await district.ok(SIGN, {"projectId": project["id"]}, district.signer(step))
    for step in range(1, 6):
        codes = await district.errors(SIGN, {"projectId": sent["id"]}, district.signer(step))
        assert codes == ["INVALID_TRANSITION"]


async def test_who_may_not_sign(district: District) -> None:
    project = await district.submitted()
    pid = {"projectId": project["id"]}
    # another council's neighbourhood secretary: the right office, not for this council
    other = district.token(Role.NEIGHBOURHOOD_WG_SECRETARY, district.other_neighbourhood_secretary)
    assert await district.errors(SIGN, pid, other) == ["FORBIDDEN"]
    # a token whose post does not hold the role's office
    wrong = district.token(Role.NEIGHBOURHOOD_WG_SECRETARY, district.posts["DISTRICT_MAYOR"])
    assert await district.errors(SIGN, pid, wrong) == ["FORBIDDEN"]
    # the liaison seed 001 names held office on 1399/04/11 only
    gone = district.token(Role.DISTRICT_LIAISON, district.real["DISTRICT_LIAISON"])
    assert await district.errors(SIGN, pid, gone) == ["FORBIDDEN"]
    # roles that sign nothing, and no token at all
    assert await district.errors(SIGN, pid, district.member()) == ["FORBIDDEN"]
    board = district.token(Role.PRESIDING_BOARD, district.board)
    assert await district.errors(SIGN, pid, board) == ["FORBIDDEN"]
    office = mint_token(district.settings, Role.MAYOR_OFFICE, municipality_id=1)
    assert await district.errors(SIGN, pid, office) == ["FORBIDDEN"]
    assert await district.errors(SIGN, pid, None) == ["UNAUTHENTICATED"]
    unchanged = await district.read(project["id"], district.member())
    assert unchanged is not None
    assert unchanged["signatures"] == []


async def test_a_returned_form_goes_back_to_its_council(district: District) -> None:
    project = await district.signed_up_to(3)  # at the planning deputy
    pid = {"projectId": project["id"]}
    # only the awaited signer returns it, with a reason
    assert await district.errors(RETURN, {**pid, "reason": "x"}, district.signer(5)) == [
        "INVALID_TRANSITION"
    ]
    assert await district.errors(RETURN, {**pid, "reason": "  "}, district.signer(4)) == [
        "VALIDATION"
    ]
    returned = await district.ok(
        RETURN, {**pid, "reason": "برآورد هزینه مستند نیست"}, district.signer(4)
    )
    assert returned["status"] == "RETURNED"
    last = returned["events"][-1]
    assert (last["fromStatus"], last["toStatus"], last["reason"]) == (
        "AT_PLANNING_DEPUTY",
        "RETURNED",
        "برآورد هزینه مستند نیست",
    )
    # nobody signs a returned form; its council revises and submits it again
    assert await district.errors(SIGN, pid, district.signer(4)) == ["INVALID_TRANSITION"]
    edited = await district.ok(
        EDIT,
        {**pid, "expectedVersion": returned["version"], "estimatedCostRials": "900000000"},
        district.member(),
    )
    again = await district.ok(SUBMIT, pid, district.member())
    assert (again["status"], again["round"], again["signatures"]) == (ORDER[0], 2, [])
    assert edited["estimatedCostRials"] == "900000000"
    # signed again from the first step: the earlier round's signatures do not count
    assert await district.errors(SIGN, pid, district.signer(4)) == ["INVALID_TRANSITION"]
    for step in range(1, 6):
        again = await district.ok(SIGN, pid, district.signer(step))
    assert again["status"] == "SENT_TO_HEADQUARTERS"
    assert [e["round"] for e in again["events"]][-1] == 2


async def test_council_steps_and_their_errors(district: District) -> None:
    project = await district.create()
    pid = {"projectId": project["id"]}
    other = district.token(Role.NEIGHBOURHOOD_COUNCILLOR, district.other_councillor)
    # another council's member does not see the draft at all
    assert await district.errors(SUBMIT, pid, other) == ["NOT_FOUND"]
    assert await district.errors(EDIT, {**pid, "expectedVersion": 1}, other) == ["NOT_FOUND"]
    # versions: a stale edit loses
    edited = await district.ok(
        EDIT, {**pid, "expectedVersion": 1, "title": "عنوان تازه"}, district.member()
    )
    assert edited["version"] == 2
    assert await district.errors(
        EDIT, {**pid, "expectedVersion": 1, "title": "دیگر"}, district.member()
    ) == ["VERSION_CONFLICT"]
    assert await district.errors(SUBMIT, {**pid, "expectedVersion": 1}, district.member()) == [
        "VERSION_CONFLICT"
    ]
    await district.ok(SUBMIT, pid, district.member())
    # submitted: no more edits, no second submission
    assert await district.errors(
        EDIT, {**pid, "expectedVersion": 3, "title": "x"}, district.member()
    ) == ["INVALID_TRANSITION"]
    assert await district.errors(SUBMIT, pid, district.member()) == ["INVALID_TRANSITION"]
    # an id that is not one, and one nobody has
    assert await district.errors(SUBMIT, {"projectId": "x1"}, district.member()) == ["VALIDATION"]
    missing = {"projectId": gid("SmallProject", 99_999)}
    assert await district.errors(SIGN, missing, district.signer(1)) == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"estimatedCostRials": "0"}, "estimatedCostRials"),
        ({"beneficiaries": -1}, "beneficiaries"),
        ({"location": ""}, "location"),
        ({"description": "x" * 20_001}, "description"),
    ],
)
async def test_a_bad_form_is_refused_whole(
    district: District, change: dict[str, Any], field: str
) -> None:
    result = await district.gql.data(CREATE, {"input": {**FORM, **change}}, token=district.member())
    errors = result["smallProjectCreate"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("VALIDATION", field)]
    assert errors[0]["messageFa"]


async def test_idempotency_keys(district: District) -> None:
    first = await district.create(idempotencyKey="form-1")
    again = await district.create(idempotencyKey="form-1")
    assert again["id"] == first["id"]
    codes = await district.errors(
        CREATE, {**FORM, "title": "دیگر", "idempotencyKey": "form-1"}, district.member()
    )
    assert codes == ["VALIDATION"]
    pid = {"projectId": first["id"]}
    await district.ok(SUBMIT, {**pid, "idempotencyKey": "s-1"}, district.member())
    signed = await district.ok(SIGN, {**pid, "idempotencyKey": "sig-1"}, district.signer(1))
    replay = await district.ok(SIGN, {**pid, "idempotencyKey": "sig-1"}, district.signer(1))
    assert replay["status"] == signed["status"] == "AT_DISTRICT_SECRETARY"
    assert len(replay["signatures"]) == 1


# --- the database holds the order by itself -------------------------------------------------------


async def _signature(
    conn: AsyncConnection, project_id: int, step: int, post_id: int, round_: int = 1
) -> None:
    offices = [r.value for r in SIGNER_ROLES]
    district = await conn.scalar(
        select(small_project.c.district_id).where(small_project.c.id == project_id)
    )
    async with conn.begin_nested():
        await conn.execute(
            insert(small_project_signature).values(
                project_id=project_id,
                district_id=district,
                round=round_,
                step=step,
                prev_step=step - 1 if step > 1 else None,
                office=offices[step - 1],
                post_id=post_id,
                actor="direct",
                signed_at=datetime.now(UTC),
                signed_on=datetime.now(TEHRAN).date(),
                waited_seconds=0,
            )
        )


async def test_the_database_refuses_a_signature_out_of_order(
    district: District, conn: AsyncConnection
) -> None:
    project = await district.submitted()
    pid = key(project["id"])
    liaison = key(district.posts["DISTRICT_LIAISON"])
    # step 3 before steps 1 and 2: refused (the trigger; the composite key to step 2 as well)
    with pytest.raises((IntegrityError, DBAPIError)):
        await _signature(conn, pid, 3, liaison)
    # step 1 by a post that does not hold the office for this council: refused
    with pytest.raises((IntegrityError, DBAPIError)):
        await _signature(conn, pid, 1, key(district.other_neighbourhood_secretary))
    # the right step by the right post goes in; twice does not
    await _signature(conn, pid, 1, key(district.neighbourhood_secretary))
    with pytest.raises((IntegrityError, DBAPIError)):
        await _signature(conn, pid, 1, key(district.neighbourhood_secretary))
    # the project still awaits step 1 (its stage is the code's to move): step 2 is refused
    with pytest.raises((IntegrityError, DBAPIError)):
        await _signature(conn, pid, 2, key(district.district_secretary))


async def test_the_database_refuses_a_stage_without_its_signature(
    district: District, conn: AsyncConnection
) -> None:
    project = await district.submitted()
    pid = key(project["id"])
    for stage in ("AT_LIAISON", "SENT_TO_HEADQUARTERS", "AT_DISTRICT_SECRETARY"):
        with pytest.raises((IntegrityError, DBAPIError)):
            async with conn.begin_nested():
                await conn.execute(
                    update(small_project).where(small_project.c.id == pid).values(status=stage)
                )
    # a project is written as a DRAFT of round 0
    with pytest.raises((IntegrityError, DBAPIError)):
        async with conn.begin_nested():
            await conn.execute(
                text(
                    "INSERT INTO small_project (district_id, neighbourhood_id, council_id, title,"
                    " description, estimated_cost_rials, beneficiaries, location_fa, status,"
                    " round, version, created_by_post_id, created_at, stage_since, is_sample)"
                    " SELECT district_id, neighbourhood_id, council_id, title, description,"
                    " estimated_cost_rials, beneficiaries, location_fa, 'SENT_TO_HEADQUARTERS',"
                    " 1, 1, created_by_post_id, created_at, stage_since, is_sample"
                    " FROM small_project WHERE id = :id"
                ),
                {"id": pid},
            )
    # signatures are never rewritten
    await district.ok(SIGN, {"projectId": project["id"]}, district.signer(1))
    with pytest.raises((IntegrityError, DBAPIError)):
        async with conn.begin_nested():
            await conn.execute(
                update(small_project_signature)
                .where(small_project_signature.c.project_id == pid)
                .values(actor="forged")
            )
