"""`/graphql` over HTTP, after the GraphQL-over-HTTP specification (GraphQL Foundation draft).

- POST with an `application/json` body (UTF-8), GET with the parameters in the URL; a mutation
  over GET is 405 (`Allow: POST`) and does not run. A `multipart/form-data` POST is a GraphQL
  multipart request (an upload; web/uploads.py).
- The response's media type follows `Accept`: `application/graphql-response+json` when asked
  for, `application/json` when asked for, for `*/*` and `application/*`, and when there is no
  `Accept` (what the GraphQL-over-HTTP audit's two SHOULDs expect: such clients are the legacy
  ones, which read `application/json`); neither acceptable → 406.
  With `application/graphql-response+json`, a request that fails before execution (parse,
  validation, a limit, variable coercion, the operation cannot be chosen) is 400 without `data`;
  with `application/json` every well-formed request is 200, as the specification asks.
- A request that is not well-formed (bad JSON, no query, a non-string query, variables that are not
  an object) is 400 with one `BAD_REQUEST` error; a body over `max_body_bytes` is 413; a POST
  without a JSON content type is 415.
- The caller first: a bearer token that does not verify is 401 `UNAUTHENTICATED` for every
  operation (reads too), never the anonymous caller's answer.
- Limits before any GraphQL runs: body size, batching (a JSON array; off unless enabled), rate
  limits (429 with `Retry-After`), trusted documents; then the operation limits (graph/limits.py)
  and the request timeout.
- A federated trace (ftv1) only for the gateway (`core.auth.gateway_trace_requested`).

The context comes from the caller (server.py), the JSON is written by orjson, and the compiled
read path's `data` (database-built JSON text) is embedded as it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import orjson
from graphql import GraphQLError, OperationDefinitionNode
from opentelemetry.trace import Tracer
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from core import metrics
from core.auth import TOKEN_REFUSED_FA, TokenVerifier, Viewer, gateway_trace_requested
from core.caches import BytesLRU
from core.errors import ErrorCode
from core.logs import current_request_id
from core.settings import Settings
from graph.limits import check_limits, check_query_size, check_variable_lists, parse_document
from resolvers.compiled.extension import encode_default
from resolvers.context import Context
from schema.errors import INTERNAL_MESSAGE, ClientError
from web.explorer import page as explorer_page
from web.persisted import (
    PersistedDocuments,
    PersistedQueryProblem,
    load_manifest,
    requested_hash,
)
from web.rate_limit import caller_key, make_limiter
from web.uploads import MULTIPART, UploadProblem, operations_of, read_form

logger = logging.getLogger("civicgraph.http")

GRAPHQL_RESPONSE_JSON: Final = "application/graphql-response+json"
JSON: Final = "application/json"

#: The operations each method may run (a subscription goes over WebSocket).
_OVER_GET: Final = frozenset({OperationType.QUERY})
_OVER_POST: Final = frozenset({OperationType.QUERY, OperationType.MUTATION})

ContextFactory = Callable[[Request], Awaitable[Context]]
#: The express lane (schema/express_lane.py): an operation's response body without Strawberry.
ExpressLane = Callable[[str, str | None, Any, Request], Awaitable[bytes | None]]


class Problem(Exception):
    """A request refused before (or instead of) GraphQL execution: one error, one status."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extensions = extensions

    def payload(self) -> dict[str, Any]:
        return {
            "errors": [
                {
                    "message": self.message,
                    "extensions": {"code": self.code.value, **self.extensions},
                }
            ]
        }


@dataclass(frozen=True)
class Params:
    """One GraphQL-over-HTTP request's parameters, checked for shape."""

    query: str | None
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None
    document_id: Any = None
    #: files from a multipart request in `variables` (never answered by the express lane)
    uploads: bool = False


def _bad(message: str) -> Problem:
    return Problem(400, ErrorCode.BAD_REQUEST, message)


def header(request: Request, name: bytes) -> str | None:
    """The first value of a request header (`name` in lower case, as ASGI gives it), read from
    the raw list: Starlette's `Headers.get` costs a mapping lookup and, for a header that is
    not there, a raised and caught KeyError — four or five times a request on this route."""
    for key, value in request.scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def negotiate(accept: str | None) -> str | None:
    """The response media type for an `Accept` header, or None when none is acceptable.
    Remembered for the most recent 256 short headers (clients send the same few); a long one,
    which a client could vary to fill the memory, is worked out each time."""
    if accept is None or len(accept) > 256:
        return _negotiate(accept)
    return _negotiate_remembered(accept)


