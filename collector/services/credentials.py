"""Enrollment codes, agent tokens and user sessions: issue, check, rotate, revoke.

Only SHA-256 hashes of codes and tokens are stored; passwords are argon2 hashes. A code is
spent by a conditional UPDATE, so two replicas cannot both enroll with it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from collector.contracts import AgentSelf, EnrollRequest, EnrollResponse, TokenResponse
from collector.db.models import Agent, AgentToken, EnrollmentCode, School, User, UserSession
from collector.domain import Role
from collector.errors import NotFoundError, UnauthorizedError
from collector.services.secrets import (
    AGENT_TOKEN_PREFIX,
    new_enrollment_code,
    new_token,
    normalise_code,
    token_hash,
)
from collector.services.tenancy import audit, get_school

log = logging.getLogger(__name__)
_USED = "this enrollment code was already used; each code enrolls one agent"


@dataclass(frozen=True)
class AgentPrincipal:
    agent_id: int
    public_id: str
    school_id: int
    school_slug: str
    token_id: int


@dataclass(frozen=True)
class UserPrincipal:
    user_id: int
    username: str
    role: Role
    cluster_id: int | None
    school_id: int | None


def create_enrollment_code(
    session: Session, school_slug: str, ttl: timedelta, now: datetime, actor: str
) -> tuple[str, EnrollmentCode]:
    """Return the plain code (shown once) and its row."""
    school = get_school(session, school_slug)
    code = new_enrollment_code()
    row = EnrollmentCode(
        school_id=school.id, code_hash=_code_hash(code), created_at=now, expires_at=now + ttl
    )
    session.add(row)
    session.flush()
    audit(session, now, actor, "enrollment_code.create", school=school.slug, code_id=row.id)
    return code, row


def enroll(session: Session, request: EnrollRequest, now: datetime) -> EnrollResponse:
    """Spend a one-time code: create the agent and its first token."""
    code = session.scalar(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == _code_hash(request.code))
    )
    _check_code(code, now)
    assert code is not None
    agent = Agent(
        public_id=str(uuid.uuid4()),
        school_id=code.school_id,
        name=request.agent_name,
        hostname=request.hostname,
        enrolled_at=now,
    )
    session.add(agent)
    session.flush()
    _spend(session, code, agent, now)
    token = issue_agent_token(session, agent.id, now)
    school_slug = session.get_one(School, code.school_id).slug
    log.info("agent %s enrolled for school %s", agent.public_id, school_slug)
    return EnrollResponse(agent_id=agent.public_id, school_id=school_slug, token=token)


def _code_hash(code: str) -> str:
    return token_hash(normalise_code(code))


def _check_code(code: EnrollmentCode | None, now: datetime) -> None:
    if code is None:
        raise UnauthorizedError("unknown enrollment code; ask the provider's admin for a new one")
    if code.used_at is not None:
        raise UnauthorizedError(_USED)
    if code.expires_at <= now:
        raise UnauthorizedError("this enrollment code has expired; ask for a new one")


def _spend(session: Session, code: EnrollmentCode, agent: Agent, now: datetime) -> None:
    spent = session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.id == code.id, EnrollmentCode.used_at.is_(None))
        .values(used_at=now, used_by_agent_id=agent.id)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise UnauthorizedError(_USED)


def issue_agent_token(session: Session, agent_id: int, now: datetime) -> str:
    token = new_token(AGENT_TOKEN_PREFIX)
    session.add(AgentToken(agent_id=agent_id, token_hash=token_hash(token), created_at=now))
    session.flush()
    return token


def authenticate_agent(session: Session, token: str, now: datetime) -> AgentPrincipal:
    row = session.execute(
        select(AgentToken.id, Agent.id, Agent.public_id, School.id, School.slug)
        .join(Agent, Agent.id == AgentToken.agent_id)
        .join(School, School.id == Agent.school_id)
        .where(AgentToken.token_hash == token_hash(token), AgentToken.revoked_at.is_(None))
        .where(or_(AgentToken.expires_at.is_(None), AgentToken.expires_at > now))
    ).one_or_none()
    if row is None:
        raise UnauthorizedError("agent token unknown, revoked or expired; re-enroll the agent")
    token_id, agent_id, public_id, school_id, school_slug = row
    return AgentPrincipal(agent_id, public_id, school_id, school_slug, token_id)


def describe_agent(session: Session, agent: AgentPrincipal) -> AgentSelf:
    school = session.get_one(School, agent.school_id)
    return AgentSelf(agent_id=agent.public_id, school_id=school.slug, school_name=school.name)


def rotate_agent_token(
    session: Session, agent: AgentPrincipal, now: datetime, grace: timedelta
) -> TokenResponse:
    """Issue a new token; the agent's older tokens stay valid for ``grace`` (lost replies)."""
    session.execute(
        update(AgentToken)
        .where(AgentToken.agent_id == agent.agent_id, AgentToken.revoked_at.is_(None))
        .where(or_(AgentToken.expires_at.is_(None), AgentToken.expires_at > now + grace))
        .values(expires_at=now + grace)
        .execution_options(synchronize_session=False)
    )
    token = issue_agent_token(session, agent.agent_id, now)
    audit(session, now, f"agent:{agent.public_id}", "agent_token.rotate")
    return TokenResponse(token=token, expires_at=None)


def revoke_agent_tokens(session: Session, agent_public_id: str, now: datetime, actor: str) -> int:
    """Revoke every token of an agent; returns how many were still active."""
    agent_id = session.scalar(select(Agent.id).where(Agent.public_id == agent_public_id))
    if agent_id is None:
        raise NotFoundError(f"no agent {agent_public_id!r}")
    result = session.execute(
        update(AgentToken)
        .where(AgentToken.agent_id == agent_id, AgentToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    audit(session, now, actor, "agent_token.revoke", agent=agent_public_id)
    return int(result.rowcount)  # type: ignore[attr-defined]


def authenticate_user(session: Session, token: str, now: datetime) -> UserPrincipal:
    user = session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == token_hash(token), UserSession.expires_at > now)
        .where(User.disabled.is_(False))
    )
    if user is None:
        raise UnauthorizedError("session unknown or expired; log in again")
    return UserPrincipal(user.id, user.username, user.role, user.cluster_id, user.school_id)
