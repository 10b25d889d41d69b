"""A small provider for the dashboard tests: two clusters, four schools, people, and three
nights of realistic reports (built through the real report models, ingested through the API).

North cluster: St Mary's (printers with low toner, a projector lamp, an AP whose firmware
changed, and a device whose names are HTML/script), Oak Hill (all well), Elmwood (agent
enrolled days ago, never reported: silent after ``tick``). South cluster: Riverside (a
critical switch), which north's technician and St Mary's principal must never see.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from collector.contracts import ClusterCreate, EnrollRequest, SchoolCreate, UserCreate
from collector.domain import Role
from collector.services import credentials, tenancy
from schemas import Device, DeviceType, Report, Supply, SupplyKind
from tests.collector.reports import check, device, ip_for, mac_for, metric, nightly, report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "schemas" / "examples" / "report.json"
PASSWORD = "correct horse battery"
XSS_HOSTNAME = "<script>alert(1)</script>"
XSS_SYSNAME = "<img src=x onerror=alert(2)>"
XSS_SUMMARY = 'Ping <img src=x onerror=alert(3)> lost "50 %" & more'
XSS_SUPPLY = "Toner <script>alert(4)</script> XS-1"
BLACK = "Black Cartridge HP CF400X"  # as the example printer reports it
CYAN = "Cyan Cartridge HP CF401X"
BROTHER = "Black Toner TN-2420"

PEOPLE = (
    ("admin", Role.ADMIN, None, None),
    ("tech", Role.TECHNICIAN, "north", None),
    ("tech-south", Role.TECHNICIAN, "south", None),
    ("head", Role.PRINCIPAL, None, "stmarys"),
)
SCHOOLS = (
    ("stmarys", "north", "St Mary's Primary"),
    ("oakhill", "north", "Oak Hill Academy"),
    ("elmwood", "north", "Elmwood Infants"),
    ("riverside", "south", "Riverside School"),
)
Post = Callable[[str, Report], int]  # (agent token, report) -> HTTP status


@dataclass
class World:
    tokens: dict[str, str] = field(default_factory=dict)  # school slug -> agent token


def build_tenancy(factory: sessionmaker[Session]) -> World:
    """Clusters, schools, people and one enrolled agent per school, straight in the database."""
    long_ago = datetime.now(UTC) - timedelta(days=10)
    world = World()
    with factory.begin() as session:
        for slug, name in (("north", "North cluster"), ("south", "South cluster")):
            data = ClusterCreate(slug=slug, name=name, weekend_days=[])
            tenancy.create_cluster(session, data, long_ago)
        for slug, cluster, name in SCHOOLS:
            tenancy.create_school(
                session, SchoolCreate(cluster=cluster, slug=slug, name=name), long_ago
            )
            world.tokens[slug] = _enroll(session, slug, long_ago)
        for username, role, scope_cluster, scope_school in PEOPLE:
            user = UserCreate(
                username=username,
                password=SecretStr(PASSWORD),
                role=role,
                cluster=scope_cluster,
                school=scope_school,
            )
            tenancy.create_user(session, user, long_ago)
    return world


def _enroll(session: Session, slug: str, at: datetime) -> str:
    code, _ = credentials.create_enrollment_code(session, slug, timedelta(hours=1), at, "test")
    request = EnrollRequest(code=code, agent_name=f"{slug}-office", hostname=f"{slug}-pc")
    return credentials.enroll(session, request, at).token


def supply(index: int, name: str, level: float, status: str, colour: str = "black") -> Supply:
    return Supply.model_validate(
        {
            "index": index,
            "name": name,
            "kind": SupplyKind.TONER,
            "colour": colour,
            "level_percent": level,
            "status": status,
        }
    )


def example_printer(black: float, cyan: float) -> Device:
    """The schema's example printer (staffroom HP), with tonight's toner levels."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    printer: dict[str, Any] = document["devices"][0]
    statuses = {level: "warning" if level < 15 else "ok" for level in (black, cyan)}
    printer["supplies"] = [
        supply(4, BLACK, black, statuses[black]).model_dump(mode="json"),
        supply(5, CYAN, cyan, statuses[cyan], "cyan").model_dump(mode="json"),
    ]
    printer["checks"] = [
        check(
            "printer.supply.4",
            statuses[black],
            f"Black toner at {black:.0f} % — cartridge HP CF400X",
            metrics=[metric("level", black, "%")],
        ).model_dump(mode="json"),
    ]
    return Device.model_validate(printer)


