"""A schema-valid report is stored, and anything the database could not hold is a 422 naming
the field: never a 500 that would jam the agent's outbox (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from collector.db.models import Agent, Device, SupplyState
from schemas import Evidence, MdnsService, Method, Problem
from schemas.bounds import INT32_MAX, INT64_MAX
from tests.collector.conftest import World
from tests.collector.databases import snapshot
from tests.collector.helpers import post_report
from tests.collector.reports import check, device, report, toner


def _base() -> dict[str, Any]:
    service = MdnsService(service_type="_ipp._tcp", instance="Printer", port=631, txt={"ty": "HP"})
    printer = device(1, checks=[check("printer.status")], supplies=[toner(1, 50.0)])
    printer = printer.model_copy(update={"mdns_services": [service]})
    document = report("alpha", [printer, device(2)])
    problem = Problem(code="snmp.timeout", message="no answer", method=Method.SNMP)
    scan = document.scan.model_copy(update={"problems": [problem]})
    data: dict[str, Any] = json.loads(document.model_copy(update={"scan": scan}).model_dump_json())
    return data


def _set(document: dict[str, Any], path: str, value: object) -> bytes:
    parts: list[Any] = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = document
    for key in parts[:-1]:
        target = target[key]
    target[parts[-1]] = value
    return json.dumps(document).encode()


CASES = [
    ("devices.0.supplies.0.index", 2**63),  # SQLite: OverflowError → 500 on main
    ("devices.0.supplies.0.index", 2**31),  # PostgreSQL INTEGER
    ("scan.methods.0.observations", 2**64),  # PostgreSQL JSONB via orjson
    ("agent.hostname", "h" * 257),  # agents.hostname is VARCHAR(256)
    ("devices.0.hostname", "printer\x00one"),  # PostgreSQL: no NUL in text ...
    ("devices.0.sys_descr", "HP\x00"),
    ("devices.0.evidence.0.value", "\x00"),  # ... nor in JSON
    ("devices.0.supplies.0.name", "Black\x00Toner"),
    ("devices.0.checks.0.summary", "ok\x00"),
    ("devices.0.mdns_services.0.txt.ty", "H\x00P"),
    ("scan.problems.0.message", "bad\x00"),
    ("agent.version", "0.1\x00"),
]


@pytest.mark.parametrize(("path", "value"), CASES, ids=[f"{p}={str(v)[:12]!r}" for p, v in CASES])
def test_a_value_the_database_cannot_hold_is_422_naming_the_field(
    client: TestClient, world: World, engine: Engine, path: str, value: object
) -> None:
    before = snapshot(engine)
    response = post_report(client, world.tokens["alpha"], _set(_base(), path, value))
    assert response.status_code == 422, response.text
    paths = [error["path"] for error in response.json()["errors"]]
    assert any(p.startswith(path) for p in paths), paths
    assert snapshot(engine) == before


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_the_bounds_hold_for_every_schema_version(
    client: TestClient, world: World, engine: Engine, version: str
) -> None:
    document = _base()
    document["schema_version"] = version
    for item in document["devices"]:
        item["checks"], item["supplies"] = [], []
    before = snapshot(engine)
    response = post_report(client, world.tokens["alpha"], _set(document, "agent.hostname", "x\0"))
    assert response.status_code == 422, response.text
    assert snapshot(engine) == before


def _longest_report() -> bytes:
    """Every stored text at its longest (multi-byte characters), every integer at its top."""
    wide = "é"
    supply = toner(INT32_MAX, 10.0).model_copy(
        update={"name": wide * 256, "colour": wide * 64, "raw_level": INT32_MAX}
    )
    warning = check("a" * 128, "warning", summary=wide * 300, reason=wide * 300)
    engine_id = Evidence(source=Method.SNMP, fact="snmpEngineID", value="8f" * 2048)
    texts = dict.fromkeys(
        ("hostname", "vendor", "model", "serial", "firmware", "mac_vendor", "sys_name"), wide * 1024
    )
    printer = device(
        1,
        **texts,
        sys_object_id="1." * 511 + "1",
        sys_descr=wide * 4096,
        type_reason=wide * 1024,
        checks=[warning],
        supplies=[supply],
        evidence=[engine_id],
    )
    document = json.loads(report("alpha", [printer, device(2, hostname=None)]).model_dump_json())
    document["agent"]["hostname"] = wide * 256
    document["scan"]["methods"][0]["observations"] = INT64_MAX
    return json.dumps(document).encode()


def test_a_report_at_every_bound_is_stored(
    client: TestClient, world: World, engine: Engine
) -> None:
    response = post_report(client, world.tokens["alpha"], _longest_report())
    assert response.status_code == 202, response.text
    with engine.begin() as conn:
        assert conn.scalar(select(SupplyState.supply_index)) == INT32_MAX
        hostnames = set(conn.scalars(select(Agent.hostname)))
        assert "é" * 256 in hostnames
        assert conn.scalar(select(Device.engine_id).where(Device.engine_id.is_not(None))) is None
