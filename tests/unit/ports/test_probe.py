"""The port probe against real TCP servers on loopback (no root, no namespaces needed)."""

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from ipaddress import IPv4Address
from typing import Any

from agent.knowledge.hint_tables import PORTS
from agent.ports.probe import WEB_PORTS, management_ports, probe_ports

LOOPBACK = IPv4Address("127.0.0.1")
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Coroutine[Any, Any, None]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def _server(handler: Handler) -> AsyncIterator[int]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


def _greeter(greeting: bytes, received: list[bytes]) -> Handler:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(greeting)
        await writer.drain()
        received.append(await reader.read())  # until the prober closes
        writer.close()

    return handle


async def _probe(ports: list[int], banner_ports: set[int]) -> Any:
    return await probe_ports([LOOPBACK], ports, timeout_s=1.0, banner_timeout_s=1.0,
                             banner_ports=banner_ports)  # fmt: skip


def test_open_closed_and_banners() -> None:
    async def scenario() -> None:
        pj_rx: list[bytes] = []
        ssh_rx: list[bytes] = []
        async with (
            _server(_greeter(b"PJLINK 1 498e4a67\r", pj_rx)) as pjlink,
            _server(_greeter(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", ssh_rx)) as ssh,
            _server(_greeter(b"", [])) as silent,
        ):
            closed = _free_port()
            found = await _probe([pjlink, ssh, silent, closed], {pjlink, ssh})
            await asyncio.sleep(0.1)
        assert len(found) == 1
        assert found[0].ip == LOOPBACK
        assert found[0].open_ports == (pjlink, ssh, silent)
        assert found[0].banners == (
            (pjlink, "PJLINK 1 498e4a67"),
            (ssh, "SSH-2.0-OpenSSH_9.2p1 Debian-2"),
        )
        assert pj_rx == [b""]  # nothing was sent to the projector, and it saw a clean close
        assert ssh_rx == [b""]

    asyncio.run(scenario())


def test_greeting_not_read_on_other_ports() -> None:
    async def scenario() -> None:
        async with _server(_greeter(b"hello\r\n", [])) as port:
            found = await _probe([port], set())
        assert found[0].banners == ()

    asyncio.run(scenario())


def test_slow_or_endless_greeting_is_bounded() -> None:
    async def scenario() -> None:
        async def dribble(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"x" * 1000)  # no line end, more than we read
            await writer.drain()
            await reader.read()
            writer.close()

        async with _server(dribble) as port:
            found = await _probe([port], {port})
        assert found[0].banners == ((port, "x" * 128),)

    asyncio.run(scenario())


def test_nothing_open_means_no_observation() -> None:
    assert asyncio.run(_probe([_free_port()], set())) == []


def test_management_ports_come_from_the_knowledge_table() -> None:
    ports = management_ports()
    assert {row.port for row in PORTS} <= set(ports)
    assert set(WEB_PORTS) <= set(ports)
    assert {22, 4352, 9100, 631} <= set(ports)
