"""Vendors: IANA enterprise numbers (PROTOCOLS.md §1.4) and short names for vendor strings.

``ENTERPRISES`` maps the arc after ``1.3.6.1.4.1.`` in a sysObjectID to a vendor.
``SOFTWARE_AGENTS`` are enterprise numbers of SNMP *software* (Net-SNMP, Windows' SNMP
service) that say nothing about who made the hardware. ``VENDOR_ALIASES`` turns an OUI
organisation, entPhysicalMfgName, IEEE 1284 ``MFG:`` or mDNS ``usb_MFG`` into a short name;
first match wins, so put specific patterns before general ones.
"""

from __future__ import annotations

import re

from agent.knowledge.rows import VendorAlias

ENTERPRISES: dict[int, str] = {
    9: "Cisco",
    11: "HP",
    116: "Hitachi",
    119: "NEC",
    122: "Sony",
    171: "D-Link",
    236: "Samsung",
    253: "Xerox",
    258: "Panasonic",
    297: "Fuji Xerox",
    311: "Microsoft",
    318: "APC",
    367: "Ricoh",
    396: "Panasonic",
    641: "Lexmark",
    674: "Dell",
    1129: "Toshiba TEC",
    1248: "Epson",
    1347: "Kyocera",
    1602: "Canon",
    2021: "Net-SNMP",
    2385: "Sharp",
    2435: "Brother",
    2590: "Minolta",
    2636: "Juniper",
    2699: "Printer Working Group",
    4413: "Broadcom",
    4526: "Netgear",
    6574: "Synology",
    7367: "DrayTek",
    8072: "Net-SNMP",
    10002: "Ubiquiti",
    11863: "TP-Link",
    12356: "Fortinet",
    14179: "Cisco",
    14823: "Aruba",
    14988: "MikroTik",
    18334: "Konica Minolta",
    24681: "QNAP",
    25053: "Ruckus",
    29671: "Cisco Meraki",
    41112: "Ubiquiti",
    47196: "HPE Aruba",
    55062: "QNAP",
    # Not an IANA assignment: Dahua's own MIB roots its tree here (DAHUA-SNMP-MIB
    # ``dahua ::= { enterprises 1004849 }``), and its cameras' sysObjectIDs sit under it.
    1004849: "Dahua",
}

# Enterprise numbers of SNMP software rather than hardware makers (UniFi, Synology and Linux
# routers answer with Net-SNMP's; any Windows PC with Microsoft's).
SOFTWARE_AGENTS: frozenset[int] = frozenset({311, 2021, 4413, 8072})


def _alias(pattern: str, name: str) -> VendorAlias:
    return VendorAlias(re.compile(pattern, re.IGNORECASE), name)


VENDOR_ALIASES: tuple[VendorAlias, ...] = (
    _alias(r"^HP Inc\b", "HP"),
    _alias(r"^Hewlett[- ]Packard Enterprise", "HPE"),
    _alias(r"^(Hewlett[- ]Packard|HP\b)", "HP"),
    _alias(r"^(Seiko )?Epson", "Epson"),
    _alias(r"^Brother", "Brother"),
    _alias(r"^Ubiquiti|^UBNT\b", "Ubiquiti"),
    _alias(r"^Linksys\b", "Linksys"),
    _alias(r"^Cisco Meraki", "Cisco Meraki"),
    _alias(r"^Cisco", "Cisco"),
    _alias(r"^(American Power Conversion|APC\b)", "APC"),
    _alias(r"^Schneider Electric", "Schneider Electric"),
    _alias(r"^Kyocera", "Kyocera"),
    _alias(r"^Ricoh", "Ricoh"),
    _alias(r"^Canon", "Canon"),
    _alias(r"^Lexmark", "Lexmark"),
    _alias(r"^Fuji ?Xerox|^FUJIFILM Business", "Fujifilm"),
    _alias(r"^Xerox", "Xerox"),
    _alias(r"^Konica ?Minolta", "Konica Minolta"),
    _alias(r"^Sharp NEC Display|^NEC Display", "NEC"),
    _alias(r"^NEC\b", "NEC"),
    _alias(r"^Sharp", "Sharp"),
    _alias(r"^Toshiba", "Toshiba"),
    _alias(r"^Samsung", "Samsung"),
    _alias(r"^Dell(\s+EMC)?\b", "Dell"),
    _alias(r"^(Lenovo|LCFC)", "Lenovo"),
    _alias(r"^Intel\b", "Intel"),
    _alias(r"^ASUSTek|^ASUS\b", "ASUS"),
    _alias(r"^Acer\b", "Acer"),
    _alias(r"^Fujitsu", "Fujitsu"),
    _alias(r"^Micro-Star|^MSI\b", "MSI"),
    _alias(r"^GIGA-?BYTE", "Gigabyte"),
    _alias(r"^Apple\b", "Apple"),
    _alias(r"^Google\b", "Google"),
    _alias(r"^Microsoft\b", "Microsoft"),
    _alias(r"^VMware\b", "VMware"),
    _alias(r"^Synology", "Synology"),
    _alias(r"^QNAP", "QNAP"),
    _alias(r"^Aruba", "Aruba"),
    _alias(r"^Ruckus", "Ruckus"),
    _alias(r"^TP-?Link", "TP-Link"),
    _alias(r"^Netgear", "Netgear"),
    _alias(r"^D-Link", "D-Link"),
    _alias(r"^Juniper", "Juniper"),
    _alias(r"^MikroTik|^Routerboard", "MikroTik"),
    _alias(r"^DrayTek", "DrayTek"),
    _alias(r"^Panasonic", "Panasonic"),
    _alias(r"^Sony", "Sony"),
    _alias(r"^Hitachi", "Hitachi"),
    _alias(r"^Optoma", "Optoma"),
    _alias(r"^BenQ", "BenQ"),
    _alias(r"^Raspberry Pi", "Raspberry Pi"),
    _alias(r"^Super Micro", "Supermicro"),
    _alias(r"^Eaton", "Eaton"),
    _alias(r"^Axis Communications", "Axis"),
    _alias(r"^Hikvision|^Hangzhou Hikvision", "Hikvision"),
    _alias(r"^Pep(link|wave)\b", "Peplink"),  # Pepwave is Peplink's brand; both write it
    _alias(r"^Riello", "Riello"),
)


def maker_prefix_end(text: str, maker: str | None) -> int:
    """How much of the start of ``text`` the maker's registered spelling covers ("Dell EMC"
    in "Dell EMC PowerSwitch S4148"); 0 when the text does not start with it."""
    for alias in VENDOR_ALIASES:
        match = alias.match.match(text) if alias.name == maker else None
        if match:
            return match.end()
    return 0


def short_vendor(text: str | None) -> str | None:
    """A vendor string normalised with ``VENDOR_ALIASES``, or None when none matches."""
    if not text:
        return None
    stripped = text.strip()
    for alias in VENDOR_ALIASES:
        if alias.match.search(stripped):
            return alias.name
    return None
