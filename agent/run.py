"""One agent cycle: discover → merge & classify → report.

This is the only place that may catch ``Exception``: a method that fails becomes a ``Problem``
and the run goes on (partial beats nothing). Every method runs under its own time budget and
the whole run under ``scan.deadline_s``.

Error tree (fatal, raised before anything is sent)::

    NetConfigError (agent.net.errors)  — no usable interface, or a target the safety rules refuse
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv4Network
from typing import Any, TypeVar

from agent.discovery.merge import DeviceObservations, group_by_device
from agent.discovery.observations import (
    LinkObservation,
    MdnsObservation,
    Observations,
    PortObservation,
    ProbeMiss,
    SnmpObservation,
)
from agent.discovery.projectors import identify_projectors
from agent.health import check_devices, check_host_and_network
from agent.knowledge.device import build_device
from agent.net.interfaces import ScanInterface, select_interface
from agent.net.safety import check_scan_targets
from agent.pjlink.search import SEARCH_PORT, SearchHit, search
from agent.report.build import ScanOutcome, build_report
from agent.settings import Settings
from agent.snmp.client import SnmpClient
from agent.snmp.probe import probe_snmp
from schemas import Device, Method, MethodRun, Problem, Report, SettingsInfo

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[str], None]


@dataclass
class _Journal:
    """What the methods of one run did: timings and problems, in order."""

    methods: list[MethodRun] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    async def run(
        self,
        method: Method,
        work: Awaitable[T],
        budget_s: float,
        count: Callable[[T], int],
        reraise: type[Exception] | None = None,
    ) -> T | None:
        started, clock = datetime.now(UTC), time.monotonic()
        result: T | None = None
        error: str | None = None
        try:
            result = await asyncio.wait_for(work, timeout=budget_s)
        except TimeoutError:
            error = f"did not finish within {budget_s:.0f} s; results so far were kept"
        except Exception as exc:  # the run loop turns any failure into a problem
            if reraise is not None and isinstance(exc, reraise):
                self._record(method, started, clock, 0, str(exc))
                raise
            log.warning(
                "%s failed: %s", method.value, exc, exc_info=log.isEnabledFor(logging.DEBUG)
            )
            error = f"{type(exc).__name__}: {exc}"
        self._record(method, started, clock, count(result) if result is not None else 0, error)
        return result

    def _record(
        self, method: Method, started: datetime, clock: float, found: int, error: str | None
    ) -> None:
        duration = time.monotonic() - clock
        run = MethodRun(
            method=method, started_at=started, duration_s=duration, observations=found, error=error
        )
        self.methods.append(run)
        if error:
            problem = Problem(code=f"{method.value}.failed", message=error, method=method)
            self.problems.append(problem)


def targets(settings: Settings, interface: ScanInterface) -> list[IPv4Network]:
    subnets = list(settings.scan.subnets) or [interface.network]
    check_scan_targets(
        subnets,
        allow_public=settings.scan.allow_public,
        force=settings.scan.force_large,
        rate_pps=settings.scan.arp_rate_pps,
    )
    return subnets


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.1, self._end - time.monotonic())


@dataclass
class _Run:
    """One cycle's fixed inputs and its journal, handed to every phase."""

    settings: Settings
    interface: ScanInterface
    subnets: list[IPv4Network]
    client: SnmpClient
    progress: Progress
    journal: _Journal = field(default_factory=_Journal)
    deadline: _Deadline = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = _Deadline(self.settings.scan.deadline_s)

    async def timed(
        self, method: Method, work: Awaitable[T], count: Callable[[Any], int] = len
    ) -> T | None:
        return await self.journal.run(method, work, self.deadline.left(), count)


@dataclass(frozen=True)
class Context:
    """What a run knows from outside the network: the collector (when enrolled) and what the
    previous run saw (uptimes by MAC, for reboot detection)."""

    collector_url: str | None = None
    previous_uptimes: Mapping[str, float] = field(default_factory=dict)
    settings_info: SettingsInfo | None = None  # which settings this run uses (1.2)


