"""Judge a printer from what SNMP (Printer-MIB) and IPP said — either, both, or neither. Pure.

Results: ``printer.status`` (conditions: jam, door, toner low...), ``printer.supply.<n>`` per
supply (plus ``Supply`` records), ``printer.paper`` (trays) and ``printer.pages`` (counter).
A printer that answered neither protocol is ``unknown`` "asleep or off", never critical.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.checks import printer_rows as r
from agent.checks.base import (
    SEVERITY_STATUS,
    CheckOutput,
    Severity,
    metric,
    result,
    slug,
    unknown,
    worst,
)
from agent.checks.config import HealthSettings
from agent.checks.printer_conditions import Condition, from_ipp, from_mib, merge
from agent.checks.printer_snmp import PrinterMib, Tray
from agent.checks.printer_supplies import SupplyReading, from_snmp, judge, merge_readings
from agent.checks.printer_supplies import from_ipp as reading_from_ipp
from agent.ipp.status import IppPrinterStatus, PrinterState
from schemas.health import CheckResult, CheckStatus

ASLEEP = "asleep or off"
_IPP_STATES = {
    PrinterState.IDLE: "idle",
    PrinterState.PROCESSING: "printing",
    PrinterState.STOPPED: "stopped",
}


def evaluate_printer(
    mib: PrinterMib | None,
    ipp: IppPrinterStatus | None,
    settings: HealthSettings,
    failures: Sequence[str] = (),
) -> CheckOutput:
    """All printer results; ``failures`` says why a protocol gave nothing (for evidence)."""
    if (mib is None or mib.empty) and ipp is None:
        return CheckOutput((_silent(mib, failures),))
    raw = [*(from_mib(mib) if mib else []), *(from_ipp(ipp) if ipp else [])]
    readings = merge_readings(
        [from_snmp(s) for s in mib.supplies] if mib else [],
        [reading_from_ipp(m) for m in ipp.markers] if ipp else [],
    )
    judged = [judge(reading, settings, _pinned(reading, readings, raw)) for reading in readings]
    alarm = any(check.status in (CheckStatus.WARNING, CheckStatus.CRITICAL) for check, _ in judged)
    results = [status_result(mib, ipp, merge(raw), alarm, failures), *(c for c, _ in judged)]
    results += [x for x in (paper_result(mib.trays if mib else ()), _pages(mib)) if x]
    return CheckOutput(tuple(results), tuple(supply for _, supply in judged))


def _silent(mib: PrinterMib | None, failures: Sequence[str]) -> CheckResult:
    evidence = {f"failure.{n}": text for n, text in enumerate(failures, start=1)}
    if mib is not None:
        reason = "answers SNMP without Printer-MIB data, and IPP did not answer"
        return result("printer.status", CheckStatus.UNKNOWN, "Printer status not available",
                      reason=reason, evidence=evidence)  # fmt: skip
    why = f"{ASLEEP}: no answer to SNMP or IPP"
    return result("printer.status", CheckStatus.UNKNOWN,
                  "Printer not answering — probably asleep or switched off", reason=why,
                  evidence=evidence)  # fmt: skip


def _pinned(
    reading: SupplyReading, readings: Sequence[SupplyReading], raw: Sequence[Condition]
) -> list[Condition]:
    """Conditions that name this supply, or that can only mean it (one supply of the kind)."""
    same_kind = [x for x in readings if x.kind is reading.kind]
    pinned = []
    for cond in raw:
        if cond.severity is Severity.INFO:
            continue
        if cond.supply_index is not None:
            device, _, position = cond.supply_index.partition(".")
            key = position if device == "1" else f"{device}-{position}"
            if key == reading.key and reading.source.startswith("snmp"):
                pinned.append(cond)
        elif r.CONDITION_KINDS.get(cond.key) is reading.kind and len(same_kind) == 1:
            pinned.append(cond)
    return pinned


def status_result(
    mib: PrinterMib | None,
    ipp: IppPrinterStatus | None,
    conditions: Sequence[Condition],
    supplies_alarm: bool,
    failures: Sequence[str] = (),
) -> CheckResult:
    active = [c for c in conditions if c.severity > Severity.INFO] + _state_conditions(
        mib, ipp, conditions, supplies_alarm
    )
    status = worst(SEVERITY_STATUS[c.severity] for c in active)
    summary = "; ".join(dict.fromkeys(c.label for c in active)) or _ready_text(
        mib, ipp, supplies_alarm
    )
    return result(
        "printer.status", status, summary, evidence=_status_evidence(mib, ipp, conditions, failures)
    )


def _state_conditions(
    mib: PrinterMib | None,
    ipp: IppPrinterStatus | None,
    found: Sequence[Condition],
    supplies_alarm: bool,
) -> list[Condition]:
    extra = []
    has_active = any(c.severity > Severity.INFO for c in found)
    if mib and mib.device_status == 5:
        extra.append(
            Condition(
                "device-down", Severity.CRITICAL, "Printer reports it is down", ("hrDeviceStatus",)
            )
        )
    elif mib and mib.device_status == 3 and not has_active and not supplies_alarm:
        label = "Printer signals a warning it does not explain"
        extra.append(Condition("device-warning", Severity.WARNING, label, ("hrDeviceStatus",)))
    if ipp and ipp.state is PrinterState.STOPPED and not has_active:
        extra.append(
            Condition("stopped", Severity.WARNING, "Printer stopped", ("IPP printer-state",))
        )
    return extra


def _ready_text(
    mib: PrinterMib | None, ipp: IppPrinterStatus | None, supplies_alarm: bool = False
) -> str:
    """No condition reported; a low or empty supply is not "no problems" (its own check
    carries the status)."""
    if ipp and ipp.state is not None:
        text = f"Printer ready ({_IPP_STATES[ipp.state]})"
    elif mib and mib.printer_status in r.HR_PRINTER_STATUS_NAMES:
        text = f"Printer ready ({r.HR_PRINTER_STATUS_NAMES[mib.printer_status]})"
    else:
        text = "Printer answering"
        if not supplies_alarm:
            return f"{text}; no problems reported"
    return f"{text}; supplies need attention" if supplies_alarm else text


def _status_evidence(
    mib: PrinterMib | None,
    ipp: IppPrinterStatus | None,
    conditions: Sequence[Condition],
    failures: Sequence[str],
) -> dict[str, str]:
    evidence: dict[str, str] = {}
    if ipp:
        evidence["ipp.state"] = _IPP_STATES[ipp.state] if ipp.state else "not reported"
        evidence["ipp.reasons"] = ", ".join(f"{x.keyword}-{x.level}" for x in ipp.reasons) or "none"
    if mib:
        evidence["snmp.hrPrinterStatus"] = str(mib.printer_status)
        evidence["snmp.hrDeviceStatus"] = r.HR_DEVICE_STATUS_NAMES.get(
            mib.device_status or 0, str(mib.device_status)
        )
        evidence["snmp.errorBits"] = ",".join(map(str, sorted(mib.error_bits))) or "none"
        if mib.console:
            evidence["snmp.console"] = " | ".join(mib.console)
    for cond in conditions:
        detail = f": {cond.detail}" if cond.detail else ""
        evidence[f"condition.{cond.key}"] = (
            f"{cond.label} [{cond.severity.name.lower()}] ({', '.join(cond.sources)}){detail}"
        )
    evidence.update({f"failure.{n}": text for n, text in enumerate(failures, start=1)})
    return evidence


def paper_result(trays: Sequence[Tray]) -> CheckResult | None:
    """Trays: warning only when every automatic tray is empty (an empty manual feed is normal)."""
    if not trays:
        return None
    auto = [t for t in trays if not _manual(t)]
    stuck = bool(auto) and all(t.level == 0 for t in auto)
    status = CheckStatus.WARNING if stuck else CheckStatus.OK
    summary = (
        "Out of paper in every tray"
        if stuck
        else "; ".join(f"{t.name}: {_tray_text(t)}" for t in trays)
    )
    metrics = [
        metric(f"tray.{slug(t.name)}", p, "%") for t in trays if (p := _tray_percent(t)) is not None
    ]
    return result("printer.paper", status, summary, metrics=metrics)


def _manual(tray: Tray) -> bool:
    return tray.tray_type == r.MANUAL_TRAY or bool(r.MANUAL_TRAY_NAMES.search(tray.name))


def _tray_percent(tray: Tray) -> float | None:
    if tray.level is None or tray.level < 0:
        return None
    if tray.level == 0:
        return 0.0
    top = tray.max_capacity
    return float(min(100, tray.level * 100 // top)) if top and top > 0 else None


def _tray_text(tray: Tray) -> str:
    percent = _tray_percent(tray)
    if percent is not None:
        return "empty" if percent == 0 else f"{percent:.0f} %"
    return "paper present" if tray.level == -3 or (tray.level or 0) > 0 else "level not reported"


def _pages(mib: PrinterMib | None) -> CheckResult | None:
    if mib is None or mib.page_count is None:
        return None
    count = mib.page_count
    return result(
        "printer.pages",
        CheckStatus.OK,
        f"{count:,} pages printed",
        metrics=[metric("pages", count, "pages")],
    )


def unknown_status(reason: str) -> CheckOutput:
    return CheckOutput((unknown("printer.status", "Printer status not available", reason),))
