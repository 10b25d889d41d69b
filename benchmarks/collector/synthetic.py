"""Synthetic school nights for the collector benchmark: tenancy set-up and agent reports.

Night 1 creates every device; later nights are the steady state (a few IP changes, toner
going down, devices going missing and coming back).
"""

from __future__ import annotations

import gzip
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from collector.contracts import ClusterCreate, EnrollRequest, SchoolCreate, UserCreate
from collector.domain import Role
from collector.services import credentials, tenancy
from collector.services.credentials import AgentPrincipal

SCHOOLS_PER_CLUSTER = 30
PASSWORD = "benchmark password"


def _mac(school: int, n: int, prefix: str = "00:1b:a9") -> str:
    return f"{prefix}:{school % 256:02x}:{n >> 8:02x}:{n & 0xFF:02x}"


def _check(check_id: str, status: str, summary: str, value: float | None = None) -> dict[str, Any]:
    metrics = [{"name": "value", "value": value, "unit": "%"}] if value is not None else []
    return {"check_id": check_id, "status": status, "summary": summary, "metrics": metrics}


def _device(school: int, n: int, night: int, rng: random.Random) -> dict[str, Any] | None:
    kind = n % 10
    moved = rng.random() < 0.02 and night > 0
    ip = f"198.18.{(n + (100 if moved else 0)) // 250}.{(n + (100 if moved else 0)) % 250 + 2}"
    base: dict[str, Any] = {
        "mac": _mac(school, n),
        "ips": [ip],
        "device_type": "computer",
        "type_reason": "synthetic",
        "hostname": f"dev-{n}",
        "vendor": "Dell",
        "serial": f"SN{school:05d}{n:05d}",
        "evidence": [{"source": "oui", "fact": "oui", "value": "Dell", "weight": 10}],
    }
    if night > 0 and n % 97 == 5:
        return None  # missing tonight
    if kind == 0:
        base.update(
            mac=_mac(school, n, "da:a1:19"),
            device_type="phone_tablet",
            randomised_mac=True,
            transient=True,
            serial=None,
            vendor=None,
        )
    elif kind in (1, 2):
        level = max(0.0, 80.0 - 7 * night - n % 50) if n % 3 == 0 else 60.0
        status = "warning" if level < 10 else "ok"
        base.update(
            device_type="printer", vendor="HP", model="LaserJet M404", firmware="2409081_000000"
        )
        base["checks"] = [
            _check("printer.status", "ok", "Ready"),
            _check("printer.alerts", "ok", "No alerts"),
            _check("printer.supply.1", status, f"Black toner {level:.0f} %", level),
        ]
        base["supplies"] = [
            {
                "index": i,
                "name": f"Toner {i}",
                "kind": "toner",
                "level_percent": level,
                "status": status,
            }
            for i in range(1, 5)
        ]
    elif kind == 3:
        base.update(device_type="projector", vendor="Epson")
        base["checks"] = [
            _check("projector.power", "ok", "Standby"),
            _check("projector.lamp", "ok", "Lamp 1,200 h", 40.0),
        ]
    elif kind in (4, 5):
        base.update(device_type="access_point" if kind == 4 else "switch", vendor="Ubiquiti")
        base["checks"] = [
            _check("net.uptime", "ok", "Up 12 days"),
            _check("net.interfaces", "ok", "All links up"),
        ]
    return base


def report_body(school: int, slug: str, devices: int, night: int, started: datetime) -> bytes:
    rng = random.Random(school * 1000 + night)
    items = [d for n in range(devices) if (d := _device(school, n, night, rng)) is not None]
    document = {
        "schema_version": "1.1",
        "report_id": str(uuid.uuid4()),
        "agent": {
            "agent_id": f"agent-{school}",
            "hostname": "office-pc",
            "version": "0.1.0",
            "platform": "Linux",
        },
        "school": {"school_id": slug, "name": slug},
        "scan": {
            "started_at": started.isoformat(),
            "finished_at": (started + timedelta(seconds=60)).isoformat(),
            "interface": "eth0",
            "subnets": ["198.18.0.0/22"],
            "methods": [],
        },
        "devices": items,
        "host_checks": [_check("host.disk.root", "ok", "Disk 40 % full", 40.0)],
    }
    return gzip.compress(json.dumps(document).encode(), compresslevel=6)


def setup_tenancy(factory: sessionmaker[Session], schools: int) -> list[AgentPrincipal]:
    now = datetime.now(UTC) - timedelta(days=60)
    principals = []
    with factory.begin() as session:
        for c in range(0, schools, SCHOOLS_PER_CLUSTER):
            tenancy.create_cluster(
                session,
                ClusterCreate(
                    slug=f"c{c // SCHOOLS_PER_CLUSTER:03d}", name=f"Cluster {c}", weekend_days=[]
                ),
                now,
            )
        tenancy.create_user(
            session,
            UserCreate(username="admin", password=SecretStr(PASSWORD), role=Role.ADMIN),
            now,
        )
        for s in range(schools):
            slug = f"school-{s:05d}"
            tenancy.create_school(
                session,
                SchoolCreate(
                    cluster=f"c{s // SCHOOLS_PER_CLUSTER:03d}", slug=slug, name=f"School {s:05d}"
                ),
                now,
            )
            code, _ = credentials.create_enrollment_code(
                session, slug, timedelta(days=1), now, "bench"
            )
            enrolled = credentials.enroll(
                session, EnrollRequest(code=code, agent_name="pc", hostname="pc"), now
            )
            principals.append(credentials.authenticate_agent(session, enrolled.token, now))
    return principals
