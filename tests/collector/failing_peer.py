"""A real HTTP peer in front of a real collector that fails (HTTP 500) on chosen reports.

The collector itself may stop failing on today's poisoned reports once it validates them at the
edge; this peer keeps a 5xx available to the outbox tests: it answers 500 for the report ids
in ``poisoned`` (or for everything while ``broken``) and forwards every other request as is.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

FAILURE_BODY = b'{"detail": "Internal Server Error: integer out of range"}'


@dataclass
class FailingPeer:
    base: str
    poisoned: set[str] = field(default_factory=set)
    broken: bool = False
    posts: list[str] = field(default_factory=list)  # report ids, in arrival order


@contextmanager
def failing_peer(upstream: str) -> Iterator[FailingPeer]:
    peer = FailingPeer(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            report_id = str(json.loads(gzip.decompress(body)).get("report_id"))
            peer.posts.append(report_id)
            if peer.broken or report_id in peer.poisoned:
                self._reply(500, FAILURE_BODY)
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            answer = requests.post(upstream + self.path, data=body, headers=headers, timeout=30)
            self._reply(answer.status_code, answer.content)

        def _reply(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    peer.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield peer
    finally:
        server.shutdown()
        server.server_close()
