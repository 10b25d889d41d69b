"""What SNMP answers mean: sysObjectID prefixes, sysDescr patterns, MIB subtrees, sysServices,
and the scalars that hold a device's model, serial and firmware.

Sources are PROTOCOLS.md (§1-4: GLPI sysobject.ids and MibSupport, LibreNMS os detection,
the MIBs) and the recordings in ../shared/snmprec (the Brother firmware OID and the UniFi
identity values were read there). To support a new device, add rows here, not code.
Row fields are documented in ``agent.knowledge.rows``; weights follow the scale there.
"""

from __future__ import annotations

import re

from agent.knowledge.rows import (
    IdentityOidRow,
    SubtreeRow,
    SysDescrRow,
    SysObjectIdRow,
    SysServicesRow,
)
from schemas import DeviceType as T

Oid = SysObjectIdRow

NS_EXTEND_OUTPUT_1LINE = "1.3.6.1.4.1.8072.1.3.2.3.1.1"  # NET-SNMP-EXTEND-MIB, indexed by name
NOT_A_DATE = r"^(?!\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$)"


def _index(name: str) -> str:
    """A string table index as OID arcs: its length, then each character's code."""
    return ".".join(str(arc) for arc in (len(name), *name.encode("ascii")))


# fmt: off
SYS_OBJECT_IDS: tuple[SysObjectIdRow, ...] = (
    Oid("1.3.6.1.4.1.11.2.3.9", "HP", T.PRINTER, 85, "an HP printer (JetDirect)"),
    Oid("1.3.6.1.4.1.11.2.3.7.11", "HP", T.SWITCH, 85, "an HP ProCurve switch"),
    Oid("1.3.6.1.4.1.29999", "HP", T.PRINTER, 75, "an HP printer"),
    Oid("1.3.6.1.4.1.2435.2.3.9", "Brother", T.PRINTER, 85, "a Brother printer"),
    Oid("1.3.6.1.4.1.1248.1.1", "Epson", T.PRINTER, 85, "an Epson printer"),
    Oid("1.3.6.1.4.1.1248.4.1", "Epson", T.PROJECTOR, 85, "an Epson projector"),
    Oid("1.3.6.1.4.1.1347.41", "Kyocera", T.PRINTER, 85, "a Kyocera printer"),
    Oid("1.3.6.1.4.1.367.1.1", "Ricoh", T.PRINTER, 85, "a Ricoh printer"),
    Oid("1.3.6.1.4.1.1602.4", "Canon", T.PRINTER, 80, "a Canon printer"),
    Oid("1.3.6.1.4.1.253.8", "Xerox", T.PRINTER, 80, "a Xerox printer"),
    Oid("1.3.6.1.4.1.641.1", "Lexmark", T.PRINTER, 80, "a Lexmark printer"),
    Oid("1.3.6.1.4.1.18334.1.1.1.2", "Konica Minolta", T.PRINTER, 80, "a Konica Minolta printer"),
    Oid("1.3.6.1.4.1.2385.3.1", "Sharp", T.PRINTER, 80, "a Sharp printer"),
    Oid("1.3.6.1.4.1.236.11.5", "Samsung", T.PRINTER, 80, "a Samsung printer"),
    Oid("1.3.6.1.4.1.1129.2.3", "Toshiba TEC", T.PRINTER, 75, "a Toshiba e-STUDIO printer"),
    Oid("1.3.6.1.4.1.9.6.1", "Cisco", T.SWITCH, 80, "a Cisco Small Business switch"),
    Oid("1.3.6.1.4.1.9.1", "Cisco", None, 0, "a Cisco IOS product"),
    Oid("1.3.6.1.4.1.318.1.3", "APC", T.UPS, 70, "an APC network management card"),
    Oid("1.3.6.1.4.1.311.1.1.3", "Microsoft", T.COMPUTER, 75, "Windows' SNMP service"),
    Oid("1.3.6.1.4.1.8072.3.2.10", None, T.COMPUTER, 10, "the Net-SNMP agent on Linux"),
    Oid("1.3.6.1.4.1.8072.3.2.16", "Apple", T.COMPUTER, 40, "the Net-SNMP agent on macOS"),
    Oid("1.3.6.1.4.1.8072.3.2.13", None, T.COMPUTER, 40, "the Net-SNMP agent on Windows"),
    Oid("1.3.6.1.4.1.41112.1.6", "Ubiquiti", T.ACCESS_POINT, 80, "a Ubiquiti UniFi access point"),
    Oid("1.3.6.1.4.1.25053.3", "Ruckus", T.ACCESS_POINT, 75, "a Ruckus access point"),
    Oid("1.3.6.1.4.1.14179.1", "Cisco", T.ACCESS_POINT, 60, "a Cisco wireless controller"),
    Oid("1.3.6.1.4.1.14988.1", "MikroTik", T.ROUTER, 60, "a MikroTik RouterOS device"),
    Oid("1.3.6.1.4.1.7367", "DrayTek", T.ROUTER, 60, "a DrayTek router"),
    Oid("1.3.6.1.4.1.6574", "Synology", T.NAS, 80, "a Synology NAS"),
    Oid("1.3.6.1.4.1.24681", "QNAP", T.NAS, 80, "a QNAP NAS"),
    Oid("1.3.6.1.4.1.55062", "QNAP", T.NAS, 80, "a QNAP NAS"),
    # Storage branches of makers' MIBs (the node is named ``storage`` in the vendor's own MIB):
    # Dell's StorageManagement / MD-array / PowerVault MIBs (dell 10893), Fujitsu FJDARY-E150
    # (fujitsu product(1) storage(21), the ETERNUS arrays).
    Oid("1.3.6.1.4.1.674.10893", "Dell", T.NAS, 75, "under Dell's storage MIB branch"),
    Oid("1.3.6.1.4.1.211.1.21", "Fujitsu", T.NAS, 75, "under Fujitsu's storage MIB branch"),
)
# fmt: on


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


