"""Conditions from alerts, error bits, console text and IPP, on recordings plus added rows.

The added rows are hand-built Printer-MIB varbinds (OID, value) as an agent would send them;
the recordings themselves carry no active alerts.
"""

from __future__ import annotations

import pytest

from agent.checks.config import HealthSettings
from agent.checks.printer_eval import evaluate_printer
from agent.checks.printer_snmp import decode_error_state, parse_printer_mib
from agent.ipp.status import IppPrinterStatus, PrinterState, parse_reason
from schemas.health import CheckStatus
from tests.unit.checks.support import rows

ALERT = "1.3.6.1.2.1.43.18.1.1"
HR_ERRORS = "1.3.6.1.2.1.25.3.5.1.2.1"
CONSOLE = "1.3.6.1.2.1.43.16.5.1.2.1"


def _alert(
    index: int, code: int, group: int, group_index: int, *, text: bytes, severity: int = 4
) -> dict:
    return {
        f"{ALERT}.2.1.{index}": severity,
        f"{ALERT}.4.1.{index}": group,
        f"{ALERT}.5.1.{index}": group_index,
        f"{ALERT}.7.1.{index}": code,
        f"{ALERT}.8.1.{index}": text,
    }


def _evaluate(name: str, extra: dict) -> dict:
    out = evaluate_printer(parse_printer_mib(rows(name, extra)), None, HealthSettings())
    return {r.check_id: r for r in out.results}


@pytest.mark.parametrize(
    ("octets", "bits"),
    [
        (b"", set()),
        (b"\x80", {0}),  # lowPaper is the MOST significant bit of octet 1
        (b"\x04", {5}),  # jammed
        (b"\x20\x00", {2}),  # lowToner, mask 0x2000
        (b"\x00\x80", {8}),  # inputTrayMissing, mask 0x0080
        (b"\x00\x02", {14}),  # overduePreventMaint
        (b"\x48\x00", {1, 4}),  # noPaper + doorOpen
    ],
)
def test_error_state_bit_order(octets: bytes, bits: set[int]) -> None:
    assert decode_error_state(octets) == bits


def test_low_toner_alert_surfaces_although_the_level_reads_high() -> None:
    checks = _evaluate("jetdirect_m252dw", _alert(1, 1104, 11, 1, text=b"Black cartridge low"))
    black = checks["printer.supply.1"]
    assert black.status is CheckStatus.WARNING
    assert (
        black.summary
        == "Black toner at 63 % — Black Cartridge HP CF400X (printer reports: Toner low)"
    )
    assert checks["printer.supply.2"].status is CheckStatus.OK
    status = checks["printer.status"]
    assert (status.status, status.summary) == (CheckStatus.WARNING, "Toner low")
    assert "Black cartridge low" in status.evidence["condition.toner-low"]


def test_low_toner_only_on_the_front_panel() -> None:
    checks = _evaluate("brother_hl5370dw", {CONSOLE + ".1": b"Toner Low", CONSOLE + ".2": b"Ready"})
    assert checks["printer.status"].summary == "Toner low"
    assert checks["printer.status"].status is CheckStatus.WARNING


def test_jam_bit_is_critical_and_offline_bit_is_ignored() -> None:
    checks = _evaluate("jetdirect_m252dw", {HR_ERRORS: b"\x06\x00"})  # jammed + offline
    status = checks["printer.status"]
    assert (status.status, status.summary) == (CheckStatus.CRITICAL, "Paper jam")
    assert status.evidence["snmp.errorBits"] == "5,6"


def test_jam_in_alerts_and_bits_is_one_condition() -> None:
    extra = {HR_ERRORS: b"\x04", **_alert(1, 8, 13, 1, text=b"Jam in tray 2", severity=3)}
    status = _evaluate("jetdirect_m252dw", extra)["printer.status"]
    assert status.summary == "Paper jam"
    assert status.evidence["condition.media-jam"].startswith(
        "Paper jam [critical] (SNMP alert 8, hrPrinterDetectedErrorState bit 5)"
    )


def test_informational_alerts_do_not_change_the_status() -> None:
    extra = {
        **_alert(1, 23, 5, 1, text=b"Sleep mode"),
        **_alert(2, 4242, 5, 1, text=b"Vendor note", severity=4),
    }
    extra[f"{ALERT}.3.1.2"] = 7  # noInterventionRequired
    status = _evaluate("jetdirect_m252dw", extra)["printer.status"]
    assert status.status is CheckStatus.OK
    assert status.evidence["condition.alert-4242"].startswith("Vendor note [info]")


def test_colour_comes_from_the_colorant_table() -> None:
    supply = "1.3.6.1.2.1.43.11.1.1"
    extra = {
        f"{supply}.3.1.5": 5,  # colorant index 5
        f"{supply}.5.1.5": 3,  # toner
        f"{supply}.6.1.5": b"Toner cartridge 3K",
        f"{supply}.8.1.5": 3000,
        f"{supply}.9.1.5": 120,
        "1.3.6.1.2.1.43.12.1.1.4.1.5": b"magenta",
    }
    check = _evaluate("jetdirect_m252dw", extra)["printer.supply.5"]
    assert (check.status, check.summary) == (
        CheckStatus.CRITICAL,
        "Magenta toner at 4 % — Toner cartridge 3K",
    )


def test_ipp_reason_suffixes_and_unknown_keywords() -> None:
    reasons = tuple(
        parse_reason(k)
        for k in (
            "media-empty-error",
            "cups-waiting-for-job-completed",
            "acme-fuser-fault-error",
            "toner-low-report",
        )
    )
    status = IppPrinterStatus(PrinterState.STOPPED, reasons, None, None, None, None, ())
    (only,) = evaluate_printer(None, status, HealthSettings()).results
    assert (only.status, only.summary) == (
        CheckStatus.CRITICAL,
        "Out of paper; Acme fuser fault; Toner low",
    )
    assert "[info]" in only.evidence["condition.cups-waiting-for-job-completed"]
