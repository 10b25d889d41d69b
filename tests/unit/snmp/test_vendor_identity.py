"""Vendor identity rows (scalars and first-row table columns): each maker's row read through
``read_identity`` and ``describe``, and the shape of the identity GET they add to every scan.

The agents below are written from the vendors' MIB text (object, OID, index) with values in the
format the MIB's DESCRIPTION or the vendor's documentation gives; where a value came from, the
case says so. They are not copied from any recording.
"""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.knowledge.descr_fields import refused_model
from agent.knowledge.describe import Description, describe
from agent.knowledge.rows import IdentityOidRow
from agent.knowledge.snmp_tables import VENDOR_IDENTITY, VENDOR_IDENTITY_COLUMNS
from agent.snmp.identity import GET_CHUNK, read_identity
from agent.snmp.identity_build import STRUCTURE_OIDS, RawIdentity, build_identity, identity_rows
from agent.snmp.recording import RecordingSource, parse_snmprec
from agent.snmp.values import Value


def described(text: str) -> Description:
    identity = asyncio.run(read_identity(RecordingSource(parse_snmprec(text))))
    return describe(identity)


# SonicWall (SONICWALL-SMI sonicwallFw = 8741.1 as the sysObjectID's branch; SNWL-COMMON-MIB
# snwlSys = 8741.2.1.1). Model as SonicWall names the product ("TZ 370"); the serial is the
# 12 hex digits of the appliance's first MAC, as SonicWall's support pages print it; firmware
# as SonicOS reports its version ("SonicOS 7.0.1-5035").
SONICWALL = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8741.1.9999
1.3.6.1.4.1.8741.2.1.1.1.0|4|TZ 370
1.3.6.1.4.1.8741.2.1.1.2.0|4|C0EAE4A1B2C3
1.3.6.1.4.1.8741.2.1.1.3.0|4|SonicOS 7.0.1-5035
1.3.6.1.4.1.8741.2.1.1.4.0|4|SonicROM 7.0.0.3
"""
# Dell Networking N-series (Dell-Vendor-MIB productIdentification = 674.10895.3000.1.2.100).
# The per-unit table's index is the stack unit, "the same index as ... a 'chassis' physical
# entity" (MIB DESCRIPTION): unit 1. Dell writes service tags as 7 letters and digits and the
# unit's serial as its PPID ("CN" + 20 characters); the version as N-series firmware is numbered.
DELL_N_SERIES = """1.3.6.1.2.1.1.1.0|4|Dell Networking N2048P, 6.6.0.21
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10895.9999
1.3.6.1.4.1.674.10895.3000.1.2.100.4.0|4|6.6.0.21
1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.2.1|4|CN0ABCDE2829863L0049A00
1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.2.2|4|CN0ABCDE2829863L0050A00
1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.4.1|4|5XKQ7R2
"""
# A unit that gives only its service tag.
DELL_SERVICE_TAG_ONLY = """1.3.6.1.2.1.1.1.0|4|PowerConnect 5524P
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.674.10895.9999
1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.4.1|4|5XKQ7R2
"""
# ArubaOS controller (under ARUBA-MIB switchProducts = 14823.1.1, an arc no registry names, so
# only the row can give the model; WLSX-SYSTEMEXT-MIB wlsxSysExtModelName = 14823.2.2.1.2.1.3).
# ArubaOS writes the model with the maker's name ("Aruba7205"); describe() trims the maker.
ARUBA_CONTROLLER = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14823.1.1.9998
1.3.6.1.4.1.14823.2.2.1.2.1.3.0|4|Aruba7205
"""
# Aruba Instant access point (under ARUBA-MIB apProducts = 14823.1.2, an arc no registry
# names, so nothing else gives a model; AI-AP-MIB aiVirtualControllerVersion =
# 14823.2.3.3.1.1.4, "Software Version", as Instant numbers its releases: 8.10.0.6_86874). Its
# AP table (aiAPModelName, aiAPSerialNum) lists every AP of the cluster, this one or not: no
# model or serial is taken from it.
ARUBA_INSTANT = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.14823.1.2.9998
1.3.6.1.4.1.14823.2.3.3.1.1.4.0|4|8.10.0.6_86874
1.3.6.1.4.1.14823.2.3.3.1.2.1.1.6.0.11.134.1.2.3|4|AP-515
1.3.6.1.4.1.14823.2.3.3.1.2.1.1.4.0.11.134.1.2.3|4|CNXXK9Z123
"""
# D-Link managed switch (DLINK-ID-REC-MIB dlink-products = 171.10 as the sysObjectID's branch;
# AGENT-GENERAL-MIB agentSerialNumber = 171.12.1.1.12, "A text string containing the serial
# number of this device"); D-Link labels carry 13-character serials.
DLINK = """1.3.6.1.2.1.1.1.0|4|DGS-1210-28P Gigabit Ethernet Switch
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.171.10.9999
1.3.6.1.4.1.171.12.1.1.12.0|4|QBDL1E3000123
"""
# Vertiv / Liebert UPS card (LIEBERT-GP-REGISTRATION-MIB liebertGlobalProducts = 476.1.42;
# LIEBERT-GP-AGENT-MIB lgpAgentManagedDeviceTable columns 476.1.42.2.4.2.1.{3,4,7}), indexed
# by lgpAgentDeviceIndex: the UPS the card manages. The card's own model (lgpAgentIdentModel)
# is not the UPS's. Model as Vertiv names a Liebert GXT4 ("GXT4-1000RT120").
LIEBERT = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.476.1.42
1.3.6.1.4.1.476.1.42.2.1.2.0|4|IntelliSlot Web Card
1.3.6.1.4.1.476.1.42.2.4.2.1.3.1|4|Liebert
1.3.6.1.4.1.476.1.42.2.4.2.1.3.2|4|Liebert
1.3.6.1.4.1.476.1.42.2.4.2.1.4.1|4|GXT4-1000RT120
1.3.6.1.4.1.476.1.42.2.4.2.1.4.2|4|GXT4-3000RT230
1.3.6.1.4.1.476.1.42.2.4.2.1.7.1|4|1415500123AF
"""
# A card whose managed device calls itself only by its category: never a model.
LIEBERT_CATEGORY = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.476.1.42
1.3.6.1.4.1.476.1.42.2.4.2.1.4.1|4|UPS
"""

# Cambium ePMP (CAMBIUM-PMP80211-MIB cambiumGeneralStatus = 17713.21.1.1): firmware as ePMP
# releases are numbered (4.6.1); both serials are 13 characters (SIZE(13) in the MIB).
EPMP = """1.3.6.1.2.1.1.1.0|4|Cambium ePMP
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.17713.21
1.3.6.1.4.1.17713.21.1.1.17.0|4|4.6.1
1.3.6.1.4.1.17713.21.1.1.30.0|4|0004560A1B2C3
1.3.6.1.4.1.17713.21.1.1.31.0|4|E2NF3572D8XTA
"""
EPMP_ESN_ONLY = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.17713.21
1.3.6.1.4.1.17713.21.1.1.30.0|4|0004560A1B2C3
"""
# Dahua camera (DAHUA-SNMP-MIB ipc = 1004849.2.10.3 as sysObjectID; systemInfo =
# 1004849.2.1): model in Dahua's product naming (IPC-HFW2431S-S-S2), serial as Dahua prints
# it (15 characters), software revision as Dahua's firmware names its build.
DAHUA = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1004849.2.10.3
1.3.6.1.4.1.1004849.2.1.1.1.0|4|2.800.0000000.25.R
1.3.6.1.4.1.1004849.2.1.2.4.0|4|5J0A1B2PAZ12345
1.3.6.1.4.1.1004849.2.1.2.6.0|4|IPC-HFW2431S-S-S2
"""

# Aerohive HiveOS access point (AH-SMI-MIB ahAP = 26928.1.1 as the sysObjectID's branch;
# AH-SYSTEM-MIB ahSystem = 26928.1.2): HiveOS names its model at the start of sysDescr and
# its releases "HiveOS 10.6r1"; serials are the 14 digits of Aerohive's labels.
AEROHIVE = """1.3.6.1.2.1.1.1.0|4|AP230, HiveOS 10.6r1 build-250235
1.3.6.1.4.1.26928.1.2.5.0|4|02301712345678
1.3.6.1.4.1.26928.1.2.12.0|4|HiveOS 10.6r1 build-250235
"""
# Eaton UPS card in MGE mode (MG-SNMP-UPS-MIB upsmg = 705.1 as sysObjectID; upsmgIdent =
# 705.1.1), with the MIB's own examples for the family and model names ("PULSAR", "PSX20"):
# neither is the product's model alone; the RFC 1628 UPS-MIB answer is.
MGE_UPS = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.705.1
1.3.6.1.2.1.33.1.1.1.0|4|EATON
1.3.6.1.2.1.33.1.1.2.0|4|Pulsar PSX20
1.3.6.1.4.1.705.1.1.1.0|4|PULSAR
1.3.6.1.4.1.705.1.1.2.0|4|PSX20
1.3.6.1.4.1.705.1.1.4.0|4|02.14.0026
1.3.6.1.4.1.705.1.1.7.0|4|GA12K34567
"""

