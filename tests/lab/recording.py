"""Turn a published ``.snmprec`` walk into the per-run copy a lab host serves (pure, no I/O).

LibreNMS anonymised sysName/sysContact/sysLocation to ``<private>`` and left the devices' own
(foreign) IPv4 addresses in place. The copy fills in school names and moves every IPv4 address the
walk mentions — in OID indexes of the IP tables and in IpAddress values — into the lab subnet: the
device's own address becomes the lab host's address, the others (ARP caches, routes) take
addresses from a pool. Rows whose OID carries an anonymised address such as ``10.xx.xx.1`` are
dropped, except the device's own ipAddrTable rows, which are re-keyed to its lab address.

A ``.snmprec`` line is ``OID|TAG|VALUE``; tag ``4`` is an OCTET STRING, ``4x`` the same in hex,
``64``/``64x`` an IpAddress. Records stay sorted by OID, as snmpsim requires.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from ipaddress import AddressValueError, IPv4Address

from tests.lab.specs import SystemNames

SYS_CONTACT, SYS_NAME, SYS_LOCATION = "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0"
IP_ADDR_ENTRY = "1.3.6.1.2.1.4.20.1"


@dataclass(frozen=True)
class IndexRule:
    """Where IPv4 addresses sit in the index of a table's rows.

    ``plain``: offsets of 4-arc addresses; ``inet``: offsets of InetAddressType/length pairs that
    are followed by the address when they read ``1.4`` (ipv4, 4 bytes).
    """

    entry: str
    plain: tuple[int, ...] = ()
    inet: tuple[int, ...] = ()


INDEX_RULES = (
    IndexRule(IP_ADDR_ENTRY, plain=(0,)),  # ipAddrTable: ipAdEntAddr
    IndexRule("1.3.6.1.2.1.4.21.1", plain=(0,)),  # ipRouteTable: ipRouteDest
    IndexRule("1.3.6.1.2.1.4.22.1", plain=(1,)),  # ipNetToMediaTable: ifIndex, address
    IndexRule("1.3.6.1.2.1.4.24.4.1", plain=(0, 4, 9)),  # ipForwardTable: dest, mask, tos, hop
    IndexRule("1.3.6.1.2.1.4.34.1", inet=(0,)),  # ipAddressTable
    IndexRule("1.3.6.1.2.1.4.35.1", inet=(1,)),  # ipNetToPhysicalTable: ifIndex, address
    IndexRule("1.3.6.1.2.1.3.1.1", plain=(2,)),  # atTable: ifIndex, 1, address
    IndexRule("1.3.6.1.2.1.6.13.1", plain=(0, 5)),  # tcpConnTable: local, port, remote, port
    IndexRule("1.3.6.1.2.1.7.5.1", plain=(0,)),  # udpTable
)


@dataclass(frozen=True)
class Record:
    oid: tuple[str, ...]
    tag: str
    value: str

    def line(self) -> str:
        return f"{'.'.join(self.oid)}|{self.tag}|{self.value}"


def parse(text: str) -> list[Record]:
    records = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            oid, tag, value = line.split("|", 2)
            records.append(Record(tuple(oid.split(".")), tag, value))
    return records


def movable(address: IPv4Address) -> bool:
    """True for a device-specific unicast address (not loopback, link-local, a mask...)."""
    return not (
        address.is_loopback
        or address.is_unspecified
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.packed[0] == 255
    )


def _rule(oid: tuple[str, ...]) -> IndexRule | None:
    dotted = ".".join(oid)
    return next((r for r in INDEX_RULES if dotted.startswith(r.entry + ".")), None)


def _index_offsets(oid: tuple[str, ...]) -> Iterator[int]:
    """Positions in ``oid`` where an IPv4 address (4 arcs) starts."""
    rule = _rule(oid)
    if rule is None:
        return
    start = len(rule.entry.split(".")) + 1  # entry arcs, then the column
    yield from (start + offset for offset in rule.plain)
    for offset in rule.inet:
        at = start + offset
        if oid[at : at + 2] == ("1", "4"):
            yield at + 2


def _as_address(arcs: Sequence[str]) -> IPv4Address | None:
    try:
        return IPv4Address(".".join(arcs))
    except AddressValueError:
        return None


def _value_address(record: Record) -> IPv4Address | None:
    if record.tag == "64":
        return _as_address(record.value.split("."))
    if record.tag == "64x" and len(record.value) == 8:
        return IPv4Address(bytes.fromhex(record.value))
    return None


def addresses_in(record: Record) -> Iterator[IPv4Address]:
    """The movable addresses a record mentions, index first, then value."""
    for at in _index_offsets(record.oid):
        address = _as_address(record.oid[at : at + 4])
        if address is not None and movable(address):
            yield address
    value = _value_address(record)
    if value is not None and movable(value):
        yield value


def _own_index_address(record: Record) -> tuple[str, ...] | None:
    """The (possibly anonymised) ipAdEntAddr in an ipAddrTable row's index."""
    if ".".join(record.oid).startswith(IP_ADDR_ENTRY + "."):
        arcs = record.oid[len(IP_ADDR_ENTRY.split(".")) + 1 :]
        return arcs if len(arcs) == 4 else None
    return None


