"""Schema 1.2 identity facts: typed, canonical, and only in 1.2 documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas import SCHEMA_VERSION, Device, DeviceType, Report, canonical_engine_id, canonical_uuid

EXAMPLE = Path(__file__).resolve().parents[3] / "schemas" / "examples" / "report.json"


def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def _device(**update: object) -> Device:
    base = Device(mac=None, ips=[], device_type=DeviceType.PRINTER, type_reason="printer: test")
    return base.model_copy(update=update)


def test_canonical_uuid_and_engine_id() -> None:
    assert canonical_uuid("urn:uuid:6D4FF0CE-0001-4DE1-8A2B-3C4D5E6F7081") == (
        "6d4ff0ce-0001-4de1-8a2b-3c4d5e6f7081"
    )
    assert canonical_uuid("{6d4ff0ce00014de18a2b3c4d5e6f7081}") is not None
    assert canonical_uuid("00000000-0000-0000-0000-000000000000") is None
    assert canonical_uuid("printer") is None
    assert canonical_engine_id(bytes.fromhex("80001f8880c71100001234")) == "80001f8880c71100001234"
    assert canonical_engine_id(b"\x00" * 12) is None
    assert canonical_engine_id(b"abc") is None


@given(st.text(max_size=80))
def test_canonical_uuid_on_garbage(text: str) -> None:
    value = canonical_uuid(text)
    assert value is None or Device.model_validate({**_device().model_dump(), "uuid": value}).uuid


def test_identity_facts_need_schema_1_2() -> None:
    assert SCHEMA_VERSION == "1.2"
    data = example()
    data["devices"][0]["uuid"] = "6d4ff0ce-0001-4de1-8a2b-3c4d5e6f7081"
    data["devices"][0]["snmp_engine_id"] = "80001f8880c71100001234"
    assert Report.model_validate({**data, "schema_version": "1.2"}).devices[0].uuid
    with pytest.raises(ValidationError, match=r"send 1\.2"):
        Report.model_validate({**data, "schema_version": "1.1"})
    with pytest.raises(ValidationError):
        Report.model_validate({**data, "schema_version": "1.2"} | {"devices": [
            {**data["devices"][0], "uuid": "not-a-uuid"}
        ]})  # fmt: skip