# QNAP NAS (NAS-MIB storage = enterprises 24681; systemInfo = 24681.1.2), model as QNAP
# names its products ("TS-453D").
QNAP = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.24681
1.3.6.1.4.1.24681.1.2.12.0|4|TS-453D
1.3.6.1.4.1.24681.1.2.13.0|4|nas-library
"""
# Tripp Lite PowerAlert card (TRIPPLITE-PRODUCTS tlpUps = 850.1.1.3.1 as sysObjectID;
# tlpDeviceTable and tlpDeviceIdentTable rows indexed by tlpDeviceIndex 1 and 2): model as
# Tripp Lite names its UPSes ("SMART1500LCD"); the second device is not this one.
TRIPP_LITE = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.850.1.1.3.1
1.3.6.1.4.1.850.1.1.1.2.1.4.1|4|Tripp Lite
1.3.6.1.4.1.850.1.1.1.2.1.5.1|4|SMART1500LCD
1.3.6.1.4.1.850.1.1.1.2.1.5.2|4|PDUMH20NET
1.3.6.1.4.1.850.1.1.2.1.1.5.1|4|2214AVHSM123456789
"""

# Stormshield SNS firewall (STORMSHIELD-SMI-MIB stormshield = enterprises 11256;
# STORMSHIELD-PROPERTY-MIB snsProductProperty = 11256.1.18): model and version as Stormshield
# names them ("SN310", "4.3.21"), a serial made of the model and the unit's number.
STORMSHIELD = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11256.2.1
1.3.6.1.4.1.11256.1.18.1.0|4|SN310
1.3.6.1.4.1.11256.1.18.2.0|4|4.3.21
1.3.6.1.4.1.11256.1.18.3.0|4|SN310A17C0123456
1.3.6.1.4.1.11256.1.18.4.0|4|fw-college
"""
# Peplink router (DEVICE MIB peplink = enterprises 23695; deviceInfoSystem =
# 23695.200.1.1.1.1, OCTET STRINGs): Peplink's product name ("Balance 20X"), its
# XXXX-XXXX-XXXX serials and "8.3.0 build 5182" firmware.
PEPLINK = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.23695
1.3.6.1.4.1.23695.200.1.1.1.1.1.0|4|Balance 20X
1.3.6.1.4.1.23695.200.1.1.1.1.2.0|4|2934-ABCD-1234
1.3.6.1.4.1.23695.200.1.1.1.1.3.0|4|8.3.0 build 5182
"""
# Its Pepwave brand, whose products carry the brand in the model name.
PEPWAVE = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.23695
1.3.6.1.4.1.23695.200.1.1.1.1.1.0|4|Pepwave MAX BR1 Pro 5G
"""

# Riello UPS card (RIELLO-MIB rielloMIB = enterprises 5491; RIELLOUPS-MIB rupsIdent =
# 5491.10.1.1), in the shape of the RFC 1628 ident group it mirrors: maker, model as Riello
# names its Sentinel Dual units ("SDH 1500"), the UPS's software version.
RIELLO = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.5491
1.3.6.1.4.1.5491.10.1.1.1.0|4|RIELLO UPS
1.3.6.1.4.1.5491.10.1.1.2.0|4|SDH 1500
1.3.6.1.4.1.5491.10.1.1.3.0|4|SWM042-01-02
"""

