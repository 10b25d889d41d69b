"""classify(): weighted scoring, ordering, ties and the one-line reason."""

from __future__ import annotations

import pytest

from agent.discovery.observations import SnmpIdentity
from agent.knowledge.classify import classify, evidence_from_snmp, score
from schemas import DeviceType, Evidence, Method

T = DeviceType


def fact(suggests: DeviceType | None, weight: int, text: str = "") -> Evidence:
    return Evidence(
        source=Method.SNMP,
        fact=text or f"{suggests} {weight}",
        value="v",
        suggests=suggests,
        weight=weight,
    )


def test_one_fingerprint_beats_many_hints() -> None:
    evidence = [fact(T.COMPUTER, 20), fact(T.COMPUTER, 20), fact(T.COMPUTER, 15),
                fact(T.COMPUTER, 10), fact(T.PRINTER, 80)]  # fmt: skip
    assert classify(evidence).device_type is T.PRINTER


def test_agreeing_facts_add_up_but_stay_below_one() -> None:
    assert score([fact(T.NAS, 50), fact(T.NAS, 50)]) == pytest.approx(0.75)
    result = classify([fact(T.NAS, 40), fact(T.NAS, 30), fact(T.COMPUTER, 50)])
    assert result.device_type is T.NAS
    assert result.score == pytest.approx(0.58)


def test_router_sysservices_beats_generic_linux_hints() -> None:
    linux = [fact(T.COMPUTER, 10), fact(T.COMPUTER, 10), fact(T.COMPUTER, 15), fact(T.COMPUTER, 20)]
    assert classify([*linux, fact(T.ROUTER, 60)]).device_type is T.ROUTER
    assert classify(linux).device_type is T.COMPUTER


def test_ties_go_to_the_strongest_single_fact_then_table_order() -> None:
    # 1-(0.5*0.5) = 0.75 == 0.75 for a single 75: the single strong fact wins
    assert (
        classify([fact(T.NAS, 50), fact(T.NAS, 50), fact(T.COMPUTER, 75)]).device_type is T.COMPUTER
    )
    assert classify([fact(T.SWITCH, 60), fact(T.PRINTER, 60)]).device_type is T.PRINTER


def test_nothing_suggesting_a_type_is_unknown() -> None:
    empty = classify([])
    assert empty.device_type is T.UNKNOWN
    assert empty.reason.startswith("unknown: ")
    seen = classify([fact(None, 0, "sysObjectID 1.3.6.1.4.1.99999.1 is under enterprise 99999")])
    assert seen.device_type is T.UNKNOWN
    assert "enterprise 99999" in seen.reason


def test_reason_names_type_and_two_strongest_facts() -> None:
    evidence = [
        fact(T.PRINTER, 15, "MAC hint"),
        fact(T.PRINTER, 80, "answers the Printer-MIB"),
        fact(T.PRINTER, 85, "sysObjectID is an HP printer"),
        fact(T.COMPUTER, 20, "other"),
    ]
    result = classify(evidence)
    assert result.reason == (
        "printer: sysObjectID is an HP printer and answers the Printer-MIB (+1 more)"
    )
    assert [e.weight for e in result.supporting] == [85, 80, 15]


def test_one_host_fact_of_the_minimum_weight_is_a_weak_computer() -> None:
    # 1 - (1 - 0.1) is 0.0999... in floating point: it must still reach MIN_HOST_SCORE
    result = classify([fact(T.COMPUTER, 10, "sysObjectID is the Net-SNMP agent on Linux")])
    assert result.device_type is T.COMPUTER
    assert result.reason.endswith("(weak evidence of a general-purpose host)")


def test_a_switch_naming_itself_is_not_typed_by_a_shared_registry_name() -> None:
    # recorded zynos_gs1900.snmprec: the registry's "ZyWall USG 100" (a firewall line) for
    # Zyxel's shared 890.1.15 must not make the GS1900 switch a router
    identity = SnmpIdentity(sys_object_id="1.3.6.1.4.1.890.1.15", sys_descr="GS1900-8")
    facts = [item.fact for item in evidence_from_snmp(identity)]
    assert not any("ZyWall" in fact and "the registry's model" in fact for fact in facts)
    assert classify(evidence_from_snmp(identity)).device_type is not DeviceType.ROUTER
