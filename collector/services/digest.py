"""Daily digests: one e-mail a day per person for clusters routed ``digest = "daily"``.

``queue_digests`` (run by ``tick``) looks at each such cluster: once its local clock has
passed ``digest_hour``, it writes a ``digest_runs`` row for that local day (unique, so two
replicas or two ticks queue it once) and one notification per recipient into the outbox,
covering everything since the previous digest (at most the last 7 days). ``delivery`` sends
them like any other e-mail; ``messages.render_digest`` words it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Alert, Cluster, DigestRun, Incident, Notification, School
from collector.domain import Channel, DeliveryStatus
from collector.domain_ops import IncidentOrigin, IncidentStatus
from collector.services.messages import DIGEST_EVENT
from collector.services.notify import people_emails, route_of
from collector.settings import CollectorSettings

log = logging.getLogger(__name__)
LOOK_BACK = timedelta(days=7)


def queue_digests(
    factory: sessionmaker[Session], settings: CollectorSettings, now: datetime
) -> int:
    """Queue today's digest for every cluster that is due; returns how many were queued."""
    slugs = [slug for slug, route in settings.cluster_routes.items() if route.digest == "daily"]
    if not slugs:
        return 0
    with factory.begin() as session:
        ids = list(session.scalars(select(Cluster.id).where(Cluster.slug.in_(slugs))))
    return sum(_queue_one(factory, settings, cluster_id, now) for cluster_id in ids)


def _queue_one(
    factory: sessionmaker[Session], settings: CollectorSettings, cluster_id: int, now: datetime
) -> bool:
    try:
        with factory.begin() as session:
            return _queue(session, settings, session.get_one(Cluster, cluster_id), now)
    except IntegrityError:  # another replica queued it at the same moment
        return False


def _queue(session: Session, settings: CollectorSettings, cluster: Cluster, now: datetime) -> bool:
    route = route_of(settings, cluster)
    local = now.astimezone(ZoneInfo(cluster.timezone))
    if local.hour < route.digest_hour:
        return False
    done = select(DigestRun).where(DigestRun.cluster_id == cluster.id)
    if session.scalars(done.where(DigestRun.day == local.date())).first() is not None:
        return False
    last = session.scalars(done.order_by(DigestRun.covers_to.desc()).limit(1)).first()
    start = max(last.covers_to if last else now - timedelta(days=1), now - LOOK_BACK)
    emails = people_emails(session, route, cluster)
    session.add(
        DigestRun(
            cluster_id=cluster.id,
            day=local.date(),
            covers_from=start,
            covers_to=now,
            recipients=len(emails),
        )
    )
    session.flush()
    payload = digest_payload(session, settings, cluster, start, now)
    session.add_all(_notification(email, payload, now) for email in emails)
    log.info("digest for cluster %s queued to %d people", cluster.slug, len(emails))
    return True


def _notification(email: str, payload: dict[str, Any], now: datetime) -> Notification:
    return Notification(
        alert_id=None,
        event=DIGEST_EVENT,
        channel=Channel.EMAIL,
        target=email,
        payload=payload,
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


def digest_payload(
    session: Session, settings: CollectorSettings, cluster: Cluster, start: datetime, end: datetime
) -> dict[str, Any]:
    schools = list(
        session.scalars(select(School).where(School.cluster_id == cluster.id).order_by(School.name))
    )
    return {
        "event": DIGEST_EVENT,
        "cluster": {"slug": cluster.slug, "name": cluster.name, "timezone": cluster.timezone},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "schools": [s for s in (_school(session, school, start, end) for school in schools) if s],
        "url": f"{settings.public_url.rstrip('/')}/overview",
    }


def _school(
    session: Session, school: School, start: datetime, end: datetime
) -> dict[str, Any] | None:
    alerts = select(Alert).where(Alert.school_id == school.id)
    opened = session.scalars(
        alerts.where(Alert.opened_at >= start, Alert.opened_at < end).order_by(Alert.opened_at)
    )
    resolved = session.scalars(alerts.where(Alert.resolved_at >= start, Alert.resolved_at < end))
    reported = session.scalars(
        select(Incident).where(
            Incident.school_id == school.id,
            Incident.origin == IncidentOrigin.SCHOOL,
            Incident.opened_at >= start,
            Incident.opened_at < end,
        )
    )
    still_open = session.scalars(
        select(Incident.id).where(
            Incident.school_id == school.id, Incident.status != IncidentStatus.RESOLVED
        )
    )
    entry = {
        "name": school.name,
        "slug": school.slug,
        "opened": [f"[{a.severity.value}] {a.summary}" for a in opened],
        "resolved": len(list(resolved)),
        "reported": [i.title for i in reported],
        "open_incidents": len(list(still_open)),
    }
    return entry if entry["opened"] or entry["resolved"] or entry["reported"] else None
