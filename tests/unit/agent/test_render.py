"""The terminal output: serious things first, unknowns out of the way, device text not markup."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from agent.render import render_report
from schemas import CheckResult, CheckStatus, Report

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.json"


def _rendered(report: Report) -> str:
    console = Console(width=200, record=True, color_system=None)
    render_report(report, console)
    return console.export_text()


def _with_checks(*checks: CheckResult, name: str = "staffroom-printer") -> Report:
    report = Report.model_validate_json(EXAMPLE.read_bytes())
    device = report.devices[0].model_copy(update={"checks": list(checks), "hostname": name})
    return report.model_copy(update={"devices": [device]})


def test_warnings_come_before_the_inventory_and_unknowns_after() -> None:
    out = _rendered(
        _with_checks(
            CheckResult(check_id="printer.supply.1", status=CheckStatus.CRITICAL,
                        summary="Black toner empty — CF400X"),
            CheckResult(check_id="printer.status", status=CheckStatus.UNKNOWN,
                        summary="Printer status not available", reason="asleep or off"),
        )
    )  # fmt: skip
    assert out.index("Needs attention (1)") < out.index("Black toner empty — CF400X")
    assert out.index("Black toner empty") < out.index("Printers (1)")
    assert out.index("Printers (1)") < out.index("Could not check (1)")
    assert out.index("Could not check (1)") < out.index("asleep or off")
    assert "1 need attention" in out


def test_device_supplied_text_is_shown_literally() -> None:
    out = _rendered(_with_checks(name="[bold red]evil[/]"))
    assert "[bold red]evil[/]" in out
