"""GLPI's names vs the vendor's own products MIB: the vendor is the authority for its subtree."""

from __future__ import annotations

import pytest

from agent.discovery.observations import SnmpIdentity
from agent.knowledge import authority, generate
from agent.knowledge.authority import Row, merge, same_product
from agent.knowledge.classify import classify
from agent.knowledge.registry import Registry
from agent.knowledge.snmp_evidence import evidence_from_snmp
from schemas import DeviceType


@pytest.mark.parametrize(
    ("glpi", "vendor", "names"),
    [
        ("Fortigate 100D", "FortiGate-100D", ["Fortinet"]),
        ("50 Access Point", "50", ["Aruba"]),
        ("105 Access Point", "AP-105", ["Aruba"]),
        ("Duo Access Point", "AP-DUO", ["Aruba"]),
        ("Wall jack 61 Access Point", "WALLJACKAP61", ["Aruba"]),
        ("Black Diamond 6808", "BlackDiamond 6808", ["Extreme"]),
        ("AT-RP24i", "AT-Rapier24i", ["Allied Telesyn"]),
        ("Force10-S55", "S55", ["Dell", "Force10"]),
        ("OmniSwitch 6900-X40", "OS6900-X40", ["Alcatel"]),
        ("SRX 220", "SRX220", ["Juniper Networks"]),
        ("J4320 Service Router", "J4320", ["Juniper"]),
        ("fbX500", "Firebox X500", ["WatchGuard"]),
    ],
)
def test_the_same_product_written_two_ways(glpi: str, vendor: str, names: list[str]) -> None:
    assert same_product(glpi, vendor, names)


@pytest.mark.parametrize(
    ("glpi", "vendor", "names"),
    [
        ("AR330", "AT-AR350", ["Allied Telesyn"]),
        ("AP 105", "IAPVC", ["Aruba"]),
        ("Fortigate 100", "FortiGate-100F", ["Fortinet"]),
        ("EX3200-24t", "EX3200", ["Juniper"]),
        ("TX Routing Matrix", "TX", ["Juniper"]),
        ("PA-3000 series", "PA-3060", ["Palo Alto Networks"]),
        ("EX4200", "MX4200", ["Juniper"]),
        ("", "", []),
    ],
)
def test_different_products(glpi: str, vendor: str, names: list[str]) -> None:
    assert not same_product(glpi, vendor, names)


FORTIGATE = "FORTINET-FORTIGATE-MIB"


def test_the_evidence_names_both_sources_when_glpi_named_it_and_the_vendor_typed_it() -> None:
    row = Registry().longest_match("1.3.6.1.4.1.12356.101.1.1004")
    assert row is not None
    assert row.source_name == f"GLPI's sysobject.ids (type: the maker's {FORTIGATE})"
    assert not row.from_leaf_name  # GLPI's curated name
    assert (row.model, row.device_type) == ("Fortigate 100D", DeviceType.ROUTER)


def _rows(result: authority.Merge) -> dict[str, Row]:
    return {row[0]: row for row in result.rows}


def test_the_vendor_wins_a_disagreement_and_glpi_keeps_its_name_otherwise() -> None:
    glpi = [
        ("207.1.1.17", "Allied Telesyn", "switch", "AR330", "glpi"),
        ("207.1.14.70", "Allied Telesyn", "switch", "AT-x900-12XT/S", "glpi"),
        ("207.5", "Allied Telesyn", "printer", "Oddity", "glpi"),
    ]
    mib = [
        ("207.1.1.17", "Allied Telesis", "router", "AT-AR350", "AT-PRODUCT-MIB"),
        ("207.1.14.70", "Allied Telesis", "", "AT-x90012XTS", "AT-PRODUCT-MIB"),
    ]
    result = merge([("207", "Allied Telesis Inc.", "", "", "iana")], glpi, mib)
    rows = _rows(result)
    assert rows["207.1.1.17"] == ("207.1.1.17", "Allied Telesis", "router", "AT-AR350",
                                  "AT-PRODUCT-MIB")  # fmt: skip
    assert rows["207.1.14.70"] == ("207.1.14.70", "Allied Telesyn", "switch", "AT-x900-12XT/S",
                                   "glpi")  # fmt: skip
    assert rows["207.5"][2] == "printer"  # no vendor row at or under it: GLPI's as it is
    assert rows["207"][4] == "iana"
    assert [(d.oid, d.glpi, d.vendor) for d in result.disagreements] == [
        ("207.1.1.17", "AR330", "AT-AR350")
    ]
    assert result.counts[authority.SAME] == 1
    assert result.counts[authority.DIFFERENT] == 1
    assert result.counts[authority.TYPE_FROM_MIB] == 1
    assert list(rows) == sorted(rows)


