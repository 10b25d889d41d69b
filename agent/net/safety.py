"""What the agent may scan, and how fast (pure).

Rules, each refusal naming the config key to change:

* never: loopback, link-local (169.254/16), multicast, reserved (240/4), "this network" (0/8),
  the limited broadcast address — ``allow_public`` does not lift these;
* "private-like" ranges are allowed: RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598 shared
  address space (100.64/10, carrier-grade NAT — never routed on the internet, and some school
  networks sit behind it) and RFC 2544 benchmarking space (198.18/15, where the lab runs);
  anything else counts as public and needs ``scan.allow_public = true``;
* at most a /22 (1,024 addresses), per subnet and in total, unless ``scan.force_large = true``;
  never more than a /16 (65,536 addresses) even when forced;
* at most 1,000 packets per second unless ``scan.force_large = true``; never above 10,000.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import IPv4Address, IPv4Network, collapse_addresses

from agent.net.errors import ScanTargetError

SUBNETS_KEY = "scan.subnets"
RATE_KEY = "scan.arp_rate_pps"
MAX_ADDRESSES = 1024
HARD_MAX_ADDRESSES = 65536
MAX_RATE_PPS = 1000
HARD_MAX_RATE_PPS = 10000

PRIVATE_LIKE = tuple(
    IPv4Network(net)
    for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "198.18.0.0/15")
)
_FORBIDDEN = (
    (IPv4Network("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
    (IPv4Network("127.0.0.0/8"), "loopback"),
    (IPv4Network("169.254.0.0/16"), "link-local"),
    (IPv4Network("224.0.0.0/4"), "multicast"),
    (IPv4Network("240.0.0.0/4"), "reserved (and broadcast)"),
)


def _refuse(net: IPv4Network, why: str) -> ScanTargetError:
    return ScanTargetError(SUBNETS_KEY, f"{net} is {why}; it cannot be scanned. Remove it")


def _check_kind(net: IPv4Network, allow_public: bool) -> None:
    for forbidden, what in _FORBIDDEN:
        if net.overlaps(forbidden):
            raise _refuse(net, what)
    private = any(net.subnet_of(block) for block in PRIVATE_LIKE)
    if not private and not allow_public:
        raise ScanTargetError(
            SUBNETS_KEY,
            f"{net} is not a private range (10/8, 172.16/12, 192.168/16, 100.64/10, "
            "198.18/15). Scan only your own LAN, or set scan.allow_public = true",
        )


def _check_size(what: str, addresses: int, force_large: bool) -> None:
    if addresses > HARD_MAX_ADDRESSES:
        raise ScanTargetError(
            SUBNETS_KEY,
            f"{what} {addresses:,} addresses; more than a /16 ({HARD_MAX_ADDRESSES:,}) "
            "is never scanned. Narrow it",
        )
    if addresses > MAX_ADDRESSES and not force_large:
        raise ScanTargetError(
            SUBNETS_KEY,
            f"{what} {addresses:,} addresses; the limit is a /22 ({MAX_ADDRESSES:,}). "
            "Narrow it or set scan.force_large = true",
        )


def check_scan_targets(
    subnets: Sequence[IPv4Network],
    *,
    allow_public: bool = False,
    force: bool = False,
    rate_pps: int | None = None,
) -> list[IPv4Network]:
    """The subnets, de-duplicated and collapsed, or ScanTargetError saying what to change.

    ``force`` is ``scan.force_large``: it lifts the /22 and the packet-rate limits. With
    ``rate_pps`` the packet rate is checked too (``check_rate``).
    """
    if not subnets:
        raise ScanTargetError(SUBNETS_KEY, "nothing to scan; list at least one subnet")
    for net in subnets:
        _check_kind(net, allow_public)
        _check_size(f"{net} has", net.num_addresses, force)
    merged = list(collapse_addresses(subnets))
    if len(merged) > 1:
        _check_size("together the subnets have", sum(n.num_addresses for n in merged), force)
    if rate_pps is not None:
        check_rate(rate_pps, force=force)
    return merged


def check_rate(rate_pps: int, *, force: bool = False) -> int:
    """The packet rate, or ScanTargetError when it is not positive or above the cap."""
    if rate_pps < 1:
        raise ScanTargetError(RATE_KEY, f"{rate_pps} packets/s; give a positive rate")
    if rate_pps > HARD_MAX_RATE_PPS:
        raise ScanTargetError(
            RATE_KEY, f"{rate_pps:,} packets/s is above {HARD_MAX_RATE_PPS:,}, never allowed"
        )
    if rate_pps > MAX_RATE_PPS and not force:
        raise ScanTargetError(
            RATE_KEY,
            f"{rate_pps:,} packets/s is above the limit of {MAX_RATE_PPS:,}. "
            "Lower it or set scan.force_large = true",
        )
    return rate_pps


def scan_addresses(
    subnets: Iterable[IPv4Network], exclude: Iterable[IPv4Address] = ()
) -> list[IPv4Address]:
    """Every host address of the subnets (no network/broadcast address), minus ``exclude``."""
    skip = set(exclude)
    seen: dict[IPv4Address, None] = {}
    for net in subnets:
        for address in net.hosts():
            if address not in skip:
                seen[address] = None
    return list(seen)
