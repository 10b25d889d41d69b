"""An agent's check-in: record it, resolve the school's settings, hand over a scan request."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from collector.db.models import AgentCheckin, School
from collector.services import central_settings, scan_requests
from collector.services.credentials import AgentPrincipal
from collector.services.secret_box import SecretBox
from schemas.checkin import CheckinRequest, CheckinResponse, ScanRequest


def check_in(  # noqa: PLR0917 (one call per check-in)
    session: Session,
    box: SecretBox,
    agent: AgentPrincipal,
    request: CheckinRequest,
    now: datetime,
    retry_after: timedelta,
) -> CheckinResponse:
    _record(session, agent, request, now)
    school = session.get_one(School, agent.school_id)
    settings, changed = central_settings.effective(session, box, school)
    claimed = None
    if request.mode == "service":
        claimed = scan_requests.claim_for_agent(session, agent, now, retry_after)
    return CheckinResponse(
        server_time=now,
        settings_updated_at=changed,
        settings=settings,
        scan_requested=(
            ScanRequest(request_id=claimed.id, requested_at=claimed.requested_at)
            if claimed
            else None
        ),
    )


def _record(
    session: Session, agent: AgentPrincipal, request: CheckinRequest, now: datetime
) -> None:
    row = session.get(AgentCheckin, agent.agent_id)
    if row is None:
        row = AgentCheckin(agent_id=agent.agent_id)
        session.add(row)
    row.at, row.mode, row.agent_version = now, request.mode, request.agent_version
    row.note = request.hostname
