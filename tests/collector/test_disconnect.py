"""A client that hangs up mid-upload costs one log line, not an error traceback (real HTTP)."""

from __future__ import annotations

import logging
import socket
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine

from collector.settings import CollectorSettings
from tests.collector.conftest import World
from tests.collector.databases import row_counts
from tests.collector.live import collector_thread


def _hang_up_mid_upload(base: str, token: str) -> None:
    url = urlsplit(base)
    head = (
        "POST /api/v1/reports HTTP/1.1\r\n"
        f"Host: {url.netloc}\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=5) as s:
        s.sendall(head.encode() + b'{"schema_version": "1.2", "devices": [' + b" " * 2000)
        time.sleep(0.3)  # let the collector start reading the body


def _wait_for(caplog: pytest.LogCaptureFixture, words: str, timeout_s: float = 10) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(words in record.getMessage() for record in caplog.records):
            return True
        time.sleep(0.05)
    return False


def test_a_client_hanging_up_mid_upload_logs_one_line(
    settings: CollectorSettings, engine: Engine, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    before = row_counts(engine)
    caplog.set_level(logging.INFO)
    with collector_thread(settings, engine) as base:
        _hang_up_mid_upload(base, world.tokens["alpha"])
        assert _wait_for(caplog, "disconnected during POST /api/v1/reports")
        time.sleep(0.3)  # anything the server would log after it, it has logged by now
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert errors == [], [r.getMessage() for r in errors]
    lines = [r for r in caplog.records if "disconnected" in r.getMessage()]
    assert [r.levelname for r in lines] == ["WARNING"]
    assert row_counts(engine) == before
