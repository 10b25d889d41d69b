"""Printer-MIB and HOST-RESOURCES rows -> typed printer facts. Pure; never raises.

Values of the wrong SNMP type are treated as absent; text is trimmed and bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.checks import printer_rows as r
from agent.checks.snmp_data import Rows, Table, index_key, number, octets, table, text
from agent.snmp.values import Value

Row = dict[int, Value]

MAX_ROWS = 64


@dataclass(frozen=True)
class SnmpSupply:
    index: str  # "<hrDeviceIndex>.<supply index>"
    description: str | None
    supply_class: int | None
    supply_type: int | None
    unit: int | None
    max_capacity: int | None
    level: int | None
    colorant: str | None


@dataclass(frozen=True)
class SnmpAlert:
    index: str
    severity: int | None
    training: int | None
    group: int | None
    group_index: int | None
    code: int | None
    description: str | None


@dataclass(frozen=True)
class Tray:
    index: str
    name: str
    tray_type: int | None
    max_capacity: int | None
    level: int | None


@dataclass(frozen=True)
class PrinterMib:
    supplies: tuple[SnmpSupply, ...]
    alerts: tuple[SnmpAlert, ...]
    trays: tuple[Tray, ...]
    page_count: int | None
    printer_status: int | None  # hrPrinterStatus
    device_status: int | None  # hrDeviceStatus of the printer device
    error_bits: frozenset[int]  # hrPrinterDetectedErrorState, bit 0 = MSB of octet 1
    console: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.supplies or self.alerts or self.trays) and self.printer_status is None


def parse_printer_mib(values: Rows) -> PrinterMib:
    hr = table(values, r.HR_PRINTER_ENTRY, (1, 2))
    first_hr = hr[min(hr, key=index_key)] if hr else {}
    return PrinterMib(
        supplies=parse_supplies(values),
        alerts=parse_alerts(values),
        trays=parse_trays(values),
        page_count=_page_count(values),
        printer_status=number(first_hr.get(1)),
        device_status=_device_status(values, hr),
        error_bits=decode_error_state(octets(first_hr.get(2))),
        console=_console(values),
    )


def decode_error_state(value: bytes | None) -> frozenset[int]:
    """hrPrinterDetectedErrorState: bit 0 is the MOST significant bit of the first octet
    (0x80 = lowPaper), bit 8 the MSB of the second; a one-octet value is the high byte."""
    if not value:
        return frozenset()
    return frozenset(
        8 * position + bit
        for position, octet in enumerate(value[:4])
        for bit in range(8)
        if octet & (0x80 >> bit)
    )


def parse_supplies(values: Rows) -> tuple[SnmpSupply, ...]:
    rows = table(values, r.SUPPLY_ENTRY, (3, 4, 5, 6, 7, 8, 9))
    colorants = table(values, r.COLORANT_ENTRY, (4,))
    return tuple(
        _supply(index, row, colorants) for index, row in _sorted(rows) if _has_supply_data(row)
    )


def _has_supply_data(row: Row) -> bool:
    return any(col in row for col in (5, 6, 9))


def _supply(index: str, row: Row, colorants: Table) -> SnmpSupply:
    colorant_index = number(row.get(3))
    device = index.split(".", maxsplit=1)[0]
    colorant = colorants.get(f"{device}.{colorant_index}", {}).get(4) if colorant_index else None
    return SnmpSupply(
        index=index,
        description=text(row.get(6)),
        supply_class=number(row.get(4)),
        supply_type=number(row.get(5)),
        unit=number(row.get(7)),
        max_capacity=number(row.get(8)),
        level=number(row.get(9)),
        colorant=text(colorant, 64),
    )


def parse_alerts(values: Rows) -> tuple[SnmpAlert, ...]:
    rows = table(values, r.ALERT_ENTRY, (2, 3, 4, 5, 7, 8))
    return tuple(
        SnmpAlert(
            index=index,
            severity=number(row.get(2)),
            training=number(row.get(3)),
            group=number(row.get(4)),
            group_index=number(row.get(5)),
            code=number(row.get(7)),
            description=text(row.get(8)),
        )
        for index, row in _sorted(rows)
    )


def parse_trays(values: Rows) -> tuple[Tray, ...]:
    rows = table(values, r.INPUT_ENTRY, (2, 9, 10, 13, 18))
    return tuple(
        Tray(
            index=index,
            name=text(row.get(13)) or text(row.get(18)) or f"Tray {index.split('.')[-1]}",
            tray_type=number(row.get(2)),
            max_capacity=number(row.get(9)),
            level=number(row.get(10)),
        )
        for index, row in _sorted(rows)
        if 10 in row
    )


def _page_count(values: Rows) -> int | None:
    rows = table(values, r.MARKER_ENTRY, (4,))
    counts = [number(row.get(4)) for _, row in _sorted(rows)]
    known = [count for count in counts if count is not None and count >= 0]
    return known[0] if known else None


def _device_status(values: Rows, hr: Table) -> int | None:
    """hrDeviceStatus of the (first) device that has an hrPrinterEntry, else of device 1."""
    device = min(hr, key=index_key) if hr else "1"
    return number(values.get(f"{r.HR_DEVICE_STATUS}.{device}"))


def _console(values: Rows) -> tuple[str, ...]:
    rows = table(values, r.CONSOLE_ENTRY, (2,))
    lines = (text(row.get(2), 128) for _, row in _sorted(rows))
    return tuple(line for line in lines if line)


def _sorted(rows: Table) -> list[tuple[str, Row]]:
    return sorted(rows.items(), key=lambda item: index_key(item[0]))[:MAX_ROWS]