# Lenovo XClarity Controller (LENOVO-SMI-MIB lenovo = enterprises 19046; LENOVO-XCC-MIB
# machineLevelVpd = 19046.11.1.1.5.2.1), with the MIB's own example product name ("System
# x3650 M2") and the 8-character serials on Lenovo's labels.
LENOVO_XCC = """1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.19046.11.1
1.3.6.1.4.1.19046.11.1.1.5.2.1.1.0|4|7947
1.3.6.1.4.1.19046.11.1.1.5.2.1.3.0|4|J10ABCDE
1.3.6.1.4.1.19046.11.1.1.5.2.1.5.0|4|System x3650 M2
"""

# Fujitsu ServerView agent on Windows (Microsoft's sysObjectID; FSC-SERVERCONTROL2-MIB
# sc2UnitTable = 231.2.10.2.2.10.2.3, unit 1 the local server, unit 2 a storage extension),
# with the MIB's own examples: 'PRIMERGY RX100', 'Fujitsu Technology Solutions', 'YBCL123456'.
FUJITSU = """1.3.6.1.2.1.1.1.0|4|Hardware: Intel64 Family 6 Model 85 - Software: Windows Version 6.3
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.311.1.1.3.1.3
1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.5.1|4|PRIMERGY RX100
1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.6.1|4|Fujitsu Technology Solutions
1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.5.2|4|ETERNUS JX40
1.3.6.1.4.1.231.2.10.2.2.10.2.3.1.7.1|4|YBCL123456
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SONICWALL, Description("SonicWall", "TZ 370", "C0EAE4A1B2C3", "SonicOS 7.0.1-5035")),
        # the first unit's serial number, before its service tag; the model from sysDescr
        (DELL_N_SERIES, Description("Dell", "N2048P", "CN0ABCDE2829863L0049A00", "6.6.0.21")),
        (DELL_SERVICE_TAG_ONLY, Description("Dell", "PowerConnect 5524P", "5XKQ7R2", None)),
        (ARUBA_CONTROLLER, Description("Aruba", "7205", None, None)),
        (ARUBA_INSTANT, Description("Aruba", None, None, "8.10.0.6_86874")),
        (DLINK, Description("D-Link", "DGS-1210-28P", "QBDL1E3000123", None)),
        # the first managed device, not the card (nor the second UPS)
        (LIEBERT, Description("Liebert", "GXT4-1000RT120", "1415500123AF", None)),
        (LIEBERT_CATEGORY, Description(None, None, None, None)),
        # the manufacturing serial before the MAC-based ESN
        (EPMP, Description(None, "ePMP", "E2NF3572D8XTA", "4.6.1")),
        (EPMP_ESN_ONLY, Description(None, None, "0004560A1B2C3", None)),
        (AEROHIVE, Description(None, "AP230", "02301712345678", "HiveOS 10.6r1 build-250235")),
        (MGE_UPS, Description("Eaton", "Pulsar PSX20", "GA12K34567", "02.14.0026")),
        (QNAP, Description("QNAP", "TS-453D", None, None)),  # not the host name beside it
        (TRIPP_LITE, Description("Tripp Lite", "SMART1500LCD", "2214AVHSM123456789", None)),
        (STORMSHIELD, Description("Stormshield", "SN310", "SN310A17C0123456", "4.3.21")),
        (PEPLINK, Description("Peplink", "Balance 20X", "2934-ABCD-1234", "8.3.0 build 5182")),
        (PEPWAVE, Description("Peplink", "MAX BR1 Pro 5G", None, None)),
        (RIELLO, Description("Riello", "SDH 1500", None, "SWM042-01-02")),
        (LENOVO_XCC, Description("Lenovo", "System x3650 M2", "J10ABCDE", None)),
        # the server's maker and model, not Windows
        (FUJITSU, Description("Fujitsu", "PRIMERGY RX100", "YBCL123456", None)),
        (DAHUA, Description("Dahua", "IPC-HFW2431S-S-S2", "5J0A1B2PAZ12345", "2.800.0000000.25.R")),
    ],
)
def test_vendor_rows_through_identity_and_describe(text: str, expected: Description) -> None:
    found = described(text)
    # the vendor may come from the registry of enterprise numbers when no row names it
    assert (found.model, found.serial, found.firmware) == (
        expected.model,
        expected.serial,
        expected.firmware,
    )
    if expected.vendor is not None:
        assert found.vendor == expected.vendor


# The MIB behind each row's source, and the IANA enterprise number its OIDs sit under (each
# module's root: ``enterprises N`` in the vendor's SMI or registration MIB).
MIB_ENTERPRISES = {
    "HP JetDirect MIB": 11,
    "CPQSINFO-MIB": 232,
    "APC PowerNet-MIB": 318,
    "XUPS-MIB": 534,
    "MIB-Dell-10892": 674,
    "SUPERMICRO-SD5-MIB": 10876,
    "NET-SNMP-EXTEND-MIB": 8072,  # a Linux host's DMI identity, LibreNMS's convention
    "UCD extend": 2021,
    "iDRAC-MIB": 674,
    "Dell-Vendor-MIB": 674,
    "ZYXEL-ES-COMMON": 890,
    "Toshiba TEC MIB": 1129,
    "Epson printer MIB": 1248,
    "Canon MIB": 1602,
    "IFT-SNMP-MIB": 1714,
    "DeltaUPS-MIB": 2254,
    "Brother MIB": 2435,
    "SFOS-FIREWALL-MIB": 2604,
    "CHECKPOINT-MIB": 2620,
    "JUNIPER-MIB": 2636,
    "CPS-MIB": 3808,
    "Broadcom FASTPATH-SWITCHING-MIB": 4413,
    "NETGEAR FASTPATH-SWITCHING-MIB": 4526,
    "SOCOMECUPS-MIB": 4555,
    "SYNOLOGY-SYSTEM-MIB": 6574,
    "TPLINK-SYSINFO-MIB": 11863,
    "FORTINET-CORE-MIB": 12356,
    "FORTINET-FORTIGATE-MIB": 12356,
    "AIRESPACE-SWITCHING-MIB": 14179,
    "MIKROTIK-MIB": 14988,
    "QNAP MIB": 24681,
    "RUCKUS-ZD-SYSTEM-MIB": 25053,
    "PAN-COMMON-MIB": 25461,
    "HIK-DEVICE-MIB": 39165,
    "UBNT-UniFi-MIB": 41112,
    "GRANDSTREAM-GWN-PRODUCTS-AP-MIB": 42397,
    "TELTONIKA-MIB": 48690,
    "HIKVISION-MIB": 50001,
    "SNWL-COMMON-MIB": 8741,
    "WLSX-SYSTEMEXT-MIB": 14823,
    "AI-AP-MIB": 14823,
    "AGENT-GENERAL-MIB": 171,
    "LIEBERT-GP-AGENT-MIB": 476,
    "CAMBIUM-PMP80211-MIB": 17713,
    "DAHUA-SNMP-MIB": 1004849,
    "AH-SYSTEM-MIB": 26928,
    "MG-SNMP-UPS-MIB": 705,
    "NAS-MIB": 24681,
    "TRIPPLITE-PRODUCTS": 850,
    "STORMSHIELD-PROPERTY-MIB": 11256,
    "Peplink DEVICE": 23695,
    "RIELLOUPS-MIB": 5491,
    "LENOVO-XCC-MIB": 19046,
    "FSC-SERVERCONTROL2-MIB": 231,
}


def _enterprise_of(source: str) -> int:
    matches = [pen for mib, pen in MIB_ENTERPRISES.items() if source.startswith(mib)]
    assert len(matches) == 1, f"name the MIB of {source!r} in MIB_ENTERPRISES"
    return matches[0]


def test_every_vendor_row_sits_under_its_makers_enterprise_number() -> None:
    for row in (*VENDOR_IDENTITY, *VENDOR_IDENTITY_COLUMNS):
        pen = _enterprise_of(row.source)
        assert row.oid.startswith(f"1.3.6.1.4.1.{pen}."), (row.oid, row.source)


def test_identity_get_is_unique_and_bounded() -> None:
    scalars = [row.oid for row in identity_rows()] + list(STRUCTURE_OIDS)
    assert len(scalars) == len(set(scalars))
    # a column is walked, never asked for with GET, and is no scalar's prefix
    columns = [row.oid for row in VENDOR_IDENTITY_COLUMNS]
    assert len(columns) == len(set(columns))
    assert not any(oid.startswith(column + ".") for column in columns for oid in scalars)
    # the identity GET stays a handful of requests per agent
    assert -(-len(scalars) // GET_CHUNK) <= 8


ROWS = (*VENDOR_IDENTITY, *VENDOR_IDENTITY_COLUMNS)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(ROWS), st.one_of(st.binary(max_size=80), st.integers())),
        max_size=12,
    )
)
def test_any_answer_to_the_vendor_rows_is_safe(answers: list[tuple[IdentityOidRow, Value]]) -> None:
    """Garbage in the vendor rows (bytes, numbers, control characters) never raises, and what
    comes out as a model is never one refused_model rejects."""
    scalars = {row.oid: value for row, value in answers if row in VENDOR_IDENTITY}
    columns = {row.oid: value for row, value in answers if row in VENDOR_IDENTITY_COLUMNS}
    identity = build_identity(RawIdentity(scalars, vendor_columns=columns))
    found = describe(identity)
    assert found.model is None or not refused_model(found.model)
