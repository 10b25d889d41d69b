"""PJLink wire format: greeting, authentication digest, commands, replies. Pure.

Every ``parse_*`` takes what the projector sent and either returns a typed value or raises
``PjlinkParseError`` (``PjlinkAuthError`` for ``PJLINK ERRA``); nothing else escapes.
"""

from __future__ import annotations

import hashlib
import re

from agent.pjlink.model import (
    Component,
    ErrorCode,
    Greeting,
    Health,
    Lamp,
    PjlinkAuthError,
    PjlinkParseError,
    Power,
    Reply,
)

MAX_LINE = 256  # longest PJLink line: 136-byte spec limit plus slack
MAX_TEXT = 128
MAX_LAMPS = 8
_GREETING = re.compile(r"PJLINK ([01])(?: ([\x21-\x7e]{1,32}))?")
_REPLY = re.compile(r"%([12])([A-Z0-9]{4})=(.*)", re.DOTALL)
_COMMAND = re.compile(r"[A-Z0-9]{4}")


def _line(data: bytes) -> str:
    if len(data) > MAX_LINE:
        raise PjlinkParseError(f"PJLink line longer than {MAX_LINE} bytes")
    return data.decode("utf-8", "replace").strip("\r\n\x00 ")


def parse_greeting(data: bytes) -> Greeting:
    """``PJLINK 0`` (no password) or ``PJLINK 1 <random>`` (password required)."""
    text = _line(data)
    if text == "PJLINK ERRA":
        raise PjlinkAuthError("projector refused the connection (PJLINK ERRA)")
    match = _GREETING.fullmatch(text)
    if not match:
        raise PjlinkParseError(f"not a PJLink greeting: {text[:40]!r}")
    if match.group(1) == "0":
        return Greeting(auth_required=False)
    if not match.group(2):
        raise PjlinkParseError("PJLink greeting asks for a password but gives no random")
    return Greeting(auth_required=True, random=match.group(2))


def auth_digest(random: str, password: str) -> str:
    """32 lower-case hex chars of MD5(random + password) — PJLink's scheme, not ours."""
    return hashlib.md5((random + password).encode("utf-8"), usedforsecurity=False).hexdigest()


def encode_command(command: str, parameter: str = "?", pjlink_class: int = 1) -> bytes:
    if not _COMMAND.fullmatch(command) or pjlink_class not in (1, 2):
        raise ValueError(f"not a PJLink command: class {pjlink_class} {command!r}")
    return f"%{pjlink_class}{command} {parameter}\r".encode("ascii")


def parse_reply(data: bytes) -> Reply:
    """``%1POWR=1`` -> Reply(1, "POWR", "1"); ``%1LAMP=ERR1`` carries ``error``."""
    text = _line(data)
    if text == "PJLINK ERRA":
        raise PjlinkAuthError("wrong PJLink password (PJLINK ERRA)")
    match = _REPLY.fullmatch(text)
    if not match:
        raise PjlinkParseError(f"not a PJLink reply: {text[:40]!r}")
    value = match.group(3)
    error = ErrorCode(value) if value in ErrorCode.__members__.values() else None
    return Reply(int(match.group(1)), match.group(2), value, error)


def parse_power(value: str) -> Power:
    try:
        return Power(int(value.strip()))
    except ValueError as exc:
        raise PjlinkParseError(f"POWR value {value[:20]!r} is not 0-3") from exc


def parse_error_status(value: str) -> dict[Component, Health]:
    """ERST: six digits, one per component (fan, lamp, temperature, cover, filter, other)."""
    digits = value.strip()
    if len(digits) != 6 or any(d not in "012" for d in digits):
        raise PjlinkParseError(f"ERST value {digits[:20]!r} is not six digits 0-2")
    return {component: Health(int(d)) for component, d in zip(Component, digits, strict=True)}


def parse_lamps(value: str) -> tuple[Lamp, ...]:
    """LAMP: ``<hours> <0|1>`` pairs, up to eight lamps (``1234 1 980 0``)."""
    fields = value.split()
    if not fields or len(fields) % 2 or len(fields) > 2 * MAX_LAMPS:
        raise PjlinkParseError(f"LAMP value {value[:40]!r} is not hour/state pairs")
    pairs = zip(fields[::2], fields[1::2], strict=True)
    return tuple(_lamp(number, hours, on) for number, (hours, on) in enumerate(pairs, start=1))


def _lamp(number: int, hours: str, on: str) -> Lamp:
    if not (hours.isascii() and hours.isdigit() and len(hours) <= 5) or on not in ("0", "1"):
        raise PjlinkParseError(f"lamp {number}: {hours[:8]!r} {on[:4]!r} is not hours and 0/1")
    return Lamp(number, int(hours), on == "1")


def parse_class(value: str) -> int:
    text = value.strip()
    if text not in ("1", "2"):
        raise PjlinkParseError(f"CLSS value {text[:10]!r} is not 1 or 2")
    return int(text)


def parse_hours(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        raise PjlinkParseError(f"hours value {text[:10]!r} is not a number")
    return int(text)


def parse_text(value: str) -> str | None:
    """NAME / INF1 / INF2 / INFO / SNUM / SVER: printable text, trimmed; empty -> None."""
    cleaned = "".join(ch for ch in value if ch.isprintable()).strip()
    return cleaned[:MAX_TEXT] or None
