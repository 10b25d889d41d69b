"""Where the agent may send its token over plain ``http://``: loopback and the lab range only.

Anywhere else the bearer token would cross a network in clear text, so an ``http://``
collector address is refused unless the user says ``--insecure`` (and it is remembered in the
enrollment). Pure: no name is resolved (a name could resolve anywhere, so only ``localhost``
counts as loopback).
"""

from __future__ import annotations

from ipaddress import IPv4Network, ip_address
from urllib.parse import urlsplit

LAB_RANGES = (IPv4Network("198.18.0.0/15"),)  # RFC 2544 benchmarking range (the lab)
LOCAL_NAMES = frozenset({"localhost"})


class InsecureCollectorError(ValueError):
    """An ``http://`` collector address outside loopback and the lab ranges."""


def plain_http_is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in LOCAL_NAMES:
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or any(address in net for net in LAB_RANGES)


def check_collector_url(url: str, *, insecure: bool) -> None:
    """Raise InsecureCollectorError for a plain-HTTP address that is neither local nor allowed."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (parsing the port raises for a bad one)
    except ValueError as exc:
        raise InsecureCollectorError(f"{url!r} is not a valid https:// address: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme == "https" or insecure:
        return
    if scheme == "http" and plain_http_is_local(url):
        return
    if scheme == "http":
        raise InsecureCollectorError(
            f"{url} is plain http:// outside this machine and the lab: the agent's token "
            "would cross the network unencrypted; use the collector's https:// address "
            "(or, knowingly, --insecure)"
        )
    raise InsecureCollectorError(f"{url}: the collector address must start with https://")
