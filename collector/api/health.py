"""``GET /healthz``: the process is up and the database answers at the right migration."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from collector.db.migrate import current_revision

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
    body = {"status": "ok", "database": "ok", "migration": revision}
    if revision != request.app.state.head_revision:
        return JSONResponse({**body, "status": "migrations pending"}, status_code=503)
    return JSONResponse(body)
