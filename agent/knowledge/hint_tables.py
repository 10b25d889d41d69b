"""Weak and port-level hints: the MAC's OUI organisation and open TCP management ports.

OUI rows match the IEEE registry organisation (as netaddr ships it); they are hints only,
because one maker sells many kinds of device (HP, Dell, Cisco, Lenovo, Intel, Samsung...) and
``classify`` never lets a weak hint decide alone; only makers whose networked products are all
printers weigh enough to decide. Port rows come from PROTOCOLS.md §3.1 and §6.2;
a row with a ``banner`` pattern needs the greeting to match (PJLink says ``PJLINK 0|1``), and
per port and type the first matching row counts.
"""

from __future__ import annotations

import re

from agent.knowledge.rows import OuiHintRow, PortRow
from schemas import DeviceType as T


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


PC_MAKERS = r"^(Dell\b|Lenovo|LCFC|Intel Corporat|ASUSTek|Acer\b|Fujitsu|HP Inc\b)"
PC_BOARD_MAKERS = r"^(Micro-Star|GIGA-BYTE|Elitegroup|Super Micro|Wistron|Quanta|Compal)"
PRINTER_MAKERS = r"^(Brother|Kyocera|Ricoh|Lexmark|Xerox|Fuji Xerox|Konica Minolta)"

# fmt: off
OUI_HINTS: tuple[OuiHintRow, ...] = (
    OuiHintRow(_re(PC_MAKERS), T.COMPUTER, 20),
    OuiHintRow(_re(PC_BOARD_MAKERS), T.COMPUTER, 15),
    OuiHintRow(_re(r"^(VMware|Microsoft|Raspberry Pi)"), T.COMPUTER, 15),
    OuiHintRow(_re(r"^Hewlett[- ]Packard Enterprise"), T.SWITCH, 10),
    OuiHintRow(_re(r"^Hewlett[- ]Packard"), T.PRINTER, 15),
    # Makers whose networked products are printers: their OUI alone decides (just).
    OuiHintRow(_re(PRINTER_MAKERS), T.PRINTER, 55),
    OuiHintRow(_re(r"^Seiko Epson"), T.PRINTER, 20),
    OuiHintRow(_re(r"^(Canon|Sharp Corporation|Toshiba TEC)"), T.PRINTER, 15),
    OuiHintRow(_re(r"^Ubiquiti"), T.ACCESS_POINT, 20),
    OuiHintRow(_re(r"^(Ruckus|Aruba)"), T.ACCESS_POINT, 20),
    OuiHintRow(_re(r"^Cisco Meraki"), T.ACCESS_POINT, 15),
    OuiHintRow(_re(r"^Cisco"), T.SWITCH, 10),
    OuiHintRow(_re(r"^(American Power Conversion|APC\b)"), T.UPS, 25),
    OuiHintRow(_re(r"^Eaton"), T.UPS, 15),
    OuiHintRow(_re(r"^(NEC Display|Sharp NEC Display|Optoma)"), T.PROJECTOR, 25),
    OuiHintRow(_re(r"^BenQ"), T.PROJECTOR, 15),
    OuiHintRow(_re(r"^(Synology|QNAP)"), T.NAS, 30),
    OuiHintRow(_re(r"^(Roku|Sonos)"), T.MEDIA_PLAYER, 25),
    OuiHintRow(_re(r"^Google"), T.MEDIA_PLAYER, 15),
    OuiHintRow(_re(r"^(Axis Communications|Hangzhou Hikvision|Hikvision|Zhejiang Dahua)"),
               T.CAMERA, 30),
)

PJLINK_GREETING = _re(r"^PJLINK\s+([01]\b|ERRA)")
PJLINK_SEARCH_LABEL = "answered the PJLink class 2 search (UDP 4352)"
PJLINK_SEARCH_WEIGHT = 90

PORTS: tuple[PortRow, ...] = (
    PortRow(4352, T.PROJECTOR, 90, "answers PJLink with its greeting (TCP 4352)", PJLINK_GREETING),
    PortRow(4352, T.PROJECTOR, 50, "accepts connections on the PJLink port (TCP 4352)"),
    PortRow(9100, T.PRINTER, 45, "accepts raw printing (TCP 9100)"),
    PortRow(515, T.PRINTER, 40, "accepts LPD printing (TCP 515)"),
    PortRow(631, T.PRINTER, 35, "accepts IPP (TCP 631)"),
    PortRow(3389, T.COMPUTER, 50, "accepts Remote Desktop (TCP 3389)"),
    PortRow(5985, T.COMPUTER, 40, "accepts WinRM (TCP 5985)"),
    PortRow(5900, T.COMPUTER, 20, "accepts VNC / screen sharing (TCP 5900)"),
    PortRow(445, T.COMPUTER, 15, "shares files over SMB (TCP 445)"),
    PortRow(445, T.NAS, 10, "shares files over SMB (TCP 445)"),
    PortRow(548, T.NAS, 20, "shares files over AFP (TCP 548)"),
    PortRow(139, T.COMPUTER, 10, "answers NetBIOS sessions (TCP 139)"),
    PortRow(22, T.COMPUTER, 5, "accepts SSH (TCP 22)"),
)
# fmt: on
