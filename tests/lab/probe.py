"""Client probes run *inside* a lab namespace (``ip netns exec <ns> python -m tests.lab.probe``);
each prints one JSON document. The lab tests use them from the agent's namespace.

    mdns [--seconds N]                       every DNS-SD service seen (python-zeroconf)
    pjlink HOST [--password P]               a PJLink session with the pypjlink2 client
    udp HOST PORT HEX                        send one datagram, print the reply (hex) or null
"""

from __future__ import annotations

import argparse
import json
import socket
import time
from collections.abc import Sequence
from typing import Any

from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf, ZeroconfServiceTypes


def _txt(properties: dict[bytes, bytes | None]) -> dict[str, str | None]:
    return {
        k.decode(errors="replace"): (v.decode(errors="replace") if v is not None else None)
        for k, v in properties.items()
    }


def browse_mdns(seconds: float) -> list[dict[str, Any]]:
    """Enumerate service types, browse them all for ``seconds`` and resolve every instance."""
    zc = Zeroconf(ip_version=IPVersion.V4Only)
    try:
        types = ZeroconfServiceTypes.find(zc=zc, timeout=seconds / 2)
        seen: set[tuple[str, str]] = set()

        def on_change(
            zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
        ) -> None:
            seen.add((service_type, name))

        browser = ServiceBrowser(zc, list(types), handlers=[on_change]) if types else None
        time.sleep(seconds / 2)
        if browser is not None:
            browser.cancel()
        return [_resolve(zc, t, n) for t, n in sorted(seen)]
    finally:
        zc.close()


def _resolve(zc: Zeroconf, service_type: str, name: str) -> dict[str, Any]:
    info = zc.get_service_info(service_type, name, timeout=2000)
    if info is None:
        return {"type": service_type, "name": name, "resolved": False}
    return {
        "type": service_type,
        "name": name,
        "resolved": True,
        "server": info.server,
        "addresses": info.parsed_addresses(),
        "port": info.port,
        "txt": _txt(info.properties),
    }


def pjlink_session(host: str, password: str | None) -> dict[str, Any]:
    from pypjlink import Projector  # type: ignore[import-untyped]

    with Projector.from_address(host, timeout=5) as projector:
        if projector.authenticate(password) is False:
            return {"authenticated": False}
        return {
            "authenticated": True,
            "power": projector.get_power(),
            "errors": projector.get_errors(),
            "lamps": projector.get_lamps(),
            "name": projector.get_name(),
            "manufacturer": projector.get_manufacturer(),
            "product": projector.get_product_name(),
            "info": projector.get_other_info(),
        }


def udp_exchange(host: str, port: int, payload: bytes, timeout_s: float = 1.5) -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout_s)
        sock.sendto(payload, (host, port))
        try:
            return sock.recv(65535).hex()
        except TimeoutError:
            return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.lab.probe")
    sub = parser.add_subparsers(dest="probe", required=True)
    sub.add_parser("mdns").add_argument("--seconds", type=float, default=3.0)
    pj = sub.add_parser("pjlink")
    pj.add_argument("host")
    pj.add_argument("--password")
    udp = sub.add_parser("udp")
    udp.add_argument("host")
    udp.add_argument("port", type=int)
    udp.add_argument("payload_hex")
    args = parser.parse_args(argv)
    result: Any
    if args.probe == "mdns":
        result = browse_mdns(args.seconds)
    elif args.probe == "pjlink":
        result = pjlink_session(args.host, args.password)
    else:
        result = udp_exchange(args.host, args.port, bytes.fromhex(args.payload_hex))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