def _negotiate(accept: str | None) -> str | None:
    if accept is None or not accept.strip():
        return JSON  # a client that does not say is one that reads plain JSON
    best: tuple[float, int, int, str] | None = None
    for index, part in enumerate(accept.split(",")):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        media = media.lower()
        quality, charset_ok = 1.0, True
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
            elif name == "charset" and value not in {"utf-8", "utf8"}:
                charset_ok = False
        if media in {GRAPHQL_RESPONSE_JSON, JSON}:
            chosen, specificity = media, 2
        elif media in {"application/*", "*/*"}:
            chosen, specificity = JSON, 1
        else:
            continue
        if quality <= 0 or not charset_ok:
            continue
        candidate = (quality, specificity, -index, chosen)
        if best is None or candidate > best:
            best = candidate
    return best[3] if best else None


_negotiate_remembered = lru_cache(maxsize=256)(_negotiate)


def _wants_html(request: Request) -> bool:
    if request.method != "GET":
        return False
    accept = header(request, b"accept") or ""
    return "text/html" in accept and "query" not in request.query_params


def _json_param(raw: Any, name: str) -> dict[str, Any] | None:
    if raw is None:
        return None
    if isinstance(raw, str):  # GET: a JSON string
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise _bad(f"`{name}` is not valid JSON.") from None
        if raw is None:
            return None
    if not isinstance(raw, dict):
        raise _bad(f"`{name}` must be an object (a map).")
    return raw


def params_from(data: Any, *, from_url: bool) -> Params:
    if not isinstance(data, dict):
        raise _bad("The body must be a JSON object with a `query` string.")
    query = data.get("query")
    if query is not None and not isinstance(query, str):
        raise _bad("`query` must be a string.")
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise _bad("`operationName` must be a string.")
    variables = data.get("variables")
    extensions = data.get("extensions")
    if not from_url and isinstance(variables, str):
        raise _bad("`variables` must be an object (a map).")
    if not from_url and isinstance(extensions, str):
        raise _bad("`extensions` must be an object (a map).")
    document_id = data.get("documentId")
    if query is None and document_id is None and not _names_a_hash(extensions):
        raise _bad("The request has no `query`.")
    return Params(
        query=query,
        operation_name=operation_name or None,  # "" is the same as none
        variables=_json_param(variables, "variables"),
        extensions=_json_param(extensions, "extensions"),
        document_id=document_id,
    )


def _names_a_hash(extensions: Any) -> bool:
    if isinstance(extensions, str):
        return "persistedQuery" in extensions  # GET: checked when it is decoded
    return isinstance(extensions, dict) and extensions.get("persistedQuery") is not None


