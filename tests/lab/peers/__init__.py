"""One small driver per peer kind, and the registry that maps a spec type to its driver.

A driver's ``start(ctx, host, spec, started)`` spawns the real program(s) in the host's namespace
and returns them as ``Daemon``s (``started``: what this host already runs, in spec order);
``sysctls`` are set in the host's namespace before its interface exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.lab.inventory import Host
from tests.lab.peers import avahi, dnsmasq, ipp, pjlink, silent, snmpd, snmpsim
from tests.lab.peers.base import Daemon, LabContext
from tests.lab.specs import (
    Avahi,
    Dnsmasq,
    IgnorePing,
    IppPrinter,
    PeerSpec,
    Pjlink,
    Snmpd,
    SnmpJunk,
    Snmpsim,
)

StartFn = Callable[[LabContext, Host, Any, Sequence[Daemon]], list[Daemon]]


@dataclass(frozen=True)
class Driver:
    start: StartFn
    sysctls: Mapping[str, str] = field(default_factory=dict)


DRIVERS: Mapping[type, Driver] = {
    Snmpsim: Driver(snmpsim.start, snmpsim.SYSCTLS),
    Snmpd: Driver(snmpd.start),
    Avahi: Driver(avahi.start),
    IppPrinter: Driver(ipp.start),
    Pjlink: Driver(pjlink.start),
    SnmpJunk: Driver(silent.start_junk),
    Dnsmasq: Driver(dnsmasq.start),
    IgnorePing: Driver(silent.start_ignore_ping, silent.IGNORE_PING_SYSCTLS),
}


def driver(spec: PeerSpec) -> Driver:
    return DRIVERS[type(spec)]


def host_sysctls(host: Host) -> dict[str, str]:
    """The namespace sysctls all of a host's peers need."""
    merged: dict[str, str] = {}
    for spec in host.peers:
        merged.update(driver(spec).sysctls)
    return merged


def start_host(ctx: LabContext, host: Host) -> list[Daemon]:
    """Start a host's peers in order (later peers may wait for earlier ones)."""
    started: list[Daemon] = []
    for spec in host.peers:
        started += driver(spec).start(ctx, host, spec, started)
    return started
