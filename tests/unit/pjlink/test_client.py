"""The PJLink client against replayed projector transcripts on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket

import pytest
from pydantic import SecretStr

from agent.pjlink.client import query_projector
from agent.pjlink.model import (
    Component,
    Health,
    Lamp,
    PjlinkAuthError,
    PjlinkBusyError,
    PjlinkParseError,
    PjlinkTimeoutError,
    PjlinkUnreachableError,
    Power,
    ProjectorStatus,
)
from tests.unit.pjlink.replay import replay_server

SPEC_PASSWORD = SecretStr("JBMIAProjectorLink")


async def _query(transcript: str, password: SecretStr | None = None) -> ProjectorStatus:
    async with replay_server(transcript) as (port, replay):
        status = await query_projector("127.0.0.1", port, password=password, timeout_s=3)
    assert replay.mismatch == []
    return status


def test_class1_without_password() -> None:
    status = asyncio.run(_query("class1-no-auth.txt"))
    assert status == ProjectorStatus(
        power=Power.ON,
        health=dict.fromkeys(Component, Health.OK),
        lamps=(Lamp(1, 1520, True),),
        name="projector-room3",
        manufacturer="EPSON",
        product="EB-4770W",
        info=None,
        pjlink_class=1,
    )


def test_class2_with_password_and_class2_queries() -> None:
    status = asyncio.run(_query("class2-auth.txt", SPEC_PASSWORD))
    assert status.lamps == (Lamp(1, 2950, True), Lamp(2, 3001, False))
    assert status.health is not None
    assert status.health[Component.LAMP] is Health.WARNING
    assert status.health[Component.TEMPERATURE] is Health.ERROR
    assert (status.serial, status.software_version, status.filter_hours) == (
        "1Y2345678",
        "1.02",
        812,
    )
    assert status.errors == {}


def test_wrong_password() -> None:
    with pytest.raises(PjlinkAuthError, match="ERRA"):
        asyncio.run(_query("wrong-password.txt", SecretStr("wrong-password")))


def test_password_needed_but_not_configured() -> None:
    with pytest.raises(PjlinkAuthError, match="none is configured"):
        asyncio.run(_query("wrong-password.txt"))


def test_busy_projector() -> None:
    with pytest.raises(PjlinkBusyError, match="ERR3"):
        asyncio.run(_query("busy.txt"))


def test_laser_projector_in_standby_keeps_what_it_could_read() -> None:
    status = asyncio.run(_query("laser-standby.txt"))
    assert status.power is Power.STANDBY
    assert status.lamps == ()
    assert status.health is None
    assert status.name is None
    assert status.product is None
    assert status.manufacturer == "Panasonic"
    assert status.errors == {
        "ERST": "projector busy or in standby (ERR3)",
        "LAMP": "not supported by this projector (ERR1)",
        "INFO": "not supported by this projector (ERR1)",
    }


async def _serve(handler) -> tuple[asyncio.Server, int]:  # type: ignore[no-untyped-def]
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_silent_projector_times_out() -> None:
    async def run() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read(100)

        server, port = await _serve(silent)
        async with server:
            await query_projector("127.0.0.1", port, password=None, timeout_s=0.3)

    with pytest.raises(PjlinkTimeoutError):
        asyncio.run(run())


def test_endless_line_is_a_parse_error() -> None:
    async def run() -> None:
        async def endless(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"PJLINK 0" + b"0" * 5000)
            await writer.drain()
            await reader.read(100)

        server, port = await _serve(endless)
        async with server:
            await query_projector("127.0.0.1", port, password=None, timeout_s=3)

    with pytest.raises(PjlinkParseError):
        asyncio.run(run())


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(PjlinkUnreachableError):
        asyncio.run(query_projector("127.0.0.1", port, password=None, timeout_s=2))


def test_closed_after_greeting() -> None:
    async def run() -> None:
        async def rude(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"PJLINK 0\r")
            await writer.drain()
            writer.close()

        server, port = await _serve(rude)
        async with server:
            await query_projector("127.0.0.1", port, password=None, timeout_s=3)

    with pytest.raises(PjlinkUnreachableError, match="closed"):
        asyncio.run(run())
