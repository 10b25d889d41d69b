"""Switch and access-point knowledge as data: IF-MIB, uptime and firmware sources, PoE
(POWER-ETHERNET-MIB, RFC 3621) and per-vendor Wi-Fi client tables."""

from __future__ import annotations

from dataclasses import dataclass

SYS_UPTIME = "1.3.6.1.2.1.1.3.0"  # TimeTicks since the SNMP agent restarted
HR_SYSTEM_UPTIME = "1.3.6.1.2.1.25.1.1.0"  # TimeTicks since the host booted
UPTIME_SOURCES = (HR_SYSTEM_UPTIME, SYS_UPTIME)  # prefer the host's own uptime
TICKS_WRAP_S = 2**32 / 100  # TimeTicks wrap after 497 days

IF_ENTRY = "1.3.6.1.2.1.2.2.1"  # .2 descr .3 type .7 admin .8 oper .11/.12 in pkts .14 in errors
#                                 .17/.18 out pkts .20 out errors
IFX_ENTRY = "1.3.6.1.2.1.31.1.1.1"  # .1 name .7/.8/.9 HC in pkts .11/.12/.13 HC out pkts .18 alias
IF_COLUMNS = (2, 3, 7, 8, 11, 12, 14, 17, 18, 20)
IFX_COLUMNS = (1, 7, 8, 9, 11, 12, 13, 18)
ETHERNET_TYPES = frozenset({6, 62, 117})  # ethernetCsmacd, fastEther, gigabitEthernet
WIFI_TYPES = frozenset({71})  # ieee80211
UP, ADMIN_UP = 1, 1

ENT_ENTRY = "1.3.6.1.2.1.47.1.1.1.1"  # .5 class .10 software revision
ENT_CHASSIS = 3
# firmware as a single scalar, vendor by vendor (entPhysicalSoftwareRev of the chassis after)
FIRMWARE_SCALARS = (
    "1.3.6.1.4.1.41112.1.6.3.6.0",  # UniFi unifiApSystemVersion
)

PSE_ENTRY = "1.3.6.1.2.1.105.1.3.1.1"  # .2 power (W) .3 oper status .4 consumption (W)
POE_PORT_ENTRY = "1.3.6.1.2.1.105.1.1.1"  # .3 admin enable .6 detection status
PSE_STATUS = {1: "on", 2: "off", 3: "faulty"}
POE_DELIVERING, POE_FAULTS = 3, frozenset({4, 6})  # deliveringPower; fault, otherFault


@dataclass(frozen=True)
class WifiTable:
    """A vendor's per-radio / per-VAP client counts: sum ``clients`` column; group by the
    ``radio`` column when the table has one."""

    vendor: str
    entry: str
    clients: int
    radio: int | None = None


WIFI_TABLES = (
    WifiTable("UniFi", "1.3.6.1.4.1.41112.1.6.1.2.1", clients=8, radio=9),  # unifiVapTable
    WifiTable("Cisco WLC", "1.3.6.1.4.1.14179.2.2.2.1", clients=15),  # bsnApIfNoOfUsers
    WifiTable(
        "Cisco IOS AP", "1.3.6.1.4.1.9.9.273.1.1.2.1", clients=1
    ),  # cDot11ActiveWirelessClients
    WifiTable("Aruba Instant", "1.3.6.1.4.1.14823.2.3.3.1.2.2.1", clients=21),  # aiRadioClientNum
    WifiTable(
        "Aruba", "1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1", clients=7
    ),  # wlanAPRadioNumAssociatedClients
)
# scalar station totals (controllers)
WIFI_SCALARS = (
    ("Ruckus ZoneDirector", "1.3.6.1.4.1.25053.1.2.1.1.1.15.2.0"),
    ("Ruckus Unleashed", "1.3.6.1.4.1.25053.1.15.1.1.1.15.2.0"),
    ("Ruckus SmartZone", "1.3.6.1.4.1.25053.1.4.1.1.1.15.2.0"),
)
UNIFI_RADIO_ENTRY = "1.3.6.1.4.1.41112.1.6.1.1.1"  # .3 radio ("ng", "na")
RADIO_BANDS = {"ng": "2.4 GHz", "ng-ht": "2.4 GHz", "na": "5 GHz", "na-ht": "5 GHz", "6e": "6 GHz"}
IEEE80211_ESSID = "1.2.840.10036.1.1.1.9"

WALKS = (
    *(f"{IF_ENTRY}.{column}" for column in IF_COLUMNS),
    *(f"{IFX_ENTRY}.{column}" for column in IFX_COLUMNS),
    f"{ENT_ENTRY}.5",
    f"{ENT_ENTRY}.10",
    PSE_ENTRY,
    POE_PORT_ENTRY,
)
WIFI_WALKS = (
    *(f"{t.entry}.{t.clients}" for t in WIFI_TABLES),
    *(f"{t.entry}.{t.radio}" for t in WIFI_TABLES if t.radio is not None),
    f"{UNIFI_RADIO_ENTRY}.3",
    IEEE80211_ESSID,
)
SCALARS = (*UPTIME_SOURCES, *FIRMWARE_SCALARS, *(oid for _, oid in WIFI_SCALARS))
