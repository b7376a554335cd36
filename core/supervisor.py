"""The parent of `civicgraph serve --workers N` (N > 1): starts N worker processes on one listening
socket, starts another when one dies, and stops them all gracefully on SIGTERM or SIGINT.

    python -m core.supervisor --fd 5 --workers 2 [--metrics-dir D] [--json-logs] -- <worker command>

`civicgraph serve` binds the socket, then replaces itself with this module (`os.execv`): the
parent of a serving process keeps nothing but this loop — no settings library, no web server, no
application — and, unlike a `multiprocessing` parent, no resource-tracker process beside it. Each
worker is `<worker command>` with the socket's descriptor inherited (`civicgraph serve-worker`:
one uvicorn server on that socket), in the supervisor's process group, so that whoever stops the
group stops them all.

The standard library only: importing anything of the application here would bring back the
memory this parent exists to save. `civicgraph serve` runs this file with `-S -P` (no
site-packages, no `.pth` hooks, no folder of the script on the path), and the modules only some
runs need (JSON logs; the metrics folder's removal, whose `shutil` brings the compression modules)
are imported when needed: 13.7 → 12.9 MiB serving.

Signals: SIGTERM and SIGINT are passed on to the workers as SIGTERM (uvicorn finishes the
requests in flight, then exits), and the supervisor waits up to `--grace` seconds for them before
it kills what is left; SIGHUP replaces the workers one after the other (a graceful restart: each
old worker is stopped only once its replacement serves, which the new worker tells by writing a
byte to the pipe named in its CIVICGRAPH_READY_FD; one that dies or is not ready within
`--ready-timeout` seconds leaves the old worker serving, and the restart goes no further). A
worker that exits while the service runs is replaced; one that dies within a few seconds of its
start is replaced after a growing pause (at most 10 s), so a worker that cannot start does not
spin. `--metrics-dir`, the folder the workers share their metrics through, is removed when the
supervisor ends.

A supervisor that is killed outright (SIGKILL, the kernel's OOM killer) cannot stop its workers:
each worker is told its supervisor's pid (CIVICGRAPH_SUPERVISOR_PID) and asks the kernel for a
SIGTERM when its parent ends (Linux's PR_SET_PDEATHSIG), so no orphan keeps accepting on the
socket after the service it belonged to is gone.
"""

from __future__ import annotations

import argparse
import os
import select
import signal
import subprocess
import sys
import time
from types import FrameType

#: A worker that dies sooner than this after its start counts as failing to start.
QUICK_DEATH_SECONDS = 5.0
#: How often the supervisor looks at its workers.
POLL_SECONDS = 0.2
#: The environment variable that names a new worker's end of its readiness pipe.
READY_FD_ENV = "CIVICGRAPH_READY_FD"
#: The environment variable that gives each worker its supervisor's pid: a worker ends with it.
SUPERVISOR_PID_ENV = "CIVICGRAPH_SUPERVISOR_PID"


def end_with_supervisor() -> None:
    """In a worker: ask the kernel to send this process SIGTERM when the supervisor named in
    CIVICGRAPH_SUPERVISOR_PID ends, and end at once if it has already (the worker was
    reparented before it could ask). Nothing outside Linux, or outside a supervisor."""
    supervisor = os.environ.pop(SUPERVISOR_PID_ENV, None)
    if supervisor is None or not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != int(supervisor):
        raise SystemExit("the supervisor ended before this worker started")


