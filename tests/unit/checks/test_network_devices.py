"""Switch and access-point checks on the Cisco CBS350 and UniFi nanoHD recordings, plus
hand-built varbinds for what those walks lack (PoE, other Wi-Fi vendors, generic radios)."""

from __future__ import annotations

from agent.checks import access_point, switch
from agent.checks.access_point import evaluate_access_point
from agent.checks.base import DeviceSources
from agent.checks.config import HealthSettings
from agent.checks.switch import evaluate_switch
from schemas.health import CheckStatus
from schemas.report import DeviceType
from tests.unit.checks.support import device, recording, rows, run

IF = "1.3.6.1.2.1.2.2.1"


def _by_id(output) -> dict:  # type: ignore[no-untyped-def]
    return {r.check_id: r for r in output.results}


def test_cbs350_ports_firmware_uptime() -> None:
    out = run(
        switch.run(
            device(DeviceType.SWITCH),
            DeviceSources(snmp=recording("ciscosb_cbs350")),
            HealthSettings(),
        )
    )
    checks = _by_id(out)
    ports = checks["switch.ports"]
    assert (ports.status, ports.summary) == (CheckStatus.OK, "9 of 28 ports connected")
    assert {m.name: m.value for m in ports.metrics} == {
        "ports_up": 9,
        "ports_down": 19,
        "ports": 28,
    }
    assert checks["switch.firmware"].summary == "Firmware 3.0.0.61"
    uptime = checks["switch.uptime"]
    assert (uptime.status, uptime.summary) == (CheckStatus.OK, "Up 14 days 1 h")
    assert uptime.metrics[0].value == 1214860.0
    errors = checks["switch.errors"]
    assert errors.status is CheckStatus.OK  # one error on an idle port is not a problem
    assert errors.evidence == {"if.gi23": "1 in / 0 out errors"}
    assert "switch.poe" not in checks  # this walk carries no POWER-ETHERNET-MIB rows


def test_switch_reboot_detected_from_previous_uptime() -> None:
    checks = _by_id(
        evaluate_switch(rows("ciscosb_cbs350"), HealthSettings(), previous_uptime_s=2_000_000)
    )
    assert (checks["switch.uptime"].status, checks["switch.uptime"].summary) == (
        CheckStatus.WARNING,
        "Restarted since the last check (up 14 days 1 h)",
    )


def test_uptime_counter_wrap_is_not_a_reboot() -> None:
    checks = _by_id(
        evaluate_switch(rows("ciscosb_cbs350"), HealthSettings(), previous_uptime_s=42_900_000)
    )
    assert checks["switch.uptime"].status is CheckStatus.OK


def test_switch_error_share_warns_on_a_busy_port() -> None:
    extra = {f"{IF}.14.23": 500, "1.3.6.1.2.1.31.1.1.1.7.23": 20_000}
    checks = _by_id(evaluate_switch(rows("ciscosb_cbs350", extra), HealthSettings()))
    assert (checks["switch.errors"].status, checks["switch.errors"].summary) == (
        CheckStatus.WARNING,
        "Interface gi23: 2.4 % of packets with errors",
    )


def test_poe_budget_and_port_fault() -> None:
    pse, port = "1.3.6.1.2.1.105.1.3.1.1", "1.3.6.1.2.1.105.1.1.1"
    extra = {
        f"{pse}.2.1": 195,
        f"{pse}.3.1": 1,
        f"{pse}.4.1": 182,
        f"{port}.6.1.1": 3,
        f"{port}.6.1.2": 3,
        f"{port}.6.1.3": 4,
        f"{port}.6.1.4": 2,
    }
    poe = _by_id(evaluate_switch(rows("ciscosb_cbs350", extra), HealthSettings()))["switch.poe"]
    assert poe.status is CheckStatus.WARNING
    assert poe.summary == "PoE: 182 W of 195 W used; 2 devices powered; fault on port 1.3"


def test_unifi_clients_4_plus_14_and_radios() -> None:
    sources = DeviceSources(snmp=recording("unifi_nanohd"), previous_uptime_s=100.0)
    out = run(access_point.run(device(DeviceType.ACCESS_POINT), sources, HealthSettings()))
    checks = _by_id(out)
    wifi = checks["access_point.wifi"]
    assert (wifi.status, wifi.summary) == (
        CheckStatus.OK,
        "18 Wi-Fi clients (2.4 GHz: 4, 5 GHz: 14)",
    )
    assert {m.name: m.value for m in wifi.metrics} == {
        "radios": 2,
        "radios_up": 2,
        "clients": 18,
        "clients.2_4_ghz": 4,
        "clients.5_ghz": 14,
    }
    assert wifi.evidence == {"source": "UniFi"}
    assert checks["access_point.firmware"].summary == "Firmware 5.43.36.12724"
    assert checks["access_point.uptime"].summary == "Up 6 days 7 h"  # hrSystemUptime 54507921
    errors = checks["access_point.errors"]
    assert errors.status is CheckStatus.OK
    assert {m.name: m.value for m in errors.metrics} == {"errors_in": 16871, "errors_out": 0}
    assert set(errors.evidence) == {"if.ra0", "if.rai0"}


def test_cisco_wlc_client_table() -> None:
    wlc = "1.3.6.1.4.1.14179.2.2.2.1.15"
    values = {f"{wlc}.0.17.34.51.68.85.0": 7, f"{wlc}.0.17.34.51.68.85.1": 12}
    wifi = _by_id(evaluate_access_point(values, HealthSettings()))["access_point.wifi"]
    assert (wifi.summary, wifi.evidence) == ("19 Wi-Fi clients", {"source": "Cisco WLC"})


def test_generic_ap_radios_without_client_counts() -> None:
    values = {
        f"{IF}.3.5": 71,
        f"{IF}.7.5": 1,
        f"{IF}.8.5": 2,
        f"{IF}.3.6": 71,
        f"{IF}.7.6": 1,
        f"{IF}.8.6": 2,
    }
    wifi = _by_id(evaluate_access_point(values, HealthSettings()))["access_point.wifi"]
    assert (wifi.status, wifi.summary) == (
        CheckStatus.WARNING,
        "0 of 2 Wi-Fi radios up (client count not available)",
    )
