"""End to end over real HTTP: the CLI sets up, ``lankeeper-collector serve`` runs as its own
process, the agent enrolls and sends with its real sender, people read it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from agent.enroll import enroll
from agent.outbox import enqueue, flush
from tests.collector.databases import empty_database
from tests.collector.live import collector_cli, collector_process
from tests.collector.reports import check, device, ip_for, nightly, report


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all (the collector has never run against it)."""
    yield from empty_database(request.param, tmp_path)


def cli_ok(*args: str, stdin: str | None = None) -> str:
    result = collector_cli(*args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_serve_refuses_to_start_with_pending_migrations(empty_database_url: str) -> None:
    result = collector_cli("serve", "--database-url", empty_database_url, "--port", "1")
    assert result.returncode == 2
    assert "lankeeper-collector migrate" in result.stderr
    assert "migration none" in result.stderr


def test_enrolled_agent_reports_over_http(empty_database_url: str, tmp_path: Path) -> None:
    url = ["--database-url", empty_database_url]
    cli_ok("migrate", *url)
    cli_ok("cluster", "add", "north", "--name", "North", "--timezone", "Europe/London", *url)
    cli_ok("school", "add", "st-marys", "--cluster", "north", "--name", "St Mary's", *url)
    cli_ok(
        "user",
        "add",
        "tech",
        "--role",
        "technician",
        "--cluster",
        "north",
        "--password-stdin",
        *url,
        stdin="a long password\n",
    )
    code = cli_ok("enrollment-code", "create", "--school", "st-marys", "--ttl", "1", *url)
    assert len(code) == 14
    state = tmp_path / "agent-state"
    with collector_process(empty_database_url) as base:
        enrollment = enroll(base, code, agent_name="office", hostname="office-pc", state_dir=state)
        assert enrollment.school_id == "st-marys"
        toner = check("printer.supply.1", "warning", "Black toner at 8 %")
        enqueue(report("st-marys", [device(1)], started=nightly(2)), state)
        enqueue(
            report("st-marys", [device(1, ips=[ip_for(50)], checks=[toner])], started=nightly(1)),
            state,
        )
        result = flush(state)
        assert (len(result.sent), result.ok) == (2, True)
        login = requests.post(
            f"{base}/api/v1/auth/login",
            json={"username": "tech", "password": "a long password"},
            timeout=10,
        )
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        devices = requests.get(
            f"{base}/api/v1/schools/st-marys/devices",
            headers=headers,
            params={"type": "printer"},
            timeout=10,
        ).json()
        (printer,) = devices["items"]
        assert (printer["ip"], printer["status"]) == (str(ip_for(50)), "warning")  # one device
        alerts = requests.get(f"{base}/api/v1/alerts", headers=headers, timeout=10).json()
        assert [a["summary"] for a in alerts["items"]] == ["Black toner at 8 %"]
    agents = cli_ok("agent", "list", "--school", "st-marys", *url)
    assert enrollment.agent_id in agents
    assert "revoked 1 token" in cli_ok("token", "revoke", "--agent", enrollment.agent_id, *url)
    assert "silent schools" in cli_ok("tick", *url)
