"""Recorded SNMP agents: ``.snmprec`` files and ``snmpwalk -On`` output, as an ``SnmpSource``.

Pure parsing plus an in-memory source; the only I/O is ``load_recording`` reading one file.

``.snmprec`` (snmpsim): one ``oid|tag|value`` per line; ``tag`` is the BER tag number (see
``agent.snmp.values.Tag``), optionally suffixed ``x`` (value hex-encoded) or ``e`` (Python-style
escapes). ``snmpwalk -On``: ``.oid = TYPE: value`` lines; quoted strings and hex strings may
continue on the following lines.

Lines that cannot be used (a non-numeric OID such as LibreNMS's anonymised ``10.xx``, an
unknown type, a snmpsim variation-module row) are skipped and counted, never fatal. Only a
file with no usable row at all raises ``ParseError`` — the one exception this module raises.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address
from pathlib import Path
from typing import Literal, cast

from agent.snmp.errors import ParseError
from agent.snmp.values import (
    ABSENT_TAGS,
    INTEGER_TAGS,
    OCTET_TAGS,
    Oid,
    Tag,
    Value,
    from_integer,
    from_octets,
    is_numeric_oid,
)

MAX_FILE_BYTES = 64 * 1024 * 1024
Format = Literal["snmprec", "walk"]

Key = tuple[int, ...]


class _Absent:
    """A well-formed row that carries no value (noSuchObject, NULL, ...)."""


_ABSENT = _Absent()


@dataclass(frozen=True)
class Recording:
    """A recorded agent: rows sorted by OID, plus how many lines were skipped."""

    rows: tuple[tuple[str, Value], ...]
    skipped: int = 0
    first_skipped_line: int | None = None


class RecordingSource:
    """An ``SnmpSource`` answering from a ``Recording``, like snmpsim would."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self._keys = [_key(oid) for oid, _ in recording.rows]
        self._values = dict(recording.rows)

    async def get(self, oids: Sequence[str]) -> dict[str, Value]:
        wanted = (oid.lstrip(".") for oid in oids)
        return {oid: self._values[oid] for oid in wanted if oid in self._values}

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Value]]:
        prefix = prefix.lstrip(".")
        after = start.lstrip(".") if start else prefix
        if not is_numeric_oid(prefix) or not is_numeric_oid(after) or max_rows <= 0:
            return []
        start_key = _key(prefix)
        index = bisect.bisect_right(self._keys, _key(after))
        found: list[tuple[str, Value]] = []
        rows = self.recording.rows
        while index < len(rows) and len(found) < max_rows:
            if self._keys[index][: len(start_key)] != start_key:
                break
            found.append(rows[index])
            index += 1
        return found