async def run_scan(
    settings: Settings, progress: Progress = lambda _: None, context: Context | None = None
) -> Report:
    """Run one full cycle and return its report (never raises for a device's fault)."""
    context = context or Context()
    interface = select_interface(settings.scan.interface)
    subnets = targets(settings, interface)
    started = datetime.now(UTC)
    snmp = settings.snmp
    async with SnmpClient(timeout_s=snmp.timeout_s, retries=snmp.retries) as client:
        run = _Run(settings, interface, subnets, client, progress)
        observations = await _discover(run)
        groups = group_by_device(observations)
        devices = await _describe(run, groups)
        progress(f"Checking the health of {len(devices)} devices…")
        checked = check_devices(
            settings,
            groups=groups,
            devices=devices,
            client=client,
            deadline_s=run.deadline.left(),
            previous_uptimes=context.previous_uptimes,
        )
        devices = await run.timed(Method.HEALTH, checked) or devices
    host_checks = await check_host_and_network(settings, context.collector_url)
    outcome = ScanOutcome(
        report_id=uuid.uuid4(),
        started_at=started,
        finished_at=datetime.now(UTC),
        interface=interface.name,
        subnets=subnets,
        methods=run.journal.methods,
        problems=[
            *run.journal.problems,
            *_miss_problems(observations.misses),
            *snmp_silence(settings, observations),
        ],
        devices=devices,
        host_checks=host_checks,
        settings_info=context.settings_info,
    )
    return build_report(settings, outcome)


async def _describe(run: _Run, groups: Sequence[DeviceObservations]) -> list[Device]:
    """Classify and describe every device, asking projectors their names over PJLink first."""
    plan = run.settings.credential_plan()
    ask = identify_projectors(
        groups,
        password=run.settings.pjlink.password,
        timeout_s=run.settings.health.request_timeout_s,
        password_for=lambda group: plan.pjlink_for(group.ips[0] if group.ips else None, group.mac),
    )
    pjlink = await run.timed(Method.PJLINK, ask) or {}
    return [build_device(group, pjlink=pjlink.get(i)) for i, group in enumerate(groups)]


async def _discover(run: _Run) -> Observations:
    run.progress("Looking for devices (ARP) and listening for announcements (mDNS)…")
    browse: Awaitable[list[MdnsObservation] | None] = run.timed(Method.MDNS, _browse(run))
    links, mdns, projectors = await asyncio.gather(_links(run), browse, _pjlink_search(run))
    links = links + projectors
    live = _live_addresses(links, mdns or [], run.subnets, run.interface.ip)
    run.progress(f"Asking {len(live)} devices what they are (SNMP, management ports)…")
    macs = {link.ip: link.mac for link in links if link.mac}
    snmp: Awaitable[SnmpResult | None] = run.timed(Method.SNMP, _snmp(run, live, macs), _found)
    ports: Awaitable[list[PortObservation] | None] = run.timed(Method.PORTS, _ports(run, live))
    snmp_result, port_result = await asyncio.gather(snmp, ports)
    found, missed = snmp_result or ([], [])
    return Observations(
        links=links, mdns=mdns or [], snmp=found, ports=port_result or [], misses=missed
    )


SnmpResult = tuple[list[SnmpObservation], list[ProbeMiss]]


def _found(result: SnmpResult) -> int:
    return len(result[0])


async def _links(run: _Run) -> list[LinkObservation]:
    """ARP sweep with raw sockets; without raw-socket rights, the OS neighbour table."""
    from agent.arp.neighbours import neighbour_sweep
    from agent.arp.sweep import RawSocketUnavailableError, arp_sweep

    scan, journal, left = run.settings.scan, run.journal, run.deadline.left
    sweep = arp_sweep(
        run.interface,
        run.subnets,
        rate_pps=scan.arp_rate_pps,
        retries=scan.arp_retries,
        wait_s=scan.arp_timeout_s,
        deadline_s=left(),
    )
    try:
        swept = await journal.run(
            Method.ARP_SWEEP, sweep, left(), len, reraise=RawSocketUnavailableError
        )
    except RawSocketUnavailableError:
        fallback = neighbour_sweep(run.interface, run.subnets, rate_pps=scan.arp_rate_pps)
        return await run.timed(Method.NEIGHBOUR_TABLE, fallback) or []
    return swept or []


