"""Run collectors for real over HTTP on 127.0.0.1: in a thread, or as the CLI process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
import uvicorn
from sqlalchemy import Engine

from collector.app import create_app
from collector.settings import CollectorSettings
from tests.collector.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 30.0


@contextmanager
def collector_thread(settings: CollectorSettings, engine: Engine) -> Iterator[str]:
    """The collector app served by uvicorn in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, engine), host="127.0.0.1", port=port, log_config=None, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_healthy(base: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"collector exited with {process.returncode}")
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"collector at {base} did not become healthy")


def collector_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``lankeeper-collector`` (as ``python -m collector``) to completion."""
    return subprocess.run(
        [sys.executable, "-m", "collector", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def collector_process(database_url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``lankeeper-collector serve`` as its own process (``env``: extra environment, e.g.
    ``LANKEEPER_COLLECTOR_<KEY>`` settings); yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "collector",
            "serve",
            "--database-url",
            database_url,
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stderr is not None:
            process.stderr.close()
