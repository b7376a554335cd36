"""Trusted documents and Automatic Persisted Queries.

**Trusted documents** are the frontend team's operations, registered ahead of time: a manifest, a
JSON object from the SHA-256 (hex) of a document's exact text to that text, built by
`civicgraph trusted-documents build` from a folder of `.graphql` files and loaded at start-up from
`CIVICGRAPH_TRUSTED_DOCUMENTS_PATH`. With `CIVICGRAPH_TRUSTED_DOCUMENTS_ONLY=true` the server runs
those documents and nothing else.

**Automatic Persisted Queries** (Apollo's protocol): a client sends
`extensions.persistedQuery = {"version": 1, "sha256Hash": …}` without the document; an unknown
hash gets `PERSISTED_QUERY_NOT_FOUND`, and the client sends the document with the hash once, which
registers it (in an in-memory LRU bounded by count and bytes, per process) for the requests after. The GraphQL-over-HTTP
draft's `documentId` ("sha256:…") is accepted as well.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import orjson

from core.caches import BytesLRU
from core.errors import ErrorCode

_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class ManifestError(ValueError):
    """A manifest that cannot be trusted: the server refuses to start with it."""


def load_manifest(path: Path) -> dict[str, str]:
    """Read a manifest and check that every hash is its document's."""
    try:
        raw = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ManifestError(f"cannot read the trusted documents manifest {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ManifestError(f"{path}: a manifest is a JSON object of sha256 hash → document")
    manifest: dict[str, str] = {}
    for key, document in raw.items():
        if not isinstance(document, str) or not _SHA256.fullmatch(key):
            raise ManifestError(f"{path}: entry {key!r} is not a sha256 hex hash → document")
        if document_hash(document) != key:
            raise ManifestError(f"{path}: entry {key} is not the sha256 of its document")
        manifest[key] = document
    return manifest


def build_manifest(files: Iterable[Path]) -> dict[str, str]:
    """sha256 → document for each file, its text exactly as the client will send it."""
    return {document_hash(text): text for text in (f.read_text(encoding="utf-8") for f in files)}


class PersistedQueryProblem(Exception):
    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def requested_hash(extensions: Mapping[str, Any] | None, document_id: Any) -> str | None:
    """The hash a request names, if any; raises on a malformed one."""
    if document_id is not None:
        if not isinstance(document_id, str) or not document_id.startswith("sha256:"):
            raise PersistedQueryProblem(
                ErrorCode.BAD_REQUEST, 'documentId must be "sha256:" and a hex SHA-256 hash.'
            )
        return _checked_hash(document_id.removeprefix("sha256:"))
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryProblem(
            ErrorCode.BAD_REQUEST, "extensions.persistedQuery must be {version: 1, sha256Hash}."
        )
    return _checked_hash(persisted.get("sha256Hash"))


def _checked_hash(value: Any) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value.lower()):
        raise PersistedQueryProblem(
            ErrorCode.BAD_REQUEST, "A persisted query's hash is 64 hex digits of SHA-256."
        )
    return value.lower()


class PersistedDocuments:
    """The manifest, and the APQ store (LRU by count and bytes, this process only)."""

    def __init__(
        self,
        manifest: Mapping[str, str] | None,
        *,
        trusted_only: bool,
        apq_size: int,
        apq_bytes: int | None = None,
    ) -> None:
        self.manifest = dict(manifest or {})
        self.trusted_only = trusted_only
        self.apq_size = 0 if trusted_only else apq_size
        self._apq: BytesLRU[str, str] = BytesLRU(apq_bytes, max_entries=self.apq_size)

    def _lookup(self, sha: str) -> str | None:
        found = self.manifest.get(sha)
        if found is None:
            found = self._apq.get(sha)
        return found

    def resolve(self, query: str | None, sha: str | None) -> tuple[str, str | None]:
        """The document to run, and the hash to register once it has validated (APQ)."""
        if sha is None:
            if query is None:
                raise PersistedQueryProblem(ErrorCode.BAD_REQUEST, "The request has no query.")
            if self.trusted_only and document_hash(query) not in self.manifest:
                raise PersistedQueryProblem(
                    ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
                    "This server runs trusted documents only; this one is not registered.",
                )
            return query, None
        if query is None:
            found = self._lookup(sha)
            if found is None:
                raise PersistedQueryProblem(
                    ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound"
                )
            return found, None
        if document_hash(query) != sha:
            raise PersistedQueryProblem(
                ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
                "The query's SHA-256 is not the hash sent with it.",
            )
        if sha in self.manifest:
            return query, None
        if self.trusted_only or not self.apq_size:
            raise PersistedQueryProblem(
                ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
                "This server does not register persisted queries; only trusted documents run.",
            )
        return query, sha

    def register(self, sha: str, query: str) -> None:
        if not self.apq_size:
            return
        self._apq[sha] = query