async def _pjlink_search(run: _Run) -> list[LinkObservation]:
    """PJLink class 2 projectors answer a broadcast with their MAC (one datagram per subnet)."""
    if not run.settings.scan.pjlink_search:
        return []
    hits = await run.timed(Method.PJLINK_SEARCH, _search_subnets(run))
    return [LinkObservation(Method.PJLINK, hit.ip, hit.mac) for hit in hits or []]


async def _search_subnets(run: _Run) -> list[SearchHit]:
    window = run.settings.scan.pjlink_search_window_s
    bind = (str(run.interface.ip), SEARCH_PORT)
    found: list[SearchHit] = []
    for net in run.subnets:  # one after the other: each search binds the PJLink port
        hits = await search(net.broadcast_address, window_s=window, bind=bind)
        found += [hit for hit in hits if any(hit.ip in subnet for subnet in run.subnets)]
    return found


async def _browse(run: _Run) -> list[MdnsObservation]:
    from agent.mdns.browse import browse_mdns

    return await browse_mdns(run.interface.ip, window_s=run.settings.scan.mdns_window_s)


async def _snmp(
    run: _Run, live: Sequence[IPv4Address], macs: Mapping[IPv4Address, str]
) -> SnmpResult:
    snmp, plan = run.settings.snmp, run.settings.credential_plan()
    return await probe_snmp(
        live,
        [*snmp.v2c, *snmp.v3],
        timeout_s=snmp.timeout_s,
        retries=snmp.retries,
        concurrency=run.settings.scan.concurrency,
        client=run.client,
        credentials_for=(lambda ip: plan.snmp_for(ip, macs.get(ip))) if plan.devices else None,
    )


async def _ports(run: _Run, live: Sequence[IPv4Address]) -> list[PortObservation]:
    from agent.ports.probe import probe_ports

    scan = run.settings.scan
    return await probe_ports(live, timeout_s=scan.ports_timeout_s, concurrency=scan.concurrency)


def _live_addresses(
    links: Sequence[LinkObservation],
    mdns: Sequence[MdnsObservation],
    subnets: Sequence[IPv4Network],
    own_ip: IPv4Address,
) -> list[IPv4Address]:
    seen = {link.ip for link in links} | {ip for obs in mdns for ip in obs.ips}
    return sorted(ip for ip in seen if ip != own_ip and any(ip in net for net in subnets))


def snmp_silence(settings: Settings, observations: Observations) -> list[Problem]:
    """One problem when SNMP was asked of devices and no credential answered anywhere."""
    names = [credential.name for credential in (*settings.snmp.v2c, *settings.snmp.v3)]
    asked = any(miss.method is Method.SNMP for miss in observations.misses)
    if not names or observations.snmp or not asked:
        return []
    tried = ", ".join(names)
    message = (
        f"No device answered SNMP with any credential tried ({tried}): switches, access points, "
        "UPSes and printers show no model or health. Add the school's community under "
        "[[snmp.v2c]] (or a user under [[snmp.v3]]) in the configuration."
    )
    return [Problem(code="snmp.no_credential_answered", message=message[:1024], method=Method.SNMP)]


def _miss_problems(misses: Sequence[ProbeMiss]) -> list[Problem]:
    """Probes that got garbage back are worth a line; silence is normal (most PCs)."""
    return [
        Problem(
            code=f"{miss.method.value}.bad_answer",
            message=miss.detail,
            method=miss.method,
            ip=miss.ip,
        )
        for miss in misses
        if "decod" in miss.detail or "garbage" in miss.detail
    ]
