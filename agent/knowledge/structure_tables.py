"""What standard MIBs say about what a device *is*, as data. Vendor-neutral by construction.

These rows read facts every maker's agent reports the same way (RFC/IEEE MIBs), so they hold
for makes no table names: LLDP-MIB ``lldpLocSysCapEnabled`` (IEEE 802.1AB: the device's own
statement of being a bridge, router or WLAN access point), IP-MIB ``ipForwarding``
(RFC 4293), IF-MIB ``ifType`` (IANAifType: 6/62/69/117 Ethernet, 71 IEEE 802.11),
ENTITY-MIB ``entPhysicalClass`` (RFC 6933: 10 = port), HOST-RESOURCES ``hrDeviceType``
(RFC 2790), and generic category words in sysDescr. Weights follow ``agent.knowledge.rows``;
none of the weak ones (ipForwarding, ifType 71, HOST-RESOURCES) decides alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.knowledge.rows import SysDescrRow
from schemas import DeviceType as T


@dataclass(frozen=True)
class LldpCapabilityRow:
    capability: str  # a LldpSystemCapabilitiesMap bit name
    suggests: T
    weight: int
    label: str


@dataclass(frozen=True)
class CountRow:
    """At least ``minimum`` of the listed values in a column the agent reported."""

    values: frozenset[int]
    minimum: int
    suggests: T
    weight: int
    label: str  # "{n} Ethernet interfaces (IF-MIB ifType)"


# fmt: off
LLDP_CAPABILITIES: tuple[LldpCapabilityRow, ...] = (
    LldpCapabilityRow("wlanAccessPoint", T.ACCESS_POINT, 80,
                      "says over LLDP it is a WLAN access point"),
    LldpCapabilityRow("router", T.ROUTER, 60, "says over LLDP it routes"),
    LldpCapabilityRow("bridge", T.SWITCH, 55, "says over LLDP it bridges (a switch)"),
    LldpCapabilityRow("stationOnly", T.COMPUTER, 30, "says over LLDP it is an end station"),
)

ETHERNET_IF_TYPES = frozenset({6, 62, 69, 117})
ETHERNET_PORTS = CountRow(ETHERNET_IF_TYPES, 8, T.SWITCH, 40,
                          "has {n} Ethernet interfaces (IF-MIB ifType)")
# Wireless interfaces: ifType 71 (IEEE 802.11), or — as Linux reports Wi-Fi as Ethernet —
# the names Linux wireless drivers give them (mac80211 wlanN/phyN-apN, Atheros wifiN/athN,
# Broadcom wlN, Ralink/MediaTek raN/raiN/raxN; systemd wlp...). One radio is any Wi-Fi
# client (a laptop); two or more radios or virtual APs is an access point's structure.
WIRELESS_IF_TYPE = 71
WIRELESS_IF_NAME = re.compile(
    r"^(wlan|wifi|ath|wl|ra|rai|rax|wlp\w*?)\d+([-.]\d+)?$|^phy\d+-ap\d+$"
)
RADIOS: tuple[CountRow, ...] = (
    CountRow(frozenset({WIRELESS_IF_TYPE}), 2, T.ACCESS_POINT, 60,
             "has {n} wireless interfaces (IEEE 802.11 ifType 71 or a Wi-Fi driver's name)"),
    CountRow(frozenset({WIRELESS_IF_TYPE}), 1, T.ACCESS_POINT, 30,
             "has {n} wireless interface (IEEE 802.11 ifType 71 or a Wi-Fi driver's name)"),
)


@dataclass(frozen=True)
class IfNameRow:
    """At least ``minimum`` distinct interface names (IF-MIB ifDescr) matching ``match``."""

    match: re.Pattern[str]
    minimum: int
    suggests: T
    weight: int
    label: str  # "has ... ({names})"


# Interface names the operating system gives to what only a router has:
# * pf (FreeBSD/OpenBSD packet filter, pf(4)): pflog(4) logs filtered packets, pfsync(4) syncs
#   firewall state between redundant firewalls, enc(4) carries IPsec; two of them are a pf
#   firewall (pfSense, OPNsense, OpenBSD), one alone may be a host that filters for itself;
# * a cellular modem's WAN link on Linux: qmi_wwan's wwanN and its QMAP muxes qmimuxN
#   (kernel Documentation/ABI: qmi_wwan), Qualcomm's rmnet_dataN / rmnet_ipaN / rmnet_mhiN
#   (kernel drivers/net/ethernet/qualcomm/rmnet): a cellular (LTE/5G) router or gateway;
# * OpenWrt's LAN bridge br-lan (openwrt.org/docs/guide-user/base-system/basic-networking:
#   the "lan" interface of type bridge), the router distribution's default.
# systemd's wwp... names are laptops' WWAN cards: not counted.
IF_NAMES: tuple[IfNameRow, ...] = (
    IfNameRow(re.compile(r"^(pflog|pfsync|enc)\d+$"), 2, T.ROUTER, 60,
              "has pf firewall interfaces ({names}): packet-filter logging, state sync, IPsec"),
    IfNameRow(re.compile(r"^(wwan\d+|qmimux\d+|rmnet_(data|ipa|mhi)\d+)$"), 1, T.ROUTER, 50,
              "has a cellular modem's WAN interface ({names}): a cellular router"),
    IfNameRow(re.compile(r"^br-lan$"), 1, T.ROUTER, 40,
              "has OpenWrt's LAN bridge ({names}), as OpenWrt routers do"),
)
IF_NAMES_SHOWN = 3  # names quoted in a fact

ENTITY_CLASSES: tuple[CountRow, ...] = (
    CountRow(frozenset({10}), 8, T.SWITCH, 50, "lists {n} ports in ENTITY-MIB"),
)

# Many ports, said several ways (answering the BRIDGE-MIB, its port count, Ethernet ifTypes,
# ENTITY-MIB port entities), is one fact about the device, not independent ones: together they
# count for at most PORTS_CAP, so a product line or a device-class MIB still outranks them
# (a microwave radio or a router with a built-in switch has many ports too).
PORTS_CAP = 60
BRIDGE_MIB = "1.3.6.1.2.1.17"
# BRIDGE-MIB dot1dBaseNumPorts (RFC 4188): how many ports the device's own bridge has. A
# bridge of several ports is a switch's defining structure (a PC's SNMP agent has no BRIDGE-MIB).
BRIDGE_PORTS_MINIMUM = 4
BRIDGE_PORTS_WEIGHT = 45
BRIDGE_PORTS_LABEL = "bridges {n} ports (BRIDGE-MIB dot1dBaseNumPorts)"

# FIBRE-CHANNEL-MGMT-MIB (RFC 2837, experimental 94) connUnitType: what the SAN unit managed
# by this agent is, in the standard's own words.
FC_UNIT_TYPES: dict[int, tuple[T, int, str]] = {
    # a device-class statement of the standard: weighs like the Printer-MIB or UPS-MIB, so a
    # registry that files SAN switches under storage (GLPI) does not outvote it
    3: (T.SWITCH, 70, "a Fibre Channel hub"),
    4: (T.SWITCH, 85, "a Fibre Channel switch"),
    9: (T.NAS, 80, "a storage device"),
    11: (T.NAS, 85, "a storage subsystem"),
    14: (T.NAS, 80, "a storage access device"),
    16: (T.UPS, 70, "a UPS"),
    17: (T.NAS, 85, "a NAS"),
}
FC_UNIT_LABEL = "says in the Fibre Channel management MIB (connUnitType {n}) it is {what}"

IP_FORWARDING_WEIGHT = 30
IP_FORWARDING_LABEL = "forwards IP between interfaces (IP-MIB ipForwarding)"

HR_DEVICE = "1.3.6.1.2.1.25.3.1."
HR_HOST_KINDS = frozenset({"3", "6"})  # hrDeviceProcessor, hrDeviceDiskStorage
HR_HOST_WEIGHT = 20
HR_HOST_LABEL = "lists processors and disks in HOST-RESOURCES, as general-purpose hosts do"


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


Descr = SysDescrRow
# Linux on an embedded processor, uname's machine field last as Net-SNMP writes sysDescr
# ("Linux gw 5.4.259 #0 ... mips"). Not armv6l/armv7l/aarch64: Raspberry Pis are computers.
EMBEDDED_LINUX = _re(r"^Linux\b.*\s(mips\w*|m68k|ppc\w*|powerpc\w*|sh4\w*|armv[2-5]\w*)\s*$")
# Generic category words: a device that names what it is in its own description.
CATEGORY_WORDS: tuple[SysDescrRow, ...] = (
    Descr(_re(r"\b(firewall|VPN|UTM|security (gateway|appliance)|unified threat)"), None,
          T.ROUTER, 75, "calls itself a firewall / VPN / security gateway"),
    Descr(_re(r"\b(wireless (lan )?controller|WLAN controller|access point|wireless AP)\b"),
          None, T.ACCESS_POINT, 75, "calls itself an access point or wireless controller"),
    Descr(_re(r"\b(point[- ]to[- ](multi)?point|PtM?P|backhaul|microwave|radio link|packet radio|"
              r"outdoor unit|ODU)\b"), None,
          T.ACCESS_POINT, 70, "calls itself a point-to-point radio"),
    Descr(_re(r"\b(wireless|wi-?fi|WLAN)\b"), None, T.ACCESS_POINT, 40,
          "calls itself wireless"),
    # a radio band (Wi-Fi 2.4/5/6 GHz, 24 and 60 GHz unlicensed, 70/80 GHz E-band) or an
    # antenna's gain in dBi: only radios name them ("5.xGHz, 24dBi int. antenna"); not a CPU's
    # clock ("CPU @ 2.40GHz": two decimals, after "@")
    Descr(_re(r"(?<!@ )\b(2\.4|5(\.\d|\.x)?|6|24|60|70|80) ?GHz\b|\b\d+(\.\d)? ?dBi\b"), None,
          T.ACCESS_POINT, 70, "names a radio band or an antenna's gain"),
    Descr(_re(r"switch(es|ing)?\b"), None, T.SWITCH, 60, "calls itself a switch"),
    # A Fibre Channel (SAN) switch or director moves storage traffic but is a switch, not
    # storage (FC-SW, INCITS T11); "SAN" alone (a storage array) is the storage row's word.
    Descr(_re(r"\b(fib(re|er) channel|FC|SAN)\b[\w -]{0,24}?\b(switch|director)"), None,
          T.SWITCH, 80, "calls itself a Fibre Channel (SAN) switch, a switch rather than storage"),
    Descr(_re(r"\brout(er|ing)\b"), None, T.ROUTER, 60, "calls itself a router"),
    # a gateway joins networks: internet / residential / VoIP (media, telephony) gateways
    Descr(_re(r"\bgateway\b"), None, T.ROUTER, 60, "calls itself a gateway"),
    # optical access (ITU-T G.984/G.9807 GPON/XGS-PON, IEEE 802.3ah EPON): OLTs and ONTs
    Descr(_re(r"\b(OLT|ONT|ONU|(\d*x?g?s?-?|e|g)PON)\b"), None, T.SWITCH, 60,
          "calls itself passive-optical-network (PON) equipment"),
    Descr(_re(r"\bnetwork(ing)? (OS|operating system)\b"), None, T.SWITCH, 60,
          "runs a network operating system"),
    Descr(_re(r"\b(printer|print server|MFP|multifunction)\b"), None, T.PRINTER, 70,
          "calls itself a printer"),
    Descr(_re(r"\b(UPS|uninterruptible)\b"), None, T.UPS, 75, "calls itself a UPS"),
    Descr(_re(r"\b(NAS|SAN|storage|tape librar(y|ies)|disk array|backup appliance|"
              r"deduplication)\b"), None, T.NAS, 65, "calls itself storage"),
    Descr(_re(r"\b(camera|network video|NVR|DVR)\b"), None, T.CAMERA, 70,
          "calls itself a camera"),
    # a server's baseboard management controller (IPMI BMC, "Remote Access Controller",
    # "Integrated Lights-Out") answers SNMP with its maker's own agent: it is part of a server,
    # not a network device
    Descr(_re(r"\b(remote access controller|integrated lights[- ]out|"
              r"baseboard management controller|BMC)\b"), None, T.COMPUTER, 60,
          "calls itself a server's management controller (BMC)"),
    # Linux on an embedded processor (uname's machine field last, as Net-SNMP writes it):
    # PCs and servers run x86-64/ARM64; MIPS, PowerPC, m68k, SuperH and ARMv2-v5 Linux (cores
    # older than ARMv6, in no PC or Raspberry Pi) is a router, radio, NAS or UPS card. Weighs
    # like an appliance's own sysObjectID, and more than "Linux" alone (10), so such a device
    # is not called a computer.
    Descr(EMBEDDED_LINUX, None, T.SWITCH, 30,
          "runs Linux on an embedded processor: an appliance, not a PC"),
)

# Words in the maker's registered (IANA) name that say what it makes, for makers no product
# table knows: a vendor-level hint, decided only with a product sysObjectID under it.
MAKER_WORDS: tuple[SysDescrRow, ...] = (
    Descr(_re(r"\bwireless\b|\bradio|microwave|antenna"), None, T.ACCESS_POINT, 50,
          "makes wireless equipment"),
    Descr(_re(r"\b(firewall|security)\b"), None, T.ROUTER, 50, "makes security appliances"),
    Descr(_re(r"\b(storage|data ?systems|NAS)\b"), None, T.NAS, 45, "makes storage"),
    Descr(_re(r"network|communication|telecom|optical|\bbroadband|switch|rout(er|ing)"), None,
          T.SWITCH, 55, "makes network equipment"),
)
# Added to a maker word's weight when the maker's MIB answers behind a PC's SNMP software.
AGENT_MIB_BONUS = 10
# A product sysObjectID of a maker nothing else is known about: an embedded appliance, most
# often network equipment; a hint that needs structure (ports, bridging) to decide.
APPLIANCE = Descr(_re(r"."), None, T.SWITCH, 30, "an appliance")
# fmt: on
