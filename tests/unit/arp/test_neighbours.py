from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from agent.arp.neighbours import to_observations
from agent.arp.parse import parse_proc_net_arp, parse_windows_arp
from agent.net.interfaces import ScanInterface
from schemas import Method

FIXTURES = Path(__file__).parent / "fixtures"
LAB = IPv4Network("198.18.1.0/24")


def _iface(name: str, ip: str, net: str) -> ScanInterface:
    return ScanInterface(name, "02:00:5e:10:01:0a", IPv4Address(ip), IPv4Network(net),
                         (IPv4Network(net),))  # fmt: skip


def test_only_the_scan_interface_and_subnets() -> None:
    entries = parse_proc_net_arp((FIXTURES / "linux_proc_net_arp.txt").read_text())
    found = to_observations(entries, _iface("eth0", "198.18.1.10", "198.18.1.0/24"), [LAB])
    assert [str(o.ip) for o in found] == [
        "198.18.1.21", "198.18.1.22", "198.18.1.23", "198.18.1.24", "198.18.1.99",
    ]  # fmt: skip
    assert {o.method for o in found} == {Method.NEIGHBOUR_TABLE}
    narrow = to_observations(
        entries, _iface("eth0", "198.18.1.10", "198.18.1.0/24"), [IPv4Network("198.18.1.22/31")]
    )
    assert [str(o.ip) for o in narrow] == ["198.18.1.22", "198.18.1.23"]


def test_windows_entries_filtered_by_interface_address() -> None:
    entries = parse_windows_arp((FIXTURES / "windows_arp_a.txt").read_text())
    iface = _iface("Ethernet", "192.168.1.23", "192.168.1.0/24")
    found = to_observations(entries, iface, [IPv4Network("0.0.0.0/0")])
    assert [str(o.ip) for o in found] == ["192.168.1.1", "192.168.1.40", "192.168.1.52"]


def test_own_address_is_not_a_neighbour() -> None:
    entries = parse_proc_net_arp((FIXTURES / "linux_proc_net_arp.txt").read_text())
    found = to_observations(entries, _iface("eth0", "198.18.1.21", "198.18.1.0/24"), [LAB])
    assert IPv4Address("198.18.1.21") not in {o.ip for o in found}
