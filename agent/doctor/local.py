"""Findings about this PC: scan interface and subnets, raw sockets, outbox, last run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Network
from pathlib import Path

from agent.doctor.model import Finding, fail, ok, unknown, warn
from agent.last_run import load_last_run
from agent.net.errors import NetConfigError
from agent.net.interfaces import ScanInterface, _read_default_route, select_interface
from agent.outbox.status import outbox_status
from agent.settings import Settings

STALE = timedelta(hours=36)
CAP_FIX = (
    "run the agent as root or give it CAP_NET_RAW (the packaged service does: "
    "AmbientCapabilities=CAP_NET_RAW)"
)


def interface_finding(
    settings: Settings,
) -> tuple[Finding, ScanInterface | None, list[IPv4Network]]:
    from agent.run import targets

    try:
        interface = select_interface(settings.scan.interface)
        subnets = targets(settings, interface)
    except NetConfigError as exc:
        fix = f"set {exc.key} in the configuration" if getattr(exc, "key", None) else "see above"
        return fail("interface", f"Cannot scan: {exc}", fix), None, []
    if settings.scan.interface:
        why = "named in the configuration (scan.interface)"
    elif interface.name == _read_default_route():
        why = "it carries the default route"
    else:
        why = "the first interface that is up with an IPv4 address (no default route)"
    where = "from the configuration (scan.subnets)" if settings.scan.subnets else "its own subnet"
    nets = ", ".join(str(n) for n in subnets)
    message = f"Scanning {nets} ({where}) from {interface.name} {interface.ip}: {why}"
    return ok("interface", message), interface, subnets


def raw_socket_finding(interface: ScanInterface) -> Finding:
    from agent.arp.sweep import ArpSweepError, RawSocketUnavailableError, open_arp_socket

    try:
        open_arp_socket(interface.name).close()
    except RawSocketUnavailableError:
        return warn(
            "raw_sockets",
            "No raw-socket rights, so devices are found from the system's neighbour table "
            "instead of an ARP sweep (slower, and quiet devices may be missed)",
            CAP_FIX,
        )
    except ArpSweepError as exc:
        return warn("raw_sockets", f"No ARP sweep possible on {interface.name} ({exc})", CAP_FIX)
    return ok("raw_sockets", f"Raw sockets allowed on {interface.name}: active ARP sweep")


def outbox_finding(state_dir: Path, now: datetime) -> Finding:
    status = outbox_status(state_dir)
    aside = status.held + status.rejected
    if aside:
        reason = status.held_reasons[0] if status.held_reasons else ""
        return warn(
            "outbox",
            f"{aside} report(s) moved aside on this PC ({status.held} held, {status.rejected} "
            f"refused); first reason: {reason[:300]}",
            "fix the cause, then: lankeeper-agent send --requeue-held --requeue-rejected",
        )
    if status.queued and status.oldest and now - status.oldest > STALE:
        return warn(
            "outbox",
            f"{status.queued} report(s) waiting to be sent, the oldest since "
            f"{status.oldest:%Y-%m-%d %H:%M} UTC ({status.failing} failing)",
            "check the collector findings below, then run: lankeeper-agent send",
        )
    oldest = f", oldest from {status.oldest:%Y-%m-%d %H:%M} UTC" if status.oldest else ""
    where = state_dir / "outbox"
    return ok(
        "outbox", f"Outbox {where}: {status.queued} report(s) queued{oldest}, none held aside"
    )


def last_run_finding(state_dir: Path, now: datetime) -> Finding:
    record = load_last_run(state_dir)
    if record is None:
        return unknown("last_run", f"No run recorded yet in {state_dir}")
    when = f"{record.finished_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    text = f"Last {record.command} {when}: {record.summary}"
    if not record.ok:
        return warn("last_run", text, "see the findings above for the cause")
    if now - record.finished_at > STALE:
        return warn(
            "last_run",
            f"No run since {when}",
            "check that the nightly timer runs (journalctl -u lankeeper-agent)",
        )
    return ok("last_run", text)
