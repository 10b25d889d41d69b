"""Printer knowledge as data: Printer-MIB (RFC 3805) and HOST-RESOURCES OIDs, enumerations,
and how each alert code, error bit, IPP state reason and console message reads to a person.

Conditions share one vocabulary of keys (IPP ``printer-state-reasons`` keywords where one
exists), so the same jam reported by SNMP and IPP is one condition, not two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.checks.base import Severity
from schemas.health import SupplyKind

PRT = "1.3.6.1.2.1.43"
WALKS = (
    f"{PRT}.8.2.1",  # prtInputEntry
    f"{PRT}.10.2.1",  # prtMarkerEntry
    f"{PRT}.11.1.1",  # prtMarkerSuppliesEntry
    f"{PRT}.12.1.1",  # prtMarkerColorantEntry
    f"{PRT}.16.5.1",  # prtConsoleDisplayBufferEntry
    f"{PRT}.18.1.1",  # prtAlertEntry
    "1.3.6.1.2.1.25.3.5.1",  # hrPrinterEntry
    "1.3.6.1.2.1.25.3.2.1.5",  # hrDeviceStatus
)
SUPPLY_ENTRY = (
    f"{PRT}.11.1.1"  # .3 colorant .4 class .5 type .6 description .7 unit .8 max .9 level
)
COLORANT_ENTRY = f"{PRT}.12.1.1"  # .4 prtMarkerColorantValue
INPUT_ENTRY = f"{PRT}.8.2.1"  # .2 type .8 unit .9 max .10 level .11 status .13 name .18 description
MARKER_ENTRY = f"{PRT}.10.2.1"  # .4 prtMarkerLifeCount
CONSOLE_ENTRY = f"{PRT}.16.5.1"  # .2 prtConsoleDisplayBufferText
ALERT_ENTRY = f"{PRT}.18.1.1"  # .2 severity .3 training .4 group .5 group index .7 code .8 text
HR_PRINTER_ENTRY = "1.3.6.1.2.1.25.3.5.1"  # .1 hrPrinterStatus .2 hrPrinterDetectedErrorState
HR_DEVICE_STATUS = "1.3.6.1.2.1.25.3.2.1.5"

RECEPTACLE = 4  # prtMarkerSuppliesClass receptacleThatIsFilled
UNIT_PERCENT = 19
MANUAL_TRAY = 5  # prtInputType sheetFeedManual
ALERT_GROUP_SUPPLIES = 11
NO_INTERVENTION = 7  # prtAlertTrainingLevel noInterventionRequired

# prtMarkerSuppliesType -> (kind, words a principal reads)
SUPPLY_TYPES: dict[int, tuple[SupplyKind, str]] = {
    3: (SupplyKind.TONER, "toner"),
    4: (SupplyKind.WASTE, "waste toner box"),
    5: (SupplyKind.INK, "ink"),
    6: (SupplyKind.INK, "ink cartridge"),
    7: (SupplyKind.INK, "ink ribbon"),
    8: (SupplyKind.WASTE, "waste ink box"),
    9: (SupplyKind.DRUM, "drum"),
    10: (SupplyKind.OTHER, "developer"),
    11: (SupplyKind.OTHER, "fuser oil"),
    12: (SupplyKind.INK, "solid ink"),
    14: (SupplyKind.WASTE, "waste wax box"),
    15: (SupplyKind.FUSER, "fuser"),
    18: (SupplyKind.OTHER, "cleaning unit"),
    20: (SupplyKind.OTHER, "transfer unit"),
    21: (SupplyKind.TONER, "toner cartridge"),
    24: (SupplyKind.WASTE, "waste water box"),
    26: (SupplyKind.WASTE, "waste paper bin"),
    32: (SupplyKind.OTHER, "staples"),
    35: (SupplyKind.TONER, "matte toner"),
    36: (SupplyKind.INK, "matte ink"),
}
# IPP marker-types keyword -> same
MARKER_TYPES: dict[str, tuple[SupplyKind, str]] = {
    "toner": (SupplyKind.TONER, "toner"),
    "toner-cartridge": (SupplyKind.TONER, "toner cartridge"),
    "waste-toner": (SupplyKind.WASTE, "waste toner box"),
    "ink": (SupplyKind.INK, "ink"),
    "ink-cartridge": (SupplyKind.INK, "ink cartridge"),
    "waste-ink": (SupplyKind.WASTE, "waste ink box"),
    "opc": (SupplyKind.DRUM, "drum"),
    "fuser": (SupplyKind.FUSER, "fuser"),
    "developer": (SupplyKind.OTHER, "developer"),
    "transfer-unit": (SupplyKind.OTHER, "transfer unit"),
    "staples": (SupplyKind.OTHER, "staples"),
}
DRUM_WORDS = re.compile(r"\b(drum|opc|photoconductor)\b", re.IGNORECASE)
COLOUR_WORDS = re.compile(
    r"\b(photo black|matte black|black|cyan|magenta|yellow|red|blue|gr[ae]y)\b", re.I
)
HEX_COLOURS = {"#000000": "black", "#00ffff": "cyan", "#ff00ff": "magenta", "#ffff00": "yellow"}
MANUAL_TRAY_NAMES = re.compile(r"\b(mp|manual|bypass|by-pass|multi[- ]?purpose)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ConditionKind:
    key: str
    severity: Severity
    label: str  # what a principal reads: "Paper jam"


def _c(key: str, severity: Severity, label: str) -> ConditionKind:
    return ConditionKind(key, severity, label)


INF, W, C = Severity.INFO, Severity.WARNING, Severity.CRITICAL
JAM = _c("media-jam", C, "Paper jam")
DOOR = _c("door-open", C, "Door open")
COVER = _c("cover-open", C, "Cover open")
TONER_LOW = _c("toner-low", W, "Toner low")
TONER_EMPTY = _c("toner-empty", C, "Toner empty")
INK_LOW = _c("ink-low", W, "Ink low")
INK_EMPTY = _c("ink-empty", C, "Ink empty")
PAPER_OUT = _c("media-empty", W, "Out of paper")
PAPER_LOW = _c("media-low", INF, "Paper low")
OFFLINE = _c("offline", W, "Offline")
TRAY_MISSING = _c("input-tray-missing", W, "Paper tray missing")
OUT_TRAY_MISSING = _c("output-tray-missing", W, "Output tray missing")
OUT_ALMOST_FULL = _c("output-area-almost-full", W, "Output tray almost full")
OUT_FULL = _c("output-area-full", C, "Output tray full")
SUPPLY_MISSING = _c("marker-supply-missing", C, "Cartridge missing")
SUPPLY_LOW = _c("marker-supply-low", W, "Supply low")
SUPPLY_EMPTY = _c("marker-supply-empty", C, "Supply empty")
WASTE_ALMOST_FULL = _c("marker-waste-almost-full", W, "Waste box almost full")
WASTE_FULL = _c("marker-waste-full", C, "Waste box full")
DRUM_LOW = _c("opc-near-eol", W, "Drum near end of life")
DRUM_OVER = _c("opc-life-over", C, "Drum at end of life")

# prtAlertCode -> condition (RFC 3805 / IANA-PRINTER-MIB)
ALERT_CODES: dict[int, ConditionKind] = {
    3: COVER,
    4: _c("cover-closed", INF, "Cover closed"),
    5: _c("interlock-open", C, "Interlock open"),
    8: JAM,
    9: _c("subunit-missing", C, "A part is missing"),
    10: _c("subunit-life-almost-over", W, "A part is near the end of its life"),
    11: _c("subunit-life-over", W, "A part has reached the end of its life"),
    12: _c("subunit-almost-empty", W, "A supply is almost empty"),
    13: _c("subunit-empty", C, "A supply is empty"),
    22: OFFLINE,
    23: _c("power-saver", INF, "Power saving"),
    24: _c("warming-up", INF, "Warming up"),
    30: _c("unrecoverable-failure", C, "Hardware failure"),
    501: DOOR,
    502: _c("door-closed", INF, "Door closed"),
    503: _c("power-up", INF, "Powered up"),
    504: _c("power-down", INF, "Powering down"),
    507: _c("ready", INF, "Ready to print"),
    801: TRAY_MISSING,
    807: PAPER_LOW,
    808: PAPER_OUT,
    809: _c("media-needed", W, "Asks for different paper"),
    810: _c("manual-feed-needed", W, "Waiting for paper in the manual feed"),
    815: JAM,
    902: OUT_ALMOST_FULL,
    903: OUT_FULL,
    906: JAM,
    1101: TONER_EMPTY,
    1102: INK_EMPTY,
    1104: TONER_LOW,
    1105: INK_LOW,
    1107: WASTE_ALMOST_FULL,
    1109: WASTE_FULL,
    1111: DRUM_LOW,
    1112: DRUM_OVER,
    1115: SUPPLY_MISSING,
    1122: SUPPLY_LOW,
    1123: SUPPLY_EMPTY,
    1306: JAM,
    1312: JAM,
    1322: JAM,
    1801: _c("alert-removed", INF, "Alert cleared"),
}
# prtAlertSeverityLevel for codes not in the table: 3 critical, 4/5 warning, 1 other
ALERT_SEVERITY = {3: C, 4: W, 5: W, 1: W}

# hrPrinterDetectedErrorState bit (bit 0 = most significant bit of the first octet)
ERROR_BITS: dict[int, ConditionKind] = {
    0: PAPER_LOW,
    1: PAPER_OUT,
    2: TONER_LOW,
    3: TONER_EMPTY,
    4: DOOR,
    5: JAM,
    6: _c("offline", INF, "Offline (as the printer's status bits say)"),  # unreliable (CUPS)
    7: _c("service-requested", INF, "Service requested"),  # unreliable (CUPS)
    8: TRAY_MISSING,
    9: OUT_TRAY_MISSING,
    10: SUPPLY_MISSING,
    11: OUT_ALMOST_FULL,
    12: OUT_FULL,
    13: _c("media-empty", W, "A paper tray is empty"),
    14: _c("maintenance-overdue", W, "Maintenance overdue"),
}

# IPP printer-state-reasons keyword (suffix stripped) -> condition
IPP_REASONS: dict[str, ConditionKind] = {
    k.key: k
    for k in (
        JAM, DOOR, COVER, TONER_LOW, TONER_EMPTY, PAPER_OUT, PAPER_LOW, OFFLINE, TRAY_MISSING,
        OUT_TRAY_MISSING, OUT_ALMOST_FULL, OUT_FULL, SUPPLY_MISSING, SUPPLY_LOW, SUPPLY_EMPTY,
        WASTE_ALMOST_FULL, WASTE_FULL, DRUM_LOW, DRUM_OVER,
        _c("interlock-open", C, "Interlock open"),
        _c("media-needed", W, "Asks for paper"),
        _c("paused", W, "Paused"),
        _c("shutdown", C, "Shutting down"),
        _c("stopped-partly", W, "Partly stopped"),
        _c("spool-area-full", W, "Job storage full"),
        _c("developer-low", W, "Developer low"),
        _c("developer-empty", C, "Developer empty"),
        _c("fuser-over-temp", W, "Fuser too hot"),
        _c("fuser-under-temp", W, "Fuser too cold"),
        _c("interpreter-resource-unavailable", W, "Printer language resource missing"),
        _c("other", W, "Other problem"),
        _c("moving-to-paused", INF, "Pausing"),
        _c("stopping", INF, "Stopping"),
        _c("timed-out", INF, "Timed out"),
        _c("connecting-to-device", INF, "Connecting"),
        _c("identify-printer-requested", INF, "Identify requested"),
    )
}  # fmt: skip
IPP_INFO_PREFIXES = ("cups-", "com.apple.")

# front-panel text -> condition (English panels; others surface through alerts and IPP)
CONSOLE_PATTERNS: tuple[tuple[re.Pattern[str], ConditionKind], ...] = (
    (re.compile(r"\b(toner\s+(is\s+)?(empty|out)|no\s+toner)\b", re.I), TONER_EMPTY),
    (re.compile(r"\btoner\s+(is\s+)?low|\btoner\s+near|\b(order|replace)\s+toner", re.I),
     TONER_LOW),
    (re.compile(r"\b(ink\s+(is\s+)?(empty|out)|replace\s+ink)\b", re.I), INK_EMPTY),
    (re.compile(r"\bink\s+(is\s+)?low\b", re.I), INK_LOW),
    (re.compile(r"\b(paper\s+)?jam(med)?\b", re.I), JAM),
    (re.compile(r"\b(door|cover)\s+(is\s+)?open\b|\bclose\s+\w*\s*\w*\s*(door|cover)", re.I), DOOR),
    (re.compile(r"\b(load|add|out\s+of|no)\s+paper\b|\bpaper\s+(empty|out)\b", re.I), PAPER_OUT),
    (re.compile(r"\b(replace|end\s+of\s+life)\s+drum\b|\bdrum\s+(end|life|near)", re.I), DRUM_LOW),
)  # fmt: skip

# which conditions are about which supply kind (to pin a low-toner alert on the cartridge)
CONDITION_KINDS: dict[str, SupplyKind] = {
    "toner-low": SupplyKind.TONER,
    "toner-empty": SupplyKind.TONER,
    "ink-low": SupplyKind.INK,
    "ink-empty": SupplyKind.INK,
    "opc-near-eol": SupplyKind.DRUM,
    "opc-life-over": SupplyKind.DRUM,
    "marker-waste-almost-full": SupplyKind.WASTE,
    "marker-waste-full": SupplyKind.WASTE,
}

HR_PRINTER_STATUS_NAMES = {1: "other", 2: "unknown", 3: "idle", 4: "printing", 5: "warming up"}
HR_DEVICE_STATUS_NAMES = {1: "unknown", 2: "running", 3: "warning", 4: "testing", 5: "down"}
