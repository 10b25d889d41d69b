"""mDNS/DNS-SD browse with python-zeroconf's asyncio API, IPv4 only, on one interface.

One ``AsyncZeroconf`` per call (bound to the scan interface's address), closed at the end:
the ``_services._dns-sd._udp.local.`` meta-query lists the service types, every type found
gets a browser, and every instance found is resolved (SRV, TXT, A). It all happens inside
``window_s``; the browse ends early once nothing new has appeared for ``quiet_s`` and no
resolution is pending. Announcers are untrusted: a bad name or record is logged and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from zeroconf import BadTypeInNameException, IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from agent.discovery.observations import MdnsObservation
from agent.mdns.parse import clean_text, instance_label, parse_txt
from schemas import MdnsService

log = logging.getLogger(__name__)

META_QUERY = "_services._dns-sd._udp.local."
MAX_TYPES = 256
MAX_INSTANCES = 2048
_TICK_S = 0.05


class MdnsError(Exception):
    """mDNS could not start on the scan interface (socket or address problem)."""


@dataclass
class _Browse:
    """One browse: browsers started, resolutions running, services resolved."""

    aiozc: AsyncZeroconf
    deadline: float
    last_news: float
    browsers: list[AsyncServiceBrowser] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    pending: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    resolved: dict[str, AsyncServiceInfo] = field(default_factory=dict)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def _news(self) -> None:
        self.last_news = time.monotonic()
        self.changed.set()

    def on_type(
        self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is not ServiceStateChange.Added or name.lower() in self.types:
            return
        if len(self.types) >= MAX_TYPES:
            return
        self.types.add(name.lower())
        self._news()
        try:
            self.browsers.append(AsyncServiceBrowser(zeroconf, name, handlers=[self.on_instance]))
        except BadTypeInNameException:
            log.debug("mDNS: ignoring malformed service type %r", name)

    def on_instance(
        self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        key = name.lower()
        if state_change is ServiceStateChange.Removed or key in self.pending:
            return
        if len(self.pending) >= MAX_INSTANCES:
            return
        self._news()
        self.pending[key] = asyncio.create_task(self._resolve(service_type, name))

    async def _resolve(self, service_type: str, name: str) -> None:
        try:
            info = AsyncServiceInfo(service_type, name)
        except BadTypeInNameException:
            log.debug("mDNS: ignoring %r (name does not match type %r)", name, service_type)
            return
        left_ms = max(0.0, self.deadline - time.monotonic()) * 1000
        try:
            if await info.async_request(self.aiozc.zeroconf, left_ms):
                self.resolved[name.lower()] = info
                self.last_news = time.monotonic()
        finally:
            self.changed.set()

    def settled(self, quiet_s: float) -> bool:
        now = time.monotonic()
        if now >= self.deadline:
            return True
        busy = any(not task.done() for task in self.pending.values())
        return not busy and now - self.last_news >= quiet_s

    async def wait_for_news(self, quiet_s: float) -> None:
        """Sleep until something changes, the quiet period could be over, or the deadline."""
        now = time.monotonic()
        wake = min(self.deadline, max(self.last_news + quiet_s, now + _TICK_S))
        self.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.changed.wait(), wake - now)

    async def close(self) -> None:
        for task in self.pending.values():
            task.cancel()
        await asyncio.gather(*self.pending.values(), return_exceptions=True)
        for browser in self.browsers:
            await browser.async_cancel()


def _observation(info: AsyncServiceInfo) -> MdnsObservation | None:
    if info.port is None:
        return None
    ips = tuple(
        dict.fromkeys(IPv4Address(str(ip)) for ip in info.ip_addresses_by_version(IPVersion.V4Only))
    )
    service = MdnsService(
        service_type=clean_text(info.type),
        instance=instance_label(info.name, info.type),
        host=clean_text(info.server) if info.server else None,
        port=info.port,
        txt=parse_txt(info.text or b""),
    )
    return MdnsObservation(ips=ips, service=service)


def _open(own_ip: IPv4Address) -> AsyncZeroconf:
    try:
        return AsyncZeroconf(interfaces=[str(own_ip)], ip_version=IPVersion.V4Only)
    except OSError as exc:
        raise MdnsError(f"cannot open mDNS on {own_ip}: {exc}") from exc


async def browse_mdns(
    own_ip: IPv4Address, *, window_s: float = 3.0, quiet_s: float = 1.0
) -> list[MdnsObservation]:
    """Every DNS-SD service instance announced on the scan interface's link, resolved."""
    aiozc = _open(own_ip)
    now = time.monotonic()
    browse = _Browse(aiozc, deadline=now + window_s, last_news=now)
    try:
        browse.browsers.append(
            AsyncServiceBrowser(aiozc.zeroconf, META_QUERY, handlers=[browse.on_type])
        )
        while not browse.settled(quiet_s):
            await browse.wait_for_news(quiet_s)
    finally:
        await browse.close()
        await aiozc.async_close()
    found = (_observation(info) for _key, info in sorted(browse.resolved.items()))
    return [obs for obs in found if obs is not None]
