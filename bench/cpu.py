"""Server CPU per request and peak memory, civic-graph beside the floor (issue 18).

    python bench/cpu.py --db-name civicgraph_bench_lane [--question draft] [--connections 16]
        [--seconds 8] [--rounds 3] [--workers 2] [--targets civic,floor]

Starts the targets once (on a database `bench/run` has prepared), then per round and target, in
turn: wait until everything is idle, run wrk for `--seconds`, read the CPU the server's processes
spent (user + system, /proc) and their peak resident memory. CPU per request is a property of the
server's code, much less of how busy the machine is than requests per second are: the table is
the median of the rounds. Each worker's peak (VmHWM) is printed on its own line; the peak is
taken over the process's whole life (start-up included), not reset before the run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import database, load, procstat, questions, targets  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-name", default="civicgraph_bench")
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-port", type=int, default=5432)
    parser.add_argument("--db-user", default="postgres")
    parser.add_argument("--question", default="draft")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--targets", default="civic,floor")
    args = parser.parse_args()

    python = sys.executable
    db = targets.Database(args.db_host, args.db_port, args.db_user, args.db_name)
    draft_ids = database.draft_ids(db, questions.DRAFT_IDS_SQL)
    request_list = questions.requests_for(args.question, draft_ids)
    chosen = [
        t
        for t in targets.make_targets(db, python, args.workers)
        if t.key in args.targets.split(",")
    ]
    wrk = load.ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="civicgraph-cpu-"))
    postgres = procstat.PostgresProcesses.find(db.port, db.name)
    servers: dict[str, targets.Running] = {}
    cpu: dict[str, list[float]] = {t.key: [] for t in chosen}
    rps: dict[str, list[float]] = {t.key: [] for t in chosen}
    try:
        bodies = {}
        for target in chosen:
            path = workdir / f"{target.key}.jsonl"
            with path.open("wb") as out:
                for variables in request_list.for_target(target.key):
                    out.write(target.body(args.question, variables) + b"\n")
            bodies[target.key] = path
            servers[target.key] = targets.start(
                target, workers=args.workers, db_port=db.port, log_dir=workdir, label=target.key
            )
        for round_number in range(args.rounds):
            order = chosen[round_number % len(chosen) :] + chosen[: round_number % len(chosen)]
            for target in order:
                server = servers[target.key]
                if args.warmup:
                    load.wait_quiet([s.pid for s in servers.values()], postgres)
                    load.run_wrk(
                        wrk,
                        server.url,
                        bodies[target.key],
                        connections=args.connections,
                        seconds=args.warmup,
                        authorization=target.headers.get("Authorization", ""),
                    )
                load.wait_quiet([s.pid for s in servers.values()], postgres)
                pids = procstat.process_tree(server.pid)
                before = procstat.cpu_seconds(pids)
                result = load.run_wrk(
                    wrk,
                    server.url,
                    bodies[target.key],
                    connections=args.connections,
                    seconds=args.seconds,
                    authorization=target.headers.get("Authorization", ""),
                )
                spent = procstat.cpu_seconds(procstat.process_tree(server.pid)) - before
                requests = int(result["requests"])
                failed = int(result["failed_responses"])
                cpu[target.key].append(1000 * spent / requests)
                rps[target.key].append(requests / (result["duration_us"] / 1e6))
                print(
                    f"round {round_number + 1} {target.key:<13} {requests:7d} req "
                    f"{rps[target.key][-1]:8.1f} req/s  {cpu[target.key][-1]:.3f} CPU ms/req"
                    + (f"  {failed} FAILED" if failed else ""),
                    flush=True,
                )
        print(f"\n{args.question} at c{args.connections}, {args.workers} workers, medians:")
        for target in chosen:
            server = servers[target.key]
            pids = procstat.process_tree(server.pid)
            workers = [p for p in pids if p != server.pid]
            peaks = ", ".join(f"{procstat.peak_rss_mib([p]):.1f}" for p in workers)
            print(
                f"  {target.key:<13} {statistics.median(cpu[target.key]):.3f} CPU ms/req  "
                f"{statistics.median(rps[target.key]):8.1f} req/s  "
                f"peak MiB: all {procstat.peak_rss_mib(pids):.1f}; "
                f"workers {peaks}; parent {procstat.peak_rss_mib([server.pid]):.1f}"
            )
        return 0
    finally:
        targets.stop_all()
        if os.environ.get("BENCH_KEEP_LOGS"):
            print(f"logs in {workdir}")


if __name__ == "__main__":
    raise SystemExit(main())
