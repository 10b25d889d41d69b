"""The check-in over HTTP: the enrollment's token, the collector's URL, explicit timeouts."""

from __future__ import annotations

import socket

import requests
from pydantic import ValidationError

from agent.enroll.state import Enrollment
from agent.report.build import agent_version
from schemas.checkin import CheckinRequest, CheckinResponse


class CheckinError(Exception):
    """The check-in failed; the message says why (never a secret) and what to do."""


def check_in(
    enrollment: Enrollment,
    mode: str,
    *,
    timeout_s: float,
    session: requests.Session | None = None,
) -> CheckinResponse:
    body = CheckinRequest(agent_version=agent_version(), hostname=socket.gethostname(), mode=mode)
    url = f"{enrollment.collector_url}/api/v1/agent/checkin"
    headers = {
        "Authorization": f"Bearer {enrollment.token.get_secret_value()}",
        "Content-Type": "application/json",
    }
    http = session or requests.Session()
    try:
        response = http.post(
            url, data=body.model_dump_json(), headers=headers, timeout=(timeout_s, timeout_s)
        )
    except requests.RequestException as exc:
        raise CheckinError(f"collector unreachable at {url}: {type(exc).__name__}") from exc
    if response.status_code == 401:
        raise CheckinError("the collector does not know this agent's token: re-enroll it")
    if response.status_code != 200:
        raise CheckinError(f"the collector answered HTTP {response.status_code} to the check-in")
    try:
        return CheckinResponse.model_validate_json(response.content)
    except ValidationError as exc:
        raise CheckinError(
            f"the collector's check-in answer is not understood ({exc.error_count()} problems): "
            "is the agent older than the collector?"
        ) from exc
