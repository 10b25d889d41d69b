"""The pure identity function: ordered keys, never the IP, randomised MACs kept apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from collector.domain import MatchReason
from collector.services.identity import (
    DeviceKeys,
    build_index,
    keys_of,
    match,
    normalise_uuid,
    serial_vendor_key,
)
from schemas import Evidence, Method
from tests.collector.reports import device, ip_for, ipp_printer_with_uuid, mac_for, phone

UUID = "urn:uuid:6D4FF0CE-0001-4DE1-8A2B-3C4D5E6F7081"


def test_mac_wins_over_every_other_key() -> None:
    index = build_index([(keys_of(device(1)), 10), (keys_of(device(2, serial="PHB0000001")), 20)])
    found = match(keys_of(device(1)), index)
    assert found == match(keys_of(device(1, ips=[ip_for(99)])), index)
    assert (found.device_id, found.reason) == (10, MatchReason.MAC)


def test_serial_and_vendor_match_when_the_mac_changed() -> None:
    index = build_index([(keys_of(device(1)), 10)])
    replaced_nic = device(1, mac=mac_for(777))
    found = match(keys_of(replaced_nic), index)
    assert (found.device_id, found.reason) == (10, MatchReason.SERIAL_VENDOR)
    assert found.key == "hp|phb0000001"


def test_same_serial_from_another_vendor_is_another_device() -> None:
    index = build_index([(keys_of(device(1)), 10)])
    other = device(2, serial="PHB0000001", vendor="Kyocera")
    assert match(keys_of(other), index).device_id is None


def test_engine_id_then_uuid() -> None:
    engine = Evidence(source=Method.SNMP, fact="snmpEngineID", value="0x80001f8880c71100001234")
    known = device(1, mac=None, serial=None, hostname=None, evidence=[engine])
    index = build_index([(keys_of(known), 10), (keys_of(ipp_printer_with_uuid(2, None, UUID)), 20)])
    moved = device(3, mac=None, serial=None, hostname=None, evidence=[engine])
    assert match(keys_of(moved), index) == match(keys_of(moved), index)
    assert match(keys_of(moved), index).reason is MatchReason.ENGINE_ID
    by_uuid = match(keys_of(ipp_printer_with_uuid(5, mac_for(55), UUID.upper())), index)
    assert (by_uuid.device_id, by_uuid.reason) == (20, MatchReason.UUID)


def test_ip_alone_never_matches() -> None:
    known = device(1, serial=None)
    index = build_index([(keys_of(known), 10)])
    stranger = device(2, serial=None, ips=known.ips, hostname="printer-1-renamed")
    assert match(keys_of(stranger), index).reason is MatchReason.NEW


def test_name_and_type_only_for_devices_without_a_mac() -> None:
    no_mac = device(1, mac=None, serial=None)
    index = build_index([(keys_of(no_mac), 10)])
    assert match(keys_of(device(1, mac=None, serial=None, ips=[ip_for(42)])), index).device_id == 10
    with_mac = device(1, serial=None)  # same name, but it has a MAC: names are not identity
    assert match(keys_of(with_mac), index).device_id is None


def test_randomised_macs_match_only_by_mac() -> None:
    index = build_index([(keys_of(phone(1)), 10), (keys_of(device(1)), 20)])
    assert match(keys_of(phone(1)), index).device_id == 10
    other_phone_same_name = phone(2)
    assert match(keys_of(other_phone_same_name), index).device_id is None
    # a phone claiming a printer's serial is not merged into the printer
    spoof = phone(3).model_copy(update={"serial": "PHB0000001", "vendor": "HP"})
    assert match(keys_of(spoof), index).device_id is None


def test_junk_serials_are_no_identity() -> None:
    for junk in ("0", "unknown", "000000000", "N/A", "123456789", " "):
        assert serial_vendor_key(junk, "HP") is None
    assert serial_vendor_key("CNB1234567", None) is None


def test_uuid_normalisation() -> None:
    assert normalise_uuid(UUID) == "6d4ff0ce-0001-4de1-8a2b-3c4d5e6f7081"
    assert normalise_uuid("6d4ff0ce00014de18a2b3c4d5e6f7081") == normalise_uuid(UUID)
    assert normalise_uuid("00000000-0000-0000-0000-000000000000") is None
    assert normalise_uuid("printer") is None


@given(st.text(max_size=80))
def test_uuid_normalisation_survives_garbage(text: str) -> None:
    value = normalise_uuid(text)
    assert value is None or len(value) == 36


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.sampled_from(["a", "b", None]), st.booleans()),
        max_size=30,
    )
)
def test_matching_is_deterministic_and_first_key_wins(
    rows: list[tuple[int, str | None, bool]],
) -> None:
    known = [
        (DeviceKeys(mac=mac_for(n), serial_vendor=sv, randomised=r), i)
        for i, (n, sv, r) in enumerate(rows)
    ]
    index = build_index(known)
    for keys, _ in known:
        found = match(keys, index)
        assert found == match(keys, index)
        assert found.reason is MatchReason.MAC  # every known device has a MAC, tried first


def test_typed_identity_facts_of_schema_1_2_are_the_keys() -> None:
    # a 1.2 report says snmp_engine_id / uuid as typed fields; no evidence sentence is read
    known = device(1, mac=None, serial=None, hostname=None).model_copy(
        update={"snmp_engine_id": "80001f8880c71100001234"}
    )
    printer = device(2, mac=None, serial=None, hostname=None).model_copy(
        update={"uuid": "6d4ff0ce-0001-4de1-8a2b-3c4d5e6f7081"}
    )
    index = build_index([(keys_of(known), 10), (keys_of(printer), 20)])
    moved = device(3, mac=None, serial=None, hostname=None).model_copy(
        update={"snmp_engine_id": "80001f8880c71100001234"}
    )
    assert (match(keys_of(moved), index).device_id, match(keys_of(moved), index).reason) == (
        10,
        MatchReason.ENGINE_ID,
    )
    again = device(4, mac=None, serial=None, hostname=None).model_copy(
        update={"uuid": "6d4ff0ce-0001-4de1-8a2b-3c4d5e6f7081"}
    )
    assert match(keys_of(again), index).device_id == 20
