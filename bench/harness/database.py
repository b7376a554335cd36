"""The benchmark database: created, migrated and filled with the national-scale sample once, then
reused; PostGraphile's helper views recreated on every run."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import asyncpg

from harness.targets import POSTGRAPHILE_DIR, REPO, Database

#: Below these row counts the database is taken as not (fully) seeded.
MIN_ROWS = {"municipality": 1_000, "draft_directive": 100_000, "social_security_obligation": 1}


def seed_fingerprint() -> str:
    """What the sample depends on: the seed code and the migrations."""
    digest = hashlib.sha256()
    for pattern in ("db/seed/*.py", "db/migrations/versions/*.py"):
        for path in sorted(REPO.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


async def _fetch(db: Database, sql: str, *args: Any, database: str | None = None) -> list[Any]:
    conn = await asyncpg.connect(
        host=db.host, port=db.port, user=db.user, database=database or db.name
    )
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


def fetch(db: Database, sql: str, *args: Any, database: str | None = None) -> list[Any]:
    return asyncio.run(_fetch(db, sql, *args, database=database))


async def _execute(db: Database, sql: str, database: str | None = None) -> None:
    conn = await asyncpg.connect(
        host=db.host, port=db.port, user=db.user, database=database or db.name
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def execute(db: Database, sql: str, database: str | None = None) -> None:
    asyncio.run(_execute(db, sql, database=database))


def _civicgraph(python: str, db: Database, *args: str) -> None:
    exe = Path(python).parent / "civicgraph"
    command = [str(exe)] if exe.exists() else [python, str(REPO / "cli.py")]
    env = {**os.environ, "DATABASE_URL": db.sqlalchemy_url(), "CIVICGRAPH_LOG_LEVEL": "warning"}
    subprocess.run([*command, *args], cwd=REPO, env=env, check=True)


def _row_counts(db: Database) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in MIN_ROWS:
        try:
            counts[table] = int(fetch(db, f"SELECT count(*) FROM {table}")[0][0])
        except asyncpg.UndefinedTableError:
            counts[table] = 0
    return counts


def prepare(db: Database, python: str, *, reseed: bool) -> dict[str, int]:
    """Make sure the database exists, is migrated and holds the national-scale sample."""
    exists = fetch(db, "SELECT 1 FROM pg_database WHERE datname = $1", db.name, database="postgres")
    if exists and reseed:
        print(f"--reseed: dropping database {db.name}", flush=True)
        execute(db, f'DROP DATABASE "{db.name}" WITH (FORCE)', database="postgres")
        exists = []
    if not exists:
        print(f"creating database {db.name}", flush=True)
        execute(db, f'CREATE DATABASE "{db.name}"', database="postgres")

    _civicgraph(python, db, "migrate")
    counts = _row_counts(db)
    fingerprint = seed_fingerprint()
    if any(counts[table] < least for table, least in MIN_ROWS.items()):
        print(
            f"seeding {db.name} with `civicgraph seed --scale national` (about a minute)",
            flush=True,
        )
        started = time.monotonic()
        _civicgraph(python, db, "seed", "--scale", "national", "--replace")
        # what autovacuum would do soon after a load: statistics, and the visibility map that
        # index-only scans need (without it each of them visits the heap)
        execute(db, "VACUUM (ANALYZE)")
        execute(db, f"COMMENT ON DATABASE \"{db.name}\" IS 'civic-graph bench seed {fingerprint}'")
        print(f"seeded and analysed in {time.monotonic() - started:.0f} s", flush=True)
        counts = _row_counts(db)
    else:
        comment = fetch(
            db,
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            db.name,
        )[0][0]
        if not comment:
            execute(
                db, f"COMMENT ON DATABASE \"{db.name}\" IS 'civic-graph bench seed {fingerprint}'"
            )
        elif fingerprint not in comment:
            print(
                f"note: the seed code or migrations changed since {db.name} was filled; "
                "pass --reseed to refill it",
                flush=True,
            )
    execute(db, (POSTGRAPHILE_DIR / "views.sql").read_text(encoding="utf-8"))
    return counts


def table_counts(db: Database) -> dict[str, int]:
    rows = fetch(
        db,
        "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE schemaname = 'public' "
        "ORDER BY relname",
    )
    return {str(r[0]): int(r[1]) for r in rows}


def server_facts(db: Database) -> dict[str, str]:
    names = (
        "server_version",
        "shared_buffers",
        "work_mem",
        "fsync",
        "jit",
        "max_parallel_workers_per_gather",
        "shared_preload_libraries",
    )
    facts: dict[str, str] = {}
    for name in names:
        facts[name] = str(fetch(db, f"SHOW {name}")[0][0])
    return facts


def draft_ids(db: Database, sql: str) -> list[int]:
    return [int(r[0]) for r in fetch(db, sql)]
