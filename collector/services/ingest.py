"""Ingest one report, all in the caller's single transaction.

Order: the token's school must be the report's (403) → lock the school row (concurrent
ingests for one school queue here, on any replica) → a known ``report_id`` is a duplicate
(success, nothing changes) → a report not newer than the school's last ingested scan, or
older than ``replay_max_age_days``, is a stale replay (409, nothing changes) → devices →
health → alerts → the school's summary.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from collector.db.models import Agent, Device, Report, School
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
from collector.services.devices import DeviceOutcome, Seen, apply_devices, is_transient
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
    if session.scalar(select(Report.id).where(Report.report_uuid == report_id)) is not None:
        log.info("duplicate report %s from agent %s ignored", report_id, agent.public_id)
        return IngestOutcome("duplicate", report_id)
    _check_fresh(settings, school, document, now)
    ctx = _context(
        session=session, settings=settings, school=school, agent=agent, document=document, now=now
    )
    outcome = apply_devices(ctx, document, agent.agent_id)
    _apply_health_and_alerts(ctx, outcome, document)
    ctx.write_log_rows()
    _summarise(ctx, outcome)
    _touch_agent(session, agent, document, now)
    return IngestOutcome("accepted", report_id, len(outcome.seen))


def _lock_school(session: Session, school_id: int) -> School:
    query = select(School).where(School.id == school_id).with_for_update()
    return session.scalars(query).one()


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
    agent: AgentPrincipal,
    document: ReportDocument,
    now: datetime,
) -> IngestContext:
    report = Report(
        report_uuid=str(document.report_id),
        school_id=school.id,
        agent_id=agent.agent_id,
        schema_version=document.schema_version,
        scan_started_at=document.scan.started_at,
        scan_finished_at=document.scan.finished_at,
        received_at=now,
        device_count=len(document.devices),
        problems=[p.model_dump(mode="json") for p in document.scan.problems],
        methods=[m.model_dump(mode="json") for m in document.scan.methods],
    )
    session.add(report)
    session.flush()
    calendar = load_calendar(session, school)
    at = document.scan.started_at
    last = school.last_scan_started_at
    first_of_day = last is None or last.date() < at.astimezone(UTC).date()
    return IngestContext(session, settings, school, report, calendar, at, now, first_of_day, last)


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
    rows: list[Device] = [s.row for s in outcome.seen] + outcome.unseen + [outcome.host.row]
    lasting = [row for row in rows if not is_transient(row)]
    counts = {status.value: 0 for status in DeviceStatus}
    for row in lasting:
        counts[row.status.value] += 1
    school = ctx.school
    school.device_count = len(lasting)
    school.transient_count = len(rows) - len(lasting)
    school.missing_count = sum(1 for row in lasting if row.presence is Presence.MISSING)
    school.status_counts = counts
    school.last_report_at = ctx.now
    school.last_scan_started_at = ctx.at


def _touch_agent(
    session: Session, agent: AgentPrincipal, document: ReportDocument, now: datetime
) -> None:
    row = session.get_one(Agent, agent.agent_id)
    row.last_report_at = now
    row.last_scan_started_at = document.scan.started_at
    if document.agent.hostname != row.hostname:
        row.hostname = document.agent.hostname
