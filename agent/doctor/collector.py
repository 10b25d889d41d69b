"""Findings about the collector: address, DNS, TCP, TLS certificate, enrollment, clock skew.

Reuses the network checks' probes (``agent.checks.network``); the enrollment is confirmed with
one authenticated, cheap request (``GET /api/v1/agents/me``), whose ``Date`` header also gives
the clock skew.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests

from agent.checks.network import tcp_probe
from agent.doctor.model import Finding, fail, ok, unknown, warn
from agent.enroll.state import Enrollment
from agent.enroll.transport import plain_http_is_local

SKEW_WARN_S = 300.0
CERT_WARN_DAYS = 14
REENROLL = "re-enroll with a new code: lankeeper-agent enroll --collector URL --code CODE"


async def collector_findings(enrollment: Enrollment, timeout_s: float) -> list[Finding]:
    url = enrollment.collector_url
    parts = urlsplit(url)
    host, tls = parts.hostname or "", parts.scheme == "https"
    port = parts.port or (443 if tls else 80)
    findings = [transport_finding(url, tls)]
    steps = (
        _dns(host, timeout_s),
        _tcp(host, port, timeout_s),
        _tls(host, port, timeout_s) if tls else None,
    )
    for step in steps:
        if step is None:
            continue
        finding = await step
        findings.append(finding)
        if finding.status.value == "fail":
            findings.append(
                unknown("enrollment", "Enrollment not confirmed: collector unreachable")
            )
            return findings
    findings += await asyncio.to_thread(whoami, enrollment, timeout_s)
    return findings


def transport_finding(url: str, tls: bool) -> Finding:
    if tls or plain_http_is_local(url):
        return ok("collector.address", f"Collector address {url}")
    return warn(
        "collector.address",
        f"The collector {url} is plain http:// (allowed with --insecure): the token crosses "
        "the network unencrypted",
        "give the collector a certificate and re-enroll with its https:// address",
    )


async def _dns(host: str, timeout_s: float) -> Finding:
    if _is_address(host):
        return ok("collector.dns", f"Collector given by address {host} (no DNS needed)")
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout_s):
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (TimeoutError, OSError) as exc:
        return fail(
            "collector.dns",
            f"The collector's name {host} does not resolve ({exc or 'time-out'})",
            "check this PC's DNS server, or the collector address in the enrollment",
        )
    addresses = ", ".join(sorted({str(info[4][0]) for info in infos})[:4])
    return ok("collector.dns", f"{host} resolves to {addresses}")


def _is_address(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return False
    return True


async def _tcp(host: str, port: int, timeout_s: float) -> Finding:
    probe = await tcp_probe(host, port, timeout_s)
    if probe.answered and not probe.refused:
        return ok("collector.tcp", f"Collector {host} accepts connections on port {port}")
    return fail(
        "collector.tcp",
        f"The collector {host} is down or unreachable ({probe.detail})",
        f"check the collector service is running and no firewall blocks port {port}",
    )


async def _tls(host: str, port: int, timeout_s: float) -> Finding:
    context = ssl.create_default_context()
    try:
        async with asyncio.timeout(timeout_s):
            _, writer = await asyncio.open_connection(host, port, ssl=context, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        return fail(
            "collector.tls",
            f"The collector's certificate is not valid for this agent ({exc.verify_message})",
            "give the collector a certificate from a trusted authority for the name "
            f"{host} (or add its CA to this PC's trust store)",
        )
    except (ssl.SSLError, OSError, TimeoutError) as exc:
        return fail(
            "collector.tls",
            f"No TLS connection to the collector ({exc or 'time-out'})",
            "check that the collector serves HTTPS on this port",
        )
    certificate = writer.get_extra_info("peercert") or {}
    writer.close()
    return certificate_finding(certificate, datetime.now(UTC))


def certificate_finding(certificate: Mapping[str, object], now: datetime) -> Finding:
    """Pure: ``getpeercert()`` of a verified certificate → ok, or warn when it expires soon."""
    not_after = certificate.get("notAfter")
    if not isinstance(not_after, str):
        return ok("collector.tls", "The collector's certificate is valid and trusted")
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), UTC)
    days = (expires - now).days
    if days < CERT_WARN_DAYS:
        return warn(
            "collector.tls",
            f"The collector's certificate expires in {days} day(s) ({expires:%Y-%m-%d})",
            "renew the collector's certificate",
        )
    return ok("collector.tls", f"The collector's certificate is trusted until {expires:%Y-%m-%d}")


def whoami(enrollment: Enrollment, timeout_s: float) -> list[Finding]:
    url = f"{enrollment.collector_url}/api/v1/agents/me"
    headers = {"Authorization": f"Bearer {enrollment.token.get_secret_value()}"}
    try:
        response = requests.get(url, headers=headers, timeout=(timeout_s, timeout_s * 2))
    except requests.RequestException as exc:
        return [unknown("enrollment", f"Enrollment not confirmed ({type(exc).__name__})")]
    return [enrollment_finding(enrollment, response), skew_finding(response, datetime.now(UTC))]


def enrollment_finding(enrollment: Enrollment, response: requests.Response) -> Finding:
    if response.status_code == 200:
        school = response.json().get("school_name", enrollment.school_id)
        return ok("enrollment", f"Enrolled as agent {enrollment.agent_id} of {school}")
    if response.status_code in (401, 403):
        return fail(
            "enrollment",
            "The collector no longer accepts this agent's token (revoked, expired, or the "
            "collector's database was replaced)",
            REENROLL,
        )
    if response.status_code == 404:
        return unknown("enrollment", "This collector is too old to confirm the enrollment")
    return warn("enrollment", f"Enrollment not confirmed (HTTP {response.status_code})")


def skew_finding(response: requests.Response, now: datetime) -> Finding:
    header = response.headers.get("Date")
    try:
        theirs = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        theirs = None
    if theirs is None:
        return unknown("clock", "The collector sent no usable Date header: clock not compared")
    skew = (now - theirs.astimezone(UTC)).total_seconds()
    if abs(skew) > SKEW_WARN_S:
        side = "ahead of" if skew > 0 else "behind"
        return warn(
            "clock",
            f"This PC's clock is {abs(skew) / 60:.0f} minutes {side} the collector's",
            "turn on time synchronisation (timedatectl set-ntp true)",
        )
    return ok("clock", f"Clock within {abs(skew):.0f} s of the collector's")
