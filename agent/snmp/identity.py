"""What an SNMP agent says about itself: ``read_identity`` (async I/O).

``read_identity`` asks any ``SnmpSource`` (live or recorded) for the system group, the
identity scalars of the knowledge tables (vendor MIBs, UPS-MIB), the ENTITY-MIB chassis row,
the Printer-MIB serial, HOST-RESOURCES printer rows, ifPhysAddress, and which knowledge
"probe subtrees" answer. Each read that fails leaves its fields empty: a partial identity
beats none. ``identity_build`` turns the answers into one ``SnmpIdentity``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import TypeVar

from agent.discovery.observations import SnmpIdentity
from agent.knowledge.snmp_tables import PROBE_SUBTREE_PREFIXES, VENDOR_IDENTITY_COLUMNS
from agent.knowledge.vendors import SOFTWARE_AGENTS
from agent.snmp.errors import SnmpError
from agent.snmp.identity_build import (
    BRIDGE_PORT_IF_INDEX,
    DOT11_PRODUCT_NAME,
    ENT_MODEL_NAME,
    ENT_PHYSICAL,
    FC_CONN_UNIT_PRODUCT,
    FC_CONN_UNIT_SN,
    FC_CONN_UNIT_TYPE,
    HR_DEVICE_DESCR,
    HR_DEVICE_TYPE,
    IF_DESCR,
    IF_PHYS_ADDRESS,
    IF_TYPE,
    PRT_GENERAL_SERIAL,
    STRUCTURE_OIDS,
    SYS_OBJECT_ID,
    SYSTEM_OIDS,
    RawIdentity,
    Rows,
    build_identity,
    chassis_index,
    enterprise_number,
    entity_oids,
    first_rows,
    identity_rows,
    software_agent,
)
from agent.snmp.source import SnmpSource
from agent.snmp.values import Value, as_oid

log = logging.getLogger(__name__)

# Tables walked for identity, with the most rows read from each (in this order).
IDENTITY_WALKS = (
    (ENT_PHYSICAL + ".5", 64),  # entPhysicalClass: find the chassis row
    (IF_PHYS_ADDRESS, 64),
    (HR_DEVICE_TYPE, 16),
    (HR_DEVICE_DESCR, 16),
    (PRT_GENERAL_SERIAL, 4),
    (IF_TYPE, 64),  # port counts: how many Ethernet / radio interfaces
    (ENT_MODEL_NAME, 8),  # a model name when no entity is a chassis
    (BRIDGE_PORT_IF_INDEX, 64),  # bridge ports, when dot1dBaseNumPorts is not answered
    (FC_CONN_UNIT_TYPE, 4),  # what a Fibre Channel management agent says the unit is
    (IF_DESCR, 64),  # interface names: Linux wireless drivers name their radios
    (FC_CONN_UNIT_PRODUCT, 1),  # a SAN array's or FC switch's model (first unit)
    (FC_CONN_UNIT_SN, 1),  # and its serial
    (DOT11_PRODUCT_NAME, 1),  # an access point's product name (first radio)
)
ENTERPRISES = "1.3.6.1.4.1"
ENTERPRISE_ARCS = ENTERPRISES.split(".")
VENDOR_STEPS = 4  # GETNEXTs spent finding a hardware maker's MIB behind a software agent
LAST_ARC = 2**32 - 1  # GETNEXT from <subtree>.LAST_ARC lands after the whole subtree
GET_CHUNK = 16  # OIDs per GET request
PER_AGENT_REQUESTS = 4  # requests in flight to one agent (cheap printers drop bursts)
_T = TypeVar("_T")


async def read_identity(
    source: SnmpSource, subtrees: Sequence[str] = PROBE_SUBTREE_PREFIXES
) -> SnmpIdentity:
    """Read everything identification uses from ``source``; never raises ``SnmpError``."""
    gate = asyncio.Semaphore(PER_AGENT_REQUESTS)
    columns = tuple(row.oid for row in VENDOR_IDENTITY_COLUMNS)
    walks = (*IDENTITY_WALKS, *((oid, 1) for oid in columns), *((prefix, 1) for prefix in subtrees))
    # The system group in a request of its own: an agent that chokes on a vendor OID
    # (some drop the whole request) must not cost us sysDescr and sysObjectID.
    system, scalars, rows = await asyncio.gather(
        _get(source, gate, SYSTEM_OIDS),
        _get(source, gate, [*(row.oid for row in identity_rows()), *STRUCTURE_OIDS]),
        asyncio.gather(*(_walk(source, gate, prefix, count) for prefix, count in walks)),
    )
    (
        classes,
        if_phys,
        hr_types,
        hr_descrs,
        serials,
        if_types,
        models,
        ports,
        units,
        names,
        fc_products,
        fc_serials,
        dot11_products,
        *rest,
    ) = rows
    firsts, found = rest[: len(columns)], rest[len(columns) :]
    chassis = chassis_index(classes)
    entity = await _get(source, gate, entity_oids(chassis)) if chassis else {}
    present = tuple(prefix for prefix, answer in zip(subtrees, found, strict=True) if answer)
    values = {**scalars, **system}
    software = software_agent(as_oid(system.get(SYS_OBJECT_ID)))
    vendor = await vendor_subtree(source, gate) if software else None
    raw = RawIdentity(
        values, entity, chassis, if_phys, hr_types, hr_descrs, serials, present,
        ent_classes=classes, if_types=if_types, ent_models=models, vendor_subtree=vendor,
        bridge_ports=ports, fc_unit_types=units, if_descrs=names,
        fc_products=fc_products, fc_serials=fc_serials, dot11_products=dot11_products,
        vendor_columns=first_rows(columns, firsts),
    )  # fmt: skip
    return build_identity(raw)


async def vendor_subtree(source: SnmpSource, gate: asyncio.Semaphore) -> str | None:
    """The first hardware maker's ``1.3.6.1.4.1.N`` the agent answers under: one GETNEXT per
    step, skipping SNMP software's own subtrees (UCD, Net-SNMP, Microsoft), a few steps at most.
    """
    start: str | None = None
    for _ in range(VENDOR_STEPS):
        empty: list[tuple[str, Value]] = []
        rows = await _guarded(gate, source.walk(ENTERPRISES, 1, start), empty, "enterprises")
        pen = enterprise_number(rows[0][0]) if rows else None
        if pen is None:
            return None
        if pen not in SOFTWARE_AGENTS:
            return f"{ENTERPRISES}.{pen}"
        start = f"{ENTERPRISES}.{pen}.{LAST_ARC}"
    return None


async def _guarded(gate: asyncio.Semaphore, request: Awaitable[_T], empty: _T, what: str) -> _T:
    async with gate:
        try:
            return await request
        except SnmpError as exc:
            log.debug("SNMP %s failed: %s", what, exc)
            return empty


async def _get(
    source: SnmpSource, gate: asyncio.Semaphore, oids: Sequence[str]
) -> dict[str, Value]:
    chunks = [oids[i : i + GET_CHUNK] for i in range(0, len(oids), GET_CHUNK)]
    empty: dict[str, Value] = {}
    answers = await asyncio.gather(
        *(_guarded(gate, source.get(chunk), empty, f"get {chunk[0]}…") for chunk in chunks)
    )
    return {oid: value for answer in answers for oid, value in answer.items()}


async def _walk(source: SnmpSource, gate: asyncio.Semaphore, prefix: str, rows: int) -> Rows:
    empty: list[tuple[str, Value]] = []
    return await _guarded(gate, source.walk(prefix, rows), empty, f"walk {prefix}")
