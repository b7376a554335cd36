"""One settings object, read from the environment (and an optional `.env` file)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./civicgraph.db"

#: Signs and verifies development tokens (`civicgraph token`). A production start refuses it.
DEVELOPMENT_JWT_SECRET = "civicgraph-development-secret-not-for-production"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


#: prometheus_client's multiprocess folder: set by `civicgraph serve` for its workers before they
#: import core.metrics (here, so that the serving parent need not import prometheus_client).
METRICS_MULTIPROCESS_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"


class Settings(BaseSettings):
    """Every knob of the service. Names are the environment variables, prefixed `CIVICGRAPH_`,
    except `DATABASE_URL`, which is read as is."""

    model_config = SettingsConfigDict(env_prefix="CIVICGRAPH_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("DATABASE_URL", "CIVICGRAPH_DATABASE_URL"),
        description="sqlite+aiosqlite:///path.db (embedded default) or postgresql+asyncpg://…",
    )
    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    log_level: str = "info"
    auto_migrate: bool | None = Field(
        default=None,
        description="Run migrations at start-up. Default: on for SQLite, off for PostgreSQL.",
    )
    seed_if_empty: bool | None = Field(
        default=None,
        description="Load the shipped data when the database is empty. Default: on for SQLite.",
    )
    default_page_size: int = Field(default=20, ge=1)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    pool_size: int = Field(default=10, ge=1)
    graphiql: bool | None = Field(
        default=None, description="Serve GraphiQL at /graphql. Default: development only."
    )
    echo_sql: bool = False
    tracing: bool = Field(
        default=False,
        description="Export OpenTelemetry traces over OTLP (also on when OTEL_EXPORTER_OTLP_* "
        "names a destination; core/tracing.py).",
    )
    metrics: bool = Field(
        default=True, description="Serve Prometheus metrics at /metrics (core/metrics.py)."
    )
    compiled_reads: bool = Field(
        default=True,
        description="Answer the queries it covers with one SQL statement building the JSON.",
    )
    subgraph: Literal["municipalities", "ministry", "councils"] | None = Field(
        default=None,
        description=(
            "Serve this one subgraph alone at /graphql (a scale-out process behind a gateway). "
            "Default: the merged graph at /graphql and every subgraph at /subgraphs/<name>/graphql."
        ),
    )

    # Who is calling: bearer tokens (JWT). With a public key or a JWKS URL, tokens are verified
    # against it (asymmetric algorithms only); otherwise with the shared secret (HS256).
    jwt_secret: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_JWT_SECRET),
        description="HS256 secret; the default is for development and refused in production.",
    )
    jwt_public_key: str | None = Field(
        default=None, description="PEM public key the identity provider signs tokens with."
    )
    jwt_jwks_url: str | None = Field(
        default=None, description="JWKS URL of the identity provider (keys chosen by `kid`)."
    )
    jwt_algorithms: list[str] = Field(
        default=["RS256", "ES256"],
        description="Algorithms accepted with a public key or JWKS (never HS* there).",
    )
    jwt_issuer: str = Field(default="civicgraph-development", description="Expected `iss`.")
    jwt_audience: str = Field(default="civicgraph", description="Expected `aud`.")
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=300)

    # What one request may cost (README, "Running in production"). Each limit rejects with HTTP
    # 400 and one error carrying a code; 0 turns a limit off.
    max_depth: int = Field(default=15, ge=0, description="Fields nested in fields.")
    max_aliases: int = Field(default=30, ge=0, description="Aliased fields in an operation.")
    max_tokens: int = Field(default=2000, ge=0, description="Lexical tokens in a document.")
    max_directives: int = Field(default=30, ge=0, description="Directives in an operation.")
    max_root_fields: int = Field(default=20, ge=0, description="Fields at the operation's root.")
    max_cost: int = Field(
        default=25_000, ge=0, description="Objects an operation may ask for (graph/limits.py)."
    )
    max_body_bytes: int = Field(default=512 * 1024, ge=1024, description="HTTP 413 beyond.")
    max_query_bytes: int = Field(
        default=32 * 1024,
        ge=0,
        description="UTF-8 bytes of one GraphQL document (QUERY_TOO_LARGE beyond).",
    )
    max_list_length: int = Field(
        default=100,
        ge=0,
        description="Values in one list argument, literal or variable (BAD_USER_INPUT beyond).",
    )
    cache_budget_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=0,
        description="Bytes each per-document cache (parsed, validated, compiled, APQ) may hold.",
    )
    request_timeout_seconds: float = Field(
        default=15.0, ge=0, description="Execution time; on PostgreSQL also statement_timeout."
    )
    batching: bool = Field(default=False, description="Accept a JSON array of operations.")
    max_batch_size: int = Field(default=10, ge=1)
    introspection: bool | None = Field(
        default=None, description="Allow __schema/__type and _service. Default: development."
    )
    field_suggestions: bool | None = Field(
        default=None, description='"Did you mean …" in errors. Default: development only.'
    )
    # Trusted documents (persisted queries).
    trusted_documents_path: Path | None = Field(
        default=None, description="JSON manifest: sha256 hex of a document → the document."
    )
    trusted_documents_only: bool = Field(
        default=False, description="Refuse any document the manifest does not hold."
    )
    apq_cache_size: int = Field(
        default=1000, ge=0, description="Automatic persisted queries kept in memory (0: off)."
    )
    # Rate limits: operations per window, per verified token subject or per client address.
    rate_limit_operations: int = Field(default=600, ge=0, description="Per token; 0: off.")
    rate_limit_anonymous_operations: int = Field(
        default=300, ge=0, description="Per client address without a token; 0: off."
    )
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    rate_limit_storage: str = Field(
        default="memory://",
        description=(
            "Where the counts live: memory:// (this process) or redis://host:port/db "
            "(shared by every worker and host; production)."
        ),
    )
    # The gateway in front: the only caller that may ask for federated traces (ftv1).
    gateway_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Shared secret the gateway sends in `X-Gateway-Secret`; only requests carrying it "
            "get ftv1 traces. Unset: the trace header is ignored."
        ),
    )
    log_format: Literal["json", "text"] | None = Field(
        default=None, description="Log lines: JSON in production, readable text otherwise."
    )
    # Attachments (db/blobs.py, web/attachments.py).
    attachment_store: Literal["filesystem"] = Field(
        default="filesystem",
        description=(
            "Where attachments' bytes live. One backend, a directory (content-addressed by "
            "sha256); production mounts a shared volume there. db/blobs.py's `BlobStore` is the "
            "interface another backend would implement."
        ),
    )
    attachment_dir: str | None = Field(
        default=None,
        description=(
            "The attachments' directory. Default: `<the SQLite file>.files/` beside the embedded "
            "database (./civicgraph.db.files/), `./civicgraph-files/` on PostgreSQL."
        ),
    )
    attachment_max_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1, description="The largest file one upload may carry."
    )
    upload_max_request_bytes: int = Field(
        default=25 * 1024 * 1024,
        ge=1,
        description="The largest multipart request (every file and the operation together).",
    )
    upload_max_files: int = Field(default=5, ge=1, description="Files in one multipart request.")
    attachment_sweep_grace_seconds: int = Field(
        default=3600,
        ge=0,
        description=(
            "A stored file no attachment names is swept once it is older than this: an upload "
            "in progress (file stored, row not yet committed) is never swept."
        ),
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.default_page_size > self.max_page_size:
            raise ValueError("CIVICGRAPH_DEFAULT_PAGE_SIZE exceeds CIVICGRAPH_MAX_PAGE_SIZE")
        if self.is_production and self.graphiql:
            raise ValueError("GraphiQL is a development tool: it is never served in production")
        if not self.rate_limit_storage.startswith(("memory://", "redis://", "rediss://")):
            raise ValueError("CIVICGRAPH_RATE_LIMIT_STORAGE is memory:// or redis://host:port/db")
        if self.trusted_documents_only and self.trusted_documents_path is None:
            raise ValueError(
                "CIVICGRAPH_TRUSTED_DOCUMENTS_ONLY needs CIVICGRAPH_TRUSTED_DOCUMENTS_PATH"
            )
        return self

    @property
    def uses_jwt_secret(self) -> bool:
        """True when tokens are verified with the shared secret (no public key, no JWKS)."""
        return self.jwt_public_key is None and self.jwt_jwks_url is None

    def check_production_start(self) -> None:
        """Fail fast: a production start never runs on the development token secret, nor on a
        guessable gateway secret."""
        if not self.is_production:
            return
        if self.gateway_secret is not None and len(self.gateway_secret.get_secret_value()) < 32:
            raise ValueError("CIVICGRAPH_GATEWAY_SECRET is shorter than 32 characters")
        if not self.uses_jwt_secret:
            return
        secret = self.jwt_secret.get_secret_value()
        if secret == DEVELOPMENT_JWT_SECRET:
            raise ValueError(
                "CIVICGRAPH_JWT_SECRET is the development default: in production set "
                "CIVICGRAPH_JWT_PUBLIC_KEY or CIVICGRAPH_JWT_JWKS_URL (or a secret of your own)"
            )
        if len(secret) < 32:
            raise ValueError("CIVICGRAPH_JWT_SECRET is shorter than 32 characters")

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def attachments_path(self) -> str:
        """The attachments' directory (`attachment_dir`, or its default)."""
        if self.attachment_dir is not None:
            return self.attachment_dir
        if self.is_sqlite:
            path = self.database_url.split("///", 1)[-1].split("?", 1)[0]
            if path and path != ":memory:":
                return f"{path}.files"
        return "./civicgraph-files"

    @property
    def should_auto_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate

    @property
    def should_seed_if_empty(self) -> bool:
        return self.is_sqlite if self.seed_if_empty is None else self.seed_if_empty

    @property
    def serve_graphiql(self) -> bool:
        return (not self.is_production) if self.graphiql is None else self.graphiql

    @property
    def allow_introspection(self) -> bool:
        return (not self.is_production) if self.introspection is None else self.introspection

    @property
    def show_field_suggestions(self) -> bool:
        if self.field_suggestions is None:
            return not self.is_production
        return self.field_suggestions

    @property
    def logs_as_json(self) -> bool:
        return self.is_production if self.log_format is None else self.log_format == "json"


@lru_cache
def get_settings() -> Settings:
    return Settings()
