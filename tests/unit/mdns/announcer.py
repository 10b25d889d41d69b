"""A real DNS-SD announcer (python-zeroconf) for the mDNS integration test.

``python -m tests.unit.mdns.announcer IP`` registers SERVICES on the interface with address
IP, prints ``ready`` and keeps answering until terminated.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from zeroconf import IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf

# (type, instance, port, TXT properties); TXT as the real devices send it (mixed-case keys,
# a boolean key, non-ASCII text).
SERVICES: tuple[tuple[str, str, int, dict[str, str | None]], ...] = (
    (
        "_ipp._tcp.local.",
        "Office Printer",
        631,
        {
            "txtvers": "1",
            "ty": "Brother HL-L2350DW series",
            "rp": "ipp/print",
            "UUID": "e3248000-80ce-11db-8000-30055c773bcf",
            "Color": "F",
            "pdl": "application/pdf",
            "note": "Staff room – 1st floor",
            "air": None,
        },
    ),
    ("_pdl-datastream._tcp.local.", "Office Printer", 9100, {"ty": "Brother HL-L2350DW series"}),
    (
        "_googlecast._tcp.local.",
        "Chromecast-Hall-1234",
        8009,
        {"id": "5c6f2a5c3d0e4f1b9a8c7d6e5f4a3b2c", "md": "Chromecast", "fn": "Hall TV", "ve": "05"},
    ),
)


def _infos(ip: str) -> list[ServiceInfo]:
    host = "announcer-" + ip.replace(".", "-") + ".local."
    return [
        ServiceInfo(
            stype, f"{name}.{stype}", port=port, properties=txt, server=host, parsed_addresses=[ip]
        )
        for stype, name, port, txt in SERVICES
    ]


async def main(ip: str) -> None:
    aiozc = AsyncZeroconf(interfaces=[ip], ip_version=IPVersion.V4Only)
    tasks = await asyncio.gather(*(aiozc.async_register_service(i) for i in _infos(ip)))
    await asyncio.gather(*tasks)
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await aiozc.async_close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
