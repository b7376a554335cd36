"""`GET /attachments/<id>`: an attachment's bytes, for whoever may see the record it is attached
to (the same bearer token as for /graphql, the same read rule: the attachment's defers to its
record's). One the caller may not see is 404 NOT_FOUND, as one that does not exist.

A download is never shown by the browser: `Content-Disposition: attachment` (the cleaned name,
and its UTF-8 form per RFC 6266/5987), the content type decided from the bytes at upload
(never text/html, never SVG or script), `X-Content-Type-Options: nosniff`, and a sandboxing
Content-Security-Policy in case it is opened anyway. `ETag` is the content's sha256.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from core.errors import BadUserInput, ErrorCode
from core.files import KINDS
from core.ids import parse_id
from db.blobs import BlobStore
from db.session import RequestDatabase
from resolvers.documents.common import blob_store
from resolvers.reads import Reads
from schema.declare import source_of
from schema.documents.types import Attachment
from web.graphql_http import JSON, GraphQLEndpoint, Problem

logger = logging.getLogger("civicgraph.attachments")

_CHUNK = 256 * 1024
#: What a download is served as when its stored type is not one we know (never: kept as a guard).
OCTET_STREAM = "application/octet-stream"


def content_disposition(file_name: str) -> str:
    """`attachment`, with the UTF-8 name (RFC 6266, RFC 5987) and, for clients that read only
    `filename`, the name itself when it is plain ASCII or `attachment.<extension>`."""
    extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
    plain = all(c.isascii() and (c.isalnum() or c in "-_. ") for c in file_name)
    fallback = file_name if plain else f"attachment.{extension}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def _chunks(store: BlobStore, sha256: str) -> Iterator[bytes]:
    with store.open(sha256) as file:
        while chunk := file.read(_CHUNK):
            yield chunk


class AttachmentDownload:
    """The `/attachments/{id}` route, with the caller and limits of a `/graphql` endpoint."""

    def __init__(self, endpoint: GraphQLEndpoint) -> None:
        self.endpoint = endpoint

    async def handle(self, request: Request) -> Response:
        try:
            viewer = await self.endpoint.admit(request)
            try:
                key = parse_id(request.path_params["id"], kind="Attachment")
            except BadUserInput as error:
                raise Problem(400, ErrorCode.BAD_USER_INPUT, error.message) from None
            db = RequestDatabase(request.app.state.engine)
            try:
                row: Any = await Reads(db, viewer).lookup(source_of(Attachment), key)
            finally:
                await db.close()
            if row is None:
                raise Problem(
                    404, ErrorCode.NOT_FOUND, f"No attachment has id {request.path_params['id']}."
                )
        except Problem as problem:
            return self.endpoint.respond_problem(problem, JSON)
        store = blob_store(self.endpoint.settings)
        if not store.exists(row.sha256):  # never, by construction: say so loudly
            logger.error("attachment %s: its file %s is missing", row.id, row.sha256)
            missing = Problem(503, ErrorCode.SERVICE_UNAVAILABLE, "The file is unavailable.")
            return self.endpoint.respond_problem(missing, JSON)
        kind = KINDS.get(row.media_type)
        return StreamingResponse(
            _chunks(store, row.sha256),
            media_type=kind.served_as if kind is not None else OCTET_STREAM,
            headers={
                "Content-Disposition": content_disposition(row.file_name),
                "Content-Length": str(row.byte_size),
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "private, no-store",
                "ETag": f'"{row.sha256}"',
            },
        )