Descr = SysDescrRow
JETDIRECT_FIELDS = (_re(r"(?:^|,)\s*SN:(?P<serial>[^,]+)"), _re(r"(?:^|,)\s*PID:(?P<model>[^,]+)"))
UNIFI_FIELDS = (_re(r"^(?P<model>U[-\w]+)\s+(?P<firmware>\d[\w.]*)"),)

# fmt: off
SYS_DESCRS: tuple[SysDescrRow, ...] = (
    Descr(_re(r"^HP ETHERNET MULTI-ENVIRONMENT|JETDIRECT"), "HP", T.PRINTER, 70,
          "names an HP JetDirect print server", JETDIRECT_FIELDS),
    Descr(_re(r"^Brother NC-"), "Brother", T.PRINTER, 70, "names a Brother print server",
          (_re(r"Firmware Ver\.(?P<firmware>\S+)"),)),
    Descr(_re(r"^EPSON Built-in"), "Epson", T.PRINTER, 40, "is Epson's built-in print server"),
    Descr(_re(r"\bprojector\b"), None, T.PROJECTOR, 70, "calls itself a projector"),
    Descr(_re(r"^U(AP|6|7|AL)\b[-\w]*\s"), "Ubiquiti", T.ACCESS_POINT, 70,
          "names a Ubiquiti UniFi access point", UNIFI_FIELDS),
    Descr(_re(r"^APC Web/SNMP Management Card"), "APC", T.UPS, 60,
          "names an APC UPS management card"),
    Descr(_re(r"^(Smart|Back)-UPS"), "APC", T.UPS, 70, "names an APC UPS"),
    Descr(_re(r"^Hardware:.*Software: Windows"), "Microsoft", T.COMPUTER, 60,
          "is Windows' SNMP service"),
    Descr(_re(r"^Darwin\s"), "Apple", T.COMPUTER, 40, "says macOS (Darwin)"),
    Descr(_re(r"^Linux\s"), None, T.COMPUTER, 10, "says Linux"),
    # Router / firewall distributions, named anywhere: Net-SNMP writes "Linux <hostname> ..."
    # and these distributions name the host after themselves by default ("Linux OpenWrt 5.4").
    Descr(_re(r"\b(OpenWrt|LEDE|DD-WRT|VyOS|Vyatta|EdgeOS)\b"), None, T.ROUTER, 60,
          "names a router operating system (OpenWrt, DD-WRT, VyOS/Vyatta, EdgeOS)"),
    Descr(_re(r"\b(pfSense|OPNsense|IPFire|Smoothwall|IPCop|Endian Firewall)\b"), None,
          T.ROUTER, 60, "names a firewall distribution"),
    Descr(_re(r"^(CBS|SG|SF)\d{3}[-\w]*\s.*Switch"), "Cisco", T.SWITCH, 70,
          "names a Cisco Small Business switch", (_re(r"^(?P<model>\S+)"),)),
    Descr(_re(r"\b(managed|ethernet|gigabit|poe) switch\b"), None, T.SWITCH, 50,
          "calls itself a switch"),
    Descr(_re(r"^Cisco (IOS|NX-OS|Adaptive)"), "Cisco", None, 0, "names Cisco software"),
    Descr(_re(r"^RouterOS|MikroTik"), "MikroTik", T.ROUTER, 60, "names MikroTik RouterOS"),
    Descr(_re(r"^DrayTek|^Vigor"), "DrayTek", T.ROUTER, 60, "names a DrayTek router"),
    Descr(_re(r"^KYOCERA"), "Kyocera", T.PRINTER, 60, "names a Kyocera printer"),
    Descr(_re(r"^RICOH"), "Ricoh", T.PRINTER, 60, "names a Ricoh printer"),
    Descr(_re(r"^Lexmark"), "Lexmark", T.PRINTER, 60, "names a Lexmark printer"),
    Descr(_re(r"^Xerox"), "Xerox", T.PRINTER, 60, "names a Xerox printer"),
    Descr(_re(r"^KONICA MINOLTA"), "Konica Minolta", T.PRINTER, 60,
          "names a Konica Minolta printer"),
    Descr(_re(r"^Canon\s"), "Canon", T.PRINTER, 50, "names a Canon device"),
    Descr(_re(r"^(SHARP|Dell.*Laser)"), None, T.PRINTER, 50, "names a printer"),
)

