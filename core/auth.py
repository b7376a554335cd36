"""Who is calling: bearer tokens (JWT), verified with PyJWT, turned into a `Viewer`.

A token carries a `role` and, for the roles that act for someone, its scope: a mayor's office acts for
one municipality (`municipality_id`), a committee member is one mayor (`mayor_id`). Production
verifies tokens against the identity provider's public key or JWKS URL, with issuer and audience;
development signs and verifies them with a shared secret (`civicgraph token` mints them).
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import jwt

from core.caches import BytesLRU
from core.settings import Settings

#: The header a client sends to ask for a federated trace (ftv1) of its operation.
TRACE_HEADER: Final = "apollo-federation-include-trace"
#: The header the gateway sends with `CIVICGRAPH_GATEWAY_SECRET`.
GATEWAY_SECRET_HEADER: Final = "x-gateway-secret"
#: The English and Persian words of a refused token, wherever one is refused.
TOKEN_REFUSED_FA: Final = "توکن دسترسی پذیرفته نشد (منقضی، جعلی یا نادرست است)؛ دوباره وارد شوید."


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
    # A district's neighbourhood councils (seed 001). Each acts as one post of the district
    # (`post_id`: a row of district_post holding the office the role names).
    #: شورایار: a member of a neighbourhood council; fills in small-project forms.
    NEIGHBOURHOOD_COUNCILLOR = "NEIGHBOURHOOD_COUNCILLOR"
    #: دبیر کارگروه محله: signs a form first.
    NEIGHBOURHOOD_WG_SECRETARY = "NEIGHBOURHOOD_WG_SECRETARY"
    #: دبیر کارگروه منطقه: signs second; raises escalations.
    DISTRICT_WG_SECRETARY = "DISTRICT_WG_SECRETARY"
    #: رابط شورایاری منطقه: signs third.
    DISTRICT_LIAISON = "DISTRICT_LIAISON"
    #: معاون برنامه‌ریزی منطقه: signs fourth.
    PLANNING_DEPUTY = "PLANNING_DEPUTY"
    #: شهردار منطقه: signs last; the form then goes to the headquarters.
    DISTRICT_MAYOR = "DISTRICT_MAYOR"
    #: Another deputy of the district (urban services, technical, …): meets its working groups.
    DISTRICT_DEPUTY = "DISTRICT_DEPUTY"
    #: A member (or the chair) of the district's presiding board of neighbourhood councils.
    PRESIDING_BOARD = "PRESIDING_BOARD"
    #: ستاد شورایاری‌ها: the city's neighbourhood councils' headquarters (no post: city-wide).
    COUNCILS_HEADQUARTERS = "COUNCILS_HEADQUARTERS"
    #: Article 100 (building violations), each for one city (`municipality_id`): the
    #: municipality's building inspector, who reports violations;
    ARTICLE100_INSPECTOR = "ARTICLE100_INSPECTOR"
    #: the management (secretariat) of the city's centralised Article 100 commissions: refers
    #: cases, holds sessions, records verdicts, notices, appeals and finality;
    ARTICLE100_SECRETARIAT = "ARTICLE100_SECRETARIAT"
    #: a member of one of the city's Article 100 commissions: reads the cases before them;
    ARTICLE100_MEMBER = "ARTICLE100_MEMBER"
    #: the office supervising the execution of verdicts (اداره اجرای احکام): executes final
    #: verdicts and closes cases.
    EXECUTION_OFFICE = "EXECUTION_OFFICE"


#: The roles that act as one post of a district (their tokens carry `post_id`).
DISTRICT_ROLES = frozenset(
    {
        Role.NEIGHBOURHOOD_COUNCILLOR,
        Role.NEIGHBOURHOOD_WG_SECRETARY,
        Role.DISTRICT_WG_SECRETARY,
        Role.DISTRICT_LIAISON,
        Role.PLANNING_DEPUTY,
        Role.DISTRICT_MAYOR,
        Role.DISTRICT_DEPUTY,
        Role.PRESIDING_BOARD,
    }
)

#: The ministry's roles: they see every municipality's drafts.
MINISTRY_ROLES = frozenset({Role.MINISTRY_REVIEWER, Role.MINISTRY_ANALYST, Role.ADMINISTRATOR})

#: The Article 100 roles: each acts for one city's commissions (its token's `municipality_id`).
ARTICLE100_ROLES = frozenset(
    {
        Role.ARTICLE100_INSPECTOR,
        Role.ARTICLE100_SECRETARIAT,
        Role.ARTICLE100_MEMBER,
        Role.EXECUTION_OFFICE,
    }
)

#: The roles whose token names a municipality (`municipality_id`).
MUNICIPAL_ROLES = frozenset({Role.MAYOR_OFFICE, *ARTICLE100_ROLES})


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
    #: The district post a district role acts as (district_post.id).
    post_id: int | None = None
    token_error: str | None = None
    #: When the token stops being valid (its `exp`, Unix seconds); a subscription ends then.
    expires_at: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not None

    def refused_message(self) -> str:
        """Why the token was refused, for the caller (English; TOKEN_REFUSED_FA in Persian)."""
        return f"The bearer token was refused: {self.token_error}."

    @property
    def key(self) -> str:
        """Identifies the caller, for scoping idempotency keys."""
        return f"{self.role}:{self.subject}"

    @property
    def actor(self) -> str:
        """How the caller is named in a draft's history."""
        scope = ""
        if self.role in MUNICIPAL_ROLES:
            scope = f" (municipality {self.municipality_id})"
        elif self.role is Role.COMMITTEE_MEMBER:
            scope = f" (mayor {self.mayor_id})"
        elif self.post_id is not None:
            scope = f" (post {self.post_id})"
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
    municipality_id = _claim_id(claims, "municipality_id") if role in MUNICIPAL_ROLES else None
    mayor_id = _claim_id(claims, "mayor_id") if role is Role.COMMITTEE_MEMBER else None
    post_id = _claim_id(claims, "post_id") if role in DISTRICT_ROLES else None
    subject = str(claims.get("sub") or "")
    if not subject:
        raise AuthenticationFailed("the token has no `sub` claim")
    expires = claims.get("exp")
    return Viewer(
        role=role,
        subject=subject[:100],
        name=str(claims.get("name") or "")[:100],
        municipality_id=municipality_id,
        mayor_id=mayor_id,
        post_id=post_id,
        expires_at=int(expires) if isinstance(expires, int | float) else None,
    )


