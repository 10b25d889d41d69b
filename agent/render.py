"""The scan's terminal output: what needs attention first, then the devices grouped by type,
then this PC and the network, then what ran and what went wrong. Device-supplied strings are
wrapped in ``Text`` so they are never read as markup."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from schemas import CheckResult, CheckStatus, Device, DeviceType, Report

TYPE_TITLES: dict[DeviceType, str] = {
    DeviceType.PRINTER: "Printers",
    DeviceType.PROJECTOR: "Projectors",
    DeviceType.ACCESS_POINT: "Wi-Fi access points",
    DeviceType.SWITCH: "Switches",
    DeviceType.ROUTER: "Routers",
    DeviceType.UPS: "UPS (battery backup)",
    DeviceType.NAS: "File servers / NAS",
    DeviceType.COMPUTER: "Computers",
    DeviceType.MEDIA_PLAYER: "TVs and media players",
    DeviceType.PHONE_TABLET: "Phones and tablets",
    DeviceType.CAMERA: "Cameras",
    DeviceType.UNKNOWN: "Not identified",
}
STATUS_STYLE = {
    CheckStatus.CRITICAL: "bold red",
    CheckStatus.WARNING: "yellow",
    CheckStatus.UNKNOWN: "dim",
    CheckStatus.OK: "green",
}
SEVERITY = {CheckStatus.CRITICAL: 0, CheckStatus.WARNING: 1, CheckStatus.UNKNOWN: 2}


def render_report(report: Report, console: Console) -> None:
    console.print(attention_table(report.devices))
    console.print(inventory_tables(report.devices))
    unchecked = unchecked_table(report.devices)
    if unchecked.row_count:
        console.print(unchecked)
    if report.host_checks:
        console.print(checks_table("This PC and the network", report.host_checks))
    console.print(methods_table(report))
    if report.scan.problems:
        console.print(problems_table(report))
    console.print(summary_line(report))


def device_name(device: Device) -> str:
    parts = [device.vendor, device.model]
    label = " ".join(p for p in parts if p) or device.mac_vendor or "Unidentified device"
    where = device.hostname or device.sys_name or (str(device.ips[0]) if device.ips else "")
    return f"{label} ({where})" if where else label


def status_text(status: CheckStatus) -> Text:
    return Text(status.value.upper(), style=STATUS_STYLE[status])


def _rows(
    devices: Iterable[Device], statuses: set[CheckStatus]
) -> list[tuple[CheckResult, Device]]:
    rows = [(c, d) for d in devices for c in d.checks if c.status in statuses]
    rows.sort(key=lambda row: (SEVERITY[row[0].status], row[1].device_type.value))
    return rows


def _checks_by_device(title: str, rows: list[tuple[CheckResult, Device]]) -> Table:
    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for column in ("Status", "Device", "What"):
        table.add_column(column, overflow="fold")
    for check, device in rows:
        what = check.summary + (f" ({check.reason})" if check.reason else "")
        table.add_row(status_text(check.status), Text(device_name(device)), Text(what))
    return table


def attention_table(devices: Iterable[Device]) -> Table:
    """Every warning and critical check, most serious first, in sentences a principal reads."""
    rows = _rows(devices, {CheckStatus.CRITICAL, CheckStatus.WARNING})
    return _checks_by_device("Needs attention", rows)


def unchecked_table(devices: Iterable[Device]) -> Table:
    """Checks that could not run (asleep, switched off, wrong password…), kept out of the way."""
    return _checks_by_device("Could not check", _rows(devices, {CheckStatus.UNKNOWN}))


def worst(checks: Iterable[CheckResult]) -> CheckStatus | None:
    found = [check.status for check in checks]
    if not found:
        return None
    return min(found, key=lambda status: SEVERITY.get(status, 3))


def inventory_tables(devices: list[Device]) -> Group:
    by_type: dict[DeviceType, list[Device]] = defaultdict(list)
    for device in devices:
        by_type[device.device_type].append(device)
    present = [kind for kind in TYPE_TITLES if kind in by_type]
    return Group(*(device_table(TYPE_TITLES[kind], by_type[kind]) for kind in present))


def device_table(title: str, devices: list[Device]) -> Table:
    table = Table(title=f"{title} ({len(devices)})", title_justify="left")
    for column in ("IP", "MAC", "Vendor", "Model", "Serial", "Name", "Health", "Why this type"):
        table.add_column(column, overflow="fold")
    for device in devices:
        table.add_row(*device_cells(device))
    return table


def health_cell(device: Device) -> Text:
    status = worst(device.checks)
    if status is None:
        return Text("")
    if status is CheckStatus.OK:
        return status_text(status)
    bad = sum(1 for check in device.checks if check.status is status)
    return status_text(status).append(f" ({bad})" if bad > 1 else "")


def device_cells(device: Device) -> list[Text]:
    cells = [
        ", ".join(str(ip) for ip in device.ips),
        (device.mac or "?") + (" (random)" if device.randomised_mac else ""),
        device.vendor or device.mac_vendor or "",
        device.model or "",
        device.serial or "",
        device.hostname or device.sys_name or "",
    ]
    return [*(Text(cell) for cell in cells), health_cell(device), Text(device.type_reason)]


def checks_table(title: str, checks: Iterable[CheckResult]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("Status", "Check", "What"):
        table.add_column(column, overflow="fold")
    for check in sorted(checks, key=lambda c: SEVERITY.get(c.status, 3)):
        what = check.summary + (f" ({check.reason})" if check.reason else "")
        table.add_row(status_text(check.status), Text(check.check_id), Text(what))
    return table


def methods_table(report: Report) -> Table:
    table = Table(title="Discovery methods", title_justify="left")
    for column in ("Method", "Found", "Time", "Error"):
        table.add_column(column)
    for run in report.scan.methods:
        table.add_row(
            run.method.value,
            str(run.observations),
            f"{run.duration_s:.1f} s",
            Text(run.error or ""),
        )
    return table


def problems_table(report: Report) -> Table:
    table = Table(title="Problems (the scan went on)", title_justify="left")
    for column in ("Where", "What"):
        table.add_column(column)
    for problem in report.scan.problems:
        where = str(problem.ip or problem.method or "")
        table.add_row(Text(where), Text(problem.message))
    return table


def summary_line(report: Report) -> Text:
    seconds = (report.scan.finished_at - report.scan.started_at).total_seconds()
    subnets = ", ".join(str(net) for net in report.scan.subnets)
    attention = sum(
        1 for d in report.devices if SEVERITY.get(worst(d.checks) or CheckStatus.OK, 9) < 2
    )
    return Text(
        f"{len(report.devices)} devices on {subnets} in {seconds:.1f} s; "
        f"{attention} need attention."
    )
