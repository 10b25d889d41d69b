"""The agent's side of the check-in over real HTTP (collector on SQLite and PostgreSQL):
central settings used and cached 0600, the cache when the collector is down, the local file
alone without either; ``service`` stops cleanly on SIGTERM while the collector is down, and
while it is inside a check-in to a collector that accepted the connection and never answers.
No secret reaches a log line."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from agent.central.cache import cache_path
from agent.central.resolve import settings_for_run
from agent.enroll.state import Enrollment, save_enrollment
from agent.settings import parse_settings
from collector.services.secret_box import generate_key
from collector.settings import CollectorSettings
from schemas import SettingsSource
from tests.collector.conftest import World
from tests.collector.helpers import bearer, free_port
from tests.collector.live import ROOT, collector_thread

COMMUNITY = "http-test-Community-44d0"


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, secret_key=SecretStr(generate_key()))


def enrollment(url: str, world: World) -> Enrollment:
    return Enrollment(
        collector_url=url,
        agent_id=world.agents["alpha"],
        school_id="alpha",
        token=SecretStr(world.tokens["alpha"]),
    )


def test_central_then_cached_then_local_and_no_secret_in_the_logs(  # noqa: PLR0917
    client: TestClient,
    world: World,
    people: dict[str, str],
    settings: CollectorSettings,
    engine: Engine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    value = {"value": [{"name": "cluster", "community": COMMUNITY}]}
    path = "/api/v1/admin/settings/clusters/north/snmp_v2c"
    assert client.put(path, json=value, headers=bearer(people["admin"])).status_code == 200
    local = parse_settings({"scan": {"subnets": ["192.168.9.0/24"]}})
    with collector_thread(settings, engine) as url:
        online = settings_for_run(local, tmp_path, enrollment(url, world))
    assert online.info.source is SettingsSource.CENTRAL
    assert online.info.central_keys == ["snmp_v2c"]
    assert [c.community.get_secret_value() for c in online.settings.snmp.v2c] == [COMMUNITY]
    assert online.settings.scan.subnets == local.scan.subnets
    assert cache_path(tmp_path).stat().st_mode & 0o777 == 0o600
    down = enrollment(f"http://127.0.0.1:{free_port()}", world)
    offline = settings_for_run(local, tmp_path, down)
    assert offline.info.source is SettingsSource.CACHED
    assert offline.info.checkin_error is not None
    assert "unreachable" in offline.info.checkin_error
    assert [c.name for c in offline.settings.snmp.v2c] == ["cluster"]
    cache_path(tmp_path).write_text("{ damaged")
    alone = settings_for_run(local, tmp_path, down)
    assert alone.info.source is SettingsSource.LOCAL
    assert alone.settings == local
    assert caplog.records, "the fallbacks are logged"
    assert COMMUNITY not in caplog.text
    assert COMMUNITY not in online.info.model_dump_json()


def test_not_enrolled_or_check_in_disabled_means_the_local_file(tmp_path: Path) -> None:
    local = parse_settings({"checkin": {"enabled": False}})
    found = settings_for_run(local, tmp_path, None)
    assert (found.info.source, found.answer) == (SettingsSource.LOCAL, None)
    down = Enrollment(
        collector_url="http://127.0.0.1:9", agent_id="a", school_id="s", token=SecretStr("lka_x")
    )
    assert settings_for_run(local, tmp_path, down).info.checkin_error is None  # not even tried


def _start_service(tmp_path: Path, url: str, timeout_s: int) -> subprocess.Popen[str]:
    state = tmp_path / "state"
    token = SecretStr("lka_service-test-token")
    save_enrollment(state, Enrollment(collector_url=url, agent_id="a", school_id="s", token=token))
    config = tmp_path / "agent.toml"
    config.write_text(f"[checkin]\ninterval_s = 1\njitter_s = 0\ntimeout_s = {timeout_s}\n")
    argv = [sys.executable, "-m", "agent.cli", "-v", "-v", "service"]
    argv += ["--config", str(config), "--state-dir", str(state)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


def _stop(service: subprocess.Popen[str]) -> str:
    """SIGTERM, then the service's log; a service still running after 30 s fails the test."""
    try:
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=30)
    finally:
        if service.poll() is None:
            service.kill()
            service.communicate()
    return err


def test_service_backs_off_while_the_collector_is_down_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    service = _start_service(tmp_path, f"http://127.0.0.1:{free_port()}", timeout_s=1)
    try:
        _wait_for_failures(service, 2)
    finally:
        err = _stop(service)
    assert service.returncode == 0, err
    assert "service stopped after 0 scan(s)" in err
    assert "lka_service-test-token" not in err


@contextmanager
def hanging_collector() -> Iterator[tuple[str, threading.Event]]:
    """A real TCP listener on loopback that accepts connections and never answers them."""
    held: list[socket.socket] = []
    accepted = threading.Event()
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(0.2)

        def serve() -> None:
            while server.fileno() != -1:
                try:
                    held.append(server.accept()[0])
                except TimeoutError:
                    continue
                except OSError:
                    return
                accepted.set()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
        finally:
            server.close()
            thread.join()
            for connection in held:
                connection.close()


def test_sigterm_during_a_check_in_to_a_collector_that_never_answers_cancels_it(
    tmp_path: Path,
) -> None:
    with hanging_collector() as (url, accepted):
        service = _start_service(tmp_path, url, timeout_s=120)  # the longest allowed
        try:
            assert accepted.wait(60), "the service never connected to the collector"
        finally:
            err = _stop(service)  # the service is inside its first check-in
    assert service.returncode == 0, err
    assert "stop requested (SIGTERM)" in err
    assert "check-in cancelled: the service is stopping" in err
    assert "check-in failed" not in err, "the check-in was cancelled, not left to time out"
    assert "service stopped after 0 scan(s)" in err
    assert "lka_service-test-token" not in err


def _wait_for_failures(service: subprocess.Popen[str], count: int) -> None:
    """Read the service's log until it reported ``count`` failed check-ins."""
    assert service.stderr is not None
    seen = 0
    deadline = time.monotonic() + 60
    while seen < count and time.monotonic() < deadline:
        line = service.stderr.readline()
        seen += "check-in failed" in line
    assert seen >= count
