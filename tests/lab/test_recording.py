"""The per-run copy of a recording: school names in, foreign addresses moved into the lab."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest

from tests.lab.inventory import RECORDING_POOL, SUBNET, Host, hosts_with
from tests.lab.lab import find_snmprec_dir
from tests.lab.recording import IP_ADDR_ENTRY, addresses_in, parse, rewrite_recording
from tests.lab.specs import Snmpsim, SystemNames

NAMES = SystemNames("staffroom-printer", "Staff room", "ICT <ict@school.lan>")
OWN = IPv4Address("198.18.0.10")
SAMPLE = """1.3.6.1.2.1.1.1.0|4|HP ETHERNET MULTI-ENVIRONMENT
1.3.6.1.2.1.1.4.0|4|<private>
1.3.6.1.2.1.1.5.0|4|<private>
1.3.6.1.2.1.1.6.0|4x|3C707269766174653E
1.3.6.1.2.1.4.20.1.2.127.0.0.1|2|1
1.3.6.1.2.1.4.20.1.2.192.168.1.25|2|2
1.3.6.1.2.1.4.20.1.3.127.0.0.1|64|255.0.0.0
1.3.6.1.2.1.4.20.1.3.192.168.1.25|64|255.255.255.0
1.3.6.1.2.1.4.22.1.2.2.192.168.1.124|4x|40A8F040E496
1.3.6.1.2.1.4.22.1.2.2.10.xx.xx.1|4x|120200000102
1.3.6.1.2.1.4.24.4.1.4.0.0.0.0.0.0.0.0.0.192.168.1.1|64|192.168.1.1
1.3.6.1.2.1.4.35.1.4.2.1.4.192.168.1.124|4x|40A8F040E496
1.3.6.1.4.1.311.1.3.2.1.1.2.10.xx.0.32|65|0
"""


def lines(text: str) -> dict[str, str]:
    return {r.line().split("|", 1)[0]: r.line().split("|", 1)[1] for r in parse(text)}


def test_names_replace_the_anonymised_system_group() -> None:
    out = lines(rewrite_recording(SAMPLE, OWN, NAMES, RECORDING_POOL))
    assert out["1.3.6.1.2.1.1.5.0"] == "4|staffroom-printer"
    assert out["1.3.6.1.2.1.1.6.0"] == "4|Staff room"
    assert out["1.3.6.1.2.1.1.4.0"] == "4|ICT <ict@school.lan>"


def test_own_address_becomes_the_lab_address_and_others_come_from_the_pool() -> None:
    out = lines(rewrite_recording(SAMPLE, OWN, NAMES, RECORDING_POOL))
    assert out["1.3.6.1.2.1.4.20.1.2.198.18.0.10"] == "2|2"
    assert out["1.3.6.1.2.1.4.20.1.3.198.18.0.10"] == "64|255.255.255.0"
    assert out["1.3.6.1.2.1.4.20.1.2.127.0.0.1"] == "2|1"
    neighbour = RECORDING_POOL[0]
    assert out[f"1.3.6.1.2.1.4.22.1.2.2.{neighbour}"] == "4x|40A8F040E496"
    assert out[f"1.3.6.1.2.1.4.35.1.4.2.1.4.{neighbour}"] == "4x|40A8F040E496"
    gateway = RECORDING_POOL[1]
    assert out[f"1.3.6.1.2.1.4.24.4.1.4.0.0.0.0.0.0.0.0.0.{gateway}"] == f"64|{gateway}"


def test_anonymised_rows_are_dropped_and_the_copy_is_sorted() -> None:
    text = rewrite_recording(SAMPLE, OWN, NAMES, RECORDING_POOL)
    assert "xx" not in text
    assert "192.168." not in text
    keys = [tuple(int(a) for a in r.oid) for r in parse(text)]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_anonymised_own_address_is_rekeyed() -> None:
    text = (
        "1.3.6.1.2.1.4.20.1.2.10.xx.xx.100|2|13\n"
        "1.3.6.1.2.1.4.20.1.3.10.xx.xx.100|64|255.255.255.0\n"
    )
    out = lines(rewrite_recording(text, OWN, NAMES, RECORDING_POOL))
    assert set(out) == {"1.3.6.1.2.1.4.20.1.2.198.18.0.10", "1.3.6.1.2.1.4.20.1.3.198.18.0.10"}


SERVED = hosts_with(Snmpsim)


@pytest.mark.parametrize("row", SERVED, ids=[h.suffix for h in SERVED])
def test_every_served_recording_only_mentions_lab_addresses(row: Host) -> None:
    spec = next(p for p in row.peers if isinstance(p, Snmpsim))
    source = find_snmprec_dir() / f"{spec.recording}.snmprec"
    if not source.exists():
        pytest.skip(f"recording not found: {source}")
    text = source.read_text(errors="surrogateescape")
    records = parse(rewrite_recording(text, row.ip, spec.names, RECORDING_POOL))
    assert {a for r in records for a in addresses_in(r)} <= set(SUBNET)
    own = [r for r in records if ".".join(r.oid) == f"{IP_ADDR_ENTRY}.2.{row.ip}"]
    assert len(own) == 1
