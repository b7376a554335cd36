"""Attachments over HTTP: the upload as a browser sends it (a GraphQL multipart request), the
request's size limit, and the download with the read rules of the record (a caller who may not
see it gets 404, as for an attachment that does not exist)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import orjson
import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from db.blobs import FileSystemStore
from db.tables import attachment, draft
from tests.http_client import http_client
from tests.ids import gid
from tests.municipalities.fixtures import Tokens

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
UPLOAD = """mutation($input: AttachmentUploadInput!) { attachmentUpload(input: $input) {
  attachment { id fileName mediaType byteSize sha256 downloadPath } errors { code field } } }"""


@pytest.fixture
async def unsent(engine: AsyncEngine) -> AsyncIterator[tuple[int, int]]:
    """A shipped draft never submitted (id, municipality); the attachments the test commits on it
    are deleted afterwards."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(draft.c.id, draft.c.municipality_id)
                .where(draft.c.status == "DRAFT")
                .order_by(draft.c.id)
                .limit(1)
            )
        ).one()
    yield row.id, row.municipality_id
    async with engine.begin() as conn:
        await conn.execute(delete(attachment).where(attachment.c.owner_id == row.id))


def multipart(owner: str, data: bytes, name: str) -> dict[str, Any]:
    """What a browser's FormData sends for the GraphQL multipart request specification."""
    operations = {
        "query": UPLOAD,
        "variables": {"input": {"ownerKind": "DRAFT_DIRECTIVE", "ownerId": owner, "file": None}},
    }
    return {
        "data": {
            "operations": orjson.dumps(operations).decode(),
            "map": orjson.dumps({"0": ["variables.input.file"]}).decode(),
        },
        "files": {"0": (name, data, "application/octet-stream")},
    }


async def test_an_upload_as_a_browser_sends_it_and_its_download(
    settings: Settings, engine: AsyncEngine, tokens: Tokens, unsent: tuple[int, int]
) -> None:
    draft_id, municipality_id = unsent
    office = {"Authorization": f"Bearer {tokens.office(municipality_id)}"}
    other = municipality_id + 1
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql",
            headers=office,
            **multipart(gid("DraftDirective", draft_id), PDF, "صورت‌جلسه ۱۴۰۳.pdf"),
        )
        assert response.status_code == 200, response.text
        result = response.json()["data"]["attachmentUpload"]
        assert result["errors"] == []
        stored = result["attachment"]
        assert stored["mediaType"] == "application/pdf"
        assert stored["fileName"] == "صورت‌جلسه 1403.pdf"
        assert FileSystemStore(settings.attachments_path).exists(stored["sha256"])

        # its own office downloads it
        download = await client.get(stored["downloadPath"], headers=office)
        assert download.status_code == 200
        assert download.content == PDF
        assert hashlib.sha256(download.content).hexdigest() == stored["sha256"]
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"] == (
            'attachment; filename="attachment.pdf"; '
            f"filename*=UTF-8''{quote('صورت‌جلسه 1403.pdf', safe='')}"
        )
        assert download.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in download.headers["content-security-policy"]
        assert download.headers["cache-control"] == "private, no-store"

        # nobody else may: the draft was never submitted
        for headers in (
            {},
            {"Authorization": f"Bearer {tokens.office(other)}"},
            {"Authorization": f"Bearer {tokens.reviewer()}"},
            {"Authorization": f"Bearer {tokens.member(1)}"},
        ):
            refused = await client.get(stored["downloadPath"], headers=headers)
            assert refused.status_code == 404
            [error] = refused.json()["errors"]
            assert error["extensions"]["code"] == "NOT_FOUND"
            assert refused.content.find(PDF) == -1
        missing = await client.get(f"/attachments/{gid('Attachment', 999_999)}", headers=office)
        assert missing.status_code == 404
        malformed = await client.get("/attachments/x1", headers=office)
        assert malformed.status_code == 400
        assert malformed.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        forged = await client.get(stored["downloadPath"], headers={"Authorization": "Bearer x"})
        assert forged.status_code == 401


async def test_an_html_file_named_pdf_is_refused_over_http_and_nothing_is_stored(
    settings: Settings, engine: AsyncEngine, tokens: Tokens, unsent: tuple[int, int]
) -> None:
    draft_id, municipality_id = unsent
    office = {"Authorization": f"Bearer {tokens.office(municipality_id)}"}
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql",
            headers=office,
            **multipart(gid("DraftDirective", draft_id), b"<html><script>x</script>", "a.pdf"),
        )
    result = response.json()["data"]["attachmentUpload"]
    assert result == {
        "attachment": None,
        "errors": [{"code": "UNSUPPORTED_FILE_TYPE", "field": "file"}],
    }
    assert list(FileSystemStore(settings.attachments_path).stored()) == []
    async with engine.connect() as conn:
        assert (
            await conn.execute(select(attachment.c.id).where(attachment.c.owner_id == draft_id))
        ).first() is None


async def test_a_request_over_the_limit_is_413_and_nothing_is_stored(
    settings: Settings, engine: AsyncEngine, tokens: Tokens, unsent: tuple[int, int]
) -> None:
    draft_id, municipality_id = unsent
    office = {"Authorization": f"Bearer {tokens.office(municipality_id)}"}
    big = PDF + b"0" * 4096
    async with http_client(settings, engine, upload_max_request_bytes=2048) as client:
        response = await client.post(
            "/graphql", headers=office, **multipart(gid("DraftDirective", draft_id), big, "a.pdf")
        )
    assert response.status_code == 413
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert error["extensions"]["maximum"] == 2048
    assert list(FileSystemStore(settings.attachments_path).stored()) == []
    async with engine.connect() as conn:
        assert (
            await conn.execute(select(attachment.c.id).where(attachment.c.owner_id == draft_id))
        ).first() is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"operations": "{}", "map": '{"0": ["variables.file"]}'}, "not a file"),
        ({"operations": "[]", "map": "{}"}, "batches"),
        ({"operations": "nope", "map": "{}"}, "JSON"),
        ({"map": "{}"}, "`operations`"),
    ],
)
async def test_a_malformed_multipart_request_is_bad_request(
    settings: Settings, engine: AsyncEngine, data: dict[str, str], message: str
) -> None:
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql", data=data, files={"other": ("a.txt", b"hello", "text/plain")}
        )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert message in error["message"]


async def test_more_files_than_allowed_is_bad_request_and_nothing_is_stored(
    settings: Settings, engine: AsyncEngine, tokens: Tokens, unsent: tuple[int, int]
) -> None:
    draft_id, municipality_id = unsent
    office = {"Authorization": f"Bearer {tokens.office(municipality_id)}"}
    request = multipart(gid("DraftDirective", draft_id), PDF, "a.pdf")
    request["files"] = {
        "0": ("a.pdf", PDF, "application/pdf"),
        "1": ("b.pdf", PDF, "application/pdf"),
    }
    async with http_client(settings, engine, upload_max_files=1) as client:
        response = await client.post("/graphql", headers=office, **request)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "files" in error["message"].lower()
    assert list(FileSystemStore(settings.attachments_path).stored()) == []
