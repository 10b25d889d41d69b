"""The inventory table is consistent: unique addresses, real vendor OUIs, credentials that match
what each host runs."""

from __future__ import annotations

import pytest
from netaddr import EUI

from tests.lab.inventory import AGENT, HOSTS, RECORDING_POOL, SUBNET, Host
from tests.lab.specs import Avahi, IppPrinter, Snmpd, Snmpsim

OUI_ORG = {  # expected short vendor -> a word of the IEEE registration
    "TP-Link": "TP-LINK", "Cisco": "Cisco", "Ubiquiti": "Ubiquiti", "APC": "APC",
    "HP": "H", "Brother": "Brother", "Epson": "Epson", "Kyocera": "KYOCERA", "NEC": "NEC",
    "Microsoft": "VMware", "Dell": "Dell", "Synology": "Synology", "QNAP": "QNAP",
    "Google": "Google", "Apple": "Apple", "Lenovo": "Lenovo", "Acer": "Acer", "ASUS": "ASUS",
    "Intel": "Intel", "Fujitsu": "FUJITSU", "MSI": "Micro-Star",
}  # fmt: skip
ALL = (AGENT, *HOSTS)


def test_addresses_names_and_macs_are_unique_and_in_the_lab_subnet() -> None:
    assert len({h.suffix for h in ALL}) == len(ALL)
    assert len({h.ip for h in ALL}) == len(ALL)
    assert len({h.mac for h in ALL}) == len(ALL)
    assert all(h.ip in SUBNET and h.ip not in RECORDING_POOL for h in ALL)
    assert all(h.mac == h.mac.lower() and len(h.mac.split(":")) == 6 for h in ALL)


def test_the_lab_is_a_school() -> None:
    assert len(HOSTS) >= 38
    assert sum(h.kind == "silent" for h in HOSTS) >= 20
    assert sum(h.expected_type == "printer" for h in HOSTS) >= 4


@pytest.mark.parametrize("row", ALL, ids=[h.suffix for h in ALL])
def test_mac_is_randomised_or_carries_the_vendor_oui(row: Host) -> None:
    locally_administered = bool(int(row.mac[:2], 16) & 0x02)
    assert locally_administered == row.randomised_mac
    if row.randomised_mac:
        assert row.expected_vendor is None
        return
    org = EUI(row.mac).oui.registration().org
    assert row.expected_vendor is not None
    assert OUI_ORG[row.expected_vendor].lower() in org.lower()


@pytest.mark.parametrize("row", HOSTS, ids=[h.suffix for h in HOSTS])
def test_snmp_credential_matches_the_peer(row: Host) -> None:
    snmpd = next((p for p in row.peers if isinstance(p, Snmpd)), None)
    if any(isinstance(p, Snmpsim) for p in row.peers):
        assert row.snmp_credential == "public"
    elif snmpd is not None:
        expected = snmpd.community or ("lankeeper-v3" if snmpd.v3 else None)
        assert row.snmp_credential == expected
    else:
        assert row.snmp_credential is None


def test_mdns_hosts_run_avahi() -> None:
    for row in HOSTS:
        if row.mdns_types:
            assert any(isinstance(p, Avahi) for p in row.peers), row.suffix
        if any(isinstance(p, IppPrinter) for p in row.peers):
            kinds = [type(p) for p in row.peers]
            assert kinds.index(Avahi) < kinds.index(IppPrinter), "avahi must start first"
