"""A small, faithful PJLink projector simulator (asyncio TCP, default port 4352; class 2 search
over UDP when the state says class 2).

Protocol (PJLink class 1): the projector speaks first with ``PJLINK 0\\r`` (no password) or
``PJLINK 1 <8 random chars>\\r``; with a password the first command must be prefixed by the
32 lower-case hex digits of MD5(random + password), otherwise it answers ``PJLINK ERRA\\r`` and
hangs up. Requests are ``%1CMD param\\r``, answers ``%1CMD=value\\r``; ``ERR1`` undefined command,
``ERR2`` out of parameter, ``ERR3`` unavailable time (input or mute while in standby, and every
command listed in ``PjlinkState.unavailable``).
Idle connections close after 30 s, as on real units.

Run: ``python -m tests.lab.pjlink_sim --host 198.18.0.21 --state state.json`` (JSON fields are
those of ``tests.lab.specs.PjlinkState``; command-line options override them). SIGHUP re-reads
the state file.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import secrets
import signal
import socket
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, cast

import psutil

from tests.lab.specs import PjlinkState

log = logging.getLogger(__name__)

IDLE_TIMEOUT_S = 30.0
MAX_LINE = 136
ERR_UNDEFINED, ERR_PARAM, ERR_UNAVAILABLE = "ERR1", "ERR2", "ERR3"
MUTE_CODES = {"11": (True, False), "21": (False, True), "31": (True, True), "30": (False, False)}


def greeting(password: str | None, salt: str) -> str:
    return f"PJLINK 1 {salt}\r" if password else "PJLINK 0\r"


def digest(salt: str, password: str) -> str:
    return hashlib.md5((salt + password).encode(), usedforsecurity=False).hexdigest()


def _lamps(state: PjlinkState) -> str:
    if not state.lamps:
        return ERR_UNDEFINED  # laser / LED units have no lamp
    return " ".join(f"{hours} {int(on)}" for hours, on in state.lamps)


QUERIES: dict[str, Callable[[PjlinkState], str]] = {
    "POWR": lambda s: str(s.power),
    "ERST": lambda s: s.erst,
    "LAMP": _lamps,
    "NAME": lambda s: s.name,
    "INF1": lambda s: s.inf1,
    "INF2": lambda s: s.inf2,
    "INFO": lambda s: s.info,
    "CLSS": lambda s: s.pjclass,
    "INST": lambda s: " ".join(s.inputs),
    "INPT": lambda s: s.input if s.power == 1 else ERR_UNAVAILABLE,
    "AVMT": lambda s: s.mute if s.power == 1 else ERR_UNAVAILABLE,
}


def _set_power(state: PjlinkState, param: str) -> tuple[PjlinkState, str]:
    if param not in ("0", "1"):
        return state, ERR_PARAM
    return replace(state, power=int(param)), "OK"


def _set_input(state: PjlinkState, param: str) -> tuple[PjlinkState, str]:
    if param not in state.inputs:
        return state, ERR_PARAM
    if state.power != 1:
        return state, ERR_UNAVAILABLE
    return replace(state, input=param), "OK"


def _set_mute(state: PjlinkState, param: str) -> tuple[PjlinkState, str]:
    if len(param) != 2 or param[0] not in "123" or param[1] not in "01":
        return state, ERR_PARAM
    if state.power != 1:
        return state, ERR_UNAVAILABLE
    video, audio = MUTE_CODES.get(state.mute, (False, False))
    on = param[1] == "1"
    video = on if param[0] in "13" else video
    audio = on if param[0] in "23" else audio
    code = next(c for c, flags in MUTE_CODES.items() if flags == (video, audio))
    return replace(state, mute=code), "OK"


SETTERS: dict[str, Callable[[PjlinkState, str], tuple[PjlinkState, str]]] = {
    "POWR": _set_power,
    "INPT": _set_input,
    "AVMT": _set_mute,
}


def handle(state: PjlinkState, line: str) -> tuple[PjlinkState, str | None]:
    """Answer one request line (without the CR); None means "not a PJLink request, ignore"."""
    if len(line) < 7 or line[0] != "%" or line[6] != " ":
        return state, None
    pjclass, command, param = line[1], line[2:6].upper(), line[7:]
    answer: str
    if pjclass != "1" or (command not in QUERIES and command not in SETTERS):
        answer = ERR_UNDEFINED
    elif command in state.unavailable:
        answer = ERR_UNAVAILABLE
    elif param == "?":
        answer = QUERIES[command](state) if command in QUERIES else ERR_PARAM
    elif command in SETTERS:
        state, answer = SETTERS[command](state, param)
    else:
        answer = ERR_PARAM
    return state, f"%{pjclass}{command}={answer}\r"


def authenticate(line: str, salt: str, password: str | None) -> str | None:
    """The command left after the MD5 prefix, or None when authentication fails."""
    if not password:
        return line
    if len(line) < 32 or line[:32] != digest(salt, password):
        return None
    return line[32:]


class Simulator:
    """Holds the projector state across connections; ``reload`` re-reads the state file."""

    def __init__(self, state: PjlinkState, state_file: Path | None = None) -> None:
        self.state = state
        self.state_file = state_file

    def reload(self) -> None:
        if self.state_file is not None:
            self.state = load_state(self.state_file)
            log.info("state reloaded from %s", self.state_file)

    async def serve_client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        salt = secrets.token_hex(4)
        try:
            writer.write(greeting(self.state.password, salt).encode())
            await writer.drain()
            await self._session(reader, writer, salt)
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except ConnectionError as exc:
            log.debug("client went away: %s", exc)
        finally:
            writer.close()

    async def _session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, salt: str
    ) -> None:
        first = True
        while True:
            raw = await asyncio.wait_for(reader.readuntil(b"\r"), IDLE_TIMEOUT_S)
            line = raw[:-1].decode("utf-8", "replace")
            if first:
                first, checked = False, authenticate(line, salt, self.state.password)
                if checked is None:
                    writer.write(b"PJLINK ERRA\r")
                    await writer.drain()
                    return
                line = checked
            self.state, answer = handle(self.state, line)
            if answer is not None:
                writer.write(answer.encode())
                await writer.drain()


def load_state(path: Path) -> PjlinkState:
    raw: dict[str, Any] = json.loads(path.read_text())
    known = {f.name for f in fields(PjlinkState)}
    data = {k: v for k, v in raw.items() if k in known}
    data["lamps"] = tuple((int(h), bool(on)) for h, on in data.get("lamps", ()))
    data["inputs"] = tuple(data.get("inputs", PjlinkState.inputs))
    data["unavailable"] = tuple(data.get("unavailable", ()))
    return PjlinkState(**data)


def _parse_lamps(text: str) -> tuple[tuple[int, bool], ...]:
    values = text.split()
    return tuple((int(h), on == "1") for h, on in zip(values[::2], values[1::2], strict=True))


def state_from_args(args: argparse.Namespace) -> PjlinkState:
    state = load_state(args.state) if args.state else PjlinkState("Projector", "Generic", "PJ-1")
    overrides: dict[str, Any] = {
        key: getattr(args, key)
        for key in ("name", "inf1", "inf2", "info", "power", "erst", "password", "pjclass")
        if getattr(args, key) is not None
    }
    if args.lamps is not None:
        overrides["lamps"] = _parse_lamps(args.lamps)
    return replace(state, **overrides)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="PJLink class-1 projector simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4352, help="0 picks a free port")
    parser.add_argument("--state", type=Path, help="JSON file with PjlinkState fields")
    for name in ("name", "inf1", "inf2", "info", "erst", "password"):
        parser.add_argument(f"--{name}")
    parser.add_argument("--power", type=int, choices=(0, 1, 2, 3))
    parser.add_argument("--lamps", help='hours/on pairs, e.g. "1234 1 980 0"')
    parser.add_argument("--class", dest="pjclass", choices=("1", "2"))
    return parser


class SearchResponder(asyncio.DatagramProtocol):
    """Class 2 search: answer ``%2SRCH`` with ``%2ACKN=<our MAC>`` while the state says class 2."""

    def __init__(self, simulator: Simulator, mac: str) -> None:
        self.simulator = simulator
        self.mac = mac.upper()
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        if data == b"%2SRCH\r" and self.simulator.state.pjclass == "2" and self.transport:
            self.transport.sendto(f"%2ACKN={self.mac}\r".encode(), addr)


def mac_of(host: str) -> str | None:
    """The MAC of the interface that holds ``host`` (None on loopback)."""
    for addrs in psutil.net_if_addrs().values():
        if any(a.family == socket.AF_INET and a.address == host for a in addrs):
            macs = [a.address for a in addrs if a.family == psutil.AF_LINK]
            if macs and macs[0] != "00:00:00:00:00:00":
                return macs[0]
    return None


async def serve(simulator: Simulator, host: str, port: int) -> None:
    server = await asyncio.start_server(simulator.serve_client, host, port, limit=MAX_LINE)
    loop = asyncio.get_running_loop()
    mac = mac_of(host)
    if mac and port:  # broadcasts reach only a socket bound to the wildcard address
        responder = SearchResponder(simulator, mac)
        await loop.create_datagram_endpoint(lambda: responder, local_addr=("0.0.0.0", port))
    loop.add_signal_handler(signal.SIGHUP, simulator.reload)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    bound = server.sockets[0].getsockname()
    print(f"listening on {bound[0]}:{bound[1]}", flush=True)
    async with server:
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    simulator = Simulator(state_from_args(args), args.state)
    asyncio.run(serve(simulator, args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