def stmarys_night(night: int) -> list[Device]:
    """Night 0, 1, 2: toner runs down, the AP's firmware changes, the projector moves."""
    black, cyan = (30.0, 20.0, 12.0)[night], (40.0, 20.0, 9.0)[night]
    office_level = (10.0, 7.0, 4.0)[night]
    return [
        example_printer(black, cyan),
        device(
            1,
            hostname="office-printer",
            model="HP Color LaserJet Pro M252dw",
            supplies=[supply(1, BLACK, office_level, "critical")],
            checks=[
                check(
                    "printer.supply.1",
                    "critical",
                    f"Black toner almost empty ({office_level:.0f} %) — cartridge HP CF400X",
                    metrics=[metric("level", office_level, "%")],
                )
            ],
        ),
        device(
            2,
            hostname="library-printer",
            vendor="Brother",
            model="HL-L2350DW",
            supplies=[supply(1, BROTHER, 60.0 - night, "ok")],
            checks=[check("printer.supply.1", "ok", "Black toner at 60 %")],
        ),
        device(
            3,
            hostname="hall-projector",
            device_type=DeviceType.PROJECTOR,
            vendor="Epson",
            model="EB-X41",
            type_reason="answers PJLink",
            serial="X41E0012",
            ips=[ip_for(3 if night < 2 else 33)],
            checks=[
                check(
                    "projector.lamp.1",
                    "warning",
                    "Lamp at 92 % of its life — order a spare lamp",
                    metrics=[metric("lamp_hours", 3600 + 40 * night, "h")],
                )
            ],
        ),
        device(
            4,
            hostname="ap-staffroom",
            device_type=DeviceType.ACCESS_POINT,
            vendor="Ubiquiti",
            model="UAP-AC-Lite",
            firmware="6.5.28" if night == 0 else "6.6.55",
            type_reason="sysObjectID is a Ubiquiti access point",
            checks=[check("ap.clients", "ok", "12 Wi-Fi clients")],
        ),
        device(
            5,
            hostname=XSS_HOSTNAME,
            sys_name=XSS_SYSNAME,
            vendor=None,
            model=None,
            serial=None,
            device_type=DeviceType.UNKNOWN,
            type_reason="no probe answered",
            supplies=[supply(2, XSS_SUPPLY, 3.0, "critical")],
            checks=[check("device.ping", "warning", XSS_SUMMARY)],
        ),
    ]


def school_reports() -> list[tuple[str, Report]]:
    """Every report to ingest, in order (each school's scans strictly newer each time)."""
    documents = [
        (
            "stmarys",
            report(
                "stmarys",
                stmarys_night(night),
                started=nightly(3 - night),
                host_checks=[check("host.disk.c", "ok", "Disk C: 61 % free")],
            ),
        )
        for night in range(3)
    ]
    oakhill = [
        device(20, hostname="oak-printer", checks=[check("printer.supply.1", "ok", "Toner 80 %")])
    ]
    documents.append(
        ("oakhill", report("oakhill", oakhill, started=datetime.now(UTC) - timedelta(hours=3)))
    )
    switch = device(
        30,
        hostname="core-switch",
        device_type=DeviceType.SWITCH,
        vendor="HPE",
        model="1920S",
        mac=mac_for(30, prefix="00:0d:9d"),
        checks=[check("switch.port.24", "critical", "Uplink port 24 is down")],
    )
    documents.append(("riverside", report("riverside", [switch], started=nightly(1))))
    return documents


def ingest_all(world: World, post: Post) -> None:
    for slug, document in school_reports():
        status = post(world.tokens[slug], document)
        assert status == 202, f"{slug}: {status}"
