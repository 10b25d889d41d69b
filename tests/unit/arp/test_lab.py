"""ARP sweep and neighbour path against a scratch LAN of network namespaces (root, Linux)."""

import re
import subprocess
import time
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network

import pytest

from tests.unit.net.scratch import ScratchLan, flush_neighbours, ns_json, scratch_lan, stop

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lan() -> Iterator[ScratchLan]:
    with scratch_lan("lkl-a", n_hosts=5) as built:
        yield built


def _expected(lan: ScratchLan) -> dict[str, str]:
    return {str(h.ip): h.mac for h in lan.hosts}


def _found(result: list[dict[str, str]], method: str) -> dict[str, str]:
    assert {row["method"] for row in result} <= {method}
    return {row["ip"]: row["mac"] for row in result}


def test_arp_sweep_finds_every_host_not_itself(lan: ScratchLan) -> None:
    out = ns_json(lan.agent.ns, ["arp", "--rate", "500", "--retries", "1", "--wait", "0.5"])
    assert _found(out["result"], "arp_sweep") == _expected(lan)


def test_arp_sweep_without_cap_net_raw_says_so(lan: ScratchLan) -> None:
    out = ns_json(lan.agent.ns, ["arp"], drop_net_raw=True)
    assert out["result"]["error"] == "raw_socket_unavailable"
    assert "no permission for raw sockets on eth0" in out["result"]["detail"]


def test_neighbour_path_without_cap_net_raw(lan: ScratchLan) -> None:
    flush_neighbours(lan.agent.ns)  # nothing left from other tests
    out = ns_json(lan.agent.ns, ["neigh", "--rate", "500", "--wait", "1.0"], drop_net_raw=True)
    assert _found(out["result"], "neighbour_table") == _expected(lan)


def test_sweep_of_a_narrower_subnet(lan: ScratchLan) -> None:
    out = ns_json(lan.agent.ns, ["arp", "--subnet", "198.18.1.20/30", "--wait", "0.3"])
    assert _found(out["result"], "arp_sweep") == {
        ip: mac for ip, mac in _expected(lan).items() if ip in ("198.18.1.21", "198.18.1.22")
    }


def test_sweep_stays_inside_the_lab_range(lan: ScratchLan) -> None:
    """A capture on the bridge during a sweep shows only 198.18.0.0/15 addresses."""
    capture = subprocess.Popen(
        ["ip", "netns", "exec", lan.switch_ns, "tcpdump", "-l", "-n", "-i", "br0", "-c", "2000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert capture.stderr is not None
        while "listening on br0" not in (line := capture.stderr.readline()):
            assert line, "tcpdump did not start"
        ns_json(lan.agent.ns, ["arp", "--subnet", "198.18.1.0/26", "--wait", "0.3"])
        time.sleep(0.3)
    finally:
        stop(capture)
    text = capture.stdout.read() if capture.stdout else ""
    addresses = {IPv4Address(a) for a in re.findall(r"\b\d+\.\d+\.\d+\.\d+\b", text)}
    assert IPv4Address("198.18.1.21") in addresses  # the capture did see the sweep
    assert all(a in IPv4Network("198.18.0.0/15") for a in addresses), addresses