# Subtrees read with one GETNEXT each: an agent answering under one implements that MIB.
PROBE_SUBTREES: tuple[SubtreeRow, ...] = (
    SubtreeRow("1.3.6.1.2.1.43", "the Printer-MIB", T.PRINTER, 80),
    SubtreeRow("1.3.6.1.2.1.33", "the UPS-MIB", T.UPS, 85),
    SubtreeRow("1.3.6.1.4.1.318.1.1.1", "APC's PowerNet UPS MIB", T.UPS, 85),
    SubtreeRow("1.3.6.1.4.1.41112.1.6", "Ubiquiti's UniFi access point MIB", T.ACCESS_POINT, 80),
    SubtreeRow("1.3.6.1.4.1.1248.4.1", "Epson's projector MIB", T.PROJECTOR, 85),
    SubtreeRow("1.3.6.1.4.1.2699.2.4", "the PWG projector MIB", T.PROJECTOR, 70),
    SubtreeRow("1.3.6.1.4.1.6574.1", "Synology's system MIB", T.NAS, 80),
    SubtreeRow("1.3.6.1.2.1.17", "the BRIDGE-MIB", T.SWITCH, 35),
    SubtreeRow("1.2.840.10036", "the IEEE 802.11 MIB", T.ACCESS_POINT, 80),
    SubtreeRow("1.3.6.1.2.1.105", "the POWER-ETHERNET-MIB (PoE ports)", T.SWITCH, 45),
    SubtreeRow("1.3.6.1.2.1.15", "the BGP4-MIB", T.ROUTER, 50),
    SubtreeRow("1.3.6.1.2.1.14", "the OSPF-MIB", T.ROUTER, 50),
    SubtreeRow("1.3.6.1.2.1.25.4.2", "HOST-RESOURCES hrSWRun (running programs)", T.COMPUTER, 15),
)
# fmt: on

PROBE_SUBTREE_PREFIXES: tuple[str, ...] = tuple(row.prefix for row in PROBE_SUBTREES)

# sysServices = sum of 2^(layer-1): 2 bridge (layer 2), 4 router (3), 8 end-to-end (4),
# 64 applications (7). Linux hosts answer 72, Windows 76, Cisco IOS routers and Linux
# routers 78, layer-2 switches 2, layer-3 switches 6.
L2, L3, L7 = 2, 4, 64
# fmt: off
SYS_SERVICES: tuple[SysServicesRow, ...] = (
    SysServicesRow(L3, L2 | L7, T.ROUTER, 60, "routes (layer 3) without bridging"),
    SysServicesRow(L3 | L7, 0, T.ROUTER, 60,
                   "routes (layer 3) and runs applications (layer 7), as routers do"),
    SysServicesRow(L2, L3, T.SWITCH, 40, "bridges (layer 2) without routing"),
    SysServicesRow(L2 | L3, L7, T.SWITCH, 40,
                   "bridges and routes without applications: a layer-3 switch"),
)

