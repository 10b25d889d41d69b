"""Printer check on the real Printer-MIB recordings (exact values read from the files)."""

from __future__ import annotations

from agent.checks.base import CheckOutput
from agent.checks.config import HealthSettings
from agent.checks.printer import read_printer_mib
from agent.checks.printer_eval import evaluate_printer
from schemas.health import CheckStatus, SupplyKind
from tests.unit.checks.support import recording, run


def _check(name: str, settings: HealthSettings | None = None) -> CheckOutput:
    mib, failure = run(read_printer_mib(recording(name), HealthSettings()))
    assert failure is None
    return evaluate_printer(mib, None, settings or HealthSettings())


def _by_id(output: CheckOutput) -> dict[str, tuple[CheckStatus, str]]:
    return {r.check_id: (r.status, r.summary) for r in output.results}


def test_jetdirect_four_toners_63_63_88_36() -> None:
    out = _check("jetdirect_m252dw")
    assert [(s.name, s.colour, s.level_percent, s.status) for s in out.supplies] == [
        ("Black Cartridge HP CF400X", "black", 63.0, CheckStatus.OK),
        ("Cyan Cartridge HP CF401X", "cyan", 63.0, CheckStatus.OK),
        ("Magenta Cartridge HP CF403X", "magenta", 88.0, CheckStatus.OK),
        ("Yellow Cartridge HP CF402X", "yellow", 36.0, CheckStatus.OK),
    ]
    assert {s.kind for s in out.supplies} == {SupplyKind.TONER}
    checks = _by_id(out)
    assert checks["printer.supply.1"] == (
        CheckStatus.OK,
        "Black toner at 63 % — Black Cartridge HP CF400X",
    )
    assert checks["printer.supply.4"] == (
        CheckStatus.OK,
        "Yellow toner at 36 % — Yellow Cartridge HP CF402X",
    )
    assert checks["printer.status"] == (CheckStatus.OK, "Printer answering; no problems reported")
    assert checks["printer.paper"] == (
        CheckStatus.OK,
        "Tray 1: level not reported; Tray 2: paper present",
    )
    assert "printer.pages" not in checks  # the M252dw walk has no prtMarkerTable


def test_brother_empty_toner_is_critical_and_drum_68_percent() -> None:
    out = _check("brother_hl5370dw")
    toner, spare, drum = out.supplies
    assert (toner.raw_level, toner.raw_max, toner.level_percent, toner.status) == (
        0,
        -2,
        0.0,
        CheckStatus.CRITICAL,
    )
    assert (spare.raw_level, spare.level_percent, spare.status) == (-3, None, CheckStatus.OK)
    assert (drum.kind, drum.raw_level, drum.raw_max, drum.level_percent) == (
        SupplyKind.DRUM,
        17208,
        25000,
        68.0,
    )
    checks = _by_id(out)
    assert checks["printer.supply.1"] == (
        CheckStatus.CRITICAL,
        "Black toner empty — Black Toner Cartridge",
    )
    assert checks["printer.supply.2"] == (
        CheckStatus.OK,
        "Black toner: some left (exact level not reported) — Black Toner Cartridge",
    )
    assert checks["printer.supply.3"] == (CheckStatus.OK, "Drum at 68 % — Drum Unit")
    assert checks["printer.pages"] == (CheckStatus.OK, "7,792 pages printed")
    assert checks["printer.paper"] == (CheckStatus.OK, "MP TRAY: empty; TRAY1: paper present")


def test_epson_four_inks_at_one_percent_are_critical() -> None:
    out = _check("epson")
    assert [(s.colour, s.kind, s.level_percent, s.status) for s in out.supplies] == [
        (colour, SupplyKind.INK, 1.0, CheckStatus.CRITICAL)
        for colour in ("black", "cyan", "magenta", "yellow")
    ]
    checks = _by_id(out)
    assert checks["printer.supply.1"] == (
        CheckStatus.CRITICAL,
        "Black ink at 1 % — Black Ink Supply Unit T9441/T9451/T9461",
    )
    # hrDeviceStatus says "warning"; the empty inks explain it, so no extra vague warning
    assert checks["printer.status"][0] is CheckStatus.OK
    status = next(r for r in out.results if r.check_id == "printer.status")
    assert status.evidence["snmp.hrDeviceStatus"] == "warning"


def test_thresholds_are_configurable() -> None:
    strict = HealthSettings(supply={"warning": 70, "critical": 40})  # type: ignore[arg-type]
    statuses = [s.status for s in _check("jetdirect_m252dw", strict).supplies]
    assert statuses == [
        CheckStatus.WARNING,
        CheckStatus.WARNING,
        CheckStatus.OK,
        CheckStatus.CRITICAL,
    ]


def test_every_result_fits_the_schema_and_unknown_says_why() -> None:
    for name in ("jetdirect_m252dw", "brother_hl5370dw", "epson"):
        for result in _check(name).results:
            assert result.summary
            if result.status is CheckStatus.UNKNOWN:
                assert result.reason
