"""Pure parsing of Linux ``/proc/net/route``: which interface carries the default route."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

_RTF_UP = 0x1
_MIN_FIELDS = 8


@dataclass(frozen=True)
class Route:
    interface: str
    destination: IPv4Address
    gateway: IPv4Address
    mask: IPv4Address
    metric: int
    up: bool

    @property
    def is_default(self) -> bool:
        return self.up and int(self.destination) == 0 and int(self.mask) == 0


def _hex_ip(field: str) -> IPv4Address:
    """``/proc/net/route`` writes addresses as host-order (little-endian) hex."""
    return IPv4Address(int(field, 16).to_bytes(4, "little"))


def _parse_line(line: str) -> Route | None:
    fields = line.split()
    if len(fields) < _MIN_FIELDS:
        return None
    try:
        flags = int(fields[3], 16)
        return Route(
            interface=fields[0],
            destination=_hex_ip(fields[1]),
            gateway=_hex_ip(fields[2]),
            mask=_hex_ip(fields[7]),
            metric=int(fields[6]),
            up=bool(flags & _RTF_UP),
        )
    except (ValueError, OverflowError):
        return None


def parse_routes(text: str) -> list[Route]:
    """Every well-formed route line; the header and garbage lines are skipped."""
    routes = (_parse_line(line) for line in text.splitlines()[1:])
    return [route for route in routes if route is not None]


def default_route_interface(text: str) -> str | None:
    """The interface of the lowest-metric default route, or None when there is none."""
    defaults = [route for route in parse_routes(text) if route.is_default]
    if not defaults:
        return None
    return min(defaults, key=lambda route: route.metric).interface


def default_gateway(text: str) -> IPv4Address | None:
    """The gateway of the lowest-metric default route, or None when there is none."""
    defaults = [route for route in parse_routes(text) if route.is_default]
    if not defaults:
        return None
    return min(defaults, key=lambda route: route.metric).gateway
