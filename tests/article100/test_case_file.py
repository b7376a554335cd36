"""The paperless case file: a case's photos, plans and papers and an execution task's evidence
are attachments with versions. Who adds to the file and when (resolvers/article100/case_file.py),
who reads it (the case's rule: its city's Article 100 roles and the ministry, on both read paths
and on the download), and a new version replacing the current one, never an older one."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.datastructures import UploadFile

from core.auth import Role
from core.settings import Settings
from db.tables import a100_case, attachment
from tests.article100.conftest import DONE, TASK, Desk
from tests.conftest import GraphQLClient
from tests.http_client import http_client
from tests.ids import gid

pytestmark = pytest.mark.usefixtures("backend")

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

UPLOAD = """mutation($input: AttachmentUploadInput!) { attachmentUpload(input: $input) {
  attachment { id ownerKind fileName mediaType version isCurrent sha256 downloadPath
    replaces { id version } versions { id version isCurrent } }
  errors { code field message messageFa } } }"""
FILE = """query($id: ID!) { violationCase(id: $id) {
  attachments { id fileName version isCurrent versions { version fileName } }
  executionTasks { id attachments { id fileName version } } } }"""


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, attachment_dir=str(tmp_path / "files"))


def upload_file(data: bytes, name: str) -> UploadFile:
    return UploadFile(file=io.BytesIO(data), filename=name, size=len(data))


async def attach(
    desk: Desk,
    token: str | None,
    owner: str,
    data: bytes = PNG,
    name: str = "عکس نما.png",
    *,
    kind: str = "VIOLATION_CASE",
    replaces: str | None = None,
) -> dict[str, Any]:
    input: dict[str, Any] = {"ownerKind": kind, "ownerId": owner, "file": upload_file(data, name)}
    if replaces is not None:
        input["replaces"] = replaces
    return await desk.run(UPLOAD, input, token)


def codes(result: dict[str, Any]) -> list[str]:
    return [error["code"] for error in result["errors"]]


async def count(conn: AsyncConnection) -> int:
    found = await conn.scalar(select(func.count()).select_from(attachment))
    return int(found or 0)


async def test_the_inspector_and_the_secretariat_keep_the_file_the_members_and_ministry_read_it(
    desk: Desk, conn: AsyncConnection, settings: Settings
) -> None:
    case = await desk.report()
    photo = await attach(desk, desk.inspector, case["id"])
    assert photo["errors"] == []
    assert photo["attachment"]["ownerKind"] == "VIOLATION_CASE"
    assert photo["attachment"]["mediaType"] == "image/png"
    assert photo["attachment"]["version"] == 1
    case = await desk.advance(case, "REFERRED")
    plan = await attach(desk, desk.secretariat, case["id"], PDF, "نقشه.pdf")
    assert plan["errors"] == []

    expected = [
        {"id": photo["attachment"]["id"], "fileName": "عکس نما.png", "version": 1,
         "isCurrent": True, "versions": [{"version": 1, "fileName": "عکس نما.png"}]},
        {"id": plan["attachment"]["id"], "fileName": "نقشه.pdf", "version": 1,
         "isCurrent": True, "versions": [{"version": 1, "fileName": "نقشه.pdf"}]},
    ]  # fmt: skip
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    readers = [
        desk.inspector,
        desk.secretariat,
        desk.token(Role.ARTICLE100_MEMBER),
        desk.execution,
        desk.token(Role.MINISTRY_ANALYST),
        desk.token(Role.MINISTRY_REVIEWER),
    ]
    for token in readers:
        answer = await general.data(FILE, {"id": case["id"]}, token=token)
        assert answer["violationCase"]["attachments"] == expected
        assert await compiled.data(FILE, {"id": case["id"]}, token=token) == answer

    # a case the caller may not see has no file for them: the case is NOT_FOUND on both paths
    # (as a case that does not exist), and the attachment's own id finds nothing
    node = """query($id: ID!) { node(id: $id) { id } }"""
    hidden_from: tuple[str | None, ...] = (
        None,
        desk.token(Role.MAYOR_OFFICE),
        desk.token(Role.ARTICLE100_SECRETARIAT, desk.other_city),
        desk.token(Role.COMMITTEE_MEMBER),
    )
    for caller in hidden_from:
        for client in (general, compiled):
            assert await client.error_codes(FILE, {"id": case["id"]}, token=caller) == ["NOT_FOUND"]
            assert await client.data(node, {"id": photo["attachment"]["id"]}, token=caller) == {
                "node": None
            }


async def test_who_may_not_add_to_a_case_file_changes_nothing(
    desk: Desk, conn: AsyncConnection
) -> None:
    case = await desk.report()
    before = await count(conn)
    refusals = {
        "FORBIDDEN": [
            desk.token(Role.ARTICLE100_MEMBER),
            desk.token(Role.MINISTRY_REVIEWER),
            desk.token(Role.ADMINISTRATOR),
        ],
        # roles that do not see the case: it does not exist for them
        "NOT_FOUND": [
            desk.token(Role.MAYOR_OFFICE),
            desk.token(Role.ARTICLE100_INSPECTOR, desk.other_city),
            desk.token(Role.ARTICLE100_SECRETARIAT, desk.other_city),
        ],
        # the execution office's part starts once the verdict is final
        "INVALID_TRANSITION": [desk.execution],
    }
    for code, tokens in refusals.items():
        for token in tokens:
            result = await attach(desk, token, case["id"])
            assert result["attachment"] is None
            assert codes(result) == [code], (code, result)
            assert result["errors"][0]["messageFa"]
    assert codes(await attach(desk, None, case["id"])) == ["UNAUTHENTICATED"]
    assert await count(conn) == before


async def test_a_new_version_replaces_the_current_one_and_the_old_ones_are_kept(
    desk: Desk, conn: AsyncConnection
) -> None:
    case = await desk.report()
    first = (await attach(desk, desk.inspector, case["id"], PNG, "نما.png"))["attachment"]
    second_result = await attach(
        desk, desk.inspector, case["id"], JPEG, "نما-اصلاح.jpg", replaces=first["id"]
    )
    assert second_result["errors"] == []
    second = second_result["attachment"]
    assert second["version"] == 2
    assert second["isCurrent"] is True
    assert second["replaces"] == {"id": first["id"], "version": 1}
    assert second["versions"] == [
        {"id": second["id"], "version": 2, "isCurrent": True},
        {"id": first["id"], "version": 1, "isCurrent": False},
    ]
    third = await attach(desk, desk.secretariat, case["id"], PDF, "نما.pdf", replaces=second["id"])
    assert third["attachment"]["version"] == 3

    # the case lists the current version only, at the place of the first
    listed = await desk.gql.data(FILE, {"id": case["id"]}, token=desk.secretariat)
    [current] = listed["violationCase"]["attachments"]
    assert current["id"] == third["attachment"]["id"]
    assert [v["version"] for v in current["versions"]] == [3, 2, 1]

    # an old version is not replaced again: a conflict, and nothing is stored
    before = await count(conn)
    stale = await attach(desk, desk.inspector, case["id"], PNG, "دیگر.png", replaces=first["id"])
    assert codes(stale) == ["VERSION_CONFLICT"]
    assert stale["errors"][0]["field"] == "replaces"
    assert "version 3" in stale["errors"][0]["message"]
    # another record's attachment, or another type's id, is not this record's file
    other = await desk.report("9999/1")
    foreign = (await attach(desk, desk.inspector, other["id"]))["attachment"]
    assert await count(conn) == before + 1
    wrong = await attach(desk, desk.inspector, case["id"], replaces=foreign["id"])
    assert codes(wrong) == ["NOT_FOUND"]
    assert codes(await attach(desk, desk.inspector, case["id"], replaces=case["id"])) == [
        "VALIDATION"
    ]
    assert await count(conn) == before + 1


async def test_the_execution_office_files_its_evidence_until_the_case_is_closed(
    desk: Desk, conn: AsyncConnection
) -> None:
    case = await desk.to_final("DEMOLITION")
    assert (await attach(desk, desk.execution, case["id"], PDF, "اخطار.pdf"))["errors"] == []
    task = (
        await desk.ok(
            TASK,
            {
                "caseId": case["id"],
                "action": "قلع بنا",
                "dueOn": "2099-01-01",
                "expectedVersion": case["version"],
                "idempotencyKey": "case-file-1",
            },
            desk.execution,
        )
    )["task"]
    evidence = await attach(
        desk, desk.execution, task["id"], JPEG, "پس از قلع.jpg", kind="EXECUTION_TASK"
    )
    assert evidence["errors"] == []
    # evidence is the execution office's alone
    assert codes(await attach(desk, desk.inspector, task["id"], PNG, kind="EXECUTION_TASK")) == [
        "FORBIDDEN"
    ]
    assert codes(
        await attach(
            desk,
            desk.token(Role.EXECUTION_OFFICE, desk.other_city),
            task["id"],
            kind="EXECUTION_TASK",
        )
    ) == ["NOT_FOUND"]

    listed = await desk.gql.data(FILE, {"id": case["id"]}, token=desk.token(Role.ARTICLE100_MEMBER))
    [listed_task] = listed["violationCase"]["executionTasks"]
    assert listed_task["attachments"] == [
        {"id": evidence["attachment"]["id"], "fileName": "پس از قلع.jpg", "version": 1}
    ]

    done = (await desk.ok(DONE, {"taskId": task["id"], "evidence": "صورتجلسه"}, desk.execution))[
        "task"
    ]
    assert codes(await attach(desk, desk.execution, task["id"], PNG, kind="EXECUTION_TASK")) == [
        "INVALID_TRANSITION"
    ]
    case = await desk.advance(done["case"], "EXECUTED", desk.execution)
    case = await desk.advance(case, "CLOSED", desk.execution)
    before = await count(conn)
    for token in (desk.inspector, desk.secretariat, desk.execution):
        closed = await attach(desk, token, case["id"])
        assert codes(closed) == ["INVALID_TRANSITION"]
        assert "مختومه" in closed["errors"][0]["messageFa"]
    assert await count(conn) == before


# --- over HTTP: the download follows the case's rule --------------------------------------------


@pytest.fixture
async def open_case(engine: AsyncEngine) -> AsyncIterator[tuple[int, int]]:
    """A shipped Tabriz case still open (id, city); its attachments are deleted afterwards."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(a100_case.c.id, a100_case.c.municipality_id)
                .where(a100_case.c.status == "REFERRED")
                .order_by(a100_case.c.id)
                .limit(1)
            )
        ).one()
    yield row.id, row.municipality_id
    async with engine.begin() as conn:
        await conn.execute(
            delete(attachment).where(
                attachment.c.owner_kind == "VIOLATION_CASE", attachment.c.owner_id == row.id
            )
        )


