"""Property-based requests over the collector's whole OpenAPI (schemathesis), per role.

Used twice: a few examples per operation in the test suite (``test_fuzz.py``) and many in
``benchmarks/fuzz_collector.py``. Each operation is driven with valid (positive) and invalid
(negative) inputs under every role's credentials; every answer is counted by status class.
Reports for ``POST /api/v1/reports`` come from the report model in the OpenAPI; for the agent
they are re-addressed to its own school with a fresh scan time, so they reach the database.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
_NETWORKS = st.builds(lambda a, b: f"10.{a}.{b}.0/24", st.integers(0, 255), st.integers(0, 255))
schemathesis.openapi.format("ipv4network", _NETWORKS)  # pydantic's own format name


@dataclass(frozen=True)
class Role:
    name: str
    token: str | None
    school: str | None = None  # an agent's school: its reports are re-addressed there


@dataclass
class Tally:
    by_class: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    reports_stored: int = 0

    @property
    def requests(self) -> int:
        return sum(self.by_class.values())

    def add(self, label: str, status: int, text: str) -> None:
        self.by_class[f"{status // 100}xx"] += 1
        self.reports_stored += status == 202 and "POST" in label and "/api/v1/reports" in label
        if status >= 500:
            self.server_errors.append(f"{label} -> {status}: {text[:300]}")


def fuzz(  # noqa: PLR0917
    app: FastAPI,
    client: TestClient,
    roles: list[Role],
    examples: int,
    random_seed: int = 0,
    report_weight: int = 1,
) -> Tally:
    """``examples`` per (operation, role, mode), ``report_weight`` times as many for the
    ingest (the richest input); returns the answers by status class."""
    schema = schemathesis.openapi.from_dict(app.openapi())
    tally, clock = Tally(), count()
    for result in schema.get_all_operations():
        operation = result.ok()
        for role in roles:
            for mode in MODES:
                strategy = operation.as_strategy(generation_mode=mode)
                send = _sender(client, role, tally, clock)
                weight = report_weight if operation.path == "/api/v1/reports" else 1
                _run(strategy, send, examples * weight, random_seed)
    return tally


def _run(strategy: Any, send: Callable[[Any], None], examples: int, random_seed: int) -> None:
    @seed(random_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        send(case)

    with contextlib.suppress(Unsatisfiable):  # nothing to make invalid: no parameters, no body
        run()


def _sender(
    client: TestClient, role: Role, tally: Tally, clock: count[int]
) -> Callable[[Any], None]:
    def send(case: Any) -> None:
        if role.school and case.path == "/api/v1/reports" and isinstance(case.body, dict):
            _readdress(case.body, role.school, next(clock))
        auth = {"Authorization": f"Bearer {role.token}"} if role.token else {}
        kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=auth)
        response = client.request(**_httpx(kwargs))
        tally.add(f"{role.name} {case.method} {kwargs['url']}", response.status_code, response.text)

    return send


def _readdress(body: dict[str, Any], school: str, tick: int) -> None:
    """This agent's school, a new report id, a scan newer than the last one, and the few rules
    JSON Schema cannot say (an unknown check says why; MAC shape; health needs 1.1+), so that
    most generated reports run through the whole ingest."""
    started = datetime.now(UTC) - timedelta(days=1) + timedelta(seconds=tick)
    body["report_id"] = str(uuid.uuid4())
    body["schema_version"] = "1.2"
    if isinstance(body.get("school"), dict):
        body["school"]["school_id"] = school
    if isinstance(body.get("scan"), dict):
        body["scan"]["started_at"] = started.isoformat()
        body["scan"]["finished_at"] = (started + timedelta(seconds=30)).isoformat()
    checks = list(body.get("host_checks") or [])
    for n, item in enumerate(body.get("devices") or []):
        if isinstance(item, dict):
            if isinstance(item.get("mac"), str):
                item["mac"] = f"00:1b:a9:00:{n >> 8 & 255:02x}:{n & 255:02x}"
            checks += list(item.get("checks") or [])
    for check in checks:
        if isinstance(check, dict) and check.get("status") == "unknown" and not check.get("reason"):
            check["reason"] = "no answer"


def _httpx(kwargs: dict[str, Any]) -> dict[str, Any]:
    """requests-style keyword arguments (from schemathesis) for httpx's TestClient."""
    sent = {k: kwargs[k] for k in ("method", "url", "headers", "params") if k in kwargs}
    if "json" in kwargs:
        sent["json"] = kwargs["json"]
    elif isinstance(kwargs.get("data"), bytes | str):
        sent["content"] = kwargs["data"]
    elif isinstance(kwargs.get("data"), dict):
        sent["data"] = kwargs["data"]
    if kwargs.get("cookies"):
        sent["cookies"] = kwargs["cookies"]
    return sent
