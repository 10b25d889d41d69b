"""Ingest one report, all in the caller's single transaction.

Order: the token's school must be the report's (403) → lock the school row (concurrent
ingests for one school queue here, on any replica) → insert the report row unless its
``report_id`` is known for this school (a duplicate: success, nothing changes) → a report not
newer than the school's last ingested scan, or older than ``replay_max_age_days``, is a stale
replay (409; raising rolls the report row back, nothing changes) → devices → health → alerts
→ the school's summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from collector.db.bulk import insert_unless_exists
from collector.db.models import Agent, Report, School
from collector.domain import (
    AGENT_SILENT_CHECK,
    DEVICE_OFFLINE_CHECK,
    DeviceStatus,
    Presence,
    Severity,
)
from collector.errors import FieldError, ForbiddenError, InvalidReportError, StaleReportError
from collector.services.alerts import AlertBook
from collector.services.calendar import school_days_between
from collector.services.calendar_db import load_calendar
from collector.services.context import IngestContext
from collector.services.credentials import AgentPrincipal
from collector.services.device_state import is_transient
from collector.services.devices import DeviceOutcome, Seen, apply_devices, flush_devices
from collector.services.health import HealthInput, apply_health
from collector.settings import CollectorSettings
from schemas import Report as ReportDocument

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    status: Literal["accepted", "duplicate"]
    report_id: str
    devices: int = 0


def ingest_report(
    session: Session,
    settings: CollectorSettings,
    agent: AgentPrincipal,
    document: ReportDocument,
    now: datetime,
) -> IngestOutcome:
    report_id = str(document.report_id)
    if document.school.school_id != agent.school_slug:
        raise ForbiddenError(
            f"this agent is enrolled for school {agent.school_slug!r} and cannot report for "
            f"{document.school.school_id!r}"
        )
    school = _lock_school(session, agent.school_id)
    row_id = _insert_report(session, school, agent, document, now)
    if row_id is None:
        log.info("duplicate report %s from agent %s ignored", report_id, agent.public_id)
        return IngestOutcome("duplicate", report_id)
    _check_fresh(settings, school, document, now)  # raising rolls the report row back
    at = document.scan.started_at
    ctx = _context(session=session, settings=settings, school=school, row_id=row_id, at=at, now=now)
    outcome = apply_devices(ctx, document, agent.agent_id)
    _apply_health_and_alerts(ctx, outcome, document)
    flush_devices(ctx, outcome)
    ctx.write_log_rows()
    _summarise(ctx, outcome)
    _touch_agent(session, agent, document, now)
    return IngestOutcome("accepted", report_id, len(outcome.seen))


def _lock_school(session: Session, school_id: int) -> School:
    return session.scalars(_LOCK, {"school_row": school_id}).one()


def _check_fresh(
    settings: CollectorSettings, school: School, document: ReportDocument, now: datetime
) -> None:
    started = document.scan.started_at
    if started > now + timedelta(minutes=settings.future_skew_minutes):
        message = "scan.started_at is in the future; check the agent PC's clock"
        raise InvalidReportError(message, [FieldError("scan.started_at", message, "future")])
    if started < now - timedelta(days=settings.replay_max_age_days):
        raise StaleReportError(
            f"report from {started:%Y-%m-%d} is older than {settings.replay_max_age_days} days; "
            "not ingested"
        )
    if school.last_scan_started_at is not None and started <= school.last_scan_started_at:
        raise StaleReportError(
            f"a newer scan ({school.last_scan_started_at.isoformat()}) is already ingested for "
            "this school; this older report was not applied"
        )


def _context(
    *,
    session: Session,
    settings: CollectorSettings,
    school: School,
    row_id: int,
    at: datetime,
    now: datetime,
) -> IngestContext:
    calendar = load_calendar(session, school)
    last = school.last_scan_started_at
    first_of_day = last is None or last.date() < at.astimezone(UTC).date()
    return IngestContext(session, settings, school, row_id, calendar, at, now, first_of_day, last)


def _insert_report(
    session: Session,
    school: School,
    agent: AgentPrincipal,
    document: ReportDocument,
    now: datetime,
) -> int | None:
    """The report's row, or ``None`` when its ``report_id`` is already known (a duplicate)."""
    row = {
        "report_uuid": str(document.report_id),
        "school_id": school.id,
        "agent_id": agent.agent_id,
        "schema_version": document.schema_version,
        "scan_started_at": document.scan.started_at,
        "scan_finished_at": document.scan.finished_at,
        "received_at": now,
        "device_count": len(document.devices),
        "problems": [p.model_dump(mode="json") for p in document.scan.problems],
        "methods": [m.model_dump(mode="json") for m in document.scan.methods],
        "settings": settings.model_dump(mode="json")
        if (settings := document.scan.settings)
        else None,
    }
    return insert_unless_exists(session, Report, row, ("school_id", "report_uuid"))


