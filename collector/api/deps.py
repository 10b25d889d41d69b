"""Dependencies: settings, sessions, the clock and the two kinds of bearer principals.

Everything hangs off ``app.state`` (set by ``create_app``); nothing is module-global.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from collector.domain import Role
from collector.errors import UnauthorizedError
from collector.services.access import require_role
from collector.services.credentials import (
    AgentPrincipal,
    UserPrincipal,
    authenticate_agent,
    authenticate_user,
)
from collector.services.login_throttle import address_key
from collector.services.secrets import AGENT_TOKEN_PREFIX, SESSION_TOKEN_PREFIX
from collector.settings import CollectorSettings

_bearer = HTTPBearer(auto_error=False, description="agent token (lka_…) or user session (lks_…)")


def utcnow() -> datetime:
    return datetime.now(UTC)


def client_address(request: Request) -> str:
    """Who is asking, as login throttling counts it (uvicorn has already taken the client's
    address from X-Forwarded-For when the request came through a trusted proxy)."""
    return address_key(request.client.host if request.client else None)


def get_settings(request: Request) -> CollectorSettings:
    settings: CollectorSettings = request.app.state.settings
    return settings


def get_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


def get_session(
    factory: Annotated[sessionmaker[Session], Depends(get_factory)],
) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on error."""
    with factory.begin() as session:
        yield session


SettingsDep = Annotated[CollectorSettings, Depends(get_settings)]
FactoryDep = Annotated[sessionmaker[Session], Depends(get_factory)]
# scope="function": the transaction commits before the response leaves, so a failed commit
# is a 500, never a success the database does not hold
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _token(credentials: HTTPAuthorizationCredentials | None, prefix: str, what: str) -> str:
    if credentials is None or not credentials.credentials.startswith(prefix):
        raise UnauthorizedError(f"send 'Authorization: Bearer <{what}>'")
    return credentials.credentials


def agent_principal(credentials: Credentials, factory: FactoryDep) -> AgentPrincipal:
    token = _token(credentials, AGENT_TOKEN_PREFIX, "agent token")
    with factory.begin() as session:
        return authenticate_agent(session, token, utcnow())


def user_principal(credentials: Credentials, factory: FactoryDep) -> UserPrincipal:
    token = _token(credentials, SESSION_TOKEN_PREFIX, "session token from /api/v1/auth/login")
    with factory.begin() as session:
        return authenticate_user(session, token, utcnow())


def admin_principal(user: Annotated[UserPrincipal, Depends(user_principal)]) -> UserPrincipal:
    require_role(user, Role.ADMIN)
    return user


AgentDep = Annotated[AgentPrincipal, Depends(agent_principal)]
UserDep = Annotated[UserPrincipal, Depends(user_principal)]
AdminDep = Annotated[UserPrincipal, Depends(admin_principal)]
