"""The report contract: generated schema fresh, example valid, canonical values enforced."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas import SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS, Report, canonical_mac
from schemas.generate import SCHEMA_FILE, render_schema

EXAMPLES = sorted((Path(__file__).parents[3] / "schemas" / "examples").glob("*.json"))


def test_checked_in_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "schemas/report.schema.json is stale: run `make schema` and commit it"
    )


def test_schema_version_is_supported() -> None:
    assert SCHEMA_VERSION in SUPPORTED_SCHEMA_VERSIONS


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid_reports(path: Path) -> None:
    report = Report.model_validate_json(path.read_bytes())
    assert report.devices, "an example report should show devices"


def test_there_is_an_example() -> None:
    assert EXAMPLES


def _example() -> dict[str, object]:
    data: dict[str, object] = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    return data


def test_mac_is_canonicalised() -> None:
    data = _example()
    devices = data["devices"]
    assert isinstance(devices, list)
    devices[0]["mac"] = "3C-A8-2A-F6-38-AC"
    report = Report.model_validate(data)
    assert report.devices[0].mac == "3c:a8:2a:f6:38:ac"


@pytest.mark.parametrize("bad", ["3c:a8:2a:f6:38", "zz:a8:2a:f6:38:ac", "", "3ca82af638ac00"])
def test_bad_mac_is_rejected_with_the_field_path(bad: str) -> None:
    data = _example()
    devices = data["devices"]
    assert isinstance(devices, list)
    devices[0]["mac"] = bad
    with pytest.raises(ValidationError) as info:
        Report.model_validate(data)
    assert info.value.errors()[0]["loc"][:3] == ("devices", 0, "mac")


def test_naive_times_are_rejected() -> None:
    data = _example()
    scan = data["scan"]
    assert isinstance(scan, dict)
    scan["started_at"] = "2026-11-29T18:00:00"
    with pytest.raises(ValidationError, match="time zone"):
        Report.model_validate(data)


def test_version_1_0_cannot_carry_health() -> None:
    data = _example()
    data["schema_version"] = "1.0"
    data["host_checks"] = [{"check_id": "host.memory", "status": "ok", "summary": "Memory fine"}]
    with pytest.raises(ValidationError, match=r"1\.0 reports carry no health"):
        Report.model_validate(data)


def test_unknown_check_must_say_why() -> None:
    data = _example()
    data["host_checks"] = [{"check_id": "host.memory", "status": "unknown", "summary": "?"}]
    with pytest.raises(ValidationError, match="must say why"):
        Report.model_validate(data)


def test_unknown_fields_are_rejected() -> None:
    data = _example()
    data["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        Report.model_validate(data)


@given(st.binary(min_size=6, max_size=6), st.sampled_from([":", "-", ""]))
def test_canonical_mac_round_trips(raw: bytes, sep: str) -> None:
    text = sep.join(f"{b:02X}" for b in raw)
    mac = canonical_mac(text)
    assert mac == ":".join(f"{b:02x}" for b in raw)
    assert canonical_mac(mac) == mac


@given(st.text(max_size=40))
def test_canonical_mac_never_crashes_on_garbage(text: str) -> None:
    with contextlib.suppress(ValueError):
        canonical_mac(text)
