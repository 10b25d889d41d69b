"""Account-protection tables: login attempts (throttling, lockout) and the session expiry index.

Attempts are rows, not process memory, so every collector replica sees the same counts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from collector.db.base import Base, slug_enum
from collector.db.tenancy import UserSession
from collector.domain import LoginOutcome


class LoginAttempt(Base):
    """One login try (or an admin's unlock), by the user name typed and the client address.

    The user name is kept as typed, whether or not such a user exists, so an unknown name is
    throttled exactly like a real one and the answers give nothing away.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_at", "username", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    username: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[LoginOutcome] = mapped_column(slug_enum(LoginOutcome))


# ``tick`` deletes expired sessions: find them without a scan
SESSION_EXPIRY_INDEX = Index("ix_user_sessions_expires_at", UserSession.expires_at)
