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
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv4Network
from typing import TypeVar

from agent.discovery.merge import group_by_device
from agent.discovery.observations import (
    LinkObservation,
    MdnsObservation,
    Observations,
    PortObservation,
    ProbeMiss,
    SnmpObservation,
)
from agent.knowledge.device import build_device
from agent.net.interfaces import ScanInterface, select_interface
from agent.net.safety import check_scan_targets
from agent.report.build import ScanOutcome, build_report
from agent.settings import Settings
from schemas import Method, MethodRun, Problem, Report

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


async def run_scan(settings: Settings, progress: Progress = lambda _: None) -> Report:
    """Run one full discovery cycle and return its report (never raises for a device's fault)."""
    interface = select_interface(settings.scan.interface)
    subnets = targets(settings, interface)
    started = datetime.now(UTC)
    journal = _Journal()
    observations = await _discover(settings, interface, subnets, journal, progress)
    devices = [build_device(group) for group in group_by_device(observations)]
    outcome = ScanOutcome(
        report_id=uuid.uuid4(),
        started_at=started,
        finished_at=datetime.now(UTC),
        interface=interface.name,
        subnets=subnets,
        methods=journal.methods,
        problems=journal.problems + _miss_problems(observations.misses),
        devices=devices,
    )
    return build_report(settings, outcome)


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.1, self._end - time.monotonic())


async def _discover(
    settings: Settings,
    interface: ScanInterface,
    subnets: Sequence[IPv4Network],
    journal: _Journal,
    progress: Progress,
) -> Observations:
    deadline = _Deadline(settings.scan.deadline_s)
    progress("Looking for devices (ARP) and listening for announcements (mDNS)…")
    links, mdns = await asyncio.gather(
        _links(settings, interface, subnets, journal, deadline),
        journal.run(Method.MDNS, _browse(settings, interface), deadline.left(), len),
    )
    live = _live_addresses(links or [], mdns or [], subnets, interface.ip)
    progress(f"Asking {len(live)} devices what they are (SNMP, management ports)…")
    snmp, ports = await asyncio.gather(
        journal.run(Method.SNMP, _snmp(settings, live), deadline.left(), lambda r: len(r[0])),
        journal.run(Method.PORTS, _ports(settings, live), deadline.left(), len),
    )
    snmp_found, snmp_missed = snmp or ([], [])
    return Observations(
        links=links or [], mdns=mdns or [], snmp=snmp_found, ports=ports or [], misses=snmp_missed
    )


async def _links(
    settings: Settings,
    interface: ScanInterface,
    subnets: Sequence[IPv4Network],
    journal: _Journal,
    deadline: _Deadline,
) -> list[LinkObservation]:
    """ARP sweep with raw sockets; without raw-socket rights, the OS neighbour table."""
    from agent.arp.neighbours import neighbour_sweep
    from agent.arp.sweep import RawSocketUnavailableError, arp_sweep

    scan = settings.scan
    sweep = arp_sweep(
        interface,
        subnets,
        rate_pps=scan.arp_rate_pps,
        retries=scan.arp_retries,
        wait_s=scan.arp_timeout_s,
        deadline_s=deadline.left(),
    )
    try:
        return (
            await journal.run(
                Method.ARP_SWEEP, sweep, deadline.left(), len, reraise=RawSocketUnavailableError
            )
            or []
        )
    except RawSocketUnavailableError:
        fallback = neighbour_sweep(interface, subnets, rate_pps=scan.arp_rate_pps)
        return await journal.run(Method.NEIGHBOUR_TABLE, fallback, deadline.left(), len) or []


async def _browse(settings: Settings, interface: ScanInterface) -> list[MdnsObservation]:
    from agent.mdns.browse import browse_mdns

    return await browse_mdns(interface.ip, window_s=settings.scan.mdns_window_s)


async def _snmp(
    settings: Settings, live: Sequence[IPv4Address]
) -> tuple[list[SnmpObservation], list[ProbeMiss]]:
    from agent.snmp.probe import probe_snmp

    snmp = settings.snmp
    return await probe_snmp(
        live,
        [*snmp.v2c, *snmp.v3],
        timeout_s=snmp.timeout_s,
        retries=snmp.retries,
        concurrency=settings.scan.concurrency,
    )


async def _ports(settings: Settings, live: Sequence[IPv4Address]) -> list[PortObservation]:
    from agent.ports.probe import probe_ports

    return await probe_ports(
        live, timeout_s=settings.scan.ports_timeout_s, concurrency=settings.scan.concurrency
    )


def _live_addresses(
    links: Sequence[LinkObservation],
    mdns: Sequence[MdnsObservation],
    subnets: Sequence[IPv4Network],
    own_ip: IPv4Address,
) -> list[IPv4Address]:
    seen = {link.ip for link in links} | {ip for obs in mdns for ip in obs.ips}
    return sorted(ip for ip in seen if ip != own_ip and any(ip in net for net in subnets))


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
