"""PJLink class 2 search: the reply parser, and one search round on 127.0.0.1."""

from __future__ import annotations

import asyncio
from ipaddress import IPv4Address

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.pjlink.search import SEARCH_REQUEST, SearchHit, parse_search_reply, search


@pytest.mark.parametrize(
    ("datagram", "mac"),
    [
        (b"%2ACKN=00:30:13:5C:8A:41\r", "00:30:13:5c:8a:41"),
        (b"%2ACKN=b0-e8-92-fd-30-ec\r", "b0:e8:92:fd:30:ec"),
        (b"%2LKUP=B0:E8:92:FD:30:EC\r", "b0:e8:92:fd:30:ec"),
        (b"%2ACKN=00:30:13:5C:8A\r", None),
        (b"%2SRCH\r", None),
        (b"%2ACKN=ERR1\r", None),
    ],
)
def test_search_replies(datagram: bytes, mac: str | None) -> None:
    assert parse_search_reply(datagram) == mac


@given(st.binary(max_size=100))
def test_garbage_search_replies(datagram: bytes) -> None:
    mac = parse_search_reply(datagram)
    assert mac is None or (len(mac) == 17 and mac == mac.lower())


class _Projectors(asyncio.DatagramProtocol):
    """Two projectors answering %2SRCH, plus one device answering garbage."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if data == SEARCH_REQUEST:
            for reply in (b"%2ACKN=00:30:13:5C:8A:41\r", b"junk", b"%2ACKN=B0:E8:92:FD:30:EC\r"):
                self.transport.sendto(reply, addr)  # type: ignore[attr-defined]


def test_search_on_loopback() -> None:
    async def run() -> list[SearchHit]:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(_Projectors, local_addr=("127.0.0.1", 0))
        port = transport.get_extra_info("sockname")[1]
        try:
            return await search(
                IPv4Address("127.0.0.1"), port=port, window_s=0.3, bind=("127.0.0.1", 0)
            )
        finally:
            transport.close()

    hits = asyncio.run(run())
    assert {hit.mac for hit in hits} == {"00:30:13:5c:8a:41", "b0:e8:92:fd:30:ec"}
    assert {hit.ip for hit in hits} == {IPv4Address("127.0.0.1")}
