"""Pure parsers for OS neighbour (ARP) tables; they never raise on odd input.

Each returns only *resolved* entries (a real unicast MAC), so incomplete, failed, broadcast and
multicast rows are dropped here:

* Linux ``/proc/net/arp`` — flags 0x2 (ATF_COM) means complete;
* Linux ``ip -4 neigh show`` — rows with ``lladdr`` not in state FAILED/INCOMPLETE;
* Windows ``arp -a`` — ``Interface: <ip> --- 0x<idx>`` blocks (headers may be localised);
* macOS/BSD ``arp -an`` — ``? (ip) at 0:1b:a9:b:a7:52 on en0 ifscope [ethernet]``
  (octets without leading zeros; ``(incomplete)`` for unresolved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import IPv4Address

from schemas import canonical_mac

_ATF_COM = 0x2
_MAX_LINES = 100_000
_IPV4 = r"(\d{1,3}(?:\.\d{1,3}){3})"
_WIN_IFACE = re.compile(rf"^\S.*?:\s*{_IPV4}\s+---\s+0x[0-9a-fA-F]+\s*$")
_WIN_ROW = re.compile(rf"^\s+{_IPV4}\s+((?:[0-9a-fA-F]{{2}}-){{5}}[0-9a-fA-F]{{2}})\s+\S+")
_BSD_ROW = re.compile(rf"^\S*\s*\({_IPV4}\)\s+at\s+(\S+)(?:.*?\son\s+(\S+))?")
_IP_NEIGH_BAD_STATES = frozenset({"FAILED", "INCOMPLETE"})


@dataclass(frozen=True)
class NeighbourEntry:
    """A resolved neighbour; ``interface`` is a device name, or on Windows the interface IP."""

    ip: IPv4Address
    mac: str
    interface: str | None


def _lines(text: str) -> list[str]:
    return text.splitlines()[:_MAX_LINES]


def _ip(text: str) -> IPv4Address | None:
    try:
        return IPv4Address(text)
    except ValueError:
        return None


def _unicast_mac(text: str) -> str | None:
    """Canonical MAC from colon/dash text (octets may lack leading zeros), unicast only."""
    parts = re.split(r"[:\-]", text.strip())
    if len(parts) != 6 or not all(re.fullmatch(r"[0-9a-fA-F]{1,2}", p) for p in parts):
        return None
    mac = canonical_mac(":".join(p.zfill(2) for p in parts))
    if mac == "00:00:00:00:00:00" or int(mac[:2], 16) & 1:
        return None  # unresolved, broadcast or multicast
    return mac


def _entry(ip_text: str, mac_text: str, interface: str | None) -> NeighbourEntry | None:
    ip = _ip(ip_text)
    mac = _unicast_mac(mac_text)
    if ip is None or mac is None or ip.is_multicast or ip == IPv4Address("255.255.255.255"):
        return None
    return NeighbourEntry(ip, mac, interface)


def _proc_row(line: str) -> NeighbourEntry | None:
    fields = line.split()
    if len(fields) < 6:
        return None
    try:
        flags = int(fields[2], 16)
    except ValueError:
        return None
    if not flags & _ATF_COM:
        return None
    return _entry(fields[0], fields[3], fields[5])


def parse_proc_net_arp(text: str) -> list[NeighbourEntry]:
    """``/proc/net/arp``: IP, HW type, Flags, HW address, Mask, Device."""
    rows = (_proc_row(line) for line in _lines(text)[1:])
    return [row for row in rows if row is not None]


def _neigh_row(line: str) -> NeighbourEntry | None:
    fields = line.split()
    if not fields or "lladdr" not in fields or "dev" not in fields:
        return None
    if _IP_NEIGH_BAD_STATES.intersection(fields[1:]):
        return None
    mac_at = fields.index("lladdr") + 1
    dev_at = fields.index("dev") + 1
    if mac_at >= len(fields) or dev_at >= len(fields):
        return None
    return _entry(fields[0], fields[mac_at], fields[dev_at])


def parse_ip_neigh(text: str) -> list[NeighbourEntry]:
    """``ip -4 neigh show``: ``IP dev IFACE lladdr MAC [router] STATE``."""
    rows = (_neigh_row(line) for line in _lines(text))
    return [row for row in rows if row is not None]


def parse_windows_arp(text: str) -> list[NeighbourEntry]:
    """``arp -a`` on Windows; each row is tagged with its block's interface IP."""
    entries = []
    interface: str | None = None
    for line in _lines(text):
        header = _WIN_IFACE.match(line)
        if header:
            interface = header.group(1)
            continue
        row = _WIN_ROW.match(line)
        entry = _entry(row.group(1), row.group(2), interface) if row else None
        if entry is not None:
            entries.append(entry)
    return entries


def _bsd_row(line: str) -> NeighbourEntry | None:
    row = _BSD_ROW.match(line)
    if row is None:
        return None
    return _entry(row.group(1), row.group(2), row.group(3))


def parse_bsd_arp(text: str) -> list[NeighbourEntry]:
    """``arp -an`` on macOS/BSD (also Linux net-tools ``arp -an``)."""
    rows = (_bsd_row(line) for line in _lines(text))
    return [row for row in rows if row is not None]
