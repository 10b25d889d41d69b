"""The run's health pass: every device's checks, the agent's own PC, and the network.

Devices reach their checks through what discovery learned: the SNMP credential that
answered (by name, looked up in the settings), the address that answered ARP, and whether
the device answered at all this run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import requests

from agent.checks.base import DeviceSources, Reachability
from agent.checks.host import run_host_checks
from agent.checks.network import NetworkTargets, run_network_checks
from agent.checks.runner import DeviceJob, run_all
from agent.discovery.merge import DeviceObservations
from agent.net.route import default_gateway
from agent.settings import Settings
from agent.snmp.client import SnmpClient
from agent.snmp.credentials import Credential
from schemas import CheckResult, Device

log = logging.getLogger(__name__)

ROUTE_FILE = Path("/proc/net/route")


def _credentials(settings: Settings, group: DeviceObservations) -> dict[str, Credential]:
    """The credentials this device was probed with, by name (its override's, else the pool)."""
    ip = group.snmp.ip if group.snmp is not None else None
    pool = settings.credential_plan().snmp_for(ip, group.mac)
    return {credential.name: credential for credential in pool}


def sources_for(
    group: DeviceObservations,
    client: SnmpClient,
    credentials: dict[str, Credential],
    previous_uptimes: Mapping[str, float],
) -> DeviceSources:
    snmp = None
    if group.snmp is not None and group.snmp.credential in credentials:
        snmp = client.session(group.snmp.ip, credentials[group.snmp.credential])
    answered = bool(group.links or group.snmp or group.mdns or group.ports)
    method = group.links[0].method.value if group.links else "mdns"
    previous = previous_uptimes.get(group.mac) if group.mac else None
    seen = Reachability(answered=answered, method=method)
    return DeviceSources(snmp=snmp, seen=seen, previous_uptime_s=previous)


async def check_devices(
    settings: Settings,
    *,
    groups: Sequence[DeviceObservations],
    devices: Sequence[Device],
    client: SnmpClient,
    deadline_s: float,
    previous_uptimes: Mapping[str, float],
) -> list[Device]:
    """``devices`` with their check results and supplies filled in (same order)."""
    plan = settings.credential_plan()
    jobs = [
        DeviceJob(
            device,
            replace(
                sources_for(group, client, _credentials(settings, group), previous_uptimes),
                pjlink_password=plan.pjlink_for(device.ips[0] if device.ips else None, group.mac),
            ),
        )
        for group, device in zip(groups, devices, strict=True)
    ]
    outputs = await run_all(
        jobs,
        settings.health_settings(),
        concurrency=settings.scan.concurrency,
        deadline_s=deadline_s,
    )
    return [
        device.model_copy(update={"checks": list(out.results), "supplies": list(out.supplies)})
        for device, out in zip(devices, outputs, strict=True)
    ]


def network_targets(settings: Settings, collector_url: str | None = None) -> NetworkTargets:
    """Gateway (configured, else the default route's), DNS name, and the collector if known."""
    gateway = settings.network.gateway
    if gateway is None and ROUTE_FILE.exists():
        gateway = default_gateway(ROUTE_FILE.read_text(encoding="ascii", errors="replace"))
    url = urlsplit(collector_url) if collector_url else None
    tls = url is not None and url.scheme == "https"
    return NetworkTargets(
        gateway=gateway,
        dns_name=settings.network.dns_name or _name_only(url.hostname if url else None),
        collector_host=url.hostname if url else None,
        collector_port=(url.port or (443 if tls else 80)) if url else 443,
        collector_tls=tls,
    )


def _name_only(host: str | None) -> str | None:
    """A host name worth resolving (an IP literal proves nothing about DNS)."""
    try:
        ip_address(host or "")
    except ValueError:
        return host or None
    return None


def collector_clock(url: str, timeout_s: float) -> tuple[str | None, datetime]:
    """The collector's ``Date`` header (from its health endpoint) and when it arrived."""
    try:
        reply = requests.get(f"{url.rstrip('/')}/healthz", timeout=timeout_s)
    except requests.RequestException as exc:
        log.info("collector clock not read: %s", exc)
        return None, datetime.now(UTC)
    return reply.headers.get("Date"), datetime.now(UTC)


async def check_host_and_network(
    settings: Settings, collector_url: str | None = None
) -> list[CheckResult]:
    health = settings.health_settings()
    date, received = None, None
    if collector_url:
        date, received = await asyncio.to_thread(
            collector_clock, collector_url, health.request_timeout_s
        )
    host, network = await asyncio.gather(
        run_host_checks(health, collector_date=date, received_at=received),
        run_network_checks(network_targets(settings, collector_url), health),
    )
    return host + network
