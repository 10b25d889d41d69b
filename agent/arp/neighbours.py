"""Unprivileged discovery: make the kernel ARP every address, then read its neighbour table.

No raw sockets: one non-blocking UDP socket sends an empty datagram to the discard port (9)
of every address, paced to ``rate_pps``; the kernel resolves each address with ARP before it
can send. After ``settle_s`` the OS neighbour table holds every host that answered:
``/proc/net/arp`` on Linux, ``arp -a`` on Windows, ``arp -an`` on macOS/BSD.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
import time
from collections.abc import Callable, Sequence
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from agent.arp.parse import (
    NeighbourEntry,
    parse_bsd_arp,
    parse_proc_net_arp,
    parse_windows_arp,
)
from agent.discovery.observations import LinkObservation
from agent.net.interfaces import ScanInterface
from agent.net.safety import check_rate, scan_addresses
from schemas import Method

log = logging.getLogger(__name__)

PROC_NET_ARP = Path("/proc/net/arp")
DISCARD_PORT = 9


async def trigger_arp(own_ip: IPv4Address, targets: Sequence[IPv4Address], rate_pps: int) -> int:
    """Send one empty UDP datagram to each target, paced; returns how many left the socket."""
    loop = asyncio.get_running_loop()
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        sock.bind((str(own_ip), 0))
        slot = time.monotonic()
        for target in targets:
            slot = await _pace(slot, 1.0 / rate_pps)
            try:
                await asyncio.wait_for(loop.sock_sendto(sock, b"", (str(target), DISCARD_PORT)), 1)
                sent += 1
            except (OSError, TimeoutError) as exc:
                log.debug("UDP trigger to %s failed: %s", target, exc)
    return sent


async def _pace(slot: float, interval: float) -> float:
    """Wait for ``slot``; the next slot is one interval later, never a catch-up burst."""
    ahead = slot - time.monotonic()
    if ahead > 0:
        await asyncio.sleep(ahead)
    return max(slot + interval, time.monotonic())


async def _command_output(argv: Sequence[str], timeout_s: float) -> str:
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout_s)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return out.decode("utf-8", errors="replace")


async def read_neighbour_table(timeout_s: float = 5.0) -> list[NeighbourEntry]:
    """The OS neighbour table, resolved entries only."""
    if sys.platform.startswith("linux"):
        text = await asyncio.to_thread(PROC_NET_ARP.read_text, "ascii", "replace")
        return parse_proc_net_arp(text)
    parser: Callable[[str], list[NeighbourEntry]]
    if sys.platform == "win32":
        argv, parser = ["arp", "-a"], parse_windows_arp
    else:
        argv, parser = ["arp", "-an"], parse_bsd_arp
    return parser(await _command_output(argv, timeout_s))


def _on_interface(entry: NeighbourEntry, iface: ScanInterface) -> bool:
    return entry.interface is None or entry.interface in (iface.name, str(iface.ip))


def to_observations(
    entries: Sequence[NeighbourEntry], iface: ScanInterface, subnets: Sequence[IPv4Network]
) -> list[LinkObservation]:
    """Entries on the scan interface inside the subnets (not the agent itself), one per IP."""
    found: dict[IPv4Address, LinkObservation] = {}
    for entry in entries:
        inside = any(entry.ip in net for net in subnets)
        if inside and entry.ip != iface.ip and _on_interface(entry, iface):
            found.setdefault(entry.ip, LinkObservation(Method.NEIGHBOUR_TABLE, entry.ip, entry.mac))
    return sorted(found.values(), key=lambda obs: obs.ip)


async def neighbour_sweep(
    iface: ScanInterface,
    subnets: Sequence[IPv4Network],
    *,
    rate_pps: int = 500,
    settle_s: float = 1.0,
    table_timeout_s: float = 5.0,
) -> list[LinkObservation]:
    """Trigger kernel ARP for every address of ``subnets``, then read the neighbour table."""
    check_rate(rate_pps, force=True)  # the hard cap holds wherever packets leave
    targets = scan_addresses(subnets, exclude=[iface.ip])
    sent = await trigger_arp(iface.ip, targets, rate_pps)
    log.debug("neighbour sweep: %d of %d UDP triggers sent", sent, len(targets))
    await asyncio.sleep(settle_s)
    entries = await read_neighbour_table(table_timeout_s)
    return to_observations(entries, iface, subnets)
