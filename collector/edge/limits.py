"""Request bodies bounded per route, counted as they arrive (pure ASGI, no buffering).

A declared ``Content-Length`` over the route's limit is refused before a byte is read; a
streamed body (chunked, or lying about its length) is counted and refused once it passes the
limit. Either way the answer is 413 and the route never sees more than ``limit`` bytes.
A client that disconnects mid-upload is logged on one line (no traceback); a NUL character
in the path or query string is a 400 (no database can store or compare it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class BodyTooLargeError(HTTPException):
    """Raised from ``receive`` once the body passes the limit: FastAPI passes it on as 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is over the limit of {limit} bytes for this URL")


@dataclass(frozen=True)
class RouteLimit:
    prefix: str
    limit: int


def limit_for(path: str, limits: Sequence[RouteLimit], default: int) -> int:
    """The first matching prefix's limit (list the longer prefixes first)."""
    return next((rule.limit for rule in limits if path.startswith(rule.prefix)), default)


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else -1
    return None


def has_nul(scope: Scope) -> bool:
    raw = scope.get("raw_path") or scope["path"].encode()
    return b"\x00" in unquote_to_bytes(raw) or b"\x00" in unquote_to_bytes(
        scope.get("query_string", b"")
    )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limits: Sequence[RouteLimit], default: int) -> None:
        self.app, self.limits, self.default = app, tuple(limits), default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        limit = limit_for(scope["path"], self.limits, self.default)
        started = False

        async def counting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _counting(receive, limit), counting_send)
        except ClientDisconnect:
            _log_disconnect(scope)
        except BodyTooLargeError as exc:
            if not started:
                await _json(exc.status_code, str(exc.detail))(scope, receive, send)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        if has_nul(scope):
            return _json(400, "the URL contains a NUL character")
        declared = declared_length(scope)
        if declared == -1:
            return _json(400, "Content-Length is not a number")
        limit = limit_for(scope["path"], self.limits, self.default)
        if declared is not None and declared > limit:
            return _json(413, f"request body is over the limit of {limit} bytes for this URL")
        return None


def _counting(receive: Receive, limit: int) -> Receive:
    size = 0

    async def wrapped() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLargeError(limit)
        return message

    return wrapped


def _json(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _log_disconnect(scope: Scope) -> None:
    client: Any = scope.get("client") or ("?", 0)
    log.warning(
        "client %s disconnected during %s %s; nothing was stored",
        client[0],
        scope.get("method"),
        scope.get("path"),
    )