def load_recording(path: Path, fmt: Format | None = None) -> Recording:
    """Read and parse one file; ``fmt`` None guesses from the suffix (``.snmprec`` or walk)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ParseError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB; not a recording")
        text = path.read_bytes().decode("latin-1")
    except OSError as exc:
        raise ParseError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    chosen = fmt or ("snmprec" if path.suffix == ".snmprec" else "walk")
    parse = parse_snmprec if chosen == "snmprec" else parse_walk
    return parse(text, origin=str(path))


def parse_snmprec(text: str, origin: str = "<snmprec>") -> Recording:
    """Parse ``.snmprec`` text (decode files as latin-1, as snmpsim does)."""
    lines = (
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    )
    return _collect(((n, _snmprec_row(line)) for n, line in lines), origin, "snmprec")


def parse_walk(text: str, origin: str = "<walk>") -> Recording:
    """Parse ``snmpwalk -On`` output (numeric OIDs; values as net-snmp prints them)."""
    return _collect(((n, _walk_row(entry)) for n, entry in _walk_entries(text)), origin, "walk")


def _collect(
    parsed: Iterable[tuple[int, tuple[str, object] | None]], origin: str, kind: str
) -> Recording:
    values: dict[str, Value] = {}
    skipped, first_skipped = 0, None
    for number, row in parsed:
        if row is None:
            skipped += 1
            first_skipped = first_skipped or number
        elif not isinstance(row[1], _Absent):
            values.setdefault(row[0], cast(Value, row[1]))
    if not values:
        raise ParseError(f"{origin}: no usable SNMP rows; is this a {_EXPECTED[kind]}?")
    rows = tuple(sorted(values.items(), key=lambda item: _key(item[0])))
    return Recording(rows=rows, skipped=skipped, first_skipped_line=first_skipped)


_EXPECTED = {
    "snmprec": ".snmprec file (oid|tag|value lines)",
    "walk": "snmpwalk -On output (.oid = TYPE: value lines)",
}


def _key(oid: str) -> Key:
    return tuple(int(part) for part in oid.split("."))


# --- .snmprec -------------------------------------------------------------------------------


def _snmprec_row(line: str) -> tuple[str, object] | None:
    parts = line.rstrip("\r\n").split("|", 2)
    if len(parts) != 3:
        return None
    oid, tag_text, raw = parts[0].strip().lstrip("."), parts[1].strip(), parts[2]
    match = re.fullmatch(r"([0-9]{1,3})([xe]?)", tag_text)
    if not match or not is_numeric_oid(oid):
        return None
    value = _snmprec_value(int(match.group(1)), match.group(2), raw)
    return None if value is None else (oid, value)


def _snmprec_value(tag: int, encoding: str, raw: str) -> object | None:
    if tag in ABSENT_TAGS:
        return _ABSENT
    try:
        if tag in INTEGER_TAGS or tag == Tag.TIMETICKS:
            return from_integer(tag, int(raw, 16 if encoding == "x" else 10))
        if tag == Tag.OBJECT_IDENTIFIER:
            oid = raw.strip().lstrip(".")
            return Oid(oid) if is_numeric_oid(oid) else None
        if tag in OCTET_TAGS or tag == Tag.IP_ADDRESS:
            return from_octets(tag, _snmprec_octets(tag, encoding, raw))
    except ValueError:
        return None
    return None


def _snmprec_octets(tag: int, encoding: str, raw: str) -> bytes:
    if encoding == "x":
        return bytes.fromhex(raw.strip())
    if encoding == "e":
        return _unescape(raw).encode("latin-1")
    if tag == Tag.IP_ADDRESS:
        return IPv4Address(raw.strip()).packed
    return raw.encode("latin-1")


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unescape(raw: str) -> str:
    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        return chr(int(body[1:], 16)) if body[0] == "x" else _ESCAPES.get(body, body)

    return re.sub(r"\\(x[0-9a-fA-F]{2}|.)", one, raw)


# --- snmpwalk -On ---------------------------------------------------------------------------

_ENTRY = re.compile(r"^\s*\.?([0-9]+(?:\.[0-9]+)+)\s+=\s?(.*)$")


def _walk_entries(text: str) -> Iterable[tuple[int, tuple[str, str] | None]]:
    """(line number, (oid, value text)) per entry; continuation lines join their entry."""
    current: tuple[int, str, list[str]] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ENTRY.match(line)
        if match:
            if current:
                yield current[0], (current[1], "\n".join(current[2]))
            current = (number, match.group(1), [match.group(2)])
        elif current and len(current[2]) < 256:
            current[2].append(line)
        elif line.strip():
            yield number, None
    if current:
        yield current[0], (current[1], "\n".join(current[2]))


def _walk_row(entry: tuple[str, str] | None) -> tuple[str, object] | None:
    if entry is None:
        return None
    oid, text = entry
    text = re.sub(r"^Wrong Type \(should be [^)]*\):\s*", "", text.strip())
    value = _walk_value(text)
    return None if value is None else (oid, value)


_NO_VALUE = ("No Such Object", "No Such Instance", "No more variables", "NULL")


def _walk_value(text: str) -> object | None:
    if text.startswith(_NO_VALUE):
        return _ABSENT
    if text.startswith('"'):
        return _quoted(text)
    kind, _, payload = text.partition(":")
    converter = _WALK_TYPES.get(kind.strip().upper())
    if converter is None:
        return None
    try:
        return converter(payload.strip())
    except ValueError:
        return None


def _quoted(text: str) -> bytes:
    inner = text[1:-1] if len(text) >= 2 and text.endswith('"') else text.lstrip('"')
    unescaped = re.sub(r'\\(["\\])', r"\1", inner)
    return unescaped.encode("latin-1")[:4096]


def _string(payload: str) -> bytes:
    return _quoted(payload) if payload.startswith('"') else payload.encode("latin-1")[:4096]


def _hex(payload: str) -> bytes:
    return bytes.fromhex("".join(payload.split()))[:4096]


def _leading_int(payload: str) -> int:
    match = re.search(r"\((-?[0-9]+)\)", payload) or re.match(r"(-?[0-9]+)", payload)
    if not match:
        raise ValueError(payload)
    return int(match.group(1))


def _oid(payload: str) -> Oid:
    numeric = re.sub(r"^(iso|SNMPv2-SMI::iso)\.", "1.", payload.strip())
    numeric = re.sub(r"^SNMPv2-SMI::enterprises\.", "1.3.6.1.4.1.", numeric).lstrip(".")
    if not is_numeric_oid(numeric):
        raise ValueError(payload)
    return Oid(numeric)


def _bits(payload: str) -> bytes:
    octets = []
    for token in payload.split():
        if not re.fullmatch(r"[0-9A-Fa-f]{2}", token):
            break
        octets.append(int(token, 16))
    return bytes(octets)


def _network_address(payload: str) -> IPv4Address:
    return IPv4Address(bytes.fromhex(payload.replace(":", "")))


_WALK_TYPES: dict[str, Callable[[str], object]] = {
    "STRING": _string,
    "HEX-STRING": _hex,
    "INTEGER": _leading_int,
    "COUNTER32": _leading_int,
    "COUNTER64": _leading_int,
    "GAUGE32": _leading_int,
    "UNSIGNED32": _leading_int,
    "UINTEGER32": _leading_int,
    "TIMETICKS": lambda payload: from_integer(Tag.TIMETICKS, _leading_int(payload)),
    "OID": _oid,
    "IPADDRESS": lambda payload: IPv4Address(payload.strip()),
    "NETWORK ADDRESS": _network_address,
    "BITS": _bits,
}
