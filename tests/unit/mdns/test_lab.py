"""mDNS browse against a real python-zeroconf announcer in another namespace (root, Linux)."""

from collections.abc import Iterator

import pytest

from tests.unit.mdns.announcer import SERVICES
from tests.unit.net.scratch import ScratchLan, ns_json, scratch_lan, spawn_in_ns, stop

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lan() -> Iterator[ScratchLan]:
    with scratch_lan("lkl-m", n_hosts=2) as built:
        yield built


def test_browse_finds_every_announced_service_with_txt(lan: ScratchLan) -> None:
    announcer_host = lan.hosts[0]
    proc = spawn_in_ns(
        announcer_host.ns, ["-m", "tests.unit.mdns.announcer", str(announcer_host.ip)]
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        out = ns_json(lan.agent.ns, ["mdns", "--window", "5", "--quiet", "1"])
    finally:
        stop(proc)
    found = {(row["service_type"], row["instance"]): row for row in out["result"]}
    assert set(found) == {(stype, name) for stype, name, _port, _txt in SERVICES}
    for stype, name, port, txt in SERVICES:
        row = found[(stype, name)]
        assert row["port"] == port
        assert row["ips"] == [str(announcer_host.ip)]
        assert row["host"] == "announcer-" + str(announcer_host.ip).replace(".", "-") + ".local."
        assert row["txt"] == {key.lower(): value or "" for key, value in txt.items()}


def test_browse_with_nobody_announcing_is_empty(lan: ScratchLan) -> None:
    out = ns_json(lan.agent.ns, ["mdns", "--window", "2", "--quiet", "0.5"])
    assert out["result"] == []
