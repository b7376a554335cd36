"""The service as a real process on a loopback port, for tests that need one (WebSockets across
processes, audits run by other programs)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def serving(database_url: str, port: int, **environment: str) -> Iterator[str]:
    """`uvicorn server:create_app` in development on `port`, until the block ends; its address."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CIVICGRAPH_ENVIRONMENT": "development",
        "CIVICGRAPH_LOG_LEVEL": "warning",
        **environment,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "server:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def ready(address: str) -> None:
    """Until the server at `address` answers /readyz."""
    async with httpx.AsyncClient() as client, asyncio.timeout(60):
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"http://{address}/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)
