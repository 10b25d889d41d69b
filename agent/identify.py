"""Offline identification: what the agent would report for a recorded SNMP agent.

A school (or a technician) sends a ``.snmprec`` file or ``snmpwalk -On`` output; this runs the
same ``read_identity`` → ``build_device`` path a live scan uses, over a ``RecordingSource``.
The device's MAC is the first non-zero ifPhysAddress; its addresses come from the
recording's ipAddrTable (loopback and link-local left out).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address
from pathlib import Path

from agent.discovery.observations import SnmpObservation
from agent.knowledge.device import Facts, build_device
from agent.snmp.errors import ParseError
from agent.snmp.identity import read_identity
from agent.snmp.recording import Format, Recording, RecordingSource, load_recording
from agent.snmp.source import SnmpSource
from schemas import Device, Method, Probe

IP_AD_ENT_ADDR = "1.3.6.1.2.1.4.20.1.1"
IP_AD_ENT_IF_INDEX = "1.3.6.1.2.1.4.20.1.2"
RECORDING_CREDENTIAL = "recording"


@dataclass(frozen=True)
class Identified:
    """One file's result: the device record, or the reason the file could not be used."""

    path: Path
    device: Device | None = None
    error: str | None = None
    skipped_lines: int = 0
    first_skipped_line: int | None = None


def identify_files(paths: Sequence[tuple[Path, Format]]) -> list[Identified]:
    """Identify every file (one event loop for all); a bad file never stops the others."""
    return asyncio.run(_identify_all(paths))


async def _identify_all(paths: Sequence[tuple[Path, Format]]) -> list[Identified]:
    return [await identify_path(path, fmt) for path, fmt in paths]


async def identify_path(path: Path, fmt: Format) -> Identified:
    try:
        recording = load_recording(path, fmt)
    except ParseError as exc:
        return Identified(path=path, error=str(exc))
    device = await identify_recording(recording, label=path.name)
    return Identified(path, device, None, recording.skipped, recording.first_skipped_line)


async def identify_recording(recording: Recording, *, label: str) -> Device:
    """The device record the report would carry for this recorded agent."""
    source = RecordingSource(recording)
    identity = await read_identity(source)
    ips = await recorded_addresses(source)
    snmp = SnmpObservation(
        ip=ips[0] if ips else IPv4Address(0),
        credential=RECORDING_CREDENTIAL,
        version="v2c",
        identity=identity,
    )
    facts = Facts(mac=identity.macs[0] if identity.macs else None, ips=ips, snmp=snmp)
    probe = Probe(
        method=Method.SNMP,
        answered=True,
        detail=f"read from {label}"[:1024],
        credential=RECORDING_CREDENTIAL,
    )
    return build_device(facts).model_copy(update={"probes": [probe]})


async def recorded_addresses(source: SnmpSource) -> tuple[IPv4Address, ...]:
    """Usable IPv4 addresses of the agent's ipAddrTable (from the row index)."""
    rows = await source.walk(IP_AD_ENT_ADDR, 64) or await source.walk(IP_AD_ENT_IF_INDEX, 64)
    return addresses_from_index([oid for oid, _ in rows])


def addresses_from_index(oids: Sequence[str]) -> tuple[IPv4Address, ...]:
    found: list[IPv4Address] = []
    for oid in oids:
        try:
            ip = IPv4Address(".".join(oid.split(".")[-4:]))
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast):
            found.append(ip)
    return tuple(dict.fromkeys(found))
