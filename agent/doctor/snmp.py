"""A quick, bounded SNMP probe: on how many live hosts does each credential answer?

Live hosts come from the neighbour sweep (no raw sockets needed); each is asked once per
credential (no retries, short time-out); the whole probe stops after ``budget_s``.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from ipaddress import IPv4Network

from agent.doctor.model import Finding, ok, unknown, warn
from agent.net.interfaces import ScanInterface
from agent.settings import Settings

MAX_ADDRESSES = 1024
CHECK = "snmp"


async def snmp_finding(
    settings: Settings, interface: ScanInterface, subnets: Sequence[IPv4Network], budget_s: float
) -> Finding:
    credentials = [*settings.snmp.v2c, *settings.snmp.v3]
    if not credentials:
        return warn(
            CHECK,
            "No SNMP credentials configured, so printers and switches are found but not "
            "identified or checked",
            "add an [[snmp.v2c]] community or [[snmp.v3]] user to the configuration",
        )
    if sum(net.num_addresses for net in subnets) > MAX_ADDRESSES:
        return unknown(CHECK, f"Subnets larger than {MAX_ADDRESSES} addresses: not probed here")
    try:
        async with asyncio.timeout(budget_s):
            live, answered = await _probe(settings, interface, subnets)
    except TimeoutError:
        return unknown(CHECK, f"The SNMP probe did not finish within {budget_s:.0f} s")
    return credential_finding([c.name for c in credentials], live, answered)


async def _probe(
    settings: Settings, interface: ScanInterface, subnets: Sequence[IPv4Network]
) -> tuple[int, Counter[str]]:
    from agent.arp.neighbours import neighbour_sweep
    from agent.snmp.probe import probe_snmp

    links = await neighbour_sweep(interface, subnets, rate_pps=settings.scan.arp_rate_pps)
    ips = sorted({link.ip for link in links})
    found, _misses = await probe_snmp(
        ips,
        [*settings.snmp.v2c, *settings.snmp.v3],
        timeout_s=min(settings.snmp.timeout_s, 1.0),
        retries=0,
        concurrency=settings.scan.concurrency,
    )
    return len(ips), Counter(observation.credential for observation in found)


def credential_finding(names: Sequence[str], live: int, answered: Counter[str]) -> Finding:
    """Pure: the sentence for ``answered`` (hosts per credential name) out of ``live`` hosts."""
    counts = ", ".join(f"{name!r} on {answered.get(name, 0)}" for name in names)
    if live == 0:
        return unknown(CHECK, "No live host found to ask over SNMP")
    if not answered:
        return warn(
            CHECK,
            f"None of the {live} live hosts answered SNMP to the configured credentials "
            f"({', '.join(repr(n) for n in names)})",
            "check the community (or v3 user and keys) against the devices' SNMP settings",
        )
    silent = [name for name in names if not answered.get(name)]
    message = f"SNMP answered on {sum(answered.values())} of {live} live hosts ({counts})"
    if silent:
        return warn(
            CHECK,
            message,
            f"no host answered {', '.join(repr(n) for n in silent)}: check or remove it",
        )
    return ok(CHECK, message)
