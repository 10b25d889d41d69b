"""The recordings in ../shared/snmprec and what each device says about itself.

The expectations were read from the files by hand (see SOURCES.md there): sysDescr, the
vendor MIB scalars, ENTITY-MIB chassis rows, prtGeneralSerialNumber, ifPhysAddress and the
ipAddrTable index. They are data, not output copied from the code under test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from schemas import DeviceType

SNMPREC_DIR = Path(os.environ.get("LANKEEPER_SNMPREC", "/work/shared/snmprec"))
DATA_DIR = Path(__file__).parent / "data"
WALK_FILE = DATA_DIR / "netsnmp_linux_router.walk"


@dataclass(frozen=True)
class Expected:
    file: str
    device_type: DeviceType
    vendor: str
    model: str | None
    serial: str | None
    firmware: str | None
    mac: str
    ips: tuple[str, ...]
    sys_object_id: str


EXPECTED = (
    Expected("apc_smtl1000-nmc3.snmprec", DeviceType.UPS, "APC", "Smart-UPS 1000",
             "AS2233161027", "UPS 16.0 (ID1047)", "28:29:86:64:fd:4d", ("192.168.230.250",),
             "1.3.6.1.4.1.318.1.3.27"),
    Expected("brother_hl5370dw.snmprec", DeviceType.PRINTER, "Brother", "HL-5370DW",
             "B9J154306", "1.01 (08.12.12)", "00:1b:a9:0b:a7:52", ("10.0.0.146",),
             "1.3.6.1.4.1.2435.2.3.9.1"),
    Expected("ciscosb_cbs350.snmprec", DeviceType.SWITCH, "Cisco", "CBS350-24P-4G",
             "FOC2433L650", "3.0.0.61", "a4:b2:39:e4:d9:d2", ("192.168.1.1",),
             "1.3.6.1.4.1.9.6.1.1004.28.5"),
    Expected("epson-projector_eb-4770w.snmprec", DeviceType.PROJECTOR, "Epson", None, None, None,
             "b0:e8:92:fd:30:ec", ("149.217.101.22", "149.217.101.205"), "1.3.6.1.4.1.1248.4.1"),
    Expected("epson.snmprec", DeviceType.PRINTER, "Epson", "WF-C5790BA", "X3B8022793", None,
             "9c:ae:d3:aa:d6:c5", ("149.217.88.194",),
             "1.3.6.1.4.1.1248.1.1.2.1.3.5.69.69.80.83.50"),
    Expected("jetdirect_m252dw.snmprec", DeviceType.PRINTER, "HP", "Color LaserJet Pro M252dw",
             "VNB3J99999", None, "3c:a8:2a:f6:38:ac", ("192.168.1.25",),
             "1.3.6.1.4.1.11.2.3.9.1"),
    Expected("unifi_nanohd.snmprec", DeviceType.ACCESS_POINT, "Ubiquiti", "UAP-nanoHD", None,
             "5.43.36.12724", "b4:fb:e4:2a:3f:1c", ("172.22.1.161",), "1.3.6.1.4.1.8072.3.2.10"),
    # Windows names its processor (Intel64) and not the machine: a hardware class, no product
    Expected("windows_svr_2019_1809.snmprec", DeviceType.COMPUTER, "Microsoft",
             "Generic x86 64-bit", None, None, "00:50:56:8c:59:5b", (),
             "1.3.6.1.4.1.311.1.1.3.1.2"),
)  # fmt: skip


def recording_paths() -> list[Path]:
    return sorted(SNMPREC_DIR.glob("*.snmprec"))