class GraphQLEndpoint:
    """The `/graphql` route: `handle` is its endpoint (GET and POST)."""

    def __init__(
        self,
        settings: Settings,
        schema: Any,
        context_factory: ContextFactory,
        *,
        verifier: TokenVerifier | None = None,
        traced: Any = None,
        express: ExpressLane | None = None,
    ) -> None:
        self.settings = settings
        self.schema = schema
        #: the same schema with federated tracing, for the gateway (made on first use)
        self.traced = traced
        self.context_factory = context_factory
        self.verifier = verifier or TokenVerifier(settings)
        self.express = express
        manifest = (
            load_manifest(settings.trusted_documents_path)
            if settings.trusted_documents_path is not None
            else None
        )
        self.documents = PersistedDocuments(
            manifest,
            trusted_only=settings.trusted_documents_only,
            apq_size=settings.apq_cache_size,
            apq_bytes=settings.cache_budget_bytes,
        )
        self.limiter = make_limiter(settings)
        self._abandoned: set[asyncio.Task[Any]] = set()
        self._known_operations: BytesLRU[tuple[str, str | None], tuple[int, str, str]] = BytesLRU(
            settings.cache_budget_bytes
        )
        self._limits_checked: BytesLRU[tuple[str, str | None, bytes], bool] = BytesLRU(
            settings.cache_budget_bytes
        )

    async def handle(self, request: Request) -> Response:
        if _wants_html(request) and self.settings.serve_graphiql:
            return HTMLResponse(explorer_page())
        media = negotiate(header(request, b"accept"))
        try:
            if media is None:
                raise Problem(
                    406,
                    ErrorCode.NOT_ACCEPTABLE,
                    f"Ask for {GRAPHQL_RESPONSE_JSON} or {JSON} in Accept.",
                )
            viewer = await self._caller(request)
            key, has_token = caller_key(request, viewer)
            try:
                batch, is_batch = await self._read(request)
            except Problem:
                await self._charge(key, has_token, 1)  # a malformed request: one operation
                raise
            await self._charge(key, has_token, len(batch))
            results = [await self._one(request, params, media) for params in batch]
        except Problem as problem:
            return self._respond(problem.payload(), problem.status, media or JSON, problem.headers)
        finally:
            form = request.scope.get("state", {}).get("upload_form")  # request.state's dict
            if form is not None:
                await form.close()
        if is_batch:
            return self._respond([payload for payload, _ in results], 200, media or JSON)
        payload, status = results[0]
        headers = {"Allow": "POST"} if status == 405 else None
        return self._respond(payload, status, media or JSON, headers)

    async def answer_from_url(self, request: Request) -> tuple[Any, int]:
        """One query from the URL's parameters, charged and run as a GET to `/graphql` is
        (the caller's token, rate limits, trusted documents, operation limits, timeout, the
        caller's read rules): the payload and status an `application/json` response would carry.
        Raises `Problem` for a request refused before it runs."""
        viewer = await self._caller(request)
        key, has_token = caller_key(request, viewer)
        try:
            params = params_from(dict(request.query_params.items()), from_url=True)
        except Problem:
            await self._charge(key, has_token, 1)
            raise
        await self._charge(key, has_token, 1)
        return await self._one(request, params, JSON)

    async def admit(self, request: Request) -> Viewer:
        """The verified caller of a request that is not a GraphQL operation (a download),
        charged as one operation against the rate limits; raises `Problem` when refused."""
        viewer = await self._caller(request)
        key, has_token = caller_key(request, viewer)
        await self._charge(key, has_token, 1)
        return viewer

    def respond_problem(self, problem: Problem, media: str) -> Response:
        return self._respond(problem.payload(), problem.status, media, problem.headers)

    async def _caller(self, request: Request) -> Viewer:
        """The verified caller (kept on the request for its context). A bearer token that does
        not verify is refused here, for every operation, reads included: 401 UNAUTHENTICATED,
        after it is counted against the client's address (made-up tokens are no way around the
        anonymous limit)."""
        viewer = await self.verifier.viewer(header(request, b"authorization"))
        if viewer.token_error is None:
            request.state.viewer = viewer
            return viewer
        key, _ = caller_key(request, viewer)
        await self._charge(key, False, 1)
        raise Problem(
            401,
            ErrorCode.UNAUTHENTICATED,
            viewer.refused_message(),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            messageFa=TOKEN_REFUSED_FA,
        )

    async def _charge(self, key: str, has_token: bool, operations: int) -> None:
        decision = await self.limiter.check(key, has_token=has_token, operations=operations)
        if not decision.allowed:
            raise Problem(
                429,
                ErrorCode.RATE_LIMITED,
                "Too many operations; try again later.",
                headers={"Retry-After": str(decision.retry_after)},
                retryAfter=decision.retry_after,
            )

    # -- reading the request ---------------------------------------------------------------

    async def _read(self, request: Request) -> tuple[list[Params], bool]:
        if request.method in {"GET", "HEAD"}:
            query = request.query_params
            return [params_from(dict(query.items()), from_url=True)], False
        content_type = header(request, b"content-type")
        if content_type is None:
            raise Problem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send a Content-Type: " + JSON)
        media, *parameters = (piece.strip().lower() for piece in content_type.split(";"))
        if media == MULTIPART:
            return [await self._multipart(request)], False
        charset = next((p.split("=", 1)[1].strip('" ') for p in parameters if "=" in p), "utf-8")
        if media != JSON or charset not in {"utf-8", "utf8"}:
            raise Problem(
                415,
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                f"POST bodies are {JSON} in UTF-8; got {content_type!r}.",
            )
        body = await self._body(request)
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise _bad("The body is not valid JSON.") from None
        if isinstance(data, list):
            if not self.settings.batching:
                raise Problem(
                    400,
                    ErrorCode.BATCHING_NOT_ENABLED,
                    "Batched operations (a JSON array) are not accepted; send one at a time.",
                )
            if not data or len(data) > self.settings.max_batch_size:
                raise Problem(
                    400,
                    ErrorCode.BATCH_LIMIT_EXCEEDED,
                    f"A batch holds 1 to {self.settings.max_batch_size} operations.",
                    limit="maxBatchSize",
                    maximum=self.settings.max_batch_size,
                    actual=len(data),
                )
            return [params_from(item, from_url=False) for item in data], True
        return [params_from(data, from_url=False)], False

    async def _multipart(self, request: Request) -> Params:
        """A GraphQL multipart request (web/uploads.py): its operation with its files."""
        try:
            form = await read_form(request, self.settings)
            request.state.upload_form = form  # closed once the request is answered
            params = params_from(operations_of(form), from_url=False)
        except UploadProblem as problem:
            raise Problem(
                problem.status, problem.code, problem.message, **problem.extensions
            ) from None
        return dataclasses.replace(params, uploads=True)

    def _too_large(self) -> Problem:
        limit = self.settings.max_body_bytes
        return Problem(
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            f"The body exceeds {limit} bytes.",
            limit="maxBodyBytes",
            maximum=limit,
        )

    async def _body(self, request: Request) -> bytes:
        limit = self.settings.max_body_bytes
        declared = header(request, b"content-length")
        if declared is not None and declared.isdigit():
            if int(declared) > limit:
                raise self._too_large()
            # the server holds the body to its declared length: read it in one go
            try:
                return await request.body()
            except ClientDisconnect:
                raise _bad("The client went away before the body was read.") from None
        chunks: list[bytes] = []  # chunked: counted as it comes
        size = 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise self._too_large()
                chunks.append(chunk)
        except ClientDisconnect:
            raise _bad("The client went away before the body was read.") from None
        return b"".join(chunks)

    # -- running one operation -------------------------------------------------------------

    async def _one(self, request: Request, params: Params, media: str) -> tuple[Any, int]:
        """One operation, counted and timed (core/metrics.py)."""
        operation = metrics.start_operation()
        started = time.perf_counter()
        tracer: Tracer | None = getattr(request.app.state, "tracer", None)
        with (
            tracer.start_as_current_span("graphql.operation")
            if tracer is not None
            else contextlib.nullcontext()
        ) as span:
            payload, status = await self._answer(request, params, media)
            errors = payload.get("errors", []) if isinstance(payload, dict) else []
            if isinstance(payload, dict) and "data" not in payload:
                outcome = "rejected"
            else:
                outcome = "partial" if errors else "ok"
            codes = [str((e.get("extensions") or {}).get("code", "")) for e in errors]
            metrics.observe_operation(operation, outcome, time.perf_counter() - started, codes)
            if span is not None:
                kind, name = operation["type"], operation["name"]
                span.update_name(f"{kind} {name}" if name else kind)
                span.set_attributes(
                    {
                        "graphql.operation.type": kind,
                        "graphql.operation.name": name,
                        "civicgraph.read_path": operation["path"],
                        "civicgraph.outcome": outcome,
                        "civicgraph.error_codes": codes,
                    }
                )
        return payload, status

    async def _answer(self, request: Request, params: Params, media: str) -> tuple[Any, int]:
        try:
            sha = requested_hash(params.extensions, params.document_id)
            query, register = self.documents.resolve(params.query, sha)
        except PersistedQueryProblem as unknown:
            refused = Problem(400, unknown.code, unknown.message)
            malformed = unknown.code is ErrorCode.BAD_REQUEST
            return refused.payload(), 400 if malformed else self._request_error(media)
        operations, kind, name = self._facts(query, params.operation_name)
        if params.operation_name is None and operations > 1:
            # GraphQL's GetOperation(): several operations and no name is a request error
            # (Strawberry would run the first).
            refused = Problem(
                400,
                ErrorCode.OPERATION_RESOLUTION_FAILURE,
                "The document has several operations: name one in `operationName`.",
            )
            return refused.payload(), self._request_error(media)
        metrics.note(type=kind, name=name)
        allowed = _OVER_GET if request.method in {"GET", "HEAD"} else _OVER_POST
        schema = self.schema
        if self.traced is not None and gateway_trace_requested(request.headers, self.settings):
            schema = self.traced()
        elif self.express is not None and not params.uploads and self._within_limits(query, params):
            try:
                fast = await self.express(query, params.operation_name, params.variables, request)
            except TimeoutError:
                return self._timed_out().payload(), self._request_error(media)
            if fast is not None:  # an operation the compiled path answered before: the same JSON
                metrics.note(path="express")
                if register is not None:
                    self.documents.register(register, query)
                return orjson.Fragment(fast), 200
        try:
            result = await self._execute(request, schema, query, params, allowed)
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.MUTATION:
                refused = Problem(
                    405, ErrorCode.METHOD_NOT_ALLOWED, "Mutations are sent with POST, not GET."
                )
                return refused.payload(), 405
            refused = Problem(
                400,
                ErrorCode.BAD_REQUEST,
                f"{error.operation_type.value.capitalize()} operations are not served over "
                "this method.",
            )
            return refused.payload(), self._request_error(media)
        except CannotGetOperationTypeError as error:
            message = (
                f"Unknown operation named {error.operation_name!r}."
                if error.operation_name
                else "The document has no operation to run."
            )
            refused = Problem(400, ErrorCode.OPERATION_RESOLUTION_FAILURE, message)
            return refused.payload(), self._request_error(media)
        except MissingQueryError:  # an empty document: a well-formed request that cannot parse
            refused = Problem(
                400, ErrorCode.GRAPHQL_PARSE_FAILED, "Syntax Error: Unexpected <EOF>."
            )
            return refused.payload(), self._request_error(media)
        except TimeoutError:
            return self._timed_out().payload(), self._request_error(media)
        payload, request_error = _payload(result)
        if register is not None and not isinstance(result, PreExecutionError):
            self.documents.register(register, query)
        return payload, self._request_error(media) if request_error else 200

    def _facts(self, query: str | None, operation_name: str | None) -> tuple[int, str, str]:
        """The named operations in the document (`_operations_in`) and the operation's type and
        name (`_operation_of`), remembered per document and name: a known operation's next
        requests cost one lookup. A document over the size limit is never remembered."""
        if query is None:
            return 0, *_operation_of(query, operation_name, self.settings)
        try:
            check_query_size(query, self.settings.max_query_bytes)
        except ClientError:
            return 0, "unknown", operation_name or ""
        key = (query, operation_name)
        known = self._known_operations.get(key)
        if known is None:
            known = (
                _operations_in(query, self.settings),
                *_operation_of(query, operation_name, self.settings),
            )
            self._known_operations[key] = known
        return known

    def _timed_out(self) -> Problem:
        return Problem(
            400,
            ErrorCode.REQUEST_TIMEOUT,
            f"The operation took longer than {self.settings.request_timeout_seconds:g}s; "
            "ask for less.",
            limit="requestTimeoutSeconds",
            maximum=self.settings.request_timeout_seconds,
        )

    def _request_error(self, media: str) -> int:
        """A GraphQL request error's status: 400 for graphql-response+json, else 200."""
        return 400 if media == GRAPHQL_RESPONSE_JSON else 200

    def _within_limits(self, query: str, params: Params) -> bool:
        """The express lane skips Strawberry, so the limits are checked here first (a document
        compiled under other settings must not pass them); remembered per operation and page
        sizes: of the variables, the limits read only whole numbers (`first: $n`), so another
        id or cursor does not measure the operation again."""
        if check_variable_lists(params.variables, self.settings) is not None:
            return False  # the usual way refuses it with its error
        numbers = {
            name: value
            for name, value in (params.variables or {}).items()
            if isinstance(value, int) and not isinstance(value, bool)
        }
        variables = orjson.dumps(numbers, option=orjson.OPT_SORT_KEYS)
        key = (query, params.operation_name, variables)
        known = self._limits_checked.get(key)
        if known is not None:
            return bool(known)
        try:
            document = parse_document(
                query, self.settings.max_tokens, self.settings.max_query_bytes
            )
        except ClientError:
            return False
        within = (
            check_limits(
                self.schema._schema,
                document,
                params.operation_name,
                params.variables,
                self.settings,
            )
            is None
        )
        self._limits_checked[key] = within
        return within

    async def _execute(
        self,
        request: Request,
        schema: Any,
        query: str,
        params: Params,
        allowed: frozenset[OperationType],
    ) -> ExecutionResult:
        context = await self.context_factory(request)
        task = asyncio.create_task(
            schema.execute(
                query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
            )
        )
        timeout = self.settings.request_timeout_seconds or None
        try:
            done, _ = await asyncio.wait({task}, timeout=timeout)
        except asyncio.CancelledError:
            task.cancel()  # the client went away
            raise
        if task in done:
            result: ExecutionResult = task.result()
            return result
        # Answer now; the operation is cancelled and its connection freed in the background.
        task.cancel()
        context.db.interrupt()
        self._abandoned.add(task)
        task.add_done_callback(self._reap)
        logger.warning("operation timed out after %ss", timeout)
        raise TimeoutError

    def _reap(self, task: asyncio.Task[Any]) -> None:
        self._abandoned.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.warning("a timed-out operation ended with %r", task.exception())

    # -- writing the response --------------------------------------------------------------

    def _respond(
        self, payload: Any, status: int, media: str, headers: dict[str, str] | None = None
    ) -> Response:
        return Response(
            orjson.dumps(payload, default=encode_default),
            status_code=status,
            media_type=f"{media}; charset=utf-8",
            headers={**(headers or {}), "Vary": "Accept"},
        )


