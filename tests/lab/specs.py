"""What runs on a lab host: one frozen record per peer kind (pure data, no I/O).

The inventory (``tests.lab.inventory``) lists hosts; each host carries a tuple of these specs and
``tests.lab.peers`` starts the matching real program for each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHOOL_CONTACT = "ICT support <ict@school.lan>"


@dataclass(frozen=True)
class SystemNames:
    """The SNMP system group's admin texts (sysName, sysLocation, sysContact)."""

    name: str
    location: str
    contact: str = SCHOOL_CONTACT


@dataclass(frozen=True)
class Snmpsim:
    """A real device walk served by snmpsim under community ``public``."""

    recording: str
    names: SystemNames


@dataclass(frozen=True)
class SnmpV3User:
    user: str
    auth_key: str
    priv_key: str


@dataclass(frozen=True)
class Snmpd:
    """Debian's Net-SNMP snmpd with a v2c community, a v3 authPriv user (SHA/AES), or both."""

    names: SystemNames
    sysdescr: str
    sysobjectid: str = "1.3.6.1.4.1.8072.3.2.10"
    sysservices: int = 72
    community: str | None = None
    v3: SnmpV3User | None = None
    overrides: tuple[tuple[str, str, str], ...] = ()
    """``override`` rows: (OID, snmpd type keyword, value), e.g. a vendor model OID."""
    extends: tuple[tuple[str, str], ...] = ()
    """``extend`` rows: (name, the one line the command prints), as an admin publishes the
    machine's DMI identity (LibreNMS's guide: hardware, manufacturer, serial)."""


@dataclass(frozen=True)
class MdnsService:
    """One static DNS-SD service announced by avahi-daemon."""

    type: str
    name: str
    port: int
    txt: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Avahi:
    """avahi-daemon (private /run, /etc/avahi and D-Bus) announcing ``services`` as ``hostname``."""

    hostname: str
    services: tuple[MdnsService, ...] = ()


@dataclass(frozen=True)
class SupplyLevels:
    """Percent levels of the five supplies ippeveprinter's supply form knows, in its order."""

    waste: int = 20
    black: int = 80
    cyan: int = 60
    magenta: int = 55
    yellow: int = 70


@dataclass(frozen=True)
class IppPrinter:
    """CUPS ippeveprinter on port 631, registered over DNS-SD through the host's avahi-daemon."""

    service_name: str
    make: str
    model: str
    location: str
    firmware: str = ""
    levels: SupplyLevels = field(default_factory=SupplyLevels)
    port: int = 631


@dataclass(frozen=True)
class PjlinkState:
    """State of the PJLink class-1 simulator (``tests.lab.pjlink_sim``); JSON-serialisable."""

    name: str
    inf1: str
    inf2: str
    info: str = ""
    power: int = 1
    erst: str = "000000"
    lamps: tuple[tuple[int, bool], ...] = ((1200, True),)
    pjclass: str = "1"
    password: str | None = None
    input: str = "31"
    inputs: tuple[str, ...] = ("11", "31", "32", "51")
    mute: str = "30"
    unavailable: tuple[str, ...] = ()
    """Commands answered ``ERR3`` (unavailable time): all of them for a projector busy warming
    up or cooling down, ``("LAMP",)`` for one that will not tell lamp hours in standby."""


@dataclass(frozen=True)
class Pjlink:
    state: PjlinkState
    port: int = 4352


@dataclass(frozen=True)
class SnmpJunk:
    """A UDP/161 socket that either drops every request or answers with malformed BER."""

    mode: str  # "drop" | "garbage"


@dataclass(frozen=True)
class Dnsmasq:
    """dnsmasq answering the lab domain (only when dnsmasq is installed)."""

    domain: str = "school.lan"


@dataclass(frozen=True)
class IgnorePing:
    """``net.ipv4.icmp_echo_ignore_all=1`` in the host's namespace."""


PeerSpec = Snmpsim | Snmpd | Avahi | IppPrinter | Pjlink | SnmpJunk | Dnsmasq | IgnorePing
