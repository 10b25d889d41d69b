"""The school network as the agent sees it: default gateway, DNS, collector over TCP/TLS.

Targets are parameters (the caller finds the gateway and knows the collector URL), so the
checks run unchanged inside a lab namespace. No ICMP: a TCP connect that is accepted *or
refused* proves the host answered; silence until the time-out means unreachable.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
from dataclasses import dataclass
from ipaddress import IPv4Address

from agent.checks.base import against, metric, result
from agent.checks.config import HealthSettings
from schemas.health import CheckResult, CheckStatus


@dataclass(frozen=True)
class NetworkTargets:
    gateway: IPv4Address | None = None
    gateway_ports: tuple[int, ...] = (53, 80, 443)
    dns_name: str | None = None
    collector_host: str | None = None
    collector_port: int = 443
    collector_tls: bool = True
    tls_context: ssl.SSLContext | None = None  # default: the system's trust store


@dataclass(frozen=True)
class Probe:
    answered: bool
    latency_ms: float | None
    detail: str
    refused: bool = False


async def tcp_probe(
    host: str, port: int, timeout_s: float, tls: ssl.SSLContext | None = None
) -> Probe:
    """Connect (and with ``tls`` complete a handshake); a refusal still counts as answered."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            _, writer = await asyncio.open_connection(
                host, port, ssl=tls, server_hostname=host if tls else None
            )
    except TimeoutError:
        return Probe(False, None, f"no answer on port {port} within {timeout_s:g} s")
    except ConnectionRefusedError:
        return Probe(True, _ms(started), f"port {port} refused (the host answered)", refused=True)
    except ssl.SSLError as exc:
        return Probe(False, _ms(started), f"TLS failed on port {port}: {exc.reason or exc}")
    except OSError as exc:
        return Probe(False, None, f"port {port}: {exc.strerror or exc}")
    latency = _ms(started)
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()
    return Probe(True, latency, f"port {port} accepted" + (" with TLS" if tls else ""))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


async def run_network_checks(
    targets: NetworkTargets, settings: HealthSettings
) -> list[CheckResult]:
    jobs = [gateway_result(targets, settings), dns_result(targets.dns_name, settings)]
    jobs.append(collector_result(targets, settings))
    found = await asyncio.gather(*jobs)
    return [r for r in found if r is not None]


async def gateway_result(targets: NetworkTargets, settings: HealthSettings) -> CheckResult:
    if targets.gateway is None:
        return result(
            "network.gateway",
            CheckStatus.UNKNOWN,
            "Default gateway not checked",
            reason="no default gateway found",
        )
    host = str(targets.gateway)
    probes = await asyncio.gather(
        *(tcp_probe(host, p, settings.request_timeout_s) for p in targets.gateway_ports)
    )
    answered = [p for p in probes if p.answered]
    evidence = {
        f"port.{port}": probe.detail
        for port, probe in zip(targets.gateway_ports, probes, strict=True)
    }
    if not answered:
        return result(
            "network.gateway",
            CheckStatus.CRITICAL,
            f"Default gateway {host} not answering",
            evidence=evidence,
        )
    return _timed(
        "network.gateway", f"Default gateway {host} answers", answered, settings, evidence
    )


def _timed(
    check_id: str,
    text: str,
    answered: list[Probe],
    settings: HealthSettings,
    evidence: dict[str, str],
) -> CheckResult:
    latency = min(p.latency_ms for p in answered if p.latency_ms is not None)
    status = against(latency, settings.latency_ms)
    metrics = [metric("latency", latency, "ms")]
    return result(
        check_id, status, f"{text} in {latency:.0f} ms", metrics=metrics, evidence=evidence
    )


async def dns_result(name: str | None, settings: HealthSettings) -> CheckResult | None:
    if not name:
        return None
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    try:
        async with asyncio.timeout(settings.request_timeout_s):
            infos = await loop.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except TimeoutError:
        return result(
            "network.dns",
            CheckStatus.CRITICAL,
            f"DNS did not answer for {name}",
            evidence={"error": "time-out"},
        )
    except OSError as exc:
        return result(
            "network.dns",
            CheckStatus.CRITICAL,
            f"DNS cannot resolve {name}",
            evidence={"error": str(exc)},
        )
    latency = _ms(started)
    addresses = sorted({str(info[4][0]) for info in infos})
    summary = f"DNS resolves {name} in {latency:.0f} ms"
    evidence = {"addresses": ", ".join(addresses[:8])}
    return result("network.dns", against(latency, settings.latency_ms), summary,
                  metrics=[metric("latency", latency, "ms")], evidence=evidence)  # fmt: skip


async def collector_result(targets: NetworkTargets, settings: HealthSettings) -> CheckResult | None:
    host = targets.collector_host
    if not host:
        return None
    context = (
        (targets.tls_context or ssl.create_default_context()) if targets.collector_tls else None
    )
    probe = await tcp_probe(host, targets.collector_port, settings.request_timeout_s, context)
    evidence = {"probe": probe.detail}
    if not probe.answered or probe.refused:
        return result(
            "network.collector",
            CheckStatus.CRITICAL,
            f"Collector {host} not reachable",
            evidence=evidence,
        )
    text = f"Collector {host} reachable" + (" over TLS" if context else "")
    return _timed("network.collector", text, [probe], settings, evidence)
