"""MAC → maker, from the IEEE registry netaddr ships (MA-L/IAB; no network access).

A locally administered MAC (bit 0x02 of the first octet — iOS, Android and Windows
"private" addresses) has no registered maker; it is reported as randomised instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import netaddr

from agent.knowledge.vendors import short_vendor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MacVendor:
    """What a MAC says about its maker."""

    mac: str
    organisation: str | None  # as registered with the IEEE, e.g. "Brother industries, LTD."
    vendor: str | None  # short name, e.g. "Brother"
    randomised: bool


def is_randomised(mac: str) -> bool:
    """True for a locally administered MAC (bit 0x02 of the first octet set)."""
    try:
        return bool(int(mac[:2], 16) & 0x02)
    except ValueError:
        return False


def organisation(mac: str) -> str | None:
    """The IEEE-registered organisation for ``mac``'s OUI, or None (unknown, randomised)."""
    if is_randomised(mac):
        return None
    try:
        org = netaddr.EUI(mac).oui.registration().org
    except (netaddr.NotRegisteredError, netaddr.AddrFormatError, ValueError, IndexError):
        return None
    return str(org).strip() or None


def lookup(mac: str) -> MacVendor:
    org = organisation(mac)
    return MacVendor(
        mac=mac, organisation=org, vendor=short_vendor(org), randomised=is_randomised(mac)
    )