def _apply_health_and_alerts(
    ctx: IngestContext, outcome: DeviceOutcome, document: ReportDocument
) -> None:
    items = [_health_input(s) for s in outcome.seen]
    items.append(HealthInput(outcome.host.row, list(document.host_checks), [], outcome.host.is_new))
    checks = apply_health(ctx, items)
    book = AlertBook.load(ctx.session, ctx.settings, ctx.school, ctx.at)
    for seen in checks:
        if not is_transient(seen.device):
            check = seen.check
            book.apply_check(seen.device.id, check.check_id, check.status, check.summary)
    _offline_alerts(ctx, book, outcome)
    book.clear(None, AGENT_SILENT_CHECK)
    book.finish()


def _health_input(seen: Seen) -> HealthInput:
    checks = {c.check_id: c for d in seen.reported for c in d.checks}
    supplies = {s.index: s for d in seen.reported for s in d.supplies}
    return HealthInput(seen.row, list(checks.values()), list(supplies.values()), seen.is_new)


def _offline_alerts(ctx: IngestContext, book: AlertBook, outcome: DeviceOutcome) -> None:
    """A device not seen for N school days gets one alert; it clears when the device is back."""
    for seen in outcome.seen:
        if book.is_open(seen.row.id, DEVICE_OFFLINE_CHECK):
            book.clear(seen.row.id, DEVICE_OFFLINE_CHECK)
    today = ctx.calendar.local_date(ctx.at)
    for row in outcome.unseen:
        if is_transient(row):
            continue
        last = ctx.calendar.local_date(row.last_seen_at)
        days = school_days_between(ctx.calendar, last, today)
        if days >= ctx.settings.offline_school_days:
            summary = f"offline for {days} school days (last seen {last.isoformat()})"
            book.raise_alert(row.id, DEVICE_OFFLINE_CHECK, Severity.WARNING, summary)


def _summarise(ctx: IngestContext, outcome: DeviceOutcome) -> None:
    """The school's counters for the school list, written with one UPDATE."""
    rows = outcome.rows()
    lasting = [row for row in rows if not is_transient(row)]
    counts = {status.value: 0 for status in DeviceStatus}
    for row in lasting:
        counts[row.status.value] += 1
    values = {
        "school_row": ctx.school.id,
        "device_count": len(lasting),
        "transient_count": len(rows) - len(lasting),
        "missing_count": sum(1 for row in lasting if row.presence is Presence.MISSING),
        "status_counts": counts,
        "last_report_at": ctx.now,
        "last_scan_started_at": ctx.at,
    }
    ctx.session.connection().execute(_SUMMARY, values)


def _touch_agent(
    session: Session, agent: AgentPrincipal, document: ReportDocument, now: datetime
) -> None:
    values = {
        "agent_row": agent.agent_id,
        "last_report_at": now,
        "last_scan_started_at": document.scan.started_at,
        "hostname": document.agent.hostname,
    }
    session.connection().execute(_TOUCH, values)


_SCHOOLS = cast(Table, School.__table__)
_AGENTS = cast(Table, Agent.__table__)
_LOCK = select(School).where(School.id == bindparam("school_row")).with_for_update()
_SUMMARY = update(_SCHOOLS).where(_SCHOOLS.c.id == bindparam("school_row"))
_TOUCH = update(_AGENTS).where(_AGENTS.c.id == bindparam("agent_row"))
