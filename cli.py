"""`civicgraph`: serve, migrate, seed, export-schema, trusted-documents."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from db.settings import get_settings

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from logs import logging_config

    settings = get_settings()
    uvicorn.run(
        "server:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        log_level=settings.log_level,
        log_config=logging_config(settings.log_level, as_json=settings.logs_as_json),
        access_log=False,  # the server logs its own access line, with the request id
        proxy_headers=True,
    )
    return 0


async def _with_connection(action: str, **kwargs: object) -> dict[str, int] | None:
    from db import migrate
    from db.engine import create_engine
    from db.seed import is_empty, reset, seed

    engine = create_engine(get_settings())
    try:
        async with engine.begin() as conn:
            if action == "migrate":
                await migrate.upgrade(conn, str(kwargs["revision"]))
                return None
            if await migrate.pending(conn):
                await migrate.upgrade(conn)
            if not await is_empty(conn):
                if not kwargs["replace"]:
                    raise SystemExit(
                        "the database already holds data: `seed --replace` deletes it first"
                    )
                await reset(conn)
            return await seed(conn, kwargs["size"])  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def _migrate(args: argparse.Namespace) -> int:
    asyncio.run(_with_connection("migrate", revision=args.revision))
    print(f"migrated {get_settings().database_url.split('@')[-1]} to {args.revision}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from db.seed import NATIONAL, SHIPPED

    size = NATIONAL if args.scale == "national" else SHIPPED
    counts = asyncio.run(_with_connection("seed", replace=args.replace, size=size))
    for table, count in (counts or {}).items():
        print(f"{table:32} {count:>9}")
    return 0


def export_schema_text() -> str:
    from schema.root import schema

    return schema.as_str() + "\n"


def _export_schema(args: argparse.Namespace) -> int:
    output = Path(args.output)
    sdl = export_schema_text()
    if args.check:
        if not output.exists() or output.read_text(encoding="utf-8") != sdl:
            print(f"{output} is stale: run `civicgraph export-schema`", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    output.write_text(sdl, encoding="utf-8")
    print(f"wrote {output}")
    return 0


def _trusted_documents(args: argparse.Namespace) -> int:
    import orjson
    from graphql import GraphQLError, parse, validate

    from schema.root import schema
    from web.persisted import build_manifest

    folder = Path(args.folder)
    files = sorted(folder.rglob("*.graphql"))
    if not files:
        print(f"no .graphql files under {folder}", file=sys.stderr)
        return 1
    problems = []
    for file in files:
        try:
            errors = validate(schema._schema, parse(file.read_text(encoding="utf-8")))
        except GraphQLError as error:
            errors = [error]
        problems += [f"{file}: {error.message}" for error in errors]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    manifest = build_manifest(files)
    output = Path(args.output)
    output.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    print(f"wrote {output}: {len(manifest)} trusted documents from {len(files)} files")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="civicgraph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the service (settings from the environment)")
    serve.add_argument("--host", help="interface to bind (CIVICGRAPH_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (CIVICGRAPH_PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (CIVICGRAPH_WORKERS)")
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--revision", default="head", help="target revision (default head)")
    migrate.set_defaults(run=_migrate)

    seed = commands.add_parser("seed", help="load the shipped data (real facts + sample data)")
    seed.add_argument(
        "--scale",
        choices=["shipped", "national"],
        default="shipped",
        help="shipped: the small sample; national: ~1,400 municipalities, 100k drafts",
    )
    seed.add_argument("--replace", action="store_true", help="delete existing data first")
    seed.set_defaults(run=_seed)

    export = commands.add_parser("export-schema", help="write the schema's SDL")
    export.add_argument("--output", default=str(SCHEMA_FILE), help="default: schema.graphql")
    export.add_argument("--check", action="store_true", help="fail if the file is stale")
    export.set_defaults(run=_export_schema)

    trusted = commands.add_parser(
        "trusted-documents",
        help="build the trusted documents manifest (sha256 → document) from .graphql files",
    )
    trusted.add_argument("folder", help="a folder of .graphql files, one document each")
    trusted.add_argument(
        "--output", default="trusted-documents.json", help="default: trusted-documents.json"
    )
    trusted.set_defaults(run=_trusted_documents)
    return parser


def main(argv: list[str] | None = None) -> int:
    from logs import configure_logging

    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.logs_as_json)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
