"""GraphQL multipart requests (github.com/jaydenseric/graphql-multipart-request-spec): how a
browser uploads files with an operation.

A `multipart/form-data` POST whose first part, `operations`, is the JSON request with `null`
where files go, whose `map` part says which variable each file part fills
(`{"0": ["variables.input.file"]}`), and whose other parts are the files. The request as a whole
is held to `upload_max_request_bytes` as it arrives (413 PAYLOAD_TOO_LARGE past it, before any
operation runs), and to `upload_max_files` file parts; each file's own limit and its kind are the
mutation's to check (coded errors in its payload). Files are spooled to disk while the request
runs and closed after it.

A browser's form may post multipart across sites without a preflight; operations here act only
with a bearer token in the Authorization header, which no cross-site form can send.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Message

from core.errors import ErrorCode
from core.settings import Settings

MULTIPART = "multipart/form-data"


class UploadProblem(Exception):
    """A multipart request refused before it runs: HTTP status, code, message, extensions."""

    def __init__(self, status: int, code: ErrorCode, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extensions = extensions


def _bad(message: str) -> UploadProblem:
    return UploadProblem(400, ErrorCode.BAD_REQUEST, message)


async def read_form(request: Request, settings: Settings) -> FormData:
    """The request's parts, the body counted against the limit as it arrives."""
    limit = settings.upload_max_request_bytes

    def too_large() -> UploadProblem:
        return UploadProblem(
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"A multipart request may be at most {limit} bytes.",
            limit="uploadMaxRequestBytes",
            maximum=limit,
        )

    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large()
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large()
        return message

    limited = Request(request.scope, receive)
    try:
        return await limited.form(max_files=settings.upload_max_files, max_fields=20)
    except HTTPException as error:  # starlette's word for a malformed multipart body
        raise _bad(f"The multipart body is not well-formed: {error.detail}") from None


def operations_of(form: FormData) -> dict[str, Any]:
    """The `operations` object with each mapped file put where `map` says."""
    operations_text = form.get("operations")
    map_text = form.get("map")
    if not isinstance(operations_text, str) or not isinstance(map_text, str):
        raise _bad("A multipart request has an `operations` part and a `map` part, as text.")
    try:
        operations = orjson.loads(operations_text)
        mapping = orjson.loads(map_text)
    except orjson.JSONDecodeError:
        raise _bad("`operations` and `map` must be JSON.") from None
    if not isinstance(operations, dict):
        raise _bad("`operations` must be one operation (an object); batches are not accepted.")
    if not isinstance(mapping, dict):
        raise _bad("`map` must be an object from file parts to variable paths.")
    for key, paths in mapping.items():
        upload = form.get(key)
        if not isinstance(upload, UploadFile):
            raise _bad(f"`map` names the part {key!r}, which is not a file of the request.")
        if not isinstance(paths, list) or not paths:
            raise _bad(f'`map[{key!r}]` must be a list of paths such as "variables.file".')
        for path in paths:
            _put(operations, path, upload)
    return operations


def _put(operations: dict[str, Any], path: Any, upload: UploadFile) -> None:
    if not isinstance(path, str) or not path.startswith("variables."):
        raise _bad(f"A file goes into `variables`: {path!r} is not a path there.")
    *parents, last = path.split(".")
    target: Any = operations
    for part in parents:
        target = _step(target, part, path)
    if isinstance(target, dict) and last in target and target[last] is None:
        target[last] = upload
    elif isinstance(target, list) and last.isdigit() and int(last) < len(target):
        if target[int(last)] is not None:
            raise _bad(f"{path!r} must be null in `operations`: the file goes there.")
        target[int(last)] = upload
    else:
        raise _bad(f"{path!r} must be null in `operations`: the file goes there.")


def _step(target: Any, part: str, path: str) -> Any:
    if isinstance(target, dict) and part in target:
        return target[part]
    if isinstance(target, list) and part.isdigit() and int(part) < len(target):
        return target[int(part)]
    raise _bad(f"{path!r} is not a path of `operations`.")
