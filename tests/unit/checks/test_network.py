"""Network checks on 127.0.0.1 (a listening port as "gateway", a refused one, a silent one,
a TLS collector with a throw-away certificate), and DNS failure inside a scratch namespace
with no resolver (root only; under CI=true that test must run)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from agent.checks.config import HealthSettings
from agent.checks.network import NetworkTargets, run_network_checks, tcp_probe
from schemas.health import CheckStatus
from tests.unit.checks.support import run

SETTINGS = HealthSettings(request_timeout_s=1)


@pytest.fixture
def listener() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _by_id(targets: NetworkTargets) -> dict:
    return {r.check_id: r for r in run(run_network_checks(targets, SETTINGS))}


def test_gateway_answering_on_one_port(listener: int) -> None:
    targets = NetworkTargets(
        gateway=IPv4Address("127.0.0.1"), gateway_ports=(listener, _closed_port())
    )
    gateway = _by_id(targets)["network.gateway"]
    assert gateway.status is CheckStatus.OK
    assert gateway.summary.startswith("Default gateway 127.0.0.1 answers in ")
    assert gateway.metrics[0].unit == "ms"


def test_refused_port_still_proves_the_gateway_answers() -> None:
    probe = run(tcp_probe("127.0.0.1", _closed_port(), 1))
    assert probe.answered
    assert probe.refused


def test_no_gateway_is_unknown() -> None:
    gateway = _by_id(NetworkTargets())["network.gateway"]
    assert (gateway.status, gateway.reason) == (CheckStatus.UNKNOWN, "no default gateway found")


def test_dns_resolves_localhost() -> None:
    dns = _by_id(NetworkTargets(gateway=None, dns_name="localhost"))["network.dns"]
    assert dns.status is CheckStatus.OK
    assert "127.0.0.1" in dns.evidence["addresses"]


def test_collector_refused_is_critical() -> None:
    targets = NetworkTargets(
        collector_host="127.0.0.1", collector_port=_closed_port(), collector_tls=False
    )
    collector = _by_id(targets)["network.collector"]
    assert (collector.status, collector.summary) == (
        CheckStatus.CRITICAL,
        "Collector 127.0.0.1 not reachable",
    )


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield sock.getsockname()[1], cert
    sock.close()


def test_collector_over_tls(tls_server: tuple[int, Path]) -> None:
    port, cert = tls_server
    trusted = ssl.create_default_context(cafile=str(cert))
    targets = NetworkTargets(collector_host="localhost", collector_port=port, tls_context=trusted)
    collector = _by_id(targets)["network.collector"]
    assert collector.status is CheckStatus.OK
    assert collector.summary.startswith("Collector localhost reachable over TLS in ")


def test_collector_with_untrusted_certificate(tls_server: tuple[int, Path]) -> None:
    port, _ = tls_server
    targets = NetworkTargets(collector_host="localhost", collector_port=port)  # system trust store
    collector = _by_id(targets)["network.collector"]
    assert collector.status is CheckStatus.CRITICAL
    assert "TLS failed" in collector.evidence["probe"]


_IN_NAMESPACE = """
import asyncio, json, sys
from ipaddress import IPv4Address
from agent.checks.config import HealthSettings
from agent.checks.network import NetworkTargets, run_network_checks
targets = NetworkTargets(
    gateway=IPv4Address("127.0.0.1"), gateway_ports=(9,), dns_name="collector.example.org"
)
results = asyncio.run(run_network_checks(targets, HealthSettings(request_timeout_s=1)))
print(json.dumps({r.check_id: r.status.value for r in results}))
"""


def test_network_checks_inside_a_scratch_namespace(tmp_path: Path) -> None:
    """A namespace with only lo and a resolv.conf pointing at nothing: the gateway (lo) answers
    by refusing, DNS fails. Nothing leaves the namespace."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("needs root and iproute2")
        pytest.skip("needs root and iproute2")
    name = f"lkh-net{os.getpid()}"
    etc = Path("/etc/netns") / name
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        etc.mkdir(parents=True, exist_ok=True)
        (etc / "resolv.conf").write_text("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
        (etc / "hosts").write_text("127.0.0.1 localhost\n")
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        done = subprocess.run(
            ["ip", "netns", "exec", name, sys.executable, "-c", _IN_NAMESPACE],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).parents[3],
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])},
        )
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)
        shutil.rmtree(etc, ignore_errors=True)
    assert json.loads(done.stdout) == {"network.gateway": "ok", "network.dns": "critical"}
