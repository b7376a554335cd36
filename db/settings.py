"""One settings object, read from the environment (and an optional `.env` file)."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./civicgraph.db"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


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

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.default_page_size > self.max_page_size:
            raise ValueError("CIVICGRAPH_DEFAULT_PAGE_SIZE exceeds CIVICGRAPH_MAX_PAGE_SIZE")
        if self.is_production and self.graphiql:
            raise ValueError("GraphiQL is a development tool: it is never served in production")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def should_auto_migrate(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate

    @property
    def should_seed_if_empty(self) -> bool:
        return self.is_sqlite if self.seed_if_empty is None else self.seed_if_empty

    @property
    def serve_graphiql(self) -> bool:
        return (not self.is_production) if self.graphiql is None else self.graphiql


@lru_cache
def get_settings() -> Settings:
    return Settings()
