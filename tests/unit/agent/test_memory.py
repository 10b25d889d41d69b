"""Uptimes remembered between runs: round trip, damaged files are an empty memory."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from agent.memory import UPTIMES_FILE, load_uptimes, save_uptimes, uptimes_of
from schemas import CheckResult, CheckStatus, Metric, Report

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.json"


def test_round_trip(tmp_path: Path) -> None:
    save_uptimes(tmp_path / "state", {"3c:a8:2a:f6:38:ac": 86400.0})
    assert load_uptimes(tmp_path / "state") == {"3c:a8:2a:f6:38:ac": 86400.0}


def test_no_file_is_an_empty_memory(tmp_path: Path) -> None:
    assert load_uptimes(tmp_path) == {}


@given(st.binary(max_size=200))
def test_a_damaged_file_is_an_empty_memory_or_its_good_entries(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / UPTIMES_FILE).write_bytes(raw)
        remembered = load_uptimes(Path(tmp))
    assert all(isinstance(v, float) for v in remembered.values())


def test_wrong_shapes_are_ignored(tmp_path: Path) -> None:
    (tmp_path / UPTIMES_FILE).write_text(json.dumps({"a": "x", "b": 5, "c": True, "d": None}))
    assert load_uptimes(tmp_path) == {"b": 5.0}


def test_uptimes_come_from_uptime_checks() -> None:
    report = Report.model_validate_json(EXAMPLE.read_bytes())
    uptime = CheckResult(
        check_id="switch.uptime",
        status=CheckStatus.OK,
        summary="Up 3 days",
        metrics=[Metric(name="uptime", value=259200, unit="s")],
    )
    device = report.devices[0].model_copy(update={"checks": [uptime]})
    assert uptimes_of([device]) == {device.mac: 259200}