# Vendor scalars, read in one GET per run; the first answer per field wins, before ENTITY-MIB.
VENDOR_IDENTITY: tuple[IdentityOidRow, ...] = (
    IdentityOidRow("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.2.0", "model", "HP JetDirect MIB"),
    IdentityOidRow("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0", "serial", "HP JetDirect MIB"),
    IdentityOidRow("1.3.6.1.4.1.11.2.3.9.1.1.7.0", "device_id", "HP JetDirect MIB (1284 ID)"),
    IdentityOidRow("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0", "serial", "Brother MIB"),
    IdentityOidRow("1.3.6.1.4.1.2435.2.3.9.1.1.7.0", "device_id", "Brother MIB (1284 ID)"),
    IdentityOidRow("1.3.6.1.4.1.2435.2.4.3.1240.6.5.0", "firmware", "Brother MIB"),
    IdentityOidRow("1.3.6.1.4.1.1248.1.2.2.1.1.1.2.1", "model", "Epson printer MIB"),
    IdentityOidRow("1.3.6.1.4.1.1248.1.2.2.1.1.1.5.1", "serial", "Epson printer MIB"),
    IdentityOidRow("1.3.6.1.4.1.41112.1.6.3.3.0", "model", "UBNT-UniFi-MIB"),
    IdentityOidRow("1.3.6.1.4.1.41112.1.6.3.6.0", "firmware", "UBNT-UniFi-MIB"),
    IdentityOidRow("1.3.6.1.4.1.318.1.1.1.1.1.1.0", "model", "APC PowerNet-MIB"),
    IdentityOidRow("1.3.6.1.4.1.318.1.1.1.1.2.3.0", "serial", "APC PowerNet-MIB"),
    IdentityOidRow("1.3.6.1.4.1.318.1.1.1.1.2.1.0", "firmware", "APC PowerNet-MIB"),
    IdentityOidRow("1.3.6.1.4.1.6574.1.5.1.0", "model", "SYNOLOGY-SYSTEM-MIB"),
    IdentityOidRow("1.3.6.1.4.1.6574.1.5.2.0", "serial", "SYNOLOGY-SYSTEM-MIB"),
    IdentityOidRow("1.3.6.1.4.1.6574.1.5.3.0", "firmware", "SYNOLOGY-SYSTEM-MIB"),
    IdentityOidRow("1.3.6.1.4.1.24681.2.2.12.0", "model", "QNAP MIB"),
    IdentityOidRow("1.3.6.1.4.1.1602.1.1.1.1.0", "model", "Canon MIB"),
    IdentityOidRow("1.3.6.1.4.1.1602.1.1.1.4.0", "firmware", "Canon MIB"),
    IdentityOidRow("1.3.6.1.4.1.1129.1.2.1.1.1.2.1.0", "model", "Toshiba TEC MIB"),
    # Servers' hardware agents: the machine's own model and service tag / serial, not the OS.
    IdentityOidRow("1.3.6.1.4.1.674.10892.5.1.3.12.0", "model", "iDRAC-MIB systemModelName"),
    IdentityOidRow("1.3.6.1.4.1.674.10892.5.1.3.2.0", "serial", "iDRAC-MIB systemServiceTag"),
    IdentityOidRow("1.3.6.1.4.1.674.10892.1.300.10.1.9.1", "model",
                   "MIB-Dell-10892 chassisModelName (OpenManage)"),
    IdentityOidRow("1.3.6.1.4.1.674.10892.1.300.10.1.11.1", "serial",
                   "MIB-Dell-10892 chassisServiceTagName (OpenManage)"),
    IdentityOidRow("1.3.6.1.4.1.232.2.2.4.2.0", "model", "CPQSINFO-MIB cpqSiProductName (HPE)"),
    IdentityOidRow("1.3.6.1.4.1.232.2.2.2.1.0", "serial", "CPQSINFO-MIB cpqSiSysSerialNum (HPE)"),
    # Supermicro SuperDoctor 5 (SUPERMICRO-SD5-MIB mbTable, smSuperDoctor5MIB = 10876.100.1):
    # the baseboard is the product a Supermicro server is known by ("X9SRL-F").
    IdentityOidRow("1.3.6.1.4.1.10876.100.1.6.1.11.1", "model",
                   "SUPERMICRO-SD5-MIB mbProductName"),
    IdentityOidRow("1.3.6.1.4.1.10876.100.1.6.1.16.1", "serial",
                   "SUPERMICRO-SD5-MIB mbSerialNumber"),
    # A Linux host's DMI identity, published the way LibreNMS's snmpd.conf guide sets it up:
    # ``extend hardware '/bin/cat /sys/devices/virtual/dmi/id/product_name'`` (likewise
    # manufacturer = sys_vendor, serial = product_serial), read as NET-SNMP-EXTEND-MIB
    # nsExtendOutput1Line."<name>"; the guide's older form extends at 2021.7890.{2,3,4}, read
    # as that subtree's first output line. A date in the serial is firmware's, not a serial.
    IdentityOidRow(f"{NS_EXTEND_OUTPUT_1LINE}.{_index('hardware')}", "model",
                   'NET-SNMP-EXTEND-MIB nsExtendOutput1Line."hardware" (DMI product name)'),
    IdentityOidRow(f"{NS_EXTEND_OUTPUT_1LINE}.{_index('manufacturer')}", "manufacturer",
                   'NET-SNMP-EXTEND-MIB nsExtendOutput1Line."manufacturer" (DMI maker)'),
    IdentityOidRow(f"{NS_EXTEND_OUTPUT_1LINE}.{_index('serial')}", "serial",
                   'NET-SNMP-EXTEND-MIB nsExtendOutput1Line."serial" (DMI serial)',
                   shape=NOT_A_DATE),
    IdentityOidRow(f"1.3.6.1.4.1.2021.7890.2.4.1.2.{_index('hardware')}.1", "model",
                   'UCD extend at 2021.7890.2 "hardware" (DMI product name)'),
    IdentityOidRow(f"1.3.6.1.4.1.2021.7890.3.4.1.2.{_index('manufacturer')}.1", "manufacturer",
                   'UCD extend at 2021.7890.3 "manufacturer" (DMI maker)'),
    IdentityOidRow(f"1.3.6.1.4.1.2021.7890.4.4.1.2.{_index('serial')}.1", "serial",
                   'UCD extend at 2021.7890.4 "serial" (DMI serial)', shape=NOT_A_DATE),
    # Lenovo XClarity Controller (LENOVO-XCC-MIB machineLevelVpd = lenovo(19046)
    # .lenovoServerMibs(11).lenovoXCCMIB(1).monitors(1).vpdInformation(5).machineVpd(2).1).
    IdentityOidRow("1.3.6.1.4.1.19046.11.1.1.5.2.1.5.0", "model",
                   "LENOVO-XCC-MIB machineLevelProductName"),
    IdentityOidRow("1.3.6.1.4.1.19046.11.1.1.5.2.1.3.0", "serial",
                   "LENOVO-XCC-MIB machineLevelSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.2620.1.6.16.7.0", "model",
                   "CHECKPOINT-MIB svnApplianceProductName"),
    IdentityOidRow("1.3.6.1.4.1.2620.1.6.16.3.0", "serial",
                   "CHECKPOINT-MIB svnApplianceSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.25461.2.1.2.2.1.0", "model", "PAN-COMMON-MIB panChassisType"),
    IdentityOidRow("1.3.6.1.4.1.25461.2.1.2.1.3.0", "serial", "PAN-COMMON-MIB panSysSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.25461.2.1.2.1.1.0", "firmware", "PAN-COMMON-MIB panSysSwVersion"),
    # FASTPATH-derived switching MIBs (agentInventoryMachineModel / SerialNumber): Netgear
    # managed switches, Broadcom FASTPATH OEMs (Ubiquiti EdgeSwitch), Cisco wireless controllers.
    IdentityOidRow("1.3.6.1.4.1.4526.11.1.1.1.3.0", "model", "NETGEAR FASTPATH-SWITCHING-MIB"),
    IdentityOidRow("1.3.6.1.4.1.4526.11.1.1.1.4.0", "serial", "NETGEAR FASTPATH-SWITCHING-MIB"),
    IdentityOidRow("1.3.6.1.4.1.4413.1.1.1.1.1.3.0", "model", "Broadcom FASTPATH-SWITCHING-MIB"),
    IdentityOidRow("1.3.6.1.4.1.4413.1.1.1.1.1.4.0", "serial", "Broadcom FASTPATH-SWITCHING-MIB"),
    IdentityOidRow("1.3.6.1.4.1.14179.1.1.1.3.0", "model", "AIRESPACE-SWITCHING-MIB (Cisco WLC)"),
    IdentityOidRow("1.3.6.1.4.1.14179.1.1.1.4.0", "serial", "AIRESPACE-SWITCHING-MIB (Cisco WLC)"),
    IdentityOidRow("1.3.6.1.4.1.14988.1.1.7.8.0", "model", "MIKROTIK-MIB mtxrBoardName"),
    IdentityOidRow("1.3.6.1.4.1.14988.1.1.7.3.0", "serial", "MIKROTIK-MIB mtxrSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.14988.1.1.7.4.0", "firmware", "MIKROTIK-MIB mtxrFirmwareVersion"),
    # Makers common in schools' and small providers' networks (chosen by market, each object
    # checked in the vendor's published MIB as LibreNMS ships it, mibs/<vendor>/<MIB>).
    # Juniper: jnxBoxDescr is a description ("Juniper EX2300-24P Switch"): its model token.
    IdentityOidRow("1.3.6.1.4.1.2636.3.1.2.0", "model_descr", "JUNIPER-MIB jnxBoxDescr"),
    IdentityOidRow("1.3.6.1.4.1.2636.3.1.3.0", "serial", "JUNIPER-MIB jnxBoxSerialNo"),
    # Fortinet FortiGate: the model comes from the sysObjectID / ENTITY-MIB.
    IdentityOidRow("1.3.6.1.4.1.12356.100.1.1.1.0", "serial", "FORTINET-CORE-MIB fnSysSerial"),
    IdentityOidRow("1.3.6.1.4.1.12356.101.4.1.1.0", "firmware",
                   "FORTINET-FORTIGATE-MIB fgSysVersion"),
    # Sophos Firewall (SFOS): sfosDeviceAppKey is the appliance key printed as its serial.
    IdentityOidRow("1.3.6.1.4.1.2604.5.1.1.2.0", "model", "SFOS-FIREWALL-MIB sfosDeviceType"),
    IdentityOidRow("1.3.6.1.4.1.2604.5.1.1.3.0", "firmware",
                   "SFOS-FIREWALL-MIB sfosDeviceFWVersion"),
    IdentityOidRow("1.3.6.1.4.1.2604.5.1.1.4.0", "serial", "SFOS-FIREWALL-MIB sfosDeviceAppKey"),
    # Zyxel switches, access points and controllers (enterprise-solution products).
    IdentityOidRow("1.3.6.1.4.1.890.1.15.3.1.11.0", "model", "ZYXEL-ES-COMMON sysProductModel"),
    IdentityOidRow("1.3.6.1.4.1.890.1.15.3.1.12.0", "serial",
                   "ZYXEL-ES-COMMON sysProductSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.890.1.15.3.1.6.0", "firmware",
                   "ZYXEL-ES-COMMON sysSwVersionString"),
    # TP-Link JetStream / Omada switches: the hardware version names the model ("T2600G-28TS 3.0").
    IdentityOidRow("1.3.6.1.4.1.11863.6.1.1.5.0", "model", "TPLINK-SYSINFO-MIB tpSysInfoHwVersion"),
    IdentityOidRow("1.3.6.1.4.1.11863.6.1.1.6.0", "firmware",
                   "TPLINK-SYSINFO-MIB tpSysInfoSwVersion"),
    # Ruckus ZoneDirector wireless controllers.
    IdentityOidRow("1.3.6.1.4.1.25053.1.2.1.1.1.1.9.0", "model",
                   "RUCKUS-ZD-SYSTEM-MIB ruckusZDSystemModel"),
    # Grandstream GWN access points.
    IdentityOidRow("1.3.6.1.4.1.42397.1.1.2.1.0", "model",
                   "GRANDSTREAM-GWN-PRODUCTS-AP-MIB gwnDeviceModel"),
    IdentityOidRow("1.3.6.1.4.1.42397.1.1.2.4.0", "firmware",
                   "GRANDSTREAM-GWN-PRODUCTS-AP-MIB gwnDeviceVersion"),
    # Teltonika RUT/RUTX/TRB routers (a school's or provider's 4G/5G link). routerName (.2)
    # is the name the owner gives it, so the product code is the model. Firmware older than
    # TELTONIKA-MIB 2019 put the modem here (.1 IMEI, .3 the modem's maker, .6 the SIM's
    # IMSI): the shapes keep those out, and the serial (.1, an IMEI there) is not read.
    IdentityOidRow("1.3.6.1.4.1.48690.1.3.0", "model", "TELTONIKA-MIB productCode",
                   shape=r"^[A-Z]{3,5}\d"),
    IdentityOidRow("1.3.6.1.4.1.48690.1.6.0", "firmware", "TELTONIKA-MIB fwVersion",
                   shape=r"_R_"),
    # Hikvision cameras and recorders.
    IdentityOidRow("1.3.6.1.4.1.39165.1.1.0", "model", "HIK-DEVICE-MIB deviceType"),
    IdentityOidRow("1.3.6.1.4.1.39165.1.3.0", "firmware", "HIK-DEVICE-MIB softwVersion"),
    IdentityOidRow("1.3.6.1.4.1.39165.1.6.0", "manufacturer", "HIK-DEVICE-MIB manufacturer"),
    IdentityOidRow("1.3.6.1.4.1.50001.1.3.0", "serial",
                   "HIKVISION-MIB hikEntityIndex (a recorder's serial number)"),
    # Infortrend EonStor / EonNAS storage (IFT-SNMP-MIB privateLogoModel, as GLPI's
    # Infortrend MibSupport reads it).
    IdentityOidRow("1.3.6.1.4.1.1714.1.1.1.1.15.0", "model", "IFT-SNMP-MIB privateLogoModel"),
    # UPS makers' own identity groups (beside RFC 1628, which many of them also answer).
    IdentityOidRow("1.3.6.1.4.1.534.1.1.1.0", "manufacturer", "XUPS-MIB xupsIdentManufacturer"),
    IdentityOidRow("1.3.6.1.4.1.534.1.1.2.0", "model", "XUPS-MIB xupsIdentModel (Eaton)"),
    IdentityOidRow("1.3.6.1.4.1.534.1.1.3.0", "firmware", "XUPS-MIB xupsIdentSoftwareVersion"),
    IdentityOidRow("1.3.6.1.4.1.2254.2.4.1.1.0", "manufacturer",
                   "DeltaUPS-MIB dupsIdentManufacturer"),
    IdentityOidRow("1.3.6.1.4.1.2254.2.4.1.2.0", "model", "DeltaUPS-MIB dupsIdentModel"),
    IdentityOidRow("1.3.6.1.4.1.3808.1.1.1.1.1.1.0", "model",
                   "CPS-MIB upsBaseIdentModel (CyberPower)"),
    IdentityOidRow("1.3.6.1.4.1.3808.1.1.1.1.2.3.0", "serial",
                   "CPS-MIB upsAdvanceIdentSerialNumber (CyberPower)"),
    IdentityOidRow("1.3.6.1.4.1.4555.1.1.7.1.1.1.0", "model", "SOCOMECUPS-MIB upsIdentModel"),
    IdentityOidRow("1.3.6.1.4.1.4555.1.1.7.1.1.2.0", "serial",
                   "SOCOMECUPS-MIB upsIdentSerialNumber"),
    # Riello UPS NetMan cards (RIELLOUPS-MIB rupsIdent = riello(5491).rupsMIB(10)
    # .rupsObjects(1).1).
    IdentityOidRow("1.3.6.1.4.1.5491.10.1.1.1.0", "manufacturer",
                   "RIELLOUPS-MIB rupsIdentManufacturer"),
    IdentityOidRow("1.3.6.1.4.1.5491.10.1.1.2.0", "model", "RIELLOUPS-MIB rupsIdentModel"),
    IdentityOidRow("1.3.6.1.4.1.5491.10.1.1.3.0", "firmware",
                   "RIELLOUPS-MIB rupsIdentUPSSoftwareVersion"),
    # Dell PowerConnect / Networking N-series (Dell-Vendor-MIB productIdentification,
    # dell(674).dellLan(10895).powerConnectVendorMIB(3000).1.hardware(2).100). Its display name
    # ("Dell Networking N2048P", "... switch/router") is not read: sysDescr and the sysObjectID
    # already name these models; the serial and service tag sit in a per-unit table (below).
    IdentityOidRow("1.3.6.1.4.1.674.10895.3000.1.2.100.4.0", "firmware",
                   "Dell-Vendor-MIB productIdentificationVersion"),
    # SonicWall firewalls and SMA appliances (sonicwall(8741).sonicwallCommon(2)
    # .snwlCommonModule(1).snwlSys(1)).
    IdentityOidRow("1.3.6.1.4.1.8741.2.1.1.1.0", "model", "SNWL-COMMON-MIB snwlSysModel"),
    IdentityOidRow("1.3.6.1.4.1.8741.2.1.1.2.0", "serial", "SNWL-COMMON-MIB snwlSysSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.8741.2.1.1.3.0", "firmware",
                   "SNWL-COMMON-MIB snwlSysFirmwareVersion"),
    # Aruba: ArubaOS controllers (aruba(14823).2.switch(2).wlsxEnterpriseMibModules(1)
    # .wlsxSystemExtMIB(2).wlsxSystemExtGroup(1)) and Instant clusters (....arubaAp(3)
    # .aiEnterpriseMibModules(3).aiMIB(1).aiInfoGroup(1)). An Instant cluster's access point
    # table lists every AP of the cluster, so its first row is not necessarily this device: only
    # the cluster's software version is read.
    IdentityOidRow("1.3.6.1.4.1.14823.2.2.1.2.1.3.0", "model",
                   "WLSX-SYSTEMEXT-MIB wlsxSysExtModelName"),
    IdentityOidRow("1.3.6.1.4.1.14823.2.3.3.1.1.4.0", "firmware",
                   "AI-AP-MIB aiVirtualControllerVersion"),
    # D-Link managed switches (dlink(171).dlink-common-mgmt(12).agentGeneralMgmt(1)
    # .agentBasicInfo(1)); the model comes from the sysObjectID and sysDescr.
    IdentityOidRow("1.3.6.1.4.1.171.12.1.1.12.0", "serial", "AGENT-GENERAL-MIB agentSerialNumber"),
    # Cambium ePMP radios (CAMBIUM-PMP80211-MIB pmpMibTree = cambium(17713).21,
    # cambiumPmp80211SystemStatus(1).cambiumGeneralStatus(1)): the manufacturing serial (MSN)
    # before the MAC-based ESN; the hardware is an enumerated SKU, so no model string.
    IdentityOidRow("1.3.6.1.4.1.17713.21.1.1.17.0", "firmware",
                   "CAMBIUM-PMP80211-MIB cambiumCurrentuImageVersion"),
    IdentityOidRow("1.3.6.1.4.1.17713.21.1.1.31.0", "serial",
                   "CAMBIUM-PMP80211-MIB cambiumEPMPMSN"),
    IdentityOidRow("1.3.6.1.4.1.17713.21.1.1.30.0", "serial", "CAMBIUM-PMP80211-MIB cambiumESN"),
    # Dahua cameras and recorders (DAHUA-SNMP-MIB device = dahua(1004849).2, systemInfo(1):
    # versionInfo(1), productInfo(2)); deviceType is "The device mode[l]".
    IdentityOidRow("1.3.6.1.4.1.1004849.2.1.2.6.0", "model", "DAHUA-SNMP-MIB deviceType"),
    IdentityOidRow("1.3.6.1.4.1.1004849.2.1.2.4.0", "serial", "DAHUA-SNMP-MIB serialNumber"),
    IdentityOidRow("1.3.6.1.4.1.1004849.2.1.1.1.0", "firmware", "DAHUA-SNMP-MIB softwareRevision"),
    # Aerohive / Extreme HiveOS access points (AH-SYSTEM-MIB ahSystem = aerohive(26928)
    # .ahProduct(1).2); the model is in sysDescr ("AP250, HiveOS ...").
    IdentityOidRow("1.3.6.1.4.1.26928.1.2.5.0", "serial", "AH-SYSTEM-MIB ahSystemSerial"),
    IdentityOidRow("1.3.6.1.4.1.26928.1.2.12.0", "firmware", "AH-SYSTEM-MIB ahFirmwareVersion"),
    # Eaton (ex-MGE) UPS cards in MGE mode (MG-SNMP-UPS-MIB upsmgIdent = merlinGerin(705)
    # .upsmg(1).1). upsmgIdentModelName is the variant within the family ("PSX20", also a
    # rating such as "3000"), so neither it nor the family name alone is taken as the model.
    IdentityOidRow("1.3.6.1.4.1.705.1.1.7.0", "serial", "MG-SNMP-UPS-MIB upsmgIdentSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.705.1.1.4.0", "firmware",
                   "MG-SNMP-UPS-MIB upsmgIdentFirmwareVersion"),
    # QNAP NAS (NAS-MIB storage(24681).storageSystem(1).systemInfo(2).modelName(12)).
    IdentityOidRow("1.3.6.1.4.1.24681.1.2.12.0", "model", "NAS-MIB modelName (QNAP)"),
    # Stormshield firewalls (STORMSHIELD-PROPERTY-MIB snsProductProperty = stormshield(11256)
    # .stormshieldMIB(1).18).
    IdentityOidRow("1.3.6.1.4.1.11256.1.18.1.0", "model", "STORMSHIELD-PROPERTY-MIB snsModel"),
    IdentityOidRow("1.3.6.1.4.1.11256.1.18.2.0", "firmware",
                   "STORMSHIELD-PROPERTY-MIB snsVersion"),
    IdentityOidRow("1.3.6.1.4.1.11256.1.18.3.0", "serial",
                   "STORMSHIELD-PROPERTY-MIB snsSerialNumber"),
    # Peplink / Pepwave routers (Peplink DEVICE MIB deviceInfoSystem = peplink(23695)
    # .productMib(200).generalMib(1).deviceMib(1).deviceInfo(1).1).
    IdentityOidRow("1.3.6.1.4.1.23695.200.1.1.1.1.1.0", "model", "Peplink DEVICE deviceModel"),
    IdentityOidRow("1.3.6.1.4.1.23695.200.1.1.1.1.2.0", "serial",
                   "Peplink DEVICE deviceSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.23695.200.1.1.1.1.3.0", "firmware",
                   "Peplink DEVICE deviceFirmwareVersion"),
)

