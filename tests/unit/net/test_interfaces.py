import socket
from ipaddress import IPv4Address, IPv4Network
from typing import NamedTuple

import psutil
import pytest

from agent.net.errors import InterfaceError
from agent.net.interfaces import choose_interface


class Addr(NamedTuple):
    """Shaped like psutil's snicaddr."""

    family: int
    address: str
    netmask: str | None
    broadcast: str | None = None
    ptp: str | None = None


class Stats(NamedTuple):
    isup: bool


def _link(mac: str) -> Addr:
    return Addr(psutil.AF_LINK, mac, None)


def _v4(ip: str, mask: str) -> Addr:
    return Addr(socket.AF_INET, ip, mask)


# What psutil reports on a typical school PC: loopback, wired, Wi-Fi (down), a Docker bridge.
ADDRS = {
    "lo": [_v4("127.0.0.1", "255.0.0.0"), _link("00:00:00:00:00:00")],
    "enp3s0": [
        _v4("192.168.10.23", "255.255.255.0"),
        _v4("192.168.11.5", "255.255.255.128"),
        Addr(socket.AF_INET6, "fe80::1e69:7aff:fe0b:a752%enp3s0", "ffff:ffff:ffff:ffff::"),
        _link("1C-69-7A-0B-A7-52"),
    ],
    "wlan0": [_link("a4:83:e7:02:11:9c")],
    "docker0": [_v4("172.17.0.1", "255.255.0.0"), _link("02:42:9a:1b:2c:3d")],
}
STATS = {"lo": Stats(True), "enp3s0": Stats(True), "wlan0": Stats(False), "docker0": Stats(True)}


def test_default_route_interface_is_preferred() -> None:
    iface = choose_interface(ADDRS, STATS, None, "enp3s0")
    assert iface.name == "enp3s0"
    assert iface.mac == "1c:69:7a:0b:a7:52"
    assert iface.ip == IPv4Address("192.168.10.23")
    assert iface.network == IPv4Network("192.168.10.0/24")
    assert iface.networks == (IPv4Network("192.168.10.0/24"), IPv4Network("192.168.11.0/25"))


def test_without_default_route_the_first_usable_interface() -> None:
    iface = choose_interface(ADDRS, STATS, None, None)
    assert iface.name == "enp3s0"  # lo is loopback, wlan0 is down and has no IPv4


def test_default_route_on_unusable_interface_is_ignored() -> None:
    assert choose_interface(ADDRS, STATS, None, "wlan0").name == "enp3s0"


def test_named_interface() -> None:
    assert choose_interface(ADDRS, STATS, "docker0", "enp3s0").network == IPv4Network(
        "172.17.0.0/16"
    )


def test_unknown_name_lists_the_choices() -> None:
    with pytest.raises(InterfaceError) as caught:
        choose_interface(ADDRS, STATS, "eth9", None)
    assert caught.value.key == "scan.interface"
    assert str(caught.value) == (
        "scan.interface: no interface named 'eth9' (interfaces with IPv4: docker0, enp3s0, lo)"
    )


def test_named_interface_without_ipv4() -> None:
    with pytest.raises(InterfaceError, match="'wlan0' has no IPv4 address"):
        choose_interface(ADDRS, STATS, "wlan0", None)


def test_named_interface_down() -> None:
    with pytest.raises(InterfaceError, match="'docker0' is down"):
        choose_interface(ADDRS, {**STATS, "docker0": Stats(False)}, "docker0", None)


def test_nothing_usable() -> None:
    with pytest.raises(InterfaceError, match="no interface is up with an IPv4 address"):
        choose_interface({"lo": ADDRS["lo"]}, STATS, None, None)
