"""Pick the scan interface and its IPv4 subnets.

``select_interface`` reads psutil and ``/proc/net/route``; ``choose_interface`` is the pure
decision: the named interface, else the interface of the default route, else the first
interface that is up, not loopback, and has an IPv4 address.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from pathlib import Path
from typing import Protocol

import psutil

from agent.net.errors import InterfaceError
from agent.net.route import default_route_interface
from schemas import canonical_mac

log = logging.getLogger(__name__)

ROUTE_FILE = Path("/proc/net/route")
_KEY = "scan.interface"


class _Addr(Protocol):
    """The part of psutil's ``snicaddr`` we use."""

    @property
    def family(self) -> int: ...
    @property
    def address(self) -> str: ...
    @property
    def netmask(self) -> str | None: ...


class _Stats(Protocol):
    @property
    def isup(self) -> bool: ...


@dataclass(frozen=True)
class ScanInterface:
    """The interface the agent scans from: its MAC and its IPv4 addresses (first = primary)."""

    name: str
    mac: str | None
    ip: IPv4Address
    network: IPv4Network
    networks: tuple[IPv4Network, ...]


def _ipv4(addrs: Sequence[_Addr]) -> list[IPv4Interface]:
    found = []
    for addr in addrs:
        if addr.family != socket.AF_INET or not addr.netmask:
            continue
        try:
            found.append(IPv4Interface(f"{addr.address}/{addr.netmask}"))
        except ValueError:
            log.debug("ignoring unparsable address %r/%r", addr.address, addr.netmask)
    return found


def _mac(addrs: Sequence[_Addr]) -> str | None:
    for addr in addrs:
        if addr.family == psutil.AF_LINK:
            try:
                mac = canonical_mac(addr.address)
            except ValueError:
                continue
            if mac != "00:00:00:00:00:00":
                return mac
    return None


def _record(name: str, addrs: Sequence[_Addr]) -> ScanInterface | None:
    ipv4 = _ipv4(addrs)
    if not ipv4:
        return None
    networks = tuple(dict.fromkeys(iface.network for iface in ipv4))
    return ScanInterface(name, _mac(addrs), ipv4[0].ip, ipv4[0].network, networks)


def _usable(name: str, addrs: Sequence[_Addr], stats: Mapping[str, _Stats]) -> bool:
    up = name in stats and stats[name].isup
    ipv4 = _ipv4(addrs)
    return up and bool(ipv4) and not any(iface.ip.is_loopback for iface in ipv4)


def choose_interface(
    addrs: Mapping[str, Sequence[_Addr]],
    stats: Mapping[str, _Stats],
    wanted: str | None,
    default_route: str | None,
) -> ScanInterface:
    """Decide the scan interface from psutil-shaped data; raises InterfaceError."""
    if wanted is not None:
        return _named(addrs, stats, wanted)
    candidates = [name for name, found in addrs.items() if _usable(name, found, stats)]
    if default_route in candidates:
        candidates.insert(0, default_route)
    for name in candidates:
        record = _record(name, addrs[name])
        if record is not None:
            return record
    raise InterfaceError(_KEY, "no interface is up with an IPv4 address; name one here")


def _named(
    addrs: Mapping[str, Sequence[_Addr]], stats: Mapping[str, _Stats], wanted: str
) -> ScanInterface:
    with_ipv4 = sorted(name for name, found in addrs.items() if _ipv4(found))
    hint = f"interfaces with IPv4: {', '.join(with_ipv4) or 'none'}"
    if wanted not in addrs:
        raise InterfaceError(_KEY, f"no interface named {wanted!r} ({hint})")
    record = _record(wanted, addrs[wanted])
    if record is None:
        raise InterfaceError(_KEY, f"{wanted!r} has no IPv4 address ({hint})")
    if wanted not in stats or not stats[wanted].isup:
        raise InterfaceError(_KEY, f"{wanted!r} is down; bring it up or pick another ({hint})")
    return record


def _read_default_route() -> str | None:
    try:
        return default_route_interface(ROUTE_FILE.read_text(encoding="ascii", errors="replace"))
    except OSError:
        return None  # not Linux, or no procfs: fall back to the first usable interface


def select_interface(name: str | None = None) -> ScanInterface:
    """The named interface, else the default route's, else the first usable one."""
    return choose_interface(
        psutil.net_if_addrs(), psutil.net_if_stats(), name, _read_default_route()
    )
