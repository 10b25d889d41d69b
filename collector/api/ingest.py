"""``POST /api/v1/reports``: authenticated, size-bounded, idempotent report ingest."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from collector.api.deps import AgentDep, FactoryDep, SettingsDep, utcnow
from collector.contracts import IngestResponse
from collector.errors import PayloadTooLargeError, UnavailableError
from collector.services.credentials import AgentPrincipal
from collector.services.ingest import IngestOutcome, ingest_report
from collector.services.report_input import decode_body, parse_report
from collector.settings import CollectorSettings
from schemas import Report

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["agents"])

_RESPONSES: dict[int | str, dict[str, str]] = {
    200: {"description": "a report with this report_id was already ingested; nothing changed"},
    400: {"description": "malformed JSON or gzip"},
    401: {"description": "missing, unknown, revoked or expired agent token"},
    403: {"description": "the report is for another school than the token's"},
    409: {"description": "stale replay: older than the school's last ingested scan"},
    413: {"description": "body over the size limit (compressed or decompressed)"},
    415: {"description": "Content-Encoding other than gzip"},
    422: {"description": "schema violation; `errors` lists each field path and message"},
    503: {"description": "transient clash; retry after Retry-After seconds"},
}


_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}},
    }
}


@router.post(
    "/reports",
    status_code=202,
    response_model=IngestResponse,
    responses=_RESPONSES,
    openapi_extra=_BODY,  # the body is read raw (size, gzip), so FastAPI cannot see the model
)
async def post_report(
    request: Request,
    response: Response,
    agent: AgentDep,
    settings: SettingsDep,
    factory: FactoryDep,
) -> IngestResponse:
    """Ingest one report (schemas.Report, JSON, optionally `Content-Encoding: gzip`).

    One transaction: either everything in the report is applied, or nothing is.
    """
    body = await read_bounded(request, settings.max_body_bytes)
    data = decode_body(body, request.headers.get("content-encoding"), settings.max_body_bytes)
    document = await run_in_threadpool(parse_report, data)
    outcome = await run_in_threadpool(_ingest, factory, settings, agent, document)
    if outcome.status == "duplicate":
        response.status_code = 200
    return IngestResponse(
        status=outcome.status, report_id=outcome.report_id, devices=outcome.devices
    )


async def read_bounded(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLargeError(f"report body is over the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLargeError(f"report body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest(
    factory: sessionmaker[Session],
    settings: CollectorSettings,
    agent: AgentPrincipal,
    document: Report,
) -> IngestOutcome:
    try:
        with factory.begin() as session:
            outcome = ingest_report(session, settings, agent, document, utcnow())
    except IntegrityError as exc:
        log.warning("report %s clashed with a concurrent write: %s", document.report_id, exc.orig)
        message = "a concurrent write clashed with this report; send it again"
        raise UnavailableError(message) from exc
    log.info(
        "report %s from agent %s: %s (%d devices)",
        outcome.report_id,
        agent.public_id,
        outcome.status,
        outcome.devices,
    )
    return outcome
