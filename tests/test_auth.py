"""Bearer tokens: what is accepted, what is refused and why, the `viewer` field, the development
token command, and a production start that refuses the development secret."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from cli import main
from core.auth import Role, TokenVerifier, mint_token
from core.settings import DEVELOPMENT_JWT_SECRET, Environment, Settings
from server import create_app
from tests.conftest import GraphQLClient
from tests.http_client import http_client
from tests.ids import gid

VIEWER = "{ viewer { role subject municipalityId mayorId } }"
MUTATION_WITHDRAW = """mutation { draftDirectiveWithdraw(input: {id: "RHJhZnREaXJlY3RpdmU6MQ==", reason: "x"})
                       { errors { code } } }"""
SETTINGS = Settings(database_url="sqlite+aiosqlite:///unused.db")


def _claims(**change: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {
        "sub": "office-7",
        "role": "MAYOR_OFFICE",
        "municipality_id": 7,
        "iss": SETTINGS.jwt_issuer,
        "aud": SETTINGS.jwt_audience,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        **change,
    }
    return {k: v for k, v in claims.items() if v is not None}


def _signed(claims: dict[str, Any], key: str = DEVELOPMENT_JWT_SECRET) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


async def test_a_minted_token_names_its_role_and_scope() -> None:
    token = mint_token(SETTINGS, Role.COMMITTEE_MEMBER, mayor_id=12, name="شهردار")

    viewer = await TokenVerifier(SETTINGS).viewer(f"Bearer {token}")

    assert (viewer.role, viewer.mayor_id, viewer.municipality_id) == (
        Role.COMMITTEE_MEMBER,
        12,
        None,
    )
    assert viewer.token_error is None
    assert "شهردار" in viewer.actor


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [
        ("Bearer " + _signed(_claims(exp=1)), "expired"),
        ("Bearer " + _signed(_claims(), "another secret, long enough for HS256!"), "signature"),
        ("Bearer not.a.token", "malformed"),
        ("Bearer " + _signed(_claims(aud="someone-else")), "not meant for this service"),
        ("Bearer " + _signed(_claims(iss="someone-else")), "not meant for this service"),
        ("Bearer " + _signed(_claims(role="MAYOR")), "not a known role"),
        ("Bearer " + _signed(_claims(municipality_id=None)), "municipality_id"),
        ("Bearer " + _signed(_claims(exp=None)), "lacks a claim"),
        ("Bearer " + jwt.encode(_claims(), "", algorithm="none"), "malformed"),
        ("Basic dXNlcjpwYXNz", "Bearer"),
    ],
)
async def test_refused_tokens_say_why(authorization: str, reason: str) -> None:
    viewer = await TokenVerifier(SETTINGS).viewer(authorization)

    assert viewer.role is None
    assert viewer.token_error is not None
    assert reason in viewer.token_error


async def test_production_verifies_with_the_identity_providers_public_key() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings = Settings(
        database_url="sqlite+aiosqlite:///unused.db",
        environment=Environment.PRODUCTION,
        jwt_public_key=public,
        jwt_issuer="https://id.example.ir",
        jwt_audience="civicgraph",
    )
    claims = _claims(iss="https://id.example.ir", role="MINISTRY_ANALYST")
    verifier = TokenVerifier(settings)

    good = await verifier.viewer("Bearer " + jwt.encode(claims, private, algorithm="RS256"))
    shared = await verifier.viewer("Bearer " + _signed(claims))

    assert good.role is Role.MINISTRY_ANALYST
    assert shared.role is None  # a development (HS256) token is not accepted there
    settings.check_production_start()


def test_a_production_start_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(database_url="sqlite+aiosqlite:///x.db", environment=Environment.PRODUCTION)

    with pytest.raises(ValueError, match="development default"):
        settings.check_production_start()
    monkeypatch.setattr("cli.get_settings", lambda: settings)
    with pytest.raises(SystemExit, match="refusing to start"):
        main(["serve"])
    Settings(
        database_url="sqlite+aiosqlite:///x.db",
        environment=Environment.PRODUCTION,
        jwt_secret=SecretStr("a production secret of more than thirty-two characters"),
    ).check_production_start()


def test_a_production_start_refuses_a_short_gateway_secret() -> None:
    settings = Settings(
        database_url="sqlite+aiosqlite:///x.db",
        environment=Environment.PRODUCTION,
        jwt_secret=SecretStr("a production secret of more than thirty-two characters"),
        gateway_secret=SecretStr("short"),
    )

    with pytest.raises(ValueError, match="GATEWAY_SECRET"):
        settings.check_production_start()


async def test_the_app_does_not_start_in_production_on_the_development_secret(
    engine: AsyncEngine,
) -> None:
    settings = Settings(database_url="sqlite+aiosqlite:///x.db", environment=Environment.PRODUCTION)
    app = create_app(settings, engine=engine)

    with pytest.raises(ValueError, match="development default"):
        async with app.router.lifespan_context(app):
            pass


def test_the_token_command_mints_development_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "--role", "MAYOR_OFFICE", "--municipality", "3", "--ttl", "5"]) == 0
    token = capsys.readouterr().out.strip()

    claims = jwt.decode(token, DEVELOPMENT_JWT_SECRET, algorithms=["HS256"], audience="civicgraph")
    assert (claims["role"], claims["municipality_id"]) == ("MAYOR_OFFICE", 3)
    assert claims["exp"] - claims["iat"] == 300
    with pytest.raises(SystemExit, match="municipality id"):
        main(["token", "--role", "MAYOR_OFFICE"])


async def test_viewer(gql: GraphQLClient) -> None:
    token = mint_token(gql.settings, Role.MAYOR_OFFICE, municipality_id=4, subject="office-4")

    anonymous = await gql.data(VIEWER)
    known = await gql.data(VIEWER, token=token)
    refused = await gql.error_codes(VIEWER, token="garbage")

    assert anonymous == {"viewer": None}
    assert known["viewer"] == {
        "role": "MAYOR_OFFICE",
        "subject": "office-4",
        "municipalityId": gid("Municipality", 4),
        "mayorId": None,
    }
    assert refused == ["UNAUTHENTICATED"]


async def test_public_reads_need_no_token(gql: GraphQLClient) -> None:
    query = "{ provinces { id } }"

    assert (await gql.data(query))["provinces"]


async def test_the_bearer_token_travels_over_http(settings: Settings, engine: AsyncEngine) -> None:
    app = create_app(settings, engine=engine)
    mutation = """mutation { draftDirectiveWithdraw(input: {id: "RHJhZnREaXJlY3RpdmU6MQ==", reason: "x"})
                  { errors { code message } } }"""
    analyst = mint_token(settings, Role.MINISTRY_ANALYST)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        answers = [
            (await client.post("/graphql", json={"query": mutation}, headers=headers)).json()
            for headers in ({}, {"Authorization": f"Bearer {analyst}"})
        ]

    errors = [a["data"]["draftDirectiveWithdraw"]["errors"][0] for a in answers]
    assert [e["code"] for e in errors] == ["UNAUTHENTICATED", "FORBIDDEN"]


@pytest.mark.parametrize("operation", ["{ provinces { id } }", MUTATION_WITHDRAW])
@pytest.mark.parametrize(
    "authorization", ["Bearer expired.or.forged", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 40]
)
async def test_a_token_that_does_not_verify_is_refused_on_every_operation(
    settings: Settings, engine: AsyncEngine, operation: str, authorization: str
) -> None:
    """Reads included: a refused token is a 401, never the anonymous caller's answer."""
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql", json={"query": operation}, headers={"Authorization": authorization}
        )

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"].startswith("The bearer token was refused")
    assert error["extensions"]["messageFa"]
    assert "data" not in response.json()


