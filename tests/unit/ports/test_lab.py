"""Port probe across the scratch LAN against greeting servers in another namespace."""

from collections.abc import Iterator

import pytest

from agent.ports.parse import describe_banner
from tests.unit.net.scratch import ScratchLan, ns_json, scratch_lan, spawn_in_ns, stop

pytestmark = pytest.mark.lab

PORTS = ["22", "80", "443", "445", "515", "631", "3389", "4352", "5900", "8080", "9100"]


@pytest.fixture(scope="module")
def lan() -> Iterator[ScratchLan]:
    with scratch_lan("lkl-p", n_hosts=2) as built:
        yield built


def test_probe_sees_open_ports_and_greetings(lan: ScratchLan) -> None:
    projector, silent = lan.hosts
    specs = ["4352:PJLINK 1 5b1f2c3d\\r", "22:SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n", "9100:"]
    proc = spawn_in_ns(projector.ns, ["-m", "tests.unit.ports.greeter", str(projector.ip), *specs])
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        args = ["ports", "--ip", str(projector.ip), "--ip", str(silent.ip)]
        out = ns_json(lan.agent.ns, [*args, *(f"--port={p}" for p in PORTS)])
    finally:
        stop(proc)
        log = proc.stdout.read() if proc.stdout else ""
    assert out["result"] == [
        {
            "ip": str(projector.ip),
            "open": [22, 4352, 9100],
            "banners": [[22, "SSH-2.0-OpenSSH_9.2p1 Debian-2"], [4352, "PJLINK 1 5b1f2c3d"]],
        }
    ]
    assert describe_banner(out["result"][0]["banners"][1][1]) == "pjlink, auth required: yes"
    assert "4352 received 0 bytes" in log  # nothing was ever sent to the projector
