"""Small helpers for talking to the collector in tests."""

from __future__ import annotations

import gzip as gzip_module
import socket
from typing import Any

import httpx
from fastapi.testclient import TestClient

from schemas import Report


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post_report(
    client: TestClient,
    token: str,
    document: Report | bytes,
    *,
    gzip: bool = False,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    body = document if isinstance(document, bytes) else document.model_dump_json().encode()
    sent = {**bearer(token), "Content-Type": "application/json", **(headers or {})}
    if gzip:
        body = gzip_module.compress(body)
        sent["Content-Encoding"] = "gzip"
    response: httpx.Response = client.post("/api/v1/reports", content=body, headers=sent)
    return response


def get_json(client: TestClient, path: str, token: str, **params: Any) -> Any:
    response = client.get(path, headers=bearer(token), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
