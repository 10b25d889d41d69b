"""A tiny TCP server that greets like the services the port probe reads banners from.

``python -m tests.unit.ports.greeter IP PORT:GREETING ...`` listens on each PORT and sends
GREETING (Python escapes allowed, e.g. ``PJLINK 0\\r``; empty = silent) to every client. It
prints ``ready`` once listening and, per closed connection, ``PORT received N bytes``.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable


def _handler(
    port: int, greeting: bytes
) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if greeting:
            writer.write(greeting)
            await writer.drain()
        received = 0
        try:
            while chunk := await asyncio.wait_for(reader.read(1024), 5):
                received += len(chunk)
        except (TimeoutError, ConnectionError):
            pass
        print(f"{port} received {received} bytes", flush=True)
        writer.close()

    return handle


async def main(ip: str, specs: list[str]) -> None:
    servers = []
    for spec in specs:
        port, _, text = spec.partition(":")
        greeting = text.encode().decode("unicode_escape").encode("latin-1")
        servers.append(await asyncio.start_server(_handler(int(port), greeting), ip, int(port)))
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