def _operation_of(
    query: str | None, operation_name: str | None, settings: Settings
) -> tuple[str, str]:
    """The operation's type (query, mutation, subscription) and name ("" for none), for the
    metrics; the type is unknown when the document does not say (it does not parse, or names no
    such operation): execution reports why."""
    if query is None:
        return "unknown", operation_name or ""
    try:
        # cached: execution reuses it
        document = parse_document(query, settings.max_tokens, settings.max_query_bytes)
    except ClientError:
        return "unknown", operation_name or ""
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else ""
        if operation_name is None or name == operation_name:
            return definition.operation.value, name
    return "unknown", operation_name or ""


def _operations_in(query: str, settings: Settings) -> int:
    """Named operations in the document (an anonymous one among several is a validation error,
    which execution reports)."""
    try:
        # cached: execution reuses it
        document = parse_document(query, settings.max_tokens, settings.max_query_bytes)
    except ClientError:
        return 0  # execution reports it
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) if all(o.name is not None for o in operations) else 0


def _is_request_error(result: ExecutionResult) -> bool:
    """True when the operation did not run: parse, validation, limits, variable coercion."""
    if isinstance(result, PreExecutionError):
        return True
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _formatted(error: GraphQLError) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    if "code" in (formatted.get("extensions") or {}):
        return formatted
    # Every error the schema means to show has a code (schema/errors.py): one without is
    # unexpected, so it is masked here as well, and logged.
    request_id = current_request_id()
    logger.error(
        "an error without a code reached the response: %r",
        formatted,
        exc_info=error.original_error,
    )
    extensions: dict[str, Any] = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value}
    if request_id is not None:
        extensions["requestId"] = request_id
    return {"message": INTERNAL_MESSAGE, "extensions": extensions}


def _document_order(error: GraphQLError) -> tuple[Any, ...]:
    where = [(location.line, location.column) for location in error.locations or ()]
    return (where, [str(step) for step in error.path or ()], error.message)


def _payload(result: ExecutionResult) -> tuple[dict[str, Any], bool]:
    request_error = _is_request_error(result)
    payload: dict[str, Any] = {} if request_error else {"data": result.data}
    if result.errors:
        # in the document's order, not the order concurrent fields happened to fail in: the same
        # request gets the same bytes
        errors = sorted(result.errors, key=_document_order)
        payload["errors"] = [_formatted(error) for error in errors]
    if result.extensions:
        payload["extensions"] = result.extensions
    return payload, request_error
