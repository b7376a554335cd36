"""`civicgraph`: serve, migrate, seed, export-schema, schema-contract, release-schema, token,
trusted-documents."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from core.ids import decode_id
from core.settings import Settings, get_settings

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")
#: Each subgraph's SDL (its `_service { sdl }`), which gateway/compose.mjs composes.
SDL_DIR = Path(__file__).parent / "schema" / "sdl"
#: How long a stopping worker keeps the connections it has accepted open for their first request.
_DRAIN_SECONDS = 1.0


def _serve(args: argparse.Namespace) -> int:
    import os

    if args.subgraph:
        # uvicorn's factory reads the settings from the environment, in every worker
        os.environ["CIVICGRAPH_SUBGRAPH"] = args.subgraph
        get_settings.cache_clear()
    settings = get_settings()
    try:
        settings.check_production_start()
    except ValueError as exc:
        raise SystemExit(f"refusing to start: {exc}") from None
    workers = args.workers or settings.workers
    if workers > 1:
        _supervise(args, settings, workers)  # does not return: the process becomes the supervisor
    _lean_serving_process(settings)
    _run_uvicorn(args, settings)
    return 0


def _lean_serving_process(settings: Settings) -> None:
    """What a process that serves does before it imports the application, to hold less memory
    (each worker holds its own copy of everything; README "Memory of the workers").

    When tokens are verified with the shared secret, `cryptography` is marked absent. PyJWT
    imports it whenever it is installed, for the public-key algorithms only (RS256, ES256, …):
    ≈ 9 MiB a process, most of it the compiled library's pages, which such a process never uses
    (the test suite, which signs RS256 tokens, needs it installed). `sys.modules[name] = None`
    makes `import name` raise ModuleNotFoundError — the import system's documented way to stop
    an import — which PyJWT answers by offering its HMAC algorithms alone. A server with a public
    key or a JWKS URL loads it as before."""
    if settings.uses_jwt_secret and "jwt" not in sys.modules:
        sys.modules.setdefault("cryptography", None)  # type: ignore[arg-type]


def _uvicorn_options(settings: Settings) -> dict[str, object]:
    """What every uvicorn server of the service runs with, one process or each worker."""
    from core.logs import logging_config

    return {
        "factory": True,
        "log_level": settings.log_level,
        "log_config": logging_config(settings.log_level, as_json=settings.logs_as_json),
        "access_log": False,  # the server logs its own access line, with the request id
        "proxy_headers": True,
    }


def _run_uvicorn(args: argparse.Namespace, settings: Settings) -> None:
    import uvicorn

    uvicorn.run(
        "server:create_app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        **_uvicorn_options(settings),  # type: ignore[arg-type]
    )


def _supervise(args: argparse.Namespace, settings: Settings, workers: int) -> NoReturn:
    """Bind the socket, then become `core.supervisor` (os.execv: this process's settings, web
    server and application are left behind), which starts `workers` × `serve-worker` on it.

    Several workers add their metrics up through files in one folder (prometheus_client's
    multiprocess mode): a fresh one for this run, which the supervisor removes when it ends,
    unless the operator named one."""
    import os
    import tempfile

    import uvicorn

    from core.settings import METRICS_MULTIPROCESS_ENV

    if settings.should_auto_migrate or settings.should_seed_if_empty:
        # once, here, before any worker starts: N workers migrating and seeding one SQLite file
        # at the same moment lock each other out ("database is locked"), and a worker that does
        # neither never imports alembic or the seed
        asyncio.run(_prepare_once(settings))
        os.environ["CIVICGRAPH_AUTO_MIGRATE"] = "false"
        os.environ["CIVICGRAPH_SEED_IF_EMPTY"] = "false"
    config = uvicorn.Config(
        "server:create_app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        **_uvicorn_options(settings),  # type: ignore[arg-type]
    )
    sock = config.bind_socket()
    sock.set_inheritable(True)
    fd = str(sock.fileno())
    # the supervisor's file, without site-packages (-S) or its own folder on the path (-P): it
    # needs the standard library alone (core/supervisor.py's description)
    script = str(Path(__file__).resolve().parent / "core" / "supervisor.py")
    supervisor = [sys.executable, "-S", "-P", "-OO", script, "--fd", fd, "--workers", str(workers)]
    if not os.environ.get(METRICS_MULTIPROCESS_ENV):
        folder = tempfile.mkdtemp(prefix="civicgraph-metrics-")
        os.environ[METRICS_MULTIPROCESS_ENV] = folder  # read by each worker at its start
        supervisor += ["--metrics-dir", folder]
    if settings.logs_as_json:
        supervisor.append("--json-logs")
    # -OO: a worker keeps no docstrings (the schema's descriptions are declared, not docstrings:
    # the SDL is the same) and runs no asserts, ≈ 5 MiB less code a worker
    worker = [sys.executable, "-OO", "-m", "cli", "serve-worker", "--fd", fd]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [*supervisor, "--", *worker])


async def _prepare_once(settings: Settings) -> None:
    from db.engine import create_engine
    from server import prepare_database

    engine = create_engine(settings)
    try:
        await prepare_database(engine, settings)
    finally:
        await engine.dispose()


def _serve_worker(args: argparse.Namespace) -> int:
    """One worker of `serve --workers N`: a uvicorn server on the socket the supervisor passed.

    Once it serves (its application started, the socket accepted on), it writes one byte to the
    descriptor the supervisor named in CIVICGRAPH_READY_FD, if any: a graceful restart stops an
    old worker only when its replacement is ready. It ends with its supervisor, even one
    killed outright (core.supervisor.end_with_supervisor)."""
    import os
    import socket

    from core.supervisor import READY_FD_ENV, end_with_supervisor

    end_with_supervisor()
    ready = os.environ.pop(READY_FD_ENV, None)
    _uvicorn_server_alone()
    from uvicorn.config import Config
    from uvicorn.server import Server

    class Worker(Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if ready is not None and self.started:
                with os.fdopen(int(ready), "wb") as pipe:
                    pipe.write(b"1")

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            # uvicorn closes every connection not in a request at once, a connection this
            # worker accepted a moment ago whose request has not arrived yet among them: the
            # client's request would be dropped while the other workers serve. Stop accepting
            # first (what is still queued on the shared socket goes to the others), then give
            # those connections a moment to send their request, which is then answered
            for server in self.servers:
                server.close()
            if any(getattr(c, "cycle", None) is None for c in self.server_state.connections):
                await asyncio.sleep(_DRAIN_SECONDS)
            await super().shutdown(sockets)

    settings = get_settings()
    _lean_serving_process(settings)
    config = Config("server:create_app", **_uvicorn_options(settings))  # type: ignore[arg-type]
    Worker(config).run(sockets=[socket.socket(fileno=args.fd)])
    return 0


def _uvicorn_server_alone() -> None:
    """Import uvicorn's server and its configuration without the rest of its package: a worker
    runs the one on a socket it was given, while `import uvicorn` also imports uvicorn's command
    line (click) and its reloaders (watchfiles, multiprocessing), ≈ 2 MiB a worker never uses.

    The package enters `sys.modules` made from its spec but not run (its `__init__` is what
    imports the rest); its modules are then imported from its folder as usual, and the package
    is given the one name they import from it (`from uvicorn import Config`). A process that
    has imported uvicorn already keeps it as it is."""
    import importlib.util

    if "uvicorn" not in sys.modules:
        spec = importlib.util.find_spec("uvicorn")
        if spec is None:
            raise ModuleNotFoundError("uvicorn is not installed", name="uvicorn")
        sys.modules["uvicorn"] = importlib.util.module_from_spec(spec)
    from uvicorn.config import Config
    from uvicorn.server import Server

    package = sys.modules["uvicorn"]
    package.Config = Config  # type: ignore[attr-defined]
    package.Server = Server  # type: ignore[attr-defined]


async def _with_connection(action: str, **kwargs: object) -> dict[str, int] | None:
    from sqlalchemy import text

    from db import migrate
    from db.engine import create_engine
    from db.seed import is_empty, reset, seed

    engine = create_engine(get_settings())
    try:
        async with engine.begin() as conn:
            if action == "migrate":
                await migrate.upgrade(conn, str(kwargs["revision"]))
                return None
            if action == "reindex-search":
                from db import search

                return await conn.run_sync(search.rebuild)
            if await migrate.pending(conn):
                await migrate.upgrade(conn)
            if not await is_empty(conn):
                if not kwargs["replace"]:
                    raise SystemExit(
                        "the database already holds data: `seed --replace` deletes it first"
                    )
                await reset(conn)
            counts = await seed(conn, kwargs["size"])  # type: ignore[arg-type]
            if conn.dialect.name == "postgresql":
                # the planner's statistics of the loaded tables: without them (autovacuum off
                # or not yet run) the analysts' national questions get nested-loop plans
                await conn.execute(text("ANALYZE"))
            return counts
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


def _reindex_search(args: argparse.Namespace) -> int:
    counts = asyncio.run(_with_connection("reindex-search"))
    for kind, count in (counts or {}).items():
        print(f"{kind:32} {count:>9}")
    return 0


def _sweep_attachments(args: argparse.Namespace) -> int:
    from db.blobs import open_store
    from db.documents import sweep
    from db.engine import create_engine

    settings = get_settings()
    grace = (
        args.grace_seconds
        if args.grace_seconds is not None
        else settings.attachment_sweep_grace_seconds
    )

    async def run() -> None:
        engine = create_engine(settings)
        try:
            async with engine.connect() as conn:
                store = open_store(settings.attachment_store, settings.attachments_path)
                result = await sweep(conn, store, grace_seconds=grace)
        finally:
            await engine.dispose()
        print(
            f"kept {result.kept} stored files, swept {result.swept} no attachment names "
            f"and {result.temporary} left by interrupted uploads"
        )

    asyncio.run(run())
    return 0


def export_schema_text() -> str:
    from graph.root import schema

    return schema.as_str() + "\n"


def subgraph_sdl_texts() -> dict[Path, str]:
    """Each subgraph's SDL file and its text: what `_service { sdl }` answers."""
    from graph.root import SUBGRAPHS

    return {SDL_DIR / f"{name}.graphql": sub.as_str() + "\n" for name, sub in SUBGRAPHS.items()}


