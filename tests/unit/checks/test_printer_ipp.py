"""Printer check on IPP replies recorded from ippeveprinter, alone and merged with SNMP."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.checks.config import HealthSettings
from agent.checks.printer_eval import evaluate_printer
from agent.checks.printer_snmp import parse_printer_mib
from agent.ipp.decode import decode_response
from agent.ipp.status import IppMarker, IppPrinterStatus, PrinterState, printer_status
from schemas.health import CheckStatus, SupplyKind
from tests.unit.checks.support import rows

IPP_DATA = Path(__file__).parents[1] / "ipp" / "data"


def _ipp(name: str) -> IppPrinterStatus:
    return printer_status(decode_response((IPP_DATA / f"{name}.ipp").read_bytes()))


def _checks(out) -> dict:  # type: ignore[no-untyped-def]
    return {r.check_id: (r.status, r.summary) for r in out.results}


def test_ipp_only_levels_and_thresholds() -> None:
    out = evaluate_printer(None, _ipp("ippeve-lab-printer"), HealthSettings())
    assert _checks(out) == {
        "printer.status": (CheckStatus.OK, "Printer ready (idle); supplies need attention"),
        "printer.supply.1": (CheckStatus.OK, "Waste toner box 35 % full — Toner Waste Box"),
        "printer.supply.2": (CheckStatus.WARNING, "Black toner at 6 % — Black Toner HP CF226A"),
        "printer.supply.3": (CheckStatus.CRITICAL, "Cyan toner at 3 % — Cyan Toner HP CF401X"),
        "printer.supply.4": (
            CheckStatus.OK,
            "Magenta toner: some left (exact level not reported) — Magenta Toner HP CF403X",
        ),
        "printer.supply.5": (CheckStatus.OK, "Yellow toner at 80 % — Yellow Toner HP CF402X"),
    }
    waste = out.supplies[0]
    assert (waste.kind, waste.level_percent, waste.colour) == (SupplyKind.WASTE, 65.0, None)


def test_toner_low_reason_while_the_level_reads_80() -> None:
    out = evaluate_printer(None, _ipp("ippeve-lab-mono-toner-low"), HealthSettings())
    checks = _checks(out)
    assert checks["printer.status"] == (CheckStatus.WARNING, "Toner low")
    assert checks["printer.supply.2"] == (
        CheckStatus.WARNING,
        "Black toner at 80 % — Black Toner HP CF226A (printer reports: Toner low)",
    )


def test_toner_empty_reason_is_critical() -> None:
    out = evaluate_printer(None, _ipp("ippeve-lab-printer-toner-empty"), HealthSettings())
    assert _checks(out)["printer.status"] == (CheckStatus.CRITICAL, "Toner empty; Toner low")


def test_snmp_and_ipp_merge() -> None:
    mib = parse_printer_mib(rows("jetdirect_m252dw"))
    out = evaluate_printer(mib, _ipp("ippeve-lab-printer-toner-empty"), HealthSettings())
    checks = _checks(out)
    assert next(s.name for s in out.supplies) == "Black Cartridge HP CF400X"  # SNMP supplies win
    assert checks["printer.status"][0] is CheckStatus.CRITICAL  # IPP conditions still count
    status = next(r for r in out.results if r.check_id == "printer.status")
    assert status.evidence["ipp.state"] == "idle"
    assert status.evidence["snmp.hrDeviceStatus"] == "running"


def test_neither_protocol_answers_means_asleep_or_off() -> None:
    out = evaluate_printer(None, None, HealthSettings(), ["SNMP: timeout", "IPP: refused"])
    (only,) = out.results
    assert only.status is CheckStatus.UNKNOWN
    assert only.reason == "asleep or off: no answer to SNMP or IPP"
    assert only.evidence == {"failure.1": "SNMP: timeout", "failure.2": "IPP: refused"}
    assert out.supplies == ()


def _waste_box(level: int, low: int | None, high: int | None) -> IppPrinterStatus:
    marker = IppMarker(1, "Waste Toner Box", "none", "waste-toner", level, low, high)
    return IppPrinterStatus(PrinterState.IDLE, (), None, None, None, None, (marker,))


@pytest.mark.parametrize(
    ("level", "low", "high", "status"),
    [
        (20, 0, 90, CheckStatus.OK),  # ippeveprinter / PWG 5100.13: low 0, near-full at 90
        (91, 0, 90, CheckStatus.WARNING),  # past the near-full mark, 9 % space left
        (35, 90, 100, CheckStatus.OK),  # a low level on a receptacle is not a near-full mark
        (99, 0, 100, CheckStatus.CRITICAL),  # 1 % space left: the thresholds still apply
    ],
)
def test_waste_box_warns_at_its_near_full_mark(
    level: int, low: int, high: int, status: CheckStatus
) -> None:
    out = evaluate_printer(None, _waste_box(level, low, high), HealthSettings())
    assert _checks(out)["printer.supply.1"] == (
        status,
        f"Waste toner box {level} % full — Waste Toner Box",
    )
    assert out.supplies[0].level_percent == 100 - level


def test_ready_printer_with_an_empty_toner_says_its_supplies_need_attention() -> None:
    marker = IppMarker(1, "Black Toner", "#000000", "toner", 0, 10, 100)
    status = IppPrinterStatus(PrinterState.IDLE, (), None, None, None, None, (marker,))
    checks = _checks(evaluate_printer(None, status, HealthSettings()))
    assert checks["printer.status"] == (
        CheckStatus.OK,
        "Printer ready (idle); supplies need attention",
    )
    assert checks["printer.supply.1"] == (CheckStatus.CRITICAL, "Black toner empty — Black Toner")