async def test_an_expired_or_alg_none_token_is_refused(
    settings: Settings, engine: AsyncEngine
) -> None:
    expired = mint_token(
        settings,
        Role.MINISTRY_ANALYST,
        ttl=timedelta(seconds=1),
        now=datetime(2020, 1, 1, tzinfo=UTC),
    )
    unsigned = jwt.encode(_claims(), key=None, algorithm="none")  # type: ignore[arg-type]
    async with http_client(settings, engine) as client:
        statuses = [
            (
                await client.post(
                    "/graphql",
                    json={"query": "{ provinces { id } }"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            ).status_code
            for token in (expired, unsigned)
        ]

    assert statuses == [401, 401]


@pytest.mark.parametrize("public_key", [False, True])
def test_a_serving_process_loads_the_public_key_library_only_for_public_keys(
    public_key: bool,
) -> None:
    # `serve` and each worker prepare their process before importing the application: with the
    # shared secret, PyJWT comes without `cryptography` and verifies HS256 alone; with a public
    # key it has it, and verifies RS256. In a fresh interpreter: the suite's own has loaded it.
    import subprocess
    import sys
    from pathlib import Path

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    token = jwt.encode(_claims(), private, algorithm="RS256") if public_key else _signed(_claims())
    program = f"""
import asyncio, sys
import cli
from core.settings import Settings
settings = Settings(
    jwt_secret={DEVELOPMENT_JWT_SECRET!r}, jwt_public_key={pem if public_key else None!r}
)
cli._lean_serving_process(settings)
import server  # the application, as a worker imports it
from core.auth import TokenVerifier
viewer = asyncio.run(TokenVerifier(settings).verify({token!r}))
print(viewer.role.value, sys.modules.get("cryptography") is not None)
"""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["MAYOR_OFFICE", str(public_key)]
