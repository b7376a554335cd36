"""Who is calling: bearer tokens (JWT), verified with PyJWT, turned into a `Viewer`.

A token carries a `role` and, for the roles that act for someone, its scope: a mayor's office acts for
one municipality (`municipality_id`), a committee member is one mayor (`mayor_id`). Production
verifies tokens against the identity provider's public key or JWKS URL, with issuer and audience;
development signs and verifies them with a shared secret (`civicgraph token` mints them).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import jwt

from core.settings import Settings


class Role(StrEnum):
    MAYOR_OFFICE = "MAYOR_OFFICE"
    COMMITTEE_MEMBER = "COMMITTEE_MEMBER"
    MINISTRY_REVIEWER = "MINISTRY_REVIEWER"
    MINISTRY_ANALYST = "MINISTRY_ANALYST"
    ADMINISTRATOR = "ADMINISTRATOR"
    #: The union of municipalities' secretariat: runs its elections. The union is
    #: non-governmental, so neither the ministry nor the service's administrator does.
    UNION_SECRETARIAT = "UNION_SECRETARIAT"
    #: The secretariat of the metropolises' technical and civil-works commission: records its
    #: topics and follows up its resolutions.
    COMMISSION_SECRETARIAT = "COMMISSION_SECRETARIAT"


#: The ministry's roles: they see every municipality's drafts.
MINISTRY_ROLES = frozenset({Role.MINISTRY_REVIEWER, Role.MINISTRY_ANALYST, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Viewer:
    """The caller of one request. Anonymous when no token came; `token_error` says why a token
    that did come was refused (the caller is then treated as anonymous, and anything that needs a
    caller answers UNAUTHENTICATED with that reason)."""

    role: Role | None = None
    subject: str = ""
    name: str = ""
    municipality_id: int | None = None
    mayor_id: int | None = None
    token_error: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    @property
    def key(self) -> str:
        """Identifies the caller, for scoping idempotency keys."""
        return f"{self.role}:{self.subject}"

    @property
    def actor(self) -> str:
        """How the caller is named in a draft's history."""
        scope = ""
        if self.role is Role.MAYOR_OFFICE:
            scope = f" (municipality {self.municipality_id})"
        elif self.role is Role.COMMITTEE_MEMBER:
            scope = f" (mayor {self.mayor_id})"
        return f"{self.name or self.subject} [{self.role}{scope}]"[:200]


ANONYMOUS = Viewer()


class AuthenticationFailed(Exception):
    """A token was presented and is not acceptable (expired, forged, malformed, wrong claims)."""


def _claim_id(claims: dict[str, Any], name: str) -> int:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise AuthenticationFailed(f"the token has no valid `{name}` claim")
    text = str(value)
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**31):
        raise AuthenticationFailed(f"the token has no valid `{name}` claim")
    return int(text)


def viewer_from_claims(claims: dict[str, Any]) -> Viewer:
    try:
        role = Role(str(claims.get("role")))
    except ValueError:
        raise AuthenticationFailed("the token's `role` claim is not a known role") from None
    municipality_id = _claim_id(claims, "municipality_id") if role is Role.MAYOR_OFFICE else None
    mayor_id = _claim_id(claims, "mayor_id") if role is Role.COMMITTEE_MEMBER else None
    subject = str(claims.get("sub") or "")
    if not subject:
        raise AuthenticationFailed("the token has no `sub` claim")
    return Viewer(
        role=role,
        subject=subject[:100],
        name=str(claims.get("name") or "")[:100],
        municipality_id=municipality_id,
        mayor_id=mayor_id,
    )


class TokenVerifier:
    """Verifies bearer tokens as the settings say. Made once per process (it caches JWKS keys)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jwks = (
            jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, lifespan=300)
            if settings.jwt_jwks_url
            else None
        )

    async def _key(self, token: str) -> tuple[Any, list[str]]:
        if self._jwks is not None:
            # PyJWKClient fetches over blocking HTTP: keep it off the event loop.
            signing_key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
            return signing_key.key, self.settings.jwt_algorithms
        if self.settings.jwt_public_key is not None:
            return self.settings.jwt_public_key, self.settings.jwt_algorithms
        return self.settings.jwt_secret.get_secret_value(), ["HS256"]

    async def verify(self, token: str) -> Viewer:
        """The caller a token names, or AuthenticationFailed with a reason a person can read."""
        try:
            key, algorithms = await self._key(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                leeway=self.settings.jwt_leeway_seconds,
                options={"require": ["exp", "sub", "role"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationFailed("the token has expired") from None
        except jwt.InvalidSignatureError:
            raise AuthenticationFailed("the token's signature is not valid") from None
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError) as exc:
            raise AuthenticationFailed(f"the token is not meant for this service: {exc}") from None
        except jwt.MissingRequiredClaimError as exc:
            raise AuthenticationFailed(f"the token lacks a claim: {exc}") from None
        except (jwt.PyJWKClientError, jwt.DecodeError, jwt.InvalidTokenError) as exc:
            raise AuthenticationFailed(f"the token is malformed: {exc}") from None
        return viewer_from_claims(claims)

    async def viewer(self, authorization: str | None) -> Viewer:
        """The caller of a request from its `Authorization` header (anonymous without one)."""
        if authorization is None or not authorization.strip():
            return ANONYMOUS
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return Viewer(token_error="the Authorization header is not `Bearer <token>`")
        try:
            return await self.verify(token.strip())
        except AuthenticationFailed as exc:
            return Viewer(token_error=str(exc))


def mint_token(
    settings: Settings,
    role: Role,
    *,
    municipality_id: int | None = None,
    mayor_id: int | None = None,
    subject: str | None = None,
    name: str | None = None,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
) -> str:
    """A development token signed with the shared secret (never in production)."""
    if settings.is_production:
        raise ValueError("development tokens are not minted in production")
    if role is Role.MAYOR_OFFICE and municipality_id is None:
        raise ValueError("a MAYOR_OFFICE token needs a municipality id")
    if role is Role.COMMITTEE_MEMBER and mayor_id is None:
        raise ValueError("a COMMITTEE_MEMBER token needs a mayor id")
    issued = now or datetime.now(UTC)
    scope = municipality_id if role is Role.MAYOR_OFFICE else mayor_id
    default_subject = f"{role.value.lower()}-{scope if scope is not None else 'dev'}"
    claims: dict[str, Any] = {
        "sub": subject or default_subject,
        "role": role.value,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
    }
    if name:
        claims["name"] = name
    if role is Role.MAYOR_OFFICE:
        claims["municipality_id"] = municipality_id
    if role is Role.COMMITTEE_MEMBER:
        claims["mayor_id"] = mayor_id
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
