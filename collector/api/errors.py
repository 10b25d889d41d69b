"""Translate the collector's error tree into JSON responses with the right status code."""

from __future__ import annotations

import logging
from dataclasses import asdict

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from collector.errors import (
    CollectorError,
    InvalidReportError,
    TooManyRequestsError,
    UnauthorizedError,
    UnavailableError,
)

log = logging.getLogger(__name__)


async def _collector_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CollectorError)
    body: dict[str, object] = {"detail": exc.message}
    headers = {}
    if isinstance(exc, InvalidReportError):
        body["errors"] = [asdict(error) for error in exc.errors]
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, UnavailableError | TooManyRequestsError):
        headers["Retry-After"] = str(exc.retry_after_s)
    log.info(
        "%s %s -> %s: %s", request.method, request.url.path, exc.status_code, exc.message[:300]
    )
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(CollectorError, _collector_error)
