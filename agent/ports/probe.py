"""TCP connect probe of management ports on live IPs, bounded and polite.

Each (ip, port) gets one connect with ``timeout_s``; at most ``concurrency`` are in flight.
On banner ports (services that speak first: SSH, PJLink) up to 128 bytes are read for at most
``banner_timeout_s``; nothing is ever sent, and every connection is closed with a normal FIN.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address

from agent.discovery.observations import PortObservation
from agent.ports.parse import MAX_BANNER, first_line

log = logging.getLogger(__name__)

# Services that speak first (SSH, PJLink): their greeting is read, nothing is ever sent.
BANNER_PORTS: frozenset[int] = frozenset({22, 4352})
# Web admin ports: no type hint of their own, but worth recording.
WEB_PORTS: tuple[int, ...] = (80, 443, 8080)


def management_ports() -> tuple[int, ...]:
    """Every port the knowledge table reads meaning into, plus the web admin ports."""
    from agent.knowledge.hint_tables import PORTS

    return tuple(sorted({row.port for row in PORTS} | set(WEB_PORTS)))


_CLOSE_TIMEOUT_S = 0.2


async def _read_greeting(reader: asyncio.StreamReader, timeout_s: float) -> bytes:
    data = b""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout_s
    with contextlib.suppress(TimeoutError, OSError):
        while len(data) < MAX_BANNER and b"\r" not in data and b"\n" not in data:
            chunk = await asyncio.wait_for(reader.read(MAX_BANNER - len(data)), end - loop.time())
            if not chunk:
                break
            data += chunk
    return data


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(TimeoutError, OSError):
        await asyncio.wait_for(writer.wait_closed(), _CLOSE_TIMEOUT_S)


async def probe_port(
    ip: IPv4Address, port: int, *, timeout_s: float, banner_timeout_s: float, banner: bool
) -> tuple[bool, str | None]:
    """``(open, greeting line or None)`` for one TCP port."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(str(ip), port), timeout_s)
    except (TimeoutError, OSError):
        return False, None
    try:
        greeting = await _read_greeting(reader, banner_timeout_s) if banner else b""
    finally:
        await _close(writer)
    return True, (first_line(greeting) or None) if greeting else None


@dataclass(frozen=True)
class _Settings:
    limit: asyncio.Semaphore
    timeout_s: float
    banner_timeout_s: float
    banner_ports: Collection[int]

    async def probe(self, ip: IPv4Address, port: int) -> tuple[bool, str | None]:
        async with self.limit:
            return await probe_port(
                ip, port, timeout_s=self.timeout_s, banner_timeout_s=self.banner_timeout_s,
                banner=port in self.banner_ports,
            )  # fmt: skip


async def _probe_ip(
    ip: IPv4Address, ports: Sequence[int], how: _Settings
) -> PortObservation | None:
    results = await asyncio.gather(*(how.probe(ip, port) for port in ports))
    open_ports = tuple(port for port, (is_open, _) in zip(ports, results, strict=True) if is_open)
    banners = tuple((port, line) for port, (_, line) in zip(ports, results, strict=True) if line)
    return PortObservation(ip, open_ports, banners) if open_ports else None


async def probe_ports(
    ips: Sequence[IPv4Address],
    ports: Sequence[int] | None = None,
    *,
    timeout_s: float = 0.5,
    banner_timeout_s: float = 0.3,
    concurrency: int = 64,
    banner_ports: Collection[int] = BANNER_PORTS,
) -> list[PortObservation]:
    """Open management ports per IP (IPs with none open are left out), greetings included.

    ``ports`` defaults to ``management_ports()``.
    """
    how = _Settings(asyncio.Semaphore(concurrency), timeout_s, banner_timeout_s, banner_ports)
    unique_ports = list(dict.fromkeys(management_ports() if ports is None else ports))
    found = await asyncio.gather(*(_probe_ip(ip, unique_ports, how) for ip in dict.fromkeys(ips)))
    return [obs for obs in found if obs is not None]
