"""Pure ARP-over-Ethernet frame building and reply parsing (RFC 826); never raises on input."""

from __future__ import annotations

import struct
from ipaddress import IPv4Address

from schemas import canonical_mac

ETH_P_ARP = 0x0806
_ETH_P_IP = 0x0800
_HTYPE_ETHERNET = 1
_OP_REQUEST = 1
_OP_REPLY = 2
_ETH_HEADER = struct.Struct("!6s6sH")
_ARP_BODY = struct.Struct("!HHBBH6s4s6s4s")
FRAME_LEN = _ETH_HEADER.size + _ARP_BODY.size  # 42; the NIC pads to 60
_BROADCAST = b"\xff" * 6


def _mac_bytes(mac: str) -> bytes:
    return bytes.fromhex(canonical_mac(mac).replace(":", ""))


def arp_request(src_mac: str, src_ip: IPv4Address, target_ip: IPv4Address) -> bytes:
    """A broadcast who-has ``target_ip`` from ``src_mac``/``src_ip``."""
    sha = _mac_bytes(src_mac)
    header = _ETH_HEADER.pack(_BROADCAST, sha, ETH_P_ARP)
    body = _ARP_BODY.pack(
        _HTYPE_ETHERNET, _ETH_P_IP, 6, 4, _OP_REQUEST,
        sha, src_ip.packed, b"\x00" * 6, target_ip.packed,
    )  # fmt: skip
    return header + body


def parse_arp_reply(frame: bytes) -> tuple[IPv4Address, str] | None:
    """``(sender IP, sender MAC)`` of an Ethernet ARP is-at reply with a unicast MAC, else None."""
    if len(frame) < FRAME_LEN:
        return None
    _dst, _src, ethertype = _ETH_HEADER.unpack_from(frame)
    htype, ptype, hlen, plen, op, sha, spa, _tha, _tpa = _ARP_BODY.unpack_from(
        frame, _ETH_HEADER.size
    )
    shape = (ethertype, htype, ptype, hlen, plen, op)
    if shape != (ETH_P_ARP, _HTYPE_ETHERNET, _ETH_P_IP, 6, 4, _OP_REPLY):
        return None
    if sha[0] & 1 or sha == b"\x00" * 6:
        return None  # multicast/broadcast or empty sender: not a host
    return IPv4Address(spa), ":".join(f"{byte:02x}" for byte in sha)
