"""Agent enrollment (a one-time code for a token) and token rotation."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter

from collector.api.deps import AgentDep, SessionDep, SettingsDep, utcnow
from collector.contracts import AgentSelf, EnrollRequest, EnrollResponse, TokenResponse
from collector.services.credentials import describe_agent, enroll, rotate_agent_token

router = APIRouter(prefix="/api/v1", tags=["agents"])


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    status_code=201,
    responses={401: {"description": "code unknown, already used or expired"}},
)
def post_enroll(request: EnrollRequest, session: SessionDep) -> EnrollResponse:
    """Exchange a one-time enrollment code for this agent's id, school and bearer token."""
    return enroll(session, request, utcnow())


@router.post("/agent/token", response_model=TokenResponse)
def post_rotate_token(agent: AgentDep, session: SessionDep, settings: SettingsDep) -> TokenResponse:
    """Issue a new token; the agent's previous tokens expire after the rotation grace."""
    grace = timedelta(hours=settings.token_rotation_grace_hours)
    return rotate_agent_token(session, agent, utcnow(), grace)


@router.get(
    "/agents/me",
    response_model=AgentSelf,
    responses={401: {"description": "token unknown, expired or revoked"}},
)
def get_agent_me(agent: AgentDep, session: SessionDep) -> AgentSelf:
    """The calling agent's id and school: a cheap way for an agent to check its enrollment."""
    return describe_agent(session, agent)
