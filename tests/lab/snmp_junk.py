"""Misbehaving SNMP endpoints on UDP/161: ``drop`` reads and never answers; ``garbage`` answers
every request with malformed BER, cycling through a fixed set of bad replies (deterministic).

Run: ``python -m tests.lab.snmp_junk garbage --host 198.18.0.131``.
"""

from __future__ import annotations

import argparse
import logging
import random
import socket
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

MAX_DATAGRAM = 65535
GET_RESPONSE = 0xA2
REQUEST_TAGS = (0xA0, 0xA1, 0xA5)  # Get, GetNext, GetBulk


def truncated_reply(request: bytes) -> bytes:
    """The request turned into a GetResponse and cut short: a length field promises more."""
    reply = bytearray(request)
    at = next((i for i, b in enumerate(reply) if i > 4 and b in REQUEST_TAGS), None)
    if at is not None:
        reply[at] = GET_RESPONSE
    return bytes(reply[: max(2, len(reply) * 2 // 3)])


def huge_length(_request: bytes) -> bytes:
    """A SEQUENCE claiming 4 GiB of content."""
    return bytes([0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xF0, 0x02, 0x01, 0x01])


def not_snmp(_request: bytes) -> bytes:
    """Well-formed BER that is not an SNMP message (an INTEGER in a SEQUENCE)."""
    return bytes([0x30, 0x03, 0x02, 0x01, 0x05])


def wrong_version(request: bytes) -> bytes:
    """The request echoed with version 42 and a bogus PDU tag."""
    reply = bytearray(request)
    if len(reply) > 4 and reply[2] == 0x02:
        reply[4] = 42
    return bytes(reply).replace(b"\xa0", b"\xbf", 1)


def empty(_request: bytes) -> bytes:
    return b""


def make_noise(seed: int) -> Callable[[bytes], bytes]:
    rng = random.Random(seed)
    return lambda _request: rng.randbytes(rng.randint(1, 96))


def garbage_replies(seed: int = 2) -> tuple[Callable[[bytes], bytes], ...]:
    return (truncated_reply, make_noise(seed), huge_length, not_snmp, wrong_version, empty)


def serve(sock: socket.socket, mode: str) -> None:
    replies = garbage_replies()
    count = 0
    while True:
        request, peer = sock.recvfrom(MAX_DATAGRAM)
        if mode == "garbage":
            sock.sendto(replies[count % len(replies)](request), peer)
        count += 1
        log.debug("%s: request %d from %s", mode, count, peer[0])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="UDP/161 that drops or answers garbage")
    parser.add_argument("mode", choices=("drop", "garbage"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=161)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((args.host, args.port))
        log.info("%s mode on %s:%d", args.mode, args.host, args.port)
        try:
            serve(sock, args.mode)
        except KeyboardInterrupt:
            return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
