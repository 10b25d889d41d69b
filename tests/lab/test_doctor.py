"""``lankeeper-agent doctor`` in the lab school: a real lab collector (plain HTTP, and HTTPS with
a self-signed certificate the agent does not trust) in the agent's namespace, and the agent
run with ``ip netns exec``; each failure a site can have is explained, with its fix."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.collector.databases import empty_database
from tests.lab.agent_config import LAB_NETWORK, agent_config_toml, write_agent_config
from tests.lab.lab import REPO, Lab
from tests.lab.peers.base import in_ns

pytestmark = pytest.mark.lab

PYTHON = str(REPO / ".venv" / "bin" / "python")
HTTP_PORT, TLS_PORT, DEAD_PORT = 8631, 8632, 8639


@dataclass
class Site:
    lab: Lab
    db_url: str
    home: Path  # world-readable: the non-root run must reach its files
    state: Path  # enrolled (plain HTTP collector on the agent's loopback)
    config: Path

    def cli(self, *args: str) -> str:
        argv = [PYTHON, "-m", "collector", *args, "--database-url", self.db_url]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def doctor(
        self, state: Path, config: Path | None = None, *, without_raw_sockets: bool = False
    ) -> tuple[int, dict[str, dict[str, Any]]]:
        argv = [PYTHON, "-m", "agent.cli", "doctor", "--json", "--state-dir", str(state)]
        argv += ["--config", str(config or self.config)]
        if without_raw_sockets:  # CAP_NET_RAW gone from the bounding set: no raw sockets,
            # as for a user without the capability (still root, so the checkout may be 0700)
            argv = ["setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw", "--", *argv]
        done = self.lab.exec_in(self.lab.agent_ns, argv, timeout=120)
        assert done.stdout, done.stderr
        data = json.loads(done.stdout)
        assert data["can_run_tonight"] == (done.returncode == 0)
        return done.returncode, {f["check"]: f for f in data["findings"]}

    def state_for(self, name: str, url: str) -> Path:
        """A copy of the enrollment pointing at ``url`` (same agent, same token)."""
        state = self.home / name
        state.mkdir()
        enrollment = json.loads((self.state / "enrollment.json").read_text())
        (state / "enrollment.json").write_text(json.dumps({**enrollment, "collector_url": url}))
        return state


def _serve(lab: Lab, db_url: str, port: int, log: Path, *tls: str) -> subprocess.Popen[bytes]:
    argv = [PYTHON, "-m", "collector", "serve", "--database-url", db_url, "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            in_ns(lab.agent_ns, [*argv, *tls]), stdout=out, stderr=out, cwd=REPO
        )
    address = ("127.0.0.1", port)
    probe = f"import socket; socket.create_connection({address!r}, timeout=1).close()"
    for _ in range(80):
        if lab.exec_in(lab.agent_ns, [PYTHON, "-c", probe]).returncode == 0:
            return server
        time.sleep(0.25)
    server.terminate()
    pytest.fail(f"collector did not start:\n{log.read_text()}")


def _self_signed(directory: Path) -> tuple[str, str]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture(scope="module")
def site(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("doctor")
    home = Path(tempfile.mkdtemp(prefix="lkre-doctor-"))
    home.chmod(0o755)
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for db_url in empty_database("sqlite", tmp):
            config = write_agent_config(home / "agent.toml", extra=LAB_NETWORK)
            config.chmod(0o644)
            found = Site(lab, db_url, home, home / "state", config)
            found.cli("migrate")
            found.cli("cluster", "add", "lab", "--name", "Lab cluster")
            found.cli("school", "add", "lab-school", "--cluster", "lab", "--name", "Lab Primary")
            servers.append(_serve(lab, db_url, HTTP_PORT, tmp / "http.log"))
            tls = _self_signed(tmp)
            servers.append(
                _serve(
                    lab,
                    db_url,
                    TLS_PORT,
                    tmp / "tls.log",
                    "--tls-cert",
                    tls[0],
                    "--tls-key",
                    tls[1],
                )
            )
            code = found.cli("enrollment-code", "create", "--school", "lab-school", "--ttl", "1")
            url = f"http://127.0.0.1:{HTTP_PORT}"
            argv = [PYTHON, "-m", "agent.cli", "enroll", "--collector", url, "--code", code]
            done = lab.exec_in(lab.agent_ns, [*argv, "--state-dir", str(found.state)])
            assert done.returncode == 0, done.stderr
            yield found
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


def test_a_healthy_site_passes(site: Site) -> None:
    code, found = site.doctor(site.state)
    assert code == 0, found
    assert found["interface"]["status"] == "ok"
    assert "eth0" in found["interface"]["message"]
    assert "198.18.0.0/24" in found["interface"]["message"]
    assert found["raw_sockets"]["status"] == "ok"
    assert found["snmp"]["status"] == "ok", found["snmp"]
    assert "'public' on" in found["snmp"]["message"]
    assert found["enrollment"]["status"] == "ok"
    assert "Lab Primary" in found["enrollment"]["message"]
    assert found["clock"]["status"] == "ok"
    assert found["collector.tcp"]["status"] == "ok"
    # no systemd in this container: honestly "cannot tell", never a failure
    assert found["schedule"]["status"] == "unknown"


def test_no_raw_socket_rights_is_explained_with_the_fallback(site: Site) -> None:
    _code, found = site.doctor(site.state, without_raw_sockets=True)
    raw = found["raw_sockets"]
    assert raw["status"] == "warn"
    assert "neighbour table" in raw["message"]
    assert "CAP_NET_RAW" in raw["fix"]


def test_a_wrong_snmp_community_is_explained(site: Site) -> None:
    config = site.home / "wrong-community.toml"
    text = agent_config_toml(extra=LAB_NETWORK)
    head = text.split("[[snmp.v2c]]")[0]
    config.write_text(head + '[[snmp.v2c]]\nname = "school"\ncommunity = "not-the-one"\n')
    code, found = site.doctor(site.state, config)
    snmp = found["snmp"]
    assert snmp["status"] == "warn"
    assert "None of the" in snmp["message"]
    assert "'school'" in snmp["message"]
    assert "community" in snmp["fix"]
    assert code == 0  # the scan still runs tonight, with less detail


def test_collector_down_fails_with_the_fix(site: Site) -> None:
    state = site.state_for("down", f"http://127.0.0.1:{DEAD_PORT}")
    code, found = site.doctor(state)
    assert code == 1
    tcp = found["collector.tcp"]
    assert tcp["status"] == "fail"
    assert "down or unreachable" in tcp["message"]
    assert f"port {DEAD_PORT}" in tcp["fix"]


def test_an_untrusted_collector_certificate_fails_with_the_fix(site: Site) -> None:
    state = site.state_for("tls", f"https://127.0.0.1:{TLS_PORT}")
    code, found = site.doctor(state)
    assert code == 1
    assert found["collector.tcp"]["status"] == "ok"
    tls = found["collector.tls"]
    assert tls["status"] == "fail"
    assert "self-signed" in tls["message"] or "certificate" in tls["message"]
    assert "trusted" in tls["fix"]


def test_not_enrolled_fails_with_the_enroll_command(site: Site) -> None:
    state = site.home / "never-enrolled"
    state.mkdir()
    code, found = site.doctor(state)
    assert code == 1
    assert found["enrollment"]["status"] == "fail"
    assert "lankeeper-agent enroll" in found["enrollment"]["fix"]


def test_a_revoked_enrollment_fails_with_re_enroll(site: Site) -> None:
    state = site.state_for("revoked", f"http://127.0.0.1:{HTTP_PORT}")
    enrollment = json.loads((state / "enrollment.json").read_text())
    enrollment["token"] = "lk_agent_" + "x" * 40
    (state / "enrollment.json").write_text(json.dumps(enrollment))
    code, found = site.doctor(state)
    assert code == 1
    assert found["enrollment"]["status"] == "fail"
    assert "re-enroll" in found["enrollment"]["fix"]