class Supervisor:
    def __init__(
        self,
        command: list[str],
        fd: int,
        workers: int,
        *,
        grace: float,
        json_logs: bool,
        ready_timeout: float = 120.0,
    ) -> None:
        self.command = command
        self.fd = fd
        self.count = workers
        self.grace = grace
        self.ready_timeout = ready_timeout
        self.json_logs = json_logs
        self.workers: list[tuple[subprocess.Popen[bytes], float]] = []
        self.stopping: int | None = None  # the signal that asked the service to stop
        self.restart = False
        self.pause = 0.0  # before the next start, after quick deaths

    def log(self, level: str, message: str) -> None:
        if self.json_logs:
            import json  # only for JSON logs: each module kept out is memory this parent saves
            from datetime import UTC, datetime

            line = json.dumps(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "level": level,
                    "logger": "civicgraph.supervisor",
                    "message": message,
                },
                ensure_ascii=False,
            )
        else:
            line = f"{level.upper()}:     {message}"
        print(line, file=sys.stderr, flush=True)

    def environment(self, **extra: str) -> dict[str, str]:
        return {**os.environ, SUPERVISOR_PID_ENV: str(os.getpid()), **extra}

    def start_one(self) -> tuple[subprocess.Popen[bytes], float]:
        process = subprocess.Popen(self.command, pass_fds=(self.fd,), env=self.environment())
        self.log("info", f"Started worker process [{process.pid}]")
        return process, time.monotonic()

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            self.restart = True
        elif self.stopping is None:
            self.stopping = signum

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self.on_signal)
        self.log("info", f"Started parent process [{os.getpid()}]")
        self.workers = [self.start_one() for _ in range(self.count)]
        while self.stopping is None:
            if self.restart:
                self.restart = False
                self.replace_all()
            self.replace_dead()
            self.wait(POLL_SECONDS)
        return self.stop()

    def replace_dead(self) -> None:
        for index, (process, started) in enumerate(self.workers):
            code = process.poll()
            if code is None or self.stopping is not None:
                continue
            quick = time.monotonic() - started < QUICK_DEATH_SECONDS
            self.pause = min(10.0, max(0.5, self.pause * 2)) if quick else 0.0
            self.log(
                "warning",
                f"Worker process [{process.pid}] exited with code {code}; starting another"
                + (f" in {self.pause:g} s" if self.pause else ""),
            )
            if self.pause and not self.wait(self.pause):
                return
            self.workers[index] = self.start_one()

    def wait(self, seconds: float) -> bool:
        """Sleep `seconds`, or less if the service is asked to stop (then False)."""
        deadline = time.monotonic() + seconds
        while self.stopping is None and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        return self.stopping is None

    def start_ready(self) -> tuple[subprocess.Popen[bytes], float] | None:
        """A new worker, once it serves; None (and the worker stopped) if it died or was not
        ready in time, or if the service was asked to stop meanwhile."""
        reader, writer = os.pipe()
        try:
            process = subprocess.Popen(
                self.command,
                pass_fds=(self.fd, writer),
                env=self.environment(**{READY_FD_ENV: str(writer)}),
            )
        finally:
            os.close(writer)
        self.log("info", f"Started worker process [{process.pid}]")
        started = time.monotonic()
        try:
            while self.stopping is None and time.monotonic() - started < self.ready_timeout:
                readable, _, _ = select.select([reader], [], [], POLL_SECONDS)
                if readable:
                    if os.read(reader, 1):
                        return process, started
                    break  # the pipe closed without a byte: the worker ended
        finally:
            os.close(reader)
        if self.stopping is None:
            self.log("warning", f"Worker process [{process.pid}] did not become ready")
        self.end([process])
        return None

    def replace_all(self) -> None:
        """SIGHUP: for each worker in turn, a new one started, and the old one stopped
        gracefully once the new one serves (so that the service never stops answering)."""
        for index, (process, _) in enumerate(self.workers):
            if self.stopping is not None:
                return
            replacement = self.start_ready()
            if replacement is None:
                self.log("warning", "Restart abandoned; the remaining workers keep serving")
                return
            self.end([process])
            self.workers[index] = replacement

    def end(self, processes: list[subprocess.Popen[bytes]]) -> None:
        """SIGTERM to each, then wait up to the grace period; kill what is still running."""
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for process in processes:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log("warning", f"Worker process [{process.pid}] did not stop; killing it")
                process.kill()
                process.wait()

    def stop(self) -> int:
        name = signal.Signals(self.stopping or signal.SIGTERM).name
        self.log("info", f"Stopping the workers ({name})")
        self.end([process for process, _ in self.workers])
        self.log("info", f"Stopped parent process [{os.getpid()}]")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.supervisor", description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="the listening socket's descriptor")
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--grace", type=float, default=30.0, help="seconds workers get to stop")
    parser.add_argument(
        "--ready-timeout",
        type=float,
        default=120.0,
        help="seconds a new worker gets to serve during a graceful restart",
    )
    parser.add_argument("--metrics-dir", help="the workers' shared metrics folder, removed at exit")
    parser.add_argument("--json-logs", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the worker's command line")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or args.workers < 1:
        parser.error("a worker command and at least one worker are needed")
    supervisor = Supervisor(
        command,
        args.fd,
        args.workers,
        grace=args.grace,
        json_logs=args.json_logs,
        ready_timeout=args.ready_timeout,
    )
    try:
        return supervisor.run()
    finally:
        if args.metrics_dir:
            import shutil  # at the end only: it brings the compression modules with it

            shutil.rmtree(args.metrics_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
