"""Replay a PJLink transcript (``data/*.txt``) as a TCP server on 127.0.0.1.

``S`` lines are sent as the projector; ``C`` lines are what the client must send, compared
byte for byte (a mismatch closes the connection and is reported in ``Replay.mismatch``).
Escapes: ``\\r`` CR, ``\\xNN`` a byte.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"


def load_transcript(name: str) -> list[tuple[str, bytes]]:
    steps = []
    for line in (DATA / name).read_text().splitlines():
        if line and not line.startswith("#"):
            who, _, text = line.partition(" ")
            steps.append((who, _unescape(text)))
    return steps


def _unescape(text: str) -> bytes:
    raw = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), text)
    return raw.replace("\\r", "\r").encode("latin-1")


@dataclass
class Replay:
    steps: list[tuple[str, bytes]]
    mismatch: list[str] = field(default_factory=list)
    completed: bool = False

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for who, data in self.steps:
                if who == "S":
                    writer.write(data)
                    await writer.drain()
                    continue
                got = await reader.readexactly(len(data))
                if got != data:
                    self.mismatch.append(f"expected {data!r}, got {got!r}")
                    return
            self.completed = True
            await reader.read(1)  # wait for the client to close
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self.mismatch.append(f"client went away: {exc!r}")
        finally:
            writer.close()


@asynccontextmanager
async def replay_server(name: str) -> AsyncIterator[tuple[int, Replay]]:
    replay = Replay(load_transcript(name))
    server = await asyncio.start_server(replay.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield port, replay
