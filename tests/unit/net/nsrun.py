"""Run one LINK discovery API inside the current network namespace and print JSON.

Used by the integration tests via ``ip netns exec <ns> python -m tests.unit.net.nsrun ...``
(and usable by hand). Every command prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Coroutine
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from agent.net.interfaces import ScanInterface, select_interface


def _iface(args: argparse.Namespace) -> ScanInterface:
    return select_interface(args.interface)


def _subnets(args: argparse.Namespace, iface: ScanInterface) -> list[IPv4Network]:
    return [IPv4Network(s) for s in args.subnet] or [iface.network]


def _links(observations: list[Any]) -> list[dict[str, str]]:
    return [{"ip": str(o.ip), "mac": o.mac, "method": str(o.method)} for o in observations]


async def _arp(args: argparse.Namespace) -> Any:
    from agent.arp.sweep import RawSocketUnavailableError, arp_sweep

    iface = _iface(args)
    try:
        found = await arp_sweep(
            iface, _subnets(args, iface), rate_pps=args.rate, retries=args.retries, wait_s=args.wait
        )
    except RawSocketUnavailableError as exc:
        return {"error": "raw_socket_unavailable", "detail": str(exc)}
    return _links(found)


async def _neigh(args: argparse.Namespace) -> Any:
    from agent.arp.neighbours import neighbour_sweep

    iface = _iface(args)
    found = await neighbour_sweep(
        iface, _subnets(args, iface), rate_pps=args.rate, settle_s=args.wait
    )
    return _links(found)


async def _mdns(args: argparse.Namespace) -> Any:
    from agent.mdns.browse import browse_mdns

    iface = _iface(args)
    found = await browse_mdns(iface.ip, window_s=args.window, quiet_s=args.quiet)
    return [{"ips": [str(ip) for ip in o.ips], **o.service.model_dump(mode="json")} for o in found]


async def _ports(args: argparse.Namespace) -> Any:
    from agent.ports.probe import probe_ports

    ips = [IPv4Address(ip) for ip in args.ip]
    found = await probe_ports(ips, [int(p) for p in args.port], timeout_s=args.timeout)
    return [
        {"ip": str(o.ip), "open": list(o.open_ports), "banners": [list(b) for b in o.banners]}
        for o in found
    ]


async def _iface_cmd(args: argparse.Namespace) -> Any:
    iface = _iface(args)
    return {
        "name": iface.name,
        "mac": iface.mac,
        "ip": str(iface.ip),
        "network": str(iface.network),
        "networks": [str(n) for n in iface.networks],
    }


COMMANDS: dict[str, Callable[[argparse.Namespace], Coroutine[Any, Any, Any]]] = {
    "arp": _arp,
    "neigh": _neigh,
    "mdns": _mdns,
    "ports": _ports,
    "iface": _iface_cmd,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--interface")
    parser.add_argument("--subnet", action="append", default=[])
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--retries", type=int, default=1)
    parser.add_argument("--wait", type=float, default=0.5)
    parser.add_argument("--window", type=float, default=3.0)
    parser.add_argument("--quiet", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=0.5)
    parser.add_argument("--ip", action="append", default=[])
    parser.add_argument("--port", action="append", default=[])
    args = parser.parse_args()
    start = time.monotonic()
    result = asyncio.run(COMMANDS[args.command](args))
    json.dump({"result": result, "elapsed_s": time.monotonic() - start}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
