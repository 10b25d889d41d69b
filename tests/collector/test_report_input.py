"""``parse_report`` validates straight from JSON; it must accept and refuse exactly what
``json.loads`` + ``Report.model_validate`` does, with the same 400/422 answers, and refuse
numbers JSON does not have (NaN, Infinity) where they would be stored as JSON (pure)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collector.errors import BadRequestError, InvalidReportError
from collector.services import report_input
from collector.services.report_input import parse_report
from schemas import Report
from tests.collector.reports import check, device, metric, phone, report, toner

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def a_good_document() -> dict[str, Any]:
    started = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    toner_check = check("printer.supply.1", metrics=[metric("level", 40.0, "%")])
    printer = device(1, checks=[toner_check], supplies=[toner(1, 40.0)])
    document = report("alpha", [printer, device(2, mac=None), phone(3)], started=started)
    result: dict[str, Any] = json.loads(document.model_dump_json())
    return result


def slow_answer(body: bytes) -> Report | tuple[type[Exception], str, list[str]]:
    """What the collector answered before the fast path: json.loads, version, validate."""
    try:
        return parse_report_slowly(body)
    except (BadRequestError, InvalidReportError) as exc:
        return type(exc), str(exc), [e.path for e in getattr(exc, "errors", [])]


def parse_report_slowly(body: bytes) -> Report:
    """The reference: json.loads, the version check, ``model_validate``, finite numbers."""
    document = report_input._parse_slowly(body)
    report_input._refuse_non_finite(document)
    return document


def fast_answer(body: bytes) -> Report | tuple[type[Exception], str, list[str]]:
    try:
        return parse_report(body)
    except (BadRequestError, InvalidReportError) as exc:
        return type(exc), str(exc), [e.path for e in getattr(exc, "errors", [])]


PATHS = [
    ("schema_version",),
    ("report_id",),
    ("agent", "hostname"),
    ("scan", "started_at"),
    ("scan", "subnets"),
    ("devices",),
    ("devices", 0, "mac"),
    ("devices", 0, "ips"),
    ("devices", 0, "device_type"),
    ("devices", 0, "evidence", 0, "source"),
    ("devices", 0, "checks", 0, "status"),
    ("devices", 0, "supplies", 0, "level_percent"),
    ("devices", 0, "checks", 0, "metrics", 0, "value"),
    ("devices", 1, "randomised_mac"),
    ("host_checks",),
]


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(PATHS), value=JSON_VALUES)
def test_fast_and_slow_parsing_agree_on_any_field_value(
    path: tuple[str | int, ...], value: object
) -> None:
    document = a_good_document()
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    body = json.dumps(document).encode()
    assert fast_answer(body) == slow_answer(body)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"[]",
        b'"a string"',
        b"\xff\xfe not utf-8",
        b'{"schema_version": "9.9"}',
        b'{"schema_version": "1.1", "extra": 1}',
        json.dumps(a_good_document()).encode(),
        json.dumps(a_good_document(), indent=2).encode("utf-16"),
    ],
)
def test_fast_and_slow_parsing_agree_on_odd_bodies(body: bytes) -> None:
    assert fast_answer(body) == slow_answer(body)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_does_not_have_are_422_naming_the_field(token: str) -> None:
    body = json.dumps(a_good_document()).replace('"value": 40.0', f'"value": {token}').encode()
    with pytest.raises(InvalidReportError) as refused:
        parse_report(body)
    assert [e.path for e in refused.value.errors] == ["devices.0.checks.0.metrics.0.value"]
