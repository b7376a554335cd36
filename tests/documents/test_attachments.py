"""Attachments: upload (the type from the content, the name cleaned, the size limits), who may
attach to what, a crash between the file and its row, and the sweep."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.datastructures import UploadFile

from core.settings import Settings
from db.blobs import FileSystemStore
from db.documents import sweep
from db.tables import attachment, joint_session, resolution
from resolvers.documents import attachment_upload as upload_module
from tests.conftest import GraphQLClient
from tests.ids import gid
from tests.municipalities.fixtures import ELSEWHERE, HOME, Tokens, Workflow, payload

UPLOAD = """
mutation($input: AttachmentUploadInput!) {
  attachmentUpload(input: $input) {
    attachment { id ownerKind fileName mediaType byteSize sha256 uploadedBy downloadPath }
    errors { code field message messageFa }
  }
}
"""
ATTACHMENTS = """
query($id: ID!) { draftDirective(id: $id) { attachments { id fileName sha256 } } }
"""

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def a_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("run.sh", "echo hi")
    return out.getvalue()


def file(data: bytes, name: str) -> UploadFile:
    return UploadFile(file=io.BytesIO(data), filename=name, size=len(data))


def store_of(settings: Settings) -> FileSystemStore:
    return FileSystemStore(settings.attachments_path)


async def rows(conn: AsyncConnection) -> int:
    count = await conn.scalar(select(func.count()).select_from(attachment))
    assert count is not None
    return int(count)


async def _upload(
    gql: GraphQLClient, token: str | None, kind: str, owner: str, data: bytes, name: str
) -> dict[str, Any]:
    input = {"ownerKind": kind, "ownerId": owner, "file": file(data, name)}
    return payload(await gql.data(UPLOAD, {"input": input}, token=token))


async def test_a_file_is_stored_by_its_content_named_cleanly_and_listed_with_its_draft(
    gql: GraphQLClient, tokens: Tokens, workflow: Workflow, settings: Settings
) -> None:
    draft = await workflow.create()
    office = tokens.office(HOME)

    result = await _upload(gql, office, "DRAFT_DIRECTIVE", draft, PDF, "../../گزارش‌ي ۱.pdf.exe")

    assert result["errors"] == []
    stored = result["attachment"]
    assert stored["mediaType"] == "application/pdf"  # from the bytes, not «.exe»
    assert stored["fileName"] == "گزارش‌ی 1.pdf"
    assert stored["byteSize"] == len(PDF)
    assert stored["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert stored["ownerKind"] == "DRAFT_DIRECTIVE"
    assert "MAYOR_OFFICE" in stored["uploadedBy"]
    assert stored["downloadPath"] == f"/attachments/{stored['id']}"
    store = store_of(settings)
    assert store.exists(stored["sha256"])
    with store.open(stored["sha256"]) as kept:
        assert kept.read() == PDF

    # the same bytes again: a second attachment, one stored file
    again = await _upload(gql, office, "DRAFT_DIRECTIVE", draft, PDF, "copy.pdf")
    assert again["errors"] == []
    assert len(list(store.stored())) == 1
    # a Word document, told from its content
    word = await _upload(gql, office, "DRAFT_DIRECTIVE", draft, docx(), "نامه")
    assert word["attachment"]["fileName"] == "نامه.docx"
    assert word["attachment"]["mediaType"].endswith("wordprocessingml.document")

    listed = await gql.data(ATTACHMENTS, {"id": draft}, token=office)
    assert [a["id"] for a in listed["draftDirective"]["attachments"]] == [
        stored["id"],
        again["attachment"]["id"],
        word["attachment"]["id"],
    ]


REFUSED = [
    (b"<!DOCTYPE html><script>alert(1)</script>", "report.pdf", "UNSUPPORTED_FILE_TYPE"),
    (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "map.png",
        "UNSUPPORTED_FILE_TYPE",
    ),
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "letter.docx", "UNSUPPORTED_FILE_TYPE"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "notes.txt", "UNSUPPORTED_FILE_TYPE"),
    (a_zip(), "archive.docx", "UNSUPPORTED_FILE_TYPE"),
    (b"", "empty.pdf", "VALIDATION"),
]


@pytest.mark.parametrize(("data", "name", "code"), REFUSED)
async def test_a_refused_file_is_a_coded_error_and_nothing_is_stored(
    gql: GraphQLClient,
    conn: AsyncConnection,
    tokens: Tokens,
    workflow: Workflow,
    settings: Settings,
    data: bytes,
    name: str,
    code: str,
) -> None:
    draft = await workflow.create()
    before = await rows(conn)

    result = await _upload(gql, tokens.office(HOME), "DRAFT_DIRECTIVE", draft, data, name)

    assert result["attachment"] is None
    [error] = result["errors"]
    assert (error["code"], error["field"]) == (code, "file")
    assert error["messageFa"]
    assert await rows(conn) == before
    assert list(store_of(settings).stored()) == []


async def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, workflow: Workflow
) -> None:
    draft = await workflow.create()
    small = GraphQLClient(conn, settings.model_copy(update={"attachment_max_bytes": len(PDF) - 1}))
    before = await rows(conn)

    result = await _upload(small, tokens.office(HOME), "DRAFT_DIRECTIVE", draft, PDF, "a.pdf")

    [error] = result["errors"]
    assert (error["code"], error["field"]) == ("FILE_TOO_LARGE", "file")
    assert str(len(PDF) - 1) in error["message"]
    assert await rows(conn) == before
    assert list(store_of(settings).stored()) == []
    # exactly at the limit is accepted
    exact = GraphQLClient(conn, settings.model_copy(update={"attachment_max_bytes": len(PDF)}))
    ok = await _upload(exact, tokens.office(HOME), "DRAFT_DIRECTIVE", draft, PDF, "a.pdf")
    assert ok["errors"] == []


async def test_who_may_attach_to_what(
    gql: GraphQLClient, conn: AsyncConnection, tokens: Tokens, workflow: Workflow
) -> None:
    unsent = await workflow.create()
    submitted = await workflow.submitted()
    resolution_id = gid("CouncilResolution", await conn.scalar(select(func.min(resolution.c.id))))
    session = (await conn.execute(select(joint_session).order_by(joint_session.c.id))).first()
    assert session is not None
    session_id = gid("JointSession", session.id)
    host = tokens.office(session.host_municipality_id)
    not_host = tokens.office(HOME if session.host_municipality_id != HOME else ELSEWHERE)

    cases = [
        (None, "DRAFT_DIRECTIVE", unsent, "UNAUTHENTICATED"),
        (tokens.office(ELSEWHERE), "DRAFT_DIRECTIVE", unsent, "NOT_FOUND"),  # unseen: not there
        (tokens.reviewer(), "DRAFT_DIRECTIVE", unsent, "FORBIDDEN"),  # role first
        (tokens.admin(), "DRAFT_DIRECTIVE", submitted, "FORBIDDEN"),  # sees it, may not
        (tokens.office(HOME), "DRAFT_DIRECTIVE", submitted, "INVALID_TRANSITION"),
        (tokens.office(HOME), "DRAFT_DIRECTIVE", gid("DraftDirective", 999_999), "NOT_FOUND"),
        (tokens.office(HOME), "DRAFT_DIRECTIVE", "not-an-id", "VALIDATION"),
        (tokens.office(HOME), "COUNCIL_RESOLUTION", resolution_id, "FORBIDDEN"),
        (not_host, "JOINT_SESSION", session_id, "FORBIDDEN"),
        (tokens.office(HOME), "DRAFT_DIRECTIVE", unsent, None),
        (tokens.admin(), "COUNCIL_RESOLUTION", resolution_id, None),
        (tokens.admin(), "ASSEMBLY_MEETING", gid("AssemblyMeeting", 1), None),
        (host, "JOINT_SESSION", session_id, None),
    ]
    for token, kind, owner, expected in cases:
        result = await _upload(gql, token, kind, owner, PDF, "a.pdf")
        got = [e["code"] for e in result["errors"]]
        assert got == ([expected] if expected else []), (kind, owner, result["errors"])
        assert (result["attachment"] is None) is (expected is not None)


async def test_a_crash_between_the_file_and_its_row_loses_nothing_and_the_sweep_cleans_up(
    gql: GraphQLClient,
    conn: AsyncConnection,
    tokens: Tokens,
    workflow: Workflow,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = await workflow.create()
    office = tokens.office(HOME)
    kept = await _upload(gql, office, "DRAFT_DIRECTIVE", draft, PNG, "plan.png")
    assert kept["errors"] == []
    before = await rows(conn)

    def crash(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the process died after the file was stored")

    monkeypatch.setattr(upload_module, "insert", crash)
    response = await gql.execute(
        UPLOAD,
        {"input": {"ownerKind": "DRAFT_DIRECTIVE", "ownerId": draft, "file": file(PDF, "x.pdf")}},
        token=office,
    )
    monkeypatch.undo()

    assert response["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert await rows(conn) == before  # no row
    store = store_of(settings)
    orphan = hashlib.sha256(PDF).hexdigest()
    assert store.exists(orphan)  # the file was durable before the row: it is there, unnamed
    named = kept["attachment"]["sha256"]

    # within the grace period the sweep leaves it (an upload may still be committing)
    young = await sweep(conn, store, grace_seconds=3600)
    assert (young.swept, store.exists(orphan)) == (0, True)

    result = await sweep(conn, store, grace_seconds=0)
    assert result.swept == 1
    assert not store.exists(orphan)  # nothing dangling
    assert store.exists(named)  # nothing lost: every row still has its file
    listed = await gql.data(ATTACHMENTS, {"id": draft}, token=office)
    for item in listed["draftDirective"]["attachments"]:
        assert store.exists(item["sha256"])
