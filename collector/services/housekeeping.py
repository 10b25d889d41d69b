"""What ``tick`` deletes: expired sessions and login attempts older than the kept history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import UserSession
from collector.services import login_throttle
from collector.settings import CollectorSettings


@dataclass(frozen=True)
class Housekeeping:
    sessions_deleted: int
    attempts_deleted: int


def clean(
    factory: sessionmaker[Session], settings: CollectorSettings, now: datetime
) -> Housekeeping:
    with factory.begin() as session:
        expired = session.execute(delete(UserSession).where(UserSession.expires_at <= now))
        cutoff = now - timedelta(days=settings.login_attempts_keep_days)
        attempts = login_throttle.forget_before(session, cutoff)
    return Housekeeping(int(expired.rowcount), attempts)  # type: ignore[attr-defined]
