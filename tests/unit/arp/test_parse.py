from ipaddress import IPv4Address
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.arp.parse import (
    NeighbourEntry,
    parse_bsd_arp,
    parse_ip_neigh,
    parse_proc_net_arp,
    parse_windows_arp,
)

FIXTURES = Path(__file__).parent / "fixtures"
PARSERS = (parse_proc_net_arp, parse_ip_neigh, parse_bsd_arp, parse_windows_arp)


def _read(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode()  # keep CRLF as recorded


def _entries(*rows: tuple[str, str, str | None]) -> set[NeighbourEntry]:
    return {NeighbourEntry(IPv4Address(ip), mac, iface) for ip, mac, iface in rows}


# Recorded in the scratch LAN after a neighbour sweep: four live hosts on eth0, a permanent
# entry on each interface, a stale one on eth1, and ~58 incomplete/failed addresses.
LINUX_RESOLVED = _entries(
    ("198.18.1.21", "00:1b:a9:0b:01:15", "eth0"),
    ("198.18.1.22", "00:1b:a9:0b:01:16", "eth0"),
    ("198.18.1.23", "00:1b:a9:0b:01:17", "eth0"),
    ("198.18.1.24", "00:1b:a9:0b:01:18", "eth0"),
    ("198.18.1.99", "00:1e:0b:12:34:56", "eth0"),
    ("198.18.2.5", "00:80:77:aa:bb:cc", "eth1"),
    ("198.18.2.6", "00:80:77:aa:bb:cd", "eth1"),
)


@pytest.mark.parametrize(
    ("parser", "fixture"),
    [
        (parse_proc_net_arp, "linux_proc_net_arp.txt"),
        (parse_ip_neigh, "linux_ip_neigh.txt"),
        (parse_bsd_arp, "linux_arp_an.txt"),
    ],
)
def test_linux_formats_agree(parser: object, fixture: str) -> None:
    text = _read(fixture)
    assert "incomplete" in text.lower() or " 0x0 " in text  # the recording has unresolved rows
    entries = parser(text)  # type: ignore[operator]
    assert set(entries) == LINUX_RESOLVED
    assert len(entries) == len(LINUX_RESOLVED)


def test_windows_arp_a_multiple_interfaces() -> None:
    entries = parse_windows_arp(_read("windows_arp_a.txt"))
    assert entries == [
        NeighbourEntry(IPv4Address("192.168.1.1"), "c8:3a:35:1f:20:b8", "192.168.1.23"),
        NeighbourEntry(IPv4Address("192.168.1.40"), "00:1b:a9:0b:a7:52", "192.168.1.23"),
        NeighbourEntry(IPv4Address("192.168.1.52"), "00:80:77:91:3c:0e", "192.168.1.23"),
        NeighbourEntry(IPv4Address("172.22.120.9"), "00:15:5d:a1:02:03", "172.22.112.1"),
    ]  # zero MAC ("invalid"), broadcast and multicast rows dropped


def test_windows_arp_a_localised_headers() -> None:
    assert parse_windows_arp(_read("windows_arp_a_de.txt")) == [
        NeighbourEntry(IPv4Address("192.168.178.1"), "2c:91:ab:4e:7a:10", "192.168.178.20"),
        NeighbourEntry(IPv4Address("192.168.178.31"), "00:1b:a9:0b:a7:52", "192.168.178.20"),
    ]


def test_windows_no_entries() -> None:
    assert parse_windows_arp("No ARP Entries Found.\r\n") == []


def test_macos_arp_an() -> None:
    assert set(parse_bsd_arp(_read("macos_arp_an.txt"))) == _entries(
        ("192.168.1.1", "c8:3a:35:1f:20:b8", "en0"),
        ("192.168.1.23", "a4:83:e7:02:11:9c", "en0"),  # permanent: our own address
        ("192.168.1.40", "00:1b:a9:0b:a7:52", "en0"),  # octets without leading zeros
        ("192.168.1.52", "00:80:77:91:3c:0e", "en0"),
        ("169.254.12.7", "3e:22:fb:1a:09:0c", "en5"),
        ("10.211.55.3", "00:1c:42:f3:a2:10", "bridge100"),
    )  # (incomplete), broadcast and multicast rows dropped


def test_bsd_with_host_names() -> None:
    line = "printer.local (192.168.1.40) at 0:1b:a9:b:a7:52 on en0 ifscope [ethernet]"
    assert parse_bsd_arp(line) == [
        NeighbourEntry(IPv4Address("192.168.1.40"), "00:1b:a9:0b:a7:52", "en0")
    ]


def test_ip_neigh_states() -> None:
    text = (
        "10.0.0.1 dev eth0 lladdr 00:11:22:33:44:55 router REACHABLE\n"
        "10.0.0.2 dev eth0 lladdr 00:11:22:33:44:56 DELAY\n"
        "10.0.0.3 dev eth0 lladdr 00:11:22:33:44:57 PROBE\n"
        "10.0.0.4 dev eth0 lladdr 00:11:22:33:44:58 FAILED\n"
        "10.0.0.5 dev eth0  INCOMPLETE\n"
        "10.0.0.6 dev eth0 lladdr\n"
    )
    assert [str(e.ip) for e in parse_ip_neigh(text)] == ["10.0.0.1", "10.0.0.2", "10.0.0.3"]


@pytest.mark.parametrize("parser", PARSERS)
@given(text=st.text())
def test_parsers_never_raise(parser: object, text: str) -> None:
    for entry in parser(text):  # type: ignore[operator]
        assert isinstance(entry, NeighbourEntry)


@pytest.mark.parametrize("parser", PARSERS)
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "192.168.1.1  0x1  0x2  00:11:22:33:44:55  *  eth0",
                "Interface: 10.0.0.1 --- 0x4",
                "  10.0.0.9   00-11-22-33-44-55   dynamic",
                "? (10.0.0.9) at 0:1:2:3:4:5 on en0",
                "10.0.0.9 dev eth0 lladdr 00:11:22:33:44:55 STALE",
                "999.1.1.1 0x1 0x2 00:11:22:33:44:55 * eth0",
                "? (1.2.3.4) at 0:1:2:3:4:5:6:7 on en0",
                "  10.0.0.9   zz-11-22-33-44-55   dynamic",
            ]
        )
        | st.text(max_size=40)
    )
)
def test_parsers_never_raise_on_near_misses(parser: object, lines: list[str]) -> None:
    parser("\n".join(lines))  # type: ignore[operator]
