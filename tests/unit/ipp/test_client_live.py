"""The IPP client against a real ippeveprinter on 127.0.0.1, and against broken peers.

ippeveprinter needs root and CUPS's binaries: skipped here when missing, a failure under CI=true.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agent.ipp.client import (
    IppStatusError,
    IppTimeoutError,
    IppTransportError,
    get_printer_attributes,
)
from agent.ipp.model import IppParseError
from agent.ipp.status import PrinterState, ReasonLevel, StateReason, printer_status
from tests.unit.ipp.ippeve import (
    DATA,
    missing_requirements,
    running_ippeveprinter,
    set_supply_levels,
)


@pytest.fixture
def ippeve_port(tmp_path: Path) -> Iterator[int]:
    missing = missing_requirements()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"ippeveprinter cannot run: {missing}")
        pytest.skip(f"ippeveprinter cannot run: {missing}")
    with running_ippeveprinter(tmp_path, DATA / "lab-printer.conf") as port:
        yield port


def test_live_get_printer_attributes(ippeve_port: int) -> None:
    reply = asyncio.run(get_printer_attributes("127.0.0.1", ippeve_port, timeout_s=5))
    status = printer_status(reply)
    assert status.state is PrinterState.IDLE
    assert status.make_and_model == "Lab Colour Laser 400"
    assert [m.level for m in status.markers] == [35, 6, 3, -3, 80]
    assert reply.request_id == 1


def test_live_state_reasons_follow_the_printer(ippeve_port: int) -> None:
    set_supply_levels(ippeve_port, {0: 95, 1: 0, 2: 3, 3: 50, 4: 80})
    reply = asyncio.run(get_printer_attributes("127.0.0.1", ippeve_port, timeout_s=5))
    assert set(printer_status(reply).reasons) == {
        StateReason("marker-waste-almost-full", ReasonLevel.REPORT),
        StateReason("toner-empty", ReasonLevel.REPORT),
        StateReason("toner-low", ReasonLevel.REPORT),
    }


def test_live_wrong_path_is_an_ipp_or_http_error(ippeve_port: int) -> None:
    with pytest.raises((IppStatusError, IppTransportError)):
        asyncio.run(get_printer_attributes("127.0.0.1", ippeve_port, "/nope", timeout_s=5))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_refused_connection() -> None:
    with pytest.raises(IppTransportError, match="failed"):
        asyncio.run(get_printer_attributes("127.0.0.1", _closed_port(), timeout_s=2))


def test_silent_peer_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with pytest.raises(IppTimeoutError):
            asyncio.run(get_printer_attributes("127.0.0.1", port, timeout_s=0.3))


class _Reply(BaseHTTPRequestHandler):
    body = b""
    status = 200

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/ipp")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(body: bytes, status: int = 200) -> tuple[ThreadingHTTPServer, int]:
    handler = type("Handler", (_Reply,), {"body": body, "status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.mark.parametrize(
    ("body", "status", "error", "match"),
    [
        (b"\x01\x01" + b"\x00" * 70_000, 200, IppTransportError, "larger than"),
        (b"<html>not ipp</html>", 200, IppParseError, "."),
        (b"", 500, IppTransportError, "HTTP 500"),
        (b"\x01\x01\x04\x06\x00\x00\x00\x01\x01\x03", 200, IppStatusError, "not-found"),
    ],
)
def test_broken_peers(body: bytes, status: int, error: type[Exception], match: str) -> None:
    server, port = _serve(body, status)
    try:
        with pytest.raises(error, match=match):
            asyncio.run(get_printer_attributes("127.0.0.1", port, timeout_s=3, max_bytes=65_536))
    finally:
        server.shutdown()