def _export_schema(args: argparse.Namespace) -> int:
    files = {Path(args.output): export_schema_text()}
    if not args.merged_only:
        files.update(subgraph_sdl_texts())
    if args.check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text("utf-8") != text]
        for path in stale:
            print(f"{path} is stale: run `civicgraph export-schema`", file=sys.stderr)
        if not stale:
            print("the schema files are up to date")
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


def current_sdl_texts() -> dict[str, str]:
    """Every served schema's SDL by name: `merged` and each subgraph's, as the contract names them."""
    from graph.root import SUBGRAPHS

    return {"merged": export_schema_text()} | {
        str(name): sub.as_str() + "\n" for name, sub in SUBGRAPHS.items()
    }


def _schema_contract(args: argparse.Namespace) -> int:
    from graph.contract import check

    verdicts = check(current_sdl_texts(), Path(args.released))
    if not verdicts:
        print(f"no released schema in {args.released}: run `civicgraph release-schema`")
        return 1
    for verdict in verdicts:
        for change in verdict.retired:
            print(f"{verdict.name}: retired after deprecation: {change}")
        for change in verdict.dangerous:
            print(f"{verdict.name}: dangerous (clients must tolerate it): {change}")
        for change in verdict.breaking:
            print(f"{verdict.name}: BREAKING {change}", file=sys.stderr)
    broken = [v.name for v in verdicts if not v.passed]
    if broken:
        print(
            f"the schema breaks its release ({', '.join(broken)}): put the field back, or "
            'deprecate it in a release first (README, "The schema contract")',
            file=sys.stderr,
        )
        return 1
    print(f"the schema keeps its release ({', '.join(v.name for v in verdicts)})")
    return 0


