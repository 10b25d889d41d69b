"""Printer conditions (jam, door open, toner low, ...) from every place a printer reports
them: the Printer-MIB alert table, hrPrinterDetectedErrorState bits, the front-panel text and
IPP printer-state-reasons. Pure. Duplicates (SNMP and IPP both saying "jam") merge by key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agent.checks import printer_rows as r
from agent.checks.base import Severity
from agent.checks.printer_rows import ConditionKind
from agent.checks.printer_snmp import PrinterMib, SnmpAlert
from agent.ipp.status import IppPrinterStatus, ReasonLevel, StateReason

_SUFFIX_SEVERITY = {
    ReasonLevel.ERROR: Severity.CRITICAL,
    ReasonLevel.WARNING: Severity.WARNING,
    ReasonLevel.REPORT: Severity.INFO,
    ReasonLevel.UNSPECIFIED: Severity.INFO,
}


@dataclass(frozen=True)
class Condition:
    key: str
    severity: Severity
    label: str
    sources: tuple[str, ...]  # "SNMP alert 1104", "IPP toner-low-report", ...
    detail: str | None = None  # the printer's own words, when it gave some
    supply_index: str | None = None  # Printer-MIB supply the condition names, if any


def _make(kind: ConditionKind, source: str, **extra: str | None) -> Condition:
    return Condition(kind.key, kind.severity, kind.label, (source,), **extra)


def from_mib(mib: PrinterMib) -> list[Condition]:
    alerts = [_from_alert(alert) for alert in mib.alerts]
    bits = [
        _make(r.ERROR_BITS[bit], f"hrPrinterDetectedErrorState bit {bit}")
        for bit in sorted(mib.error_bits)
        if bit in r.ERROR_BITS
    ]
    return [*alerts, *bits, *from_console(mib.console)]


def _from_alert(alert: SnmpAlert) -> Condition:
    code = alert.code if alert.code is not None else -1
    kind = r.ALERT_CODES.get(code) or _unlisted_alert(alert, code)
    pinned = alert.group == r.ALERT_GROUP_SUPPLIES and alert.group_index is not None
    supply = f"{alert.index.split('.')[0]}.{alert.group_index}" if pinned else None
    return _make(kind, f"SNMP alert {code}", detail=alert.description, supply_index=supply)


def _unlisted_alert(alert: SnmpAlert, code: int) -> ConditionKind:
    severity = r.ALERT_SEVERITY.get(alert.severity or 1, Severity.WARNING)
    if alert.training == r.NO_INTERVENTION:
        severity = Severity.INFO
    return ConditionKind(f"alert-{code}", severity, alert.description or f"Printer alert {code}")


def from_console(lines: Iterable[str]) -> list[Condition]:
    found = []
    for line in lines:
        for pattern, kind in r.CONSOLE_PATTERNS:
            if pattern.search(line):
                found.append(_make(kind, "front panel", detail=line))
                break
    return found


def from_ipp(status: IppPrinterStatus) -> list[Condition]:
    return [_from_reason(reason) for reason in status.reasons]


def _from_reason(reason: StateReason) -> Condition:
    source = f"IPP {reason.keyword}" + (
        "" if reason.level is ReasonLevel.UNSPECIFIED else f"-{reason.level}"
    )
    known = r.IPP_REASONS.get(reason.keyword)
    if known is not None:
        severity = max(known.severity, _SUFFIX_SEVERITY[reason.level])
        return Condition(known.key, severity, known.label, (source,))
    return Condition(
        reason.keyword, _unknown_reason_severity(reason), _words(reason.keyword), (source,)
    )


def _unknown_reason_severity(reason: StateReason) -> Severity:
    if reason.keyword.startswith(r.IPP_INFO_PREFIXES):
        return Severity.INFO
    if reason.level is ReasonLevel.UNSPECIFIED:
        return Severity.WARNING  # RFC 8011 says "error"; a bare unknown keyword is not worth more
    return _SUFFIX_SEVERITY[reason.level]


def _words(keyword: str) -> str:
    return keyword.replace("-", " ").strip().capitalize()[:80] or "Unknown condition"


def merge(conditions: Iterable[Condition]) -> list[Condition]:
    """One condition per key: highest severity, all sources, first detail; worst first."""
    merged: dict[str, Condition] = {}
    for cond in conditions:
        seen = merged.get(cond.key)
        if seen is None:
            merged[cond.key] = cond
            continue
        merged[cond.key] = Condition(
            key=cond.key,
            severity=max(seen.severity, cond.severity),
            label=seen.label,
            sources=tuple(dict.fromkeys(seen.sources + cond.sources)),
            detail=seen.detail or cond.detail,
            supply_index=seen.supply_index or cond.supply_index,
        )
    return sorted(merged.values(), key=lambda c: -c.severity)
