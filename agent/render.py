"""The scan's terminal output: devices grouped by type, then what ran and what went wrong."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from schemas import Device, DeviceType, Report

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


def render_report(report: Report, console: Console) -> None:
    console.print(inventory_tables(report.devices))
    console.print(methods_table(report))
    if report.scan.problems:
        console.print(problems_table(report))
    console.print(summary_line(report))


def inventory_tables(devices: list[Device]) -> Group:
    by_type: dict[DeviceType, list[Device]] = defaultdict(list)
    for device in devices:
        by_type[device.device_type].append(device)
    tables = [
        device_table(TYPE_TITLES[kind], by_type[kind]) for kind in TYPE_TITLES if kind in by_type
    ]
    return Group(*tables)


def device_table(title: str, devices: list[Device]) -> Table:
    table = Table(title=f"{title} ({len(devices)})", title_justify="left", expand=False)
    for column in ("IP", "MAC", "Vendor", "Model", "Serial", "Name", "Why this type"):
        table.add_column(column, overflow="fold")
    for device in devices:
        table.add_row(*device_cells(device))
    return table


def device_cells(device: Device) -> list[Text]:
    cells = [
        ", ".join(str(ip) for ip in device.ips),
        (device.mac or "?") + (" (random)" if device.randomised_mac else ""),
        device.vendor or device.mac_vendor or "",
        device.model or "",
        device.serial or "",
        device.hostname or device.sys_name or "",
        device.type_reason,
    ]
    return [Text(cell) for cell in cells]  # Text(): device-supplied strings are not markup


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
    return Text(f"{len(report.devices)} devices on {subnets} in {seconds:.1f} s.")