# Vendor tables of one conceptual row per unit: the first row of each column, one GETNEXT each
# (a stack or an agent card's first managed device), after the vendor scalars, before ENTITY-MIB.
# The OID is the column's; the first row under it is read.
VENDOR_IDENTITY_COLUMNS: tuple[IdentityOidRow, ...] = (
    # Dell-Vendor-MIB productIdentificationPerUnitTable (productIdentification 8, entry 1): the
    # serial number (as ENTITY-MIB gives it) first, the service tag when that is all there is.
    IdentityOidRow("1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.2", "serial",
                   "Dell-Vendor-MIB productIdentificationSerialNumber"),
    IdentityOidRow("1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.4", "serial",
                   "Dell-Vendor-MIB productIdentificationServiceTag"),
    # Vertiv / Liebert UPS cards (LIEBERT-GP-AGENT-MIB lgpAgentManagedDeviceTable, vertiv(476)
    # .liebertCorp(1).liebertGlobalProducts(42).lgpAgent(2).lgpAgentDevice(4).2.1): the UPS the
    # card manages, not the card (lgpAgentIdentModel names the card).
    IdentityOidRow("1.3.6.1.4.1.476.1.42.2.4.2.1.3", "manufacturer",
                   "LIEBERT-GP-AGENT-MIB lgpAgentDeviceManufacturer"),
    IdentityOidRow("1.3.6.1.4.1.476.1.42.2.4.2.1.4", "model",
                   "LIEBERT-GP-AGENT-MIB lgpAgentDeviceModel"),
    IdentityOidRow("1.3.6.1.4.1.476.1.42.2.4.2.1.7", "serial",
                   "LIEBERT-GP-AGENT-MIB lgpAgentDeviceSerialNumber"),
    # Tripp Lite PowerAlert cards (TRIPPLITE-PRODUCTS tlpProducts = tripplite(850).1,
    # tlpHardware(1): tlpDeviceTable = tlpDevice(1).2.1, tlpDeviceIdentTable =
    # tlpDeviceDetail(2).1.1, both indexed by tlpDeviceIndex): the first managed device.
    IdentityOidRow("1.3.6.1.4.1.850.1.1.1.2.1.5", "model", "TRIPPLITE-PRODUCTS tlpDeviceModel"),
    IdentityOidRow("1.3.6.1.4.1.850.1.1.2.1.1.5", "serial",
                   "TRIPPLITE-PRODUCTS tlpDeviceIdentSerialNum"),
    # Fujitsu PRIMERGY servers' ServerView agent (FSC-SERVERCONTROL2-MIB sc2UnitTable =
    # sni(231).2.10.2.2.10.2.3.1): unit 1 is the local server ("usually is ID 1"), and its
    # maker names the server's vendor where the agent's sysObjectID is Windows' or Net-SNMP's.
    IdentityOidRow("1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.6", "manufacturer",
                   "FSC-SERVERCONTROL2-MIB sc2UnitManufacturer"),
    IdentityOidRow("1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.5", "model",
                   "FSC-SERVERCONTROL2-MIB sc2UnitModelName"),
    IdentityOidRow("1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.7", "serial",
                   "FSC-SERVERCONTROL2-MIB sc2UnitSerialNumber"),
)

# Standard scalars, read in the same GET; used after ENTITY-MIB (RFC 1628 UPS-MIB).
STANDARD_IDENTITY: tuple[IdentityOidRow, ...] = (
    IdentityOidRow("1.3.6.1.2.1.33.1.1.1.0", "manufacturer", "UPS-MIB"),
    IdentityOidRow("1.3.6.1.2.1.33.1.1.2.0", "model", "UPS-MIB"),
    IdentityOidRow("1.3.6.1.2.1.33.1.1.3.0", "firmware", "UPS-MIB"),
)
# fmt: on