def test_a_glpi_row_above_products_of_one_type_takes_the_vendors_type() -> None:
    glpi = [("9", "V", "switch", "", "glpi"), ("8", "W", "switch", "", "glpi")]
    mib = [
        ("9.1.1", "V", "router", "R1", "V-MIB"),
        ("9.1.2", "V", "router", "R2", "V-MIB"),
        ("8.1.1", "W", "router", "R1", "W-MIB"),
        ("8.1.2", "W", "switch", "S2", "W-MIB"),
        ("8.2.1", "W", "", "X", "W-MIB"),
    ]
    rows = _rows(merge([], glpi, mib))
    assert rows["9"][2] == "router"
    assert rows["8"][2] == "switch"  # the vendor's products are of several types: GLPI's stays


def test_the_compiled_table_follows_the_vendor_on_glpis_known_mistakes() -> None:
    result = generate.compiled()
    rows = _rows(result)
    # Allied Telesis AR330/AR350 swapped in GLPI; AT-PRODUCT-MIB: 17 is the AR350, 19 the AR330
    assert rows["207.1.1.17"][3] == "AT-AR350"
    assert rows["207.1.1.19"][3] == "AT-AR330"
    # ARUBA-MIB: apProducts 71 is iapvc, the Instant virtual controller, not an AP 105
    assert rows["14823.1.2.71"][3] == "IAPVC"
    # FORTINET-FORTIGATE-MIB: fgt100F, not GLPI's "Fortigate 100"; a FortiGate is a firewall
    assert rows["12356.101.1.1000"][2:4] == ("router", "FortiGate-100F")
    # the same product kept with GLPI's name, the vendor's type
    assert rows["12356.101.1.1004"][2:5] == ("router", "Fortigate 100D", "glpi+" + FORTIGATE)
    # WatchGuard's enterprise row: every product WATCHGUARD-PRODUCTS-MIB registers is a Firebox
    assert rows["3097"][2:] == ("router", "", "glpi+WATCHGUARD-PRODUCTS-MIB")
    listed = {(d.oid, d.kind) for d in result.disagreements}
    assert {("207.1.1.17", "model"), ("14823.1.2.71", "model"), ("3097", "type")} <= listed
    text = generate.disagreements(result)
    assert "207.1.1.19\tmodel\tglpi: AR350\tvendor: AT-AR330 (AT-PRODUCT-MIB)\n" in text


def test_each_oid_is_decided_by_exactly_one_rule() -> None:
    result = generate.compiled()
    decided = (
        authority.GLPI_ONLY,
        authority.MIB_ONLY,
        authority.IANA_ONLY,
        authority.SAME,
        authority.DIFFERENT,
    )
    assert sum(result.counts[rule] for rule in decided) == len(result.rows)


def test_the_generator_prints_each_rules_count(capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--check", "--diff"]) == 0
    out = capsys.readouterr().out
    assert "AP 105\tvendor: IAPVC (ARUBA-MIB)" in out
    assert authority.DIFFERENT in out
    assert authority.SAME in out


@pytest.mark.parametrize(
    ("oid", "kind"),
    [
        ("1.3.6.1.4.1.3097.1.5.45", DeviceType.ROUTER),  # WatchGuard T10: GLPI said NETWORKING
        ("1.3.6.1.4.1.3097.1.5.999", DeviceType.ROUTER),  # an unlisted WatchGuard product
        ("1.3.6.1.4.1.14823.1.2.34", DeviceType.ACCESS_POINT),  # Aruba AP-105
        ("1.3.6.1.4.1.207.1.1.17", DeviceType.ROUTER),  # Allied Telesis AR350
    ],
)
def test_a_bare_sysobjectid_gets_the_vendors_type(oid: str, kind: DeviceType) -> None:
    identity = SnmpIdentity(sys_object_id=oid)
    assert classify(evidence_from_snmp(identity)).device_type is kind