def _own_addresses(records: Iterable[Record]) -> list[tuple[str, ...]]:
    own: list[tuple[str, ...]] = []
    for record in records:
        arcs = _own_index_address(record)
        address = _as_address(arcs) if arcs else None
        if arcs and arcs not in own and (address is None or movable(address)):
            own.append(arcs)
    return own


def address_map(
    records: Sequence[Record], own_ip: IPv4Address, pool: Sequence[IPv4Address]
) -> dict[tuple[str, ...], IPv4Address]:
    """Old address (as OID arcs) → lab address: the device's first own address → ``own_ip``."""
    mapping: dict[tuple[str, ...], IPv4Address] = {}
    free = iter(pool)
    own = _own_addresses(records)
    if own:
        mapping[own[0]] = own_ip
    others = own[1:]
    others += [tuple(str(a).split(".")) for r in records for a in addresses_in(r)]
    for arcs in others:
        if arcs not in mapping:
            mapping[arcs] = next(free)
    return mapping


AddressMap = dict[tuple[str, ...], IPv4Address]


def _rewrite_oid(oid: tuple[str, ...], mapping: AddressMap) -> tuple[str, ...]:
    arcs = list(oid)
    for at in list(_index_offsets(oid)):
        new = mapping.get(tuple(arcs[at : at + 4]))
        if new is not None:
            arcs[at : at + 4] = str(new).split(".")
    return tuple(arcs)


def _rewrite_value(record: Record, mapping: AddressMap) -> Record:
    address = _value_address(record)
    new = mapping.get(tuple(str(address).split("."))) if address else None
    if new is None:
        return record
    value = str(new) if record.tag == "64" else new.packed.hex().upper()
    return replace(record, value=value)


def _named(record: Record, names: SystemNames) -> Record:
    texts = {SYS_NAME: names.name, SYS_LOCATION: names.location, SYS_CONTACT: names.contact}
    text = texts.get(".".join(record.oid))
    return record if text is None else Record(record.oid, "4", text)


def _oid_key(record: Record) -> tuple[int, ...]:
    return tuple(int(arc) for arc in record.oid)


def rewrite_recording(
    text: str, own_ip: IPv4Address, names: SystemNames, pool: Sequence[IPv4Address]
) -> str:
    """The lab copy of a recording: school names, lab addresses, anonymised rows dropped."""
    records = parse(text)
    mapping = address_map(records, own_ip, pool)
    out: dict[tuple[int, ...], Record] = {}
    for record in records:
        moved = replace(record, oid=_rewrite_oid(record.oid, mapping))
        moved = _named(_rewrite_value(moved, mapping), names)
        if all(arc.isdigit() for arc in moved.oid):
            out.setdefault(_oid_key(moved), moved)
    return "".join(out[key].line() + "\n" for key in sorted(out))
