"""Device-supplied values are made to fit the report contract before they reach a model:
no NUL, no text longer than its field, no integer past its column (the collector would
refuse the report, and before schema 1.2 it answered 500 and jammed the outbox)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from agent.checks.config import HealthSettings
from agent.checks.printer_supplies import Level, SupplyReading, judge
from agent.ipp.decode import decode_value
from agent.ipp.model import ValueTag
from agent.report.build import ScanOutcome, build_report
from agent.report.fit import clean_text, int32_or_none
from agent.settings import Settings
from schemas import Report, SupplyKind
from schemas.bounds import INT32_MAX, Text256


@given(st.text(), st.integers(min_value=2, max_value=300))
def test_clean_text_always_fits_the_contract(value: str, limit: int) -> None:
    cleaned = clean_text(value, limit)
    assert "\x00" not in cleaned
    assert len(cleaned) <= limit
    if limit >= 256:
        TypeAdapter(Text256).validate_python(cleaned[:256])


def test_clean_text_keeps_ordinary_text_and_line_breaks() -> None:
    assert clean_text("Black Toner\nHP 59A", 100) == "Black Toner\nHP 59A"
    assert clean_text("Black\x00Toner\x07", 100) == "BlackToner"
    assert clean_text("x" * 10, 5) == "xxxx…"


def test_int32_or_none() -> None:
    assert int32_or_none(INT32_MAX) == INT32_MAX
    assert int32_or_none(INT32_MAX + 1) is None
    assert int32_or_none(None) is None


def test_ipp_text_loses_its_nul_padding() -> None:
    assert decode_value(ValueTag.TEXT, b"Black Toner\x00\x00") == "Black Toner"


def _reading(**overrides: object) -> SupplyReading:
    fields: dict[str, object] = {
        "key": "1",
        "index": 1,
        "name": "Black Toner",
        "kind": SupplyKind.TONER,
        "phrase": "toner",
        "colour": "black",
        "level": Level.PERCENT,
        "left": 40.0,
        "raw_level": 40,
        "raw_max": 100,
        "source": "snmp",
    }
    fields.update(overrides)
    return SupplyReading(**fields)  # type: ignore[arg-type]


def test_a_supply_with_hostile_values_still_makes_a_valid_record() -> None:
    reading = _reading(
        index=2**32, name="Black\x00Toner " + "x" * 400, colour="bl\x00ack", raw_level=2**40
    )
    check, supply = judge(reading, HealthSettings())
    assert 0 <= supply.index <= INT32_MAX
    assert supply.raw_level is None
    assert "\x00" not in supply.name
    assert len(supply.name) <= 256
    assert supply.colour == "black"
    assert "\x00" not in check.summary


def test_the_builder_fits_the_host_name_and_says_so() -> None:
    now = datetime.now(UTC)
    outcome = ScanOutcome(uuid.uuid4(), now, now, "eth0", [], [], [], [], [])
    report = build_report(Settings(), outcome, hostname="pc\x00" + "h" * 300)
    assert len(report.agent.hostname) <= 256
    assert "\x00" not in report.agent.hostname
    assert [p.code for p in report.scan.problems] == ["report.value_clipped"]
    assert "agent.hostname" in report.scan.problems[0].message
    Report.model_validate_json(report.model_dump_json())  # what the collector will read


def test_an_ordinary_host_name_passes_untouched() -> None:
    now = datetime.now(UTC)
    outcome = ScanOutcome(uuid.uuid4(), now, now, "eth0", [], [], [], [], [])
    report = build_report(Settings(), outcome, hostname="office-pc")
    assert report.agent.hostname == "office-pc"
    assert report.scan.problems == []