async def test_a_case_files_download_is_refused_to_whom_the_case_is_hidden(
    desk: Desk, settings: Settings, engine: AsyncEngine, open_case: tuple[int, int]
) -> None:
    case_id, city = open_case
    desk.city = city
    other = desk.other_city if desk.other_city != city else city + 1

    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    operations = {
        "query": UPLOAD,
        "variables": {
            "input": {"ownerKind": "VIOLATION_CASE", "ownerId": gid("ViolationCase", case_id),
                      "file": None}
        },
    }  # fmt: skip
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql",
            headers=bearer(desk.secretariat),
            data={
                "operations": orjson.dumps(operations).decode(),
                "map": orjson.dumps({"0": ["variables.input.file"]}).decode(),
            },
            files={"0": ("رأی.pdf", PDF, "application/pdf")},
        )
        assert response.status_code == 200, response.text
        result = response.json()["data"]["attachmentUpload"]
        assert result["errors"] == []
        path = result["attachment"]["downloadPath"]

        for token in (
            desk.inspector,
            desk.token(Role.ARTICLE100_MEMBER),
            desk.execution,
            desk.token(Role.MINISTRY_ANALYST),
        ):
            download = await client.get(path, headers=bearer(token))
            assert download.status_code == 200
            assert download.content == PDF
        for headers in (
            {},
            bearer(desk.token(Role.MAYOR_OFFICE)),
            bearer(desk.token(Role.ARTICLE100_INSPECTOR, other)),
            bearer(desk.token(Role.COMMITTEE_MEMBER)),
        ):
            refused = await client.get(path, headers=headers)
            assert refused.status_code == 404
            assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
            assert refused.content.find(PDF) == -1
