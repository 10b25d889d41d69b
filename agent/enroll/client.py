"""Talk to the collector's enrollment and token-rotation endpoints (requests, with timeouts)."""

from __future__ import annotations

import logging
from pathlib import Path

import requests
from pydantic import SecretStr

from agent.enroll.state import Enrollment, load_enrollment, save_enrollment
from agent.enroll.transport import InsecureCollectorError, check_collector_url

log = logging.getLogger(__name__)
TIMEOUT = (5.0, 30.0)


class EnrollError(Exception):
    """Enrollment failed; the message says why and what to do."""


def enroll(
    collector_url: str,
    code: str,
    *,
    agent_name: str,
    hostname: str,
    state_dir: Path,
    session: requests.Session | None = None,
    insecure: bool = False,
) -> Enrollment:
    """Spend ``code`` at the collector; save and return the enrollment (token included).

    A plain ``http://`` address outside loopback and the lab is refused before anything is
    sent, unless ``insecure``."""
    base = collector_url.rstrip("/")
    try:
        check_collector_url(base, insecure=insecure)
    except InsecureCollectorError as exc:
        raise EnrollError(str(exc)) from exc
    body = {"code": code, "agent_name": agent_name, "hostname": hostname}
    response = _post(session, f"{base}/api/v1/enroll", json=body)
    data = response.json()
    enrollment = Enrollment(
        collector_url=base,
        agent_id=data["agent_id"],
        school_id=data["school_id"],
        token=SecretStr(data["token"]),
        insecure=insecure and not base.lower().startswith("https://"),
    )
    path = save_enrollment(state_dir, enrollment)
    log.info(
        "enrolled as agent %s of school %s (%s)", enrollment.agent_id, enrollment.school_id, path
    )
    return enrollment


def rotate_token(state_dir: Path, session: requests.Session | None = None) -> Enrollment:
    """Get a fresh token; the old one keeps working for the collector's grace period."""
    current = load_enrollment(state_dir)
    headers = {"Authorization": f"Bearer {current.token.get_secret_value()}"}
    response = _post(session, f"{current.collector_url}/api/v1/agent/token", headers=headers)
    updated = current.model_copy(update={"token": SecretStr(response.json()["token"])})
    save_enrollment(state_dir, updated)
    return updated


def _post(
    session: requests.Session | None,
    url: str,
    *,
    json: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    http = session or requests.Session()
    try:
        response = http.post(url, json=json, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise EnrollError(f"cannot reach the collector at {url}: {exc}") from exc
    if response.status_code >= 400:
        raise EnrollError(f"the collector refused ({response.status_code}): {_detail(response)}")
    return response


def _detail(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail or response.text[:300] or response.reason)
