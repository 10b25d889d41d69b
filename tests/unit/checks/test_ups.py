"""UPS check on the APC Smart-UPS 1000 recording, and on UPS-MIB varbinds."""

from __future__ import annotations

import pytest

from agent.checks import ups
from agent.checks.base import DeviceSources
from agent.checks.config import HealthSettings
from agent.checks.ups import evaluate_ups
from schemas.health import CheckStatus
from schemas.report import DeviceType
from tests.unit.checks.support import device, recording, rows, run

UPS_MIB = "1.3.6.1.2.1.33.1"
APC = "1.3.6.1.4.1.318.1.1.1"


def _checks(values) -> dict:  # type: ignore[no-untyped-def]
    return {r.check_id: r for r in evaluate_ups(values, HealthSettings()).results}


def test_apc_on_line_battery_100_runtime_25_min() -> None:
    out = run(
        ups.run(
            device(DeviceType.UPS),
            DeviceSources(snmp=recording("apc_smtl1000-nmc3")),
            HealthSettings(),
        )
    )
    checks = {r.check_id: r for r in out.results}
    assert list(checks) == [
        "ups.power",
        "ups.battery_replace",
        "ups.charge",
        "ups.runtime",
        "ups.load",
        "ups.temperature",
    ]
    assert (checks["ups.power"].status, checks["ups.power"].summary) == (
        CheckStatus.OK,
        "Running on mains power",
    )
    assert checks["ups.charge"].summary == "Battery charged to 100 %"
    assert checks["ups.charge"].metrics[0].value == 100.0
    assert checks["ups.runtime"].summary == "About 25 min of runtime on battery"
    assert checks["ups.runtime"].metrics[0].value == pytest.approx(1522 / 60, abs=0.001)
    assert checks["ups.battery_replace"].summary == "Battery does not need replacing"
    assert checks["ups.load"].metrics[0].value == 37.8
    assert checks["ups.temperature"].metrics[0].value == 28.0
    assert all(r.status is CheckStatus.OK for r in out.results)


def test_apc_on_battery_low_runtime_and_replace_battery() -> None:
    extra = {
        f"{APC}.4.1.1.0": 3,  # onBattery
        f"{APC}.2.2.3.0": 4 * 6000,  # 4 min of TimeTicks
        f"{APC}.2.2.4.0": 2,  # batteryNeedsReplacing
        f"{APC}.7.2.3.0": 2,  # self-test failed
    }
    checks = _checks(rows("apc_smtl1000-nmc3", extra))
    assert (checks["ups.power"].status, checks["ups.power"].summary) == (
        CheckStatus.WARNING,
        "Running on battery — mains power is off",
    )
    assert checks["ups.runtime"].status is CheckStatus.CRITICAL
    assert checks["ups.battery_replace"].status is CheckStatus.CRITICAL
    assert (checks["ups.self_test"].status, checks["ups.self_test"].summary) == (
        CheckStatus.CRITICAL,
        "Last self-test failed",
    )


@pytest.mark.parametrize(
    ("result", "status"),
    [
        (1, CheckStatus.OK),
        (2, CheckStatus.CRITICAL),
        (3, CheckStatus.WARNING),
        (4, CheckStatus.OK),
        (9, CheckStatus.UNKNOWN),
    ],
)
def test_apc_self_test_results(result: int, status: CheckStatus) -> None:
    check = _checks({f"{APC}.7.2.3.0": result})["ups.self_test"]
    assert check.status is status
    if status is CheckStatus.UNKNOWN:
        assert check.reason == "unrecognised value 9"


def test_ups_mib_only() -> None:
    values = {
        f"{UPS_MIB}.4.1.0": 5,  # battery
        f"{UPS_MIB}.2.1.0": 3,  # batteryLow
        f"{UPS_MIB}.2.4.0": 15,
        f"{UPS_MIB}.2.3.0": 12,
    }
    checks = _checks(values)
    assert checks["ups.power"].status is CheckStatus.WARNING
    assert (checks["ups.battery"].status, checks["ups.battery"].summary) == (
        CheckStatus.CRITICAL,
        "Battery low",
    )
    assert checks["ups.charge"].status is CheckStatus.CRITICAL
    assert checks["ups.runtime"].status is CheckStatus.OK


def test_no_ups_readings_is_unknown_with_reason() -> None:
    (only,) = evaluate_ups({"1.3.6.1.2.1.1.1.0": b"x"}, HealthSettings()).results
    assert only.status is CheckStatus.UNKNOWN
    assert only.reason == "answers SNMP but exposes neither UPS-MIB nor APC PowerNet readings"


def test_charge_missing_but_power_present_is_unknown_charge() -> None:
    charge = _checks({f"{APC}.4.1.1.0": 2})["ups.charge"]
    assert charge.status is CheckStatus.UNKNOWN