def gateway_trace_requested(headers: Mapping[str, str], settings: Settings) -> bool:
    """True when a request asks for a federated trace (ftv1) AND comes from the gateway: it
    carries the shared `CIVICGRAPH_GATEWAY_SECRET`. Without a configured secret no request is
    traced; anyone else's trace header is ignored (a traced request skips the fast path, and a
    trace is meant for the gateway's eyes)."""
    secret = settings.gateway_secret
    if secret is None or headers.get(TRACE_HEADER, "").lower() != "ftv1":
        return False
    sent = headers.get(GATEWAY_SECRET_HEADER)
    return sent is not None and hmac.compare_digest(
        sent.encode(), secret.get_secret_value().encode()
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
        #: Tokens that verified, until they expire: a caller's next requests cost a lookup.
        #: Refused tokens are not kept (a flood of made-up ones must not fill it).
        self._verified: BytesLRU[str, Viewer] = BytesLRU(
            1024 * 1024, weigh=lambda token, _: 2 * len(token) + 400
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
        known: Viewer | None = self._verified.get(token)
        if known is not None:
            if known.expires_at is not None and time.time() < known.expires_at:
                return known
            self._verified.pop(token)
        viewer = await self._verify(token)
        self._verified[token] = viewer
        return viewer

    async def _verify(self, token: str) -> Viewer:
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
    post_id: int | None = None,
    subject: str | None = None,
    name: str | None = None,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
) -> str:
    """A development token signed with the shared secret (never in production)."""
    if settings.is_production:
        raise ValueError("development tokens are not minted in production")
    if role in MUNICIPAL_ROLES and municipality_id is None:
        raise ValueError(f"a {role.value} token needs a municipality id")
    if role is Role.COMMITTEE_MEMBER and mayor_id is None:
        raise ValueError("a COMMITTEE_MEMBER token needs a mayor id")
    if role in DISTRICT_ROLES and post_id is None:
        raise ValueError(f"a {role.value} token needs a post id")
    issued = now or datetime.now(UTC)
    scope = (
        municipality_id
        if role in MUNICIPAL_ROLES
        else post_id
        if role in DISTRICT_ROLES
        else mayor_id
    )
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
    if role in MUNICIPAL_ROLES:
        claims["municipality_id"] = municipality_id
    if role is Role.COMMITTEE_MEMBER:
        claims["mayor_id"] = mayor_id
    if role in DISTRICT_ROLES:
        claims["post_id"] = post_id
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
