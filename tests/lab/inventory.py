"""The simulated school, as data: one row per host, with what it runs and what discovery must say.

Tests, the demo and the benchmarks read this table. ``expected_*`` is what the agent's report must
carry for the host: the device type, a short vendor name, and model / serial / firmware wherever
the device exposes them (``None`` where it does not). Model, serial and firmware are given as
substrings the reported value must contain (compare case-insensitively), because devices pad and
prefix them differently (``"HL-5370DW"`` in ``"Brother HL-5370DW series"``).

``snmp_credential`` is the *name* of the configured credential that must answer
(see ``tests.lab.agent_config``); ``None`` means SNMP must not answer at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from schemas.report import DeviceType
from tests.lab.specs import (
    Avahi,
    Dnsmasq,
    IgnorePing,
    IppPrinter,
    MdnsService,
    PeerSpec,
    Pjlink,
    PjlinkState,
    Snmpd,
    SnmpJunk,
    Snmpsim,
    SnmpV3User,
    SystemNames,
)

SUBNET = IPv4Network("198.18.0.0/24")
DOMAIN = "school.lan"
RECORDING_POOL = tuple(SUBNET[i] for i in range(200, 255))
"""Where the foreign addresses inside the recordings (ARP caches, routes) are moved to."""

IPPEVEPRINTER_TYPES = ("_ipp._tcp", "_ipps._tcp", "_http._tcp", "_printer._tcp")
V3_USER = SnmpV3User(user="lankeeper", auth_key="lankeeper-auth-key", priv_key="lankeeper-priv-key")
PJLINK_PASSWORD = "lk-projector"
SERVER_ROOM = "Server cupboard"


@dataclass(frozen=True)
class Host:
    suffix: str
    """The namespace is ``<prefix>-<suffix>``."""
    ip: IPv4Address
    mac: str
    hostname: str | None
    """Name in the lab DNS (``<hostname>.school.lan``); None keeps the host out of DNS."""
    expected_type: DeviceType
    expected_vendor: str | None
    expected_model: str | None = None
    expected_serial: str | None = None
    expected_firmware: str | None = None
    snmp_credential: str | None = None
    randomised_mac: bool = False
    peers: tuple[PeerSpec, ...] = ()

    @property
    def kind(self) -> str:
        """What runs there, e.g. ``snmpsim+pjlink``; ``silent`` for ARP/ICMP-only hosts."""
        names = [type(p).__name__.lower() for p in self.peers if not isinstance(p, IgnorePing)]
        return "+".join(names) or "silent"

    @property
    def ignores_ping(self) -> bool:
        return any(isinstance(p, IgnorePing) for p in self.peers)

    @property
    def mdns_types(self) -> tuple[str, ...]:
        """The DNS-SD service types this host announces."""
        types: list[str] = []
        for peer in self.peers:
            if isinstance(peer, Avahi):
                types.extend(s.type for s in peer.services)
            elif isinstance(peer, IppPrinter):
                types.extend(IPPEVEPRINTER_TYPES)
        return tuple(dict.fromkeys(types))


def _ip(last: int) -> IPv4Address:
    return SUBNET[last]


AGENT = Host(
    suffix="agent",
    ip=_ip(2),
    mac="a0:02:a5:3c:19:e4",
    hostname="lankeeper",
    expected_type=DeviceType.COMPUTER,
    expected_vendor="Intel",
)

APPLE_TV_MAC = "f0:ee:7a:4d:19:b3"
CAST_ID = "9c1c4ae5ab381b3e82b09a7b0c3f1e2d"
RAOP_NAME = f"{APPLE_TV_MAC.replace(':', '').upper()}@Library Apple TV"
AIRPLAY_PK = "b07c1d2e9f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"

INFRASTRUCTURE = (
    Host(
        "gw", _ip(1), "14:d8:64:7a:21:0c", "gw", DeviceType.ROUTER, "TP-Link",
        snmp_credential="public",
        peers=(
            Snmpd(
                names=SystemNames("gw", SERVER_ROOM),
                sysdescr="OpenWrt 23.05.5 r24106-10cc5fcd00 Linux 5.15.167 mips",
                sysservices=78,
                community="public",
                overrides=(("1.3.6.1.2.1.4.1.0", "integer", "1"),),
            ),
            Dnsmasq(),
        ),
    ),
    Host(
        "switch", _ip(3), "a4:b2:39:e4:d9:d1", "core-switch", DeviceType.SWITCH, "Cisco",
        "CBS350-24P-4G", "FOC2433L650", "3.0.0.61", "public",
        peers=(Snmpsim("ciscosb_cbs350", SystemNames("core-switch", SERVER_ROOM)),),
    ),
    Host(
        "ap", _ip(4), "b4:fb:e4:2a:3f:1c", "ap-hall", DeviceType.ACCESS_POINT, "Ubiquiti",
        "UAP-nanoHD", None, "5.43.36", "public",
        peers=(Snmpsim("unifi_nanohd", SystemNames("ap-hall", "Main hall")),),
    ),
    Host(
        "ups", _ip(5), "28:29:86:64:fd:4d", "ups", DeviceType.UPS, "APC",
        "Smart-UPS 1000", "AS2233161027", "UPS 16.0", "public",
        peers=(Snmpsim("apc_smtl1000-nmc3", SystemNames("ups", SERVER_ROOM)),),
    ),
)  # fmt: skip

PRINTERS = (
    Host(
        "hp", _ip(10), "3c:a8:2a:f6:38:ac", "staffroom-printer", DeviceType.PRINTER, "HP",
        "Color LaserJet Pro M252dw", "VNB3J99999", None, "public",
        peers=(Snmpsim("jetdirect_m252dw", SystemNames("staffroom-printer", "Staff room")),),
    ),
    Host(
        "brother", _ip(11), "00:1b:a9:0b:a7:52", "office-printer", DeviceType.PRINTER, "Brother",
        "HL-5370DW", "B9J154306", "1.01", "public",
        peers=(Snmpsim("brother_hl5370dw", SystemNames("office-printer", "School office")),),
    ),
    Host(
        "epson", _ip(12), "9c:ae:d3:aa:d6:c5", "art-printer", DeviceType.PRINTER, "Epson",
        "WF-C5790", "X3B8022793", None, "public",
        peers=(Snmpsim("epson", SystemNames("art-printer", "Art room")),),
    ),
    Host(
        "kyocera", _ip(13), "d4:f0:c9:3e:51:7a", "library-printer", DeviceType.PRINTER, "Kyocera",
        "ECOSYS P5026cdw",
        peers=(
            Avahi("KM3E517A"),
            IppPrinter(
                "Kyocera ECOSYS P5026cdw (Library)", "Kyocera", "ECOSYS P5026cdw", "Library",
                firmware="2S0_2F00.011.003",
            ),
        ),
    ),
    Host(  # asleep: answers ARP (and ping) only, no SNMP, no IPP
        "sleepy", _ip(14), "30:05:5c:81:4e:2d", "corridor-printer", DeviceType.PRINTER, "Brother",
    ),
)  # fmt: skip

PROJECTORS = (
    Host(
        "proj-epson", _ip(20), "b0:e8:92:fd:30:ec", "projector-room3", DeviceType.PROJECTOR,
        "Epson", "EB-4770W", None, None, "public",
        peers=(
            Snmpsim("epson-projector_eb-4770w", SystemNames("projector-room3", "Classroom 3")),
            Pjlink(PjlinkState(
                "projector-room3", "EPSON", "EB-4770W", lamps=((1520, True),), pjclass="2"
            )),
        ),
    ),
    Host(
        "proj-nec", _ip(21), "00:30:13:5c:8a:41", "projector-hall", DeviceType.PROJECTOR,
        "NEC", "ME401W",
        peers=(
            Pjlink(
                PjlinkState(
                    "Hall projector", "NEC", "ME401W", lamps=((2950, True),),
                    password=PJLINK_PASSWORD,
                )
            ),
        ),
    ),
)  # fmt: skip

SERVERS = (
    Host(
        "winsrv", _ip(30), "00:50:56:8c:59:5b", "dc01", DeviceType.COMPUTER, "Microsoft",
        snmp_credential="public",
        peers=(Snmpsim("windows_svr_2019_1809", SystemNames("SCHOOL-DC01", SERVER_ROOM)),),
    ),
    Host(
        "fileserver", _ip(31), "54:bf:64:2c:7e:19", "fileserver", DeviceType.COMPUTER, "Dell",
        "PowerEdge T150", "5QX8ZK3", snmp_credential="lk-school",
        peers=(
            Snmpd(
                names=SystemNames("fileserver", SERVER_ROOM),
                sysdescr=(
                    "Linux fileserver 6.1.0-26-amd64 #1 SMP PREEMPT_DYNAMIC "
                    "Debian 6.1.112-1 (2024-09-30) x86_64"
                ),
                community="lk-school",
                # the school's admin followed LibreNMS's guide: DMI identity via extend
                extends=(
                    ("hardware", "PowerEdge T150"),
                    ("manufacturer", "Dell Inc."),
                    ("serial", "5QX8ZK3"),
                ),
            ),
        ),
    ),
    Host(
        "nas", _ip(32), "00:11:32:8e:4a:d2", "nas", DeviceType.NAS, "Synology",
        "DS920+", "2080PDN123456", "DSM 7.2.2-72806", "lankeeper-v3",
        peers=(
            Snmpd(
                names=SystemNames("nas", SERVER_ROOM),
                sysdescr="Linux nas 4.4.302+ #72806 SMP Thu Sep 5 13:44:21 CST 2024 x86_64",
                v3=V3_USER,
                overrides=(
                    ("1.3.6.1.4.1.6574.1.5.1.0", "octet_str", "DS920+"),
                    ("1.3.6.1.4.1.6574.1.5.2.0", "octet_str", "2080PDN123456"),
                    ("1.3.6.1.4.1.6574.1.5.3.0", "octet_str", "DSM 7.2.2-72806"),
                ),
            ),
        ),
    ),
)  # fmt: skip

ANNOUNCERS = (
    Host(
        "qnap", _ip(33), "24:5e:be:61:0a:3c", "library-nas", DeviceType.NAS, "QNAP", "TS-453D",
        peers=(
            Avahi("library-nas", (
                MdnsService("_smb._tcp", "library-nas", 445),
                MdnsService("_device-info._tcp", "library-nas", 0, (("model", "TS-453D"),)),
                MdnsService("_http._tcp", "library-nas", 8080, (("path", "/"),)),
            )),
        ),
    ),
    Host(
        "cast", _ip(40), "60:70:6c:92:c4:1e", "hall-tv", DeviceType.MEDIA_PLAYER, "Google",
        "Chromecast",
        peers=(
            Avahi("9c1c4ae5-ab38-1b3e-82b0-9a7b0c3f1e2d", (
                MdnsService("_googlecast._tcp", f"Chromecast-{CAST_ID}", 8009, (
                    ("id", CAST_ID), ("cd", "6B1F0C3E8A7D2F945E0B4C1A9D3E7F28"), ("rm", ""),
                    ("ve", "05"), ("md", "Chromecast"), ("ic", "/setup/icon.png"),
                    ("fn", "Hall TV"), ("ca", "201221"), ("st", "0"), ("bs", "FA8FCA5E3B21"),
                    ("nf", "1"), ("rs", ""),
                )),
            )),
        ),
    ),
    Host(
        "appletv", _ip(41), APPLE_TV_MAC, "library-appletv", DeviceType.MEDIA_PLAYER, "Apple",
        "AppleTV6,2",
        peers=(
            Avahi("Library-Apple-TV", (
                MdnsService("_airplay._tcp", "Library Apple TV", 7000, (
                    ("acl", "0"), ("deviceid", APPLE_TV_MAC.upper()),
                    ("features", "0x4A7FDFD5,0x3C155FDE"), ("flags", "0x18644"),
                    ("gid", "5C1E2B9A-0D4F-4E7B-9A31-6F2D8C0B4E57"), ("igl", "1"),
                    ("model", "AppleTV6,2"), ("protovers", "1.1"),
                    ("pi", "2E5B1C7D-93A4-4F0E-B8D2-7A6C1E9F3B40"), ("pk", AIRPLAY_PK),
                    ("srcvers", "775.3.1"), ("osvers", "17.5"), ("vv", "2"),
                )),
                MdnsService("_raop._tcp", RAOP_NAME, 7000, (
                    ("cn", "0,1,2,3"), ("da", "true"), ("et", "0,3,5"),
                    ("ft", "0x4A7FDFD5,0x3C155FDE"), ("sf", "0x18644"), ("md", "0,1,2"),
                    ("am", "AppleTV6,2"), ("pk", AIRPLAY_PK), ("tp", "UDP"), ("vn", "65537"),
                    ("vs", "775.3.1"), ("ov", "17.5"), ("vv", "2"),
                )),
                MdnsService("_companion-link._tcp", "Library Apple TV", 49153, (
                    ("rpMac", "0"), ("rpHN", "3f9a1c2b7d4e"), ("rpFl", "0x36782"),
                    ("rpHA", "8e21d4c07a3f"), ("rpMd", "AppleTV6,2"), ("rpVr", "715.2"),
                    ("rpAD", "5b7e9c1d2a40"), ("rpHI", "c47a0e9b3d18"),
                    ("rpBA", "4C:9B:2E:71:0A:55"),
                )),
            )),
        ),
    ),
    Host(
        "phone", _ip(42), "6a:3f:91:4c:d3:07", None, DeviceType.PHONE_TABLET, None, "iPhone14,2",
        randomised_mac=True,
        peers=(
            Avahi("Emmas-iPhone", (
                MdnsService("_companion-link._tcp", "Emma\u2019s iPhone", 49152, (
                    ("rpMac", "0"), ("rpHN", "d20c7e5a91b3"), ("rpFl", "0x20000"),
                    ("rpHA", "7c3e0a9d1f52"), ("rpMd", "iPhone14,2"), ("rpVr", "510.3"),
                    ("rpAD", "a19f4c2e8b07"), ("rpHI", "2b8d5e0f7c14"),
                    ("rpBA", "9E:21:C4:5A:0F:7D"),
                )),
            )),
        ),
    ),
)  # fmt: skip

PC_VENDORS = (
    ("f8:b1:56", "Dell"),
    ("10:c5:95", "Lenovo"),
    ("64:4e:d7", "HP"),
    ("00:01:24", "Acer"),
    ("e0:cb:4e", "ASUS"),
    ("a0:02:a5", "Intel"),
    ("00:0b:5d", "Fujitsu"),
    ("d8:cb:8a", "MSI"),
)
PC_COUNT = 24
PING_IGNORING_PC = PC_COUNT  # pc-24 drops ICMP echo


def _pc(n: int) -> Host:
    oui, vendor = PC_VENDORS[(n - 1) % len(PC_VENDORS)]
    mac = f"{oui}:5e:{n:02x}:{(n * 37 + 11) % 256:02x}"
    peers: tuple[PeerSpec, ...] = (IgnorePing(),) if n == PING_IGNORING_PC else ()
    name = f"pc{n:02d}"
    # A silent PC shows only its maker's OUI; PC makers (HP, Dell, Lenovo...) sell printers,
    # servers and switches too, so the agent types it unknown rather than guess (never a printer).
    return Host(name, _ip(99 + n), mac, f"pc-{n:02d}", DeviceType.UNKNOWN, vendor, peers=peers)


COMPUTERS = (
    *(_pc(n) for n in range(1, PC_COUNT + 1)),
    Host(
        "pc-snmpdrop", _ip(130), "e4:54:e8:27:b1:90", "reception-pc", DeviceType.UNKNOWN, "Dell",
        peers=(SnmpJunk("drop"),),
    ),
    Host(
        "pc-snmpjunk", _ip(131), "a4:11:94:6d:02:c8", "head-pc", DeviceType.UNKNOWN, "Lenovo",
        peers=(SnmpJunk("garbage"),),
    ),
)  # fmt: skip

HOSTS: tuple[Host, ...] = INFRASTRUCTURE + PRINTERS + PROJECTORS + SERVERS + ANNOUNCERS + COMPUTERS
"""Every device on the simulated LAN (the agent's own namespace is ``AGENT``, not listed here)."""


def host(suffix: str) -> Host:
    """The inventory row with this namespace suffix (KeyError if there is none)."""
    for row in HOSTS:
        if row.suffix == suffix:
            return row
    raise KeyError(suffix)


def hosts_with(kind: type) -> tuple[Host, ...]:
    """Hosts running a peer of this spec type, e.g. ``hosts_with(Snmpsim)``."""
    return tuple(h for h in HOSTS if any(isinstance(p, kind) for p in h.peers))