def _release_schema(args: argparse.Namespace) -> int:
    from graph.contract import release

    for path in release(current_sdl_texts(), Path(args.released)):
        print(f"released {path}")
    return 0


def _token(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from core.auth import Role, mint_token

    try:
        token = mint_token(
            get_settings(),
            Role(args.role),
            municipality_id=args.municipality,
            mayor_id=args.mayor,
            post_id=args.post,
            subject=args.subject,
            name=args.name,
            ttl=timedelta(minutes=args.ttl),
        )
    except ValueError as exc:
        raise SystemExit(f"civicgraph token: {exc}") from None
    print(token)
    return 0


def _trusted_documents(args: argparse.Namespace) -> int:
    import orjson
    from graphql import GraphQLError, parse, validate

    from graph.root import schema
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
    serve.add_argument(
        "--subgraph",
        choices=["municipalities", "ministry", "councils"],
        help="serve this subgraph alone at /graphql, for a gateway (CIVICGRAPH_SUBGRAPH)",
    )
    serve.set_defaults(run=_serve)

    # started by `serve --workers N`'s supervisor (core/supervisor.py), not by people
    serve_worker = commands.add_parser("serve-worker")
    serve_worker.add_argument("--fd", type=int, required=True)
    serve_worker.set_defaults(run=_serve_worker)

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

    reindex = commands.add_parser(
        "reindex-search",
        help="rebuild the full-text search index from the documents (after a bulk load)",
    )
    reindex.set_defaults(run=_reindex_search)

    export = commands.add_parser(
        "export-schema", help="write the merged schema's SDL and each subgraph's (schema/sdl/)"
    )
    export.add_argument(
        "--output", default=str(SCHEMA_FILE), help="the merged schema (default: schema.graphql)"
    )
    export.add_argument("--merged-only", action="store_true", help="skip the subgraphs' SDL")
    export.add_argument("--check", action="store_true", help="fail if a file is stale")
    export.set_defaults(run=_export_schema)

    from graph.contract import RELEASED_DIR

    contract = commands.add_parser(
        "schema-contract",
        help="fail when the schema breaks the released one (schema/released/)",
    )
    contract.add_argument("--released", default=str(RELEASED_DIR), help="the released SDL files")
    contract.set_defaults(run=_schema_contract)
    cut = commands.add_parser(
        "release-schema", help="record the current schema as released (schema/released/)"
    )
    cut.add_argument("--released", default=str(RELEASED_DIR), help="where to write them")
    cut.set_defaults(run=_release_schema)

    trusted = commands.add_parser(
        "trusted-documents",
        help="build the trusted documents manifest (sha256 → document) from .graphql files",
    )
    trusted.add_argument("folder", help="a folder of .graphql files, one document each")
    trusted.add_argument(
        "--output", default="trusted-documents.json", help="default: trusted-documents.json"
    )
    trusted.set_defaults(run=_trusted_documents)
    swept = commands.add_parser(
        "sweep-attachments",
        help="delete stored files no attachment names (older than the grace period)",
    )
    swept.add_argument(
        "--grace-seconds",
        type=float,
        default=None,
        help="only files stored longer ago (default CIVICGRAPH_ATTACHMENT_SWEEP_GRACE_SECONDS)",
    )
    swept.set_defaults(run=_sweep_attachments)
    token = commands.add_parser(
        "token", help="mint a development bearer token (signed with CIVICGRAPH_JWT_SECRET)"
    )
    token.add_argument(
        "--role",
        required=True,
        choices=[
            "MAYOR_OFFICE",
            "COMMITTEE_MEMBER",
            "MINISTRY_REVIEWER",
            "MINISTRY_ANALYST",
            "ADMINISTRATOR",
            "UNION_SECRETARIAT",
            "COMMISSION_SECRETARIAT",
            "NEIGHBOURHOOD_COUNCILLOR",
            "NEIGHBOURHOOD_WG_SECRETARY",
            "DISTRICT_WG_SECRETARY",
            "DISTRICT_LIAISON",
            "PLANNING_DEPUTY",
            "DISTRICT_MAYOR",
            "DISTRICT_DEPUTY",
            "PRESIDING_BOARD",
            "COUNCILS_HEADQUARTERS",
            "ARTICLE100_INSPECTOR",
            "ARTICLE100_SECRETARIAT",
            "ARTICLE100_MEMBER",
            "EXECUTION_OFFICE",
        ],
    )
    token.add_argument(
        "--municipality",
        type=_key_of("Municipality"),
        help="MAYOR_OFFICE and the Article 100 roles: the municipality (its id or database key)",
    )
    token.add_argument(
        "--mayor",
        type=_key_of("Mayor"),
        help="COMMITTEE_MEMBER: the mayor's id (as the graph gives it, or its database key)",
    )
    token.add_argument(
        "--post",
        type=_key_of("DistrictPost"),
        help="a district role: the post it acts as (DistrictPost; the graph's id or its key)",
    )
    token.add_argument("--subject", help="the `sub` claim (default: from role and scope)")
    token.add_argument("--name", help="a display name, shown in drafts' histories")
    token.add_argument("--ttl", type=int, default=480, help="minutes until it expires (480)")
    token.set_defaults(run=_token)
    return parser


def _key_of(kind: str) -> Callable[[str], int]:
    """An argparse type: the database key behind a `kind`'s id as the graph gives it (Relay's
    global id), or a database key given as is (an operator's shorthand)."""

    def parse(value: str) -> int:
        if value.isascii() and value.isdigit() and int(value) > 0:
            return int(value)
        decoded = decode_id(value)
        if decoded is None or decoded[0] != kind:
            raise argparse.ArgumentTypeError(f"{value!r} is not a {kind} id")
        return decoded[1]

    return parse


def main(argv: list[str] | None = None) -> int:
    from core.logs import configure_logging

    args = build_parser().parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.logs_as_json)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
