"""PJLink class 2 discovery: broadcast ``%2SRCH`` on UDP 4352, collect ``%2ACKN=<mac>``.

``parse_search_reply`` is pure. ``search`` sends one datagram to the address it is given (the
scan subnet's broadcast address in the field, 127.0.0.1 in tests) and listens for the window;
it never picks a target itself. Replies are bounded in size and number; garbage is dropped.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from ipaddress import IPv4Address

from schemas.report import canonical_mac

log = logging.getLogger(__name__)

SEARCH_PORT = 4352
SEARCH_REQUEST = b"%2SRCH\r"
MAX_DATAGRAM = 64
MAX_REPLIES = 1024
_REPLY = re.compile(rb"%2(ACKN|LKUP)=([0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5})\r?\n?")


@dataclass(frozen=True)
class SearchHit:
    mac: str  # canonical lower-case colon form
    ip: IPv4Address
    announced: bool = False  # True for an unsolicited %2LKUP (network came up)


def parse_search_reply(datagram: bytes) -> str | None:
    """The MAC in ``%2ACKN=…`` / ``%2LKUP=…``, canonical; None for anything else."""
    match = _REPLY.fullmatch(datagram[:MAX_DATAGRAM])
    return canonical_mac(match.group(2).decode("ascii")) if match else None


class _Collector(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.hits: dict[str, SearchHit] = {}

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        mac = parse_search_reply(data)
        if mac is None or len(self.hits) >= MAX_REPLIES or not isinstance(addr[0], str):
            return
        announced = data.startswith(b"%2LKUP")
        self.hits.setdefault(mac, SearchHit(mac, IPv4Address(addr[0]), announced))

    def error_received(self, exc: Exception) -> None:
        log.debug("PJLink search socket error: %s", exc)


async def search(
    target: IPv4Address,
    *,
    port: int = SEARCH_PORT,
    window_s: float = 5.0,
    bind: tuple[str, int] = ("0.0.0.0", SEARCH_PORT),
) -> list[SearchHit]:
    """Send one ``%2SRCH`` to ``target``:``port``; return the projectors heard in the window."""
    loop = asyncio.get_running_loop()
    transport, collector = await loop.create_datagram_endpoint(
        _Collector, local_addr=bind, allow_broadcast=True
    )
    try:
        transport.sendto(SEARCH_REQUEST, (str(target), port))
        await asyncio.sleep(window_s)
    finally:
        transport.close()
    return sorted(collector.hits.values(), key=lambda hit: hit.ip)
