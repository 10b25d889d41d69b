"""Evidence from mDNS announcements, OUIs and open ports, row by row."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest

from agent.discovery.observations import PortObservation
from agent.knowledge.classify import (
    MIN_SCORE,
    classify,
    evidence_from_mdns,
    evidence_from_oui,
    evidence_from_ports,
    normalise_service_type,
    score,
)
from agent.knowledge.oui import is_randomised, lookup
from agent.knowledge.vendors import short_vendor
from schemas import DeviceType, MdnsService

T = DeviceType


def service(kind: str, txt: dict[str, str] | None = None, name: str = "x") -> MdnsService:
    return MdnsService(service_type=kind, instance=name, host="x.local.", port=1, txt=txt or {})


@pytest.mark.parametrize(
    ("kind", "txt", "expected"),
    [
        ("_ipp._tcp.local.", {}, T.PRINTER),
        ("_ipps._tcp", {}, T.PRINTER),
        ("_printer._tcp", {}, T.PRINTER),
        ("_pdl-datastream._tcp", {}, T.PRINTER),
        ("_uscan._tcp", {"ty": "HP OfficeJet"}, T.PRINTER),
        ("_universal._sub._ipp._tcp.local.", {}, T.PRINTER),
        ("_googlecast._tcp", {"md": "Chromecast", "fn": "Hall TV"}, T.MEDIA_PLAYER),
        ("_airplay._tcp", {"model": "AppleTV6,2"}, T.MEDIA_PLAYER),
        ("_raop._tcp", {"am": "AppleTV6,2", "md": "0,1,2"}, T.MEDIA_PLAYER),
        ("_companion-link._tcp", {"rpMd": "iPhone14,2"}, T.PHONE_TABLET),
        ("_companion-link._tcp", {"RPMD": "iPad13,1"}, T.PHONE_TABLET),
        ("_companion-link._tcp", {"rpMd": "AppleTV11,1"}, T.MEDIA_PLAYER),
        ("_companion-link._tcp", {"rpMd": "MacBookPro18,3"}, T.COMPUTER),
        ("_device-info._tcp", {"model": "MacSamba"}, T.NAS),
        ("_device-info._tcp", {"model": "Macmini9,1"}, T.COMPUTER),
        ("_smb._tcp", {}, T.NAS),
        ("_adisk._tcp", {}, T.NAS),
        ("_workstation._tcp", {}, T.COMPUTER),
        ("_ssh._tcp", {}, T.COMPUTER),
    ],
)
def test_mdns_rows(kind: str, txt: dict[str, str], expected: DeviceType) -> None:
    evidence = evidence_from_mdns(service(kind, txt))
    strongest = max(evidence, key=lambda item: item.weight)
    assert strongest.suggests is expected
    decided = classify(evidence).device_type
    # a weak service on its own (below the minimum score) decides nothing
    assert decided is (expected if score([strongest]) >= MIN_SCORE else T.UNKNOWN) or (
        decided is T.COMPUTER and expected is T.COMPUTER
    )
    assert all(e.source == "mdns" for e in evidence)


def test_mdns_facts_without_a_type() -> None:
    assert evidence_from_mdns(service("_http._tcp"))[0].suggests is None
    assert evidence_from_mdns(service("_unknown-thing._udp")) == []
    assert (
        classify(evidence_from_mdns(service("_companion-link._tcp", {}))).device_type is T.UNKNOWN
    )


def test_txt_keys_only_count_for_their_service() -> None:
    # "md" is metadata on RAOP, the model only on Cast
    assert evidence_from_mdns(service("_raop._tcp", {"md": "Chromecast"}))[1:] == []
    cast = evidence_from_mdns(service("_googlecast._tcp", {"md": "Chromecast"}))
    assert [e.weight for e in cast] == [75, 80]


def test_service_type_normalisation() -> None:
    assert normalise_service_type("_IPP._tcp.local.") == "_ipp._tcp"
    assert normalise_service_type("_print._sub._ipp._tcp") == "_ipp._tcp"


PRINTER_ONLY_MAKERS = {"Brother", "Kyocera", "Ricoh", "Lexmark", "Xerox", "Konica Minolta"}


@pytest.mark.parametrize(
    ("mac", "organisation", "vendor", "hint"),
    [
        ("3c:a8:2a:f6:38:ac", "Hewlett Packard", "HP", T.PRINTER),
        ("64:4e:d7:00:00:01", "HP Inc.", "HP", T.COMPUTER),
        ("00:1b:a9:0b:a7:52", "Brother industries, LTD.", "Brother", T.PRINTER),
        ("9c:ae:d3:aa:d6:c5", "Seiko Epson Corporation", "Epson", T.PRINTER),
        ("b4:fb:e4:2a:3f:1c", "Ubiquiti Inc", "Ubiquiti", T.ACCESS_POINT),
        ("a4:b2:39:e4:d9:d2", "Cisco Systems, Inc", "Cisco", T.SWITCH),
        ("00:c0:b7:00:00:01", "AMERICAN POWER CONVERSION CORP", "APC", T.UPS),
        ("28:29:86:64:fd:4d", "APC by Schneider Electric", "APC", T.UPS),
        ("f8:b1:56:00:00:01", "Dell Inc.", "Dell", T.COMPUTER),
        ("10:c5:95:00:00:01", "Lenovo", "Lenovo", T.COMPUTER),
        ("a0:02:a5:3c:19:e4", "Intel Corporate", "Intel", T.COMPUTER),
        ("e0:cb:4e:00:00:01", "ASUSTek COMPUTER INC.", "ASUS", T.COMPUTER),
        ("00:01:24:00:00:01", "Acer Incorporated", "Acer", T.COMPUTER),
        ("00:0b:5d:00:00:01", "FUJITSU LIMITED", "Fujitsu", T.COMPUTER),
        ("d8:cb:8a:00:00:01", "Micro-Star INTL CO., LTD.", "MSI", T.COMPUTER),
        ("00:11:32:8e:4a:d2", "Synology Incorporated", "Synology", T.NAS),
        ("24:5e:be:61:0a:3c", "QNAP Systems, Inc.", "QNAP", T.NAS),
        ("d4:f0:c9:3e:51:7a", "KYOCERA Document Solutions Inc.", "Kyocera", T.PRINTER),
        ("14:d8:64:7a:21:0c", "TP-LINK TECHNOLOGIES CO.,LTD.", "TP-Link", None),
        ("00:30:13:5c:8a:41", "NEC Corporation", "NEC", None),
        ("f0:ee:7a:4d:19:b3", "Apple, Inc.", "Apple", None),
    ],
)
def test_oui_lookup_and_hints(
    mac: str, organisation: str, vendor: str, hint: DeviceType | None
) -> None:
    info = lookup(mac)
    assert (info.organisation, info.vendor, info.randomised) == (organisation, vendor, False)
    [evidence] = evidence_from_oui(mac)
    assert (evidence.source, evidence.value) == ("oui", organisation)
    assert evidence.suggests is hint
    # an OUI is only ever a hint; only makers whose networked products are printers reach
    # the minimum score on their own (a sleeping Brother is still a printer)
    assert evidence.weight <= (55 if vendor in PRINTER_ONLY_MAKERS else 30)
    if vendor not in PRINTER_ONLY_MAKERS:
        assert evidence.weight / 100 < MIN_SCORE


def test_randomised_and_unregistered_macs() -> None:
    assert is_randomised("6a:3f:91:4c:d3:07")
    assert is_randomised("02:00:00:00:00:01")
    assert not is_randomised("00:1b:a9:0b:a7:52")
    phone = lookup("6a:3f:91:4c:d3:07")
    assert (phone.organisation, phone.vendor, phone.randomised) == (None, None, True)
    [evidence] = evidence_from_oui("6a:3f:91:4c:d3:07")
    assert "randomised" in evidence.fact
    assert evidence.suggests is None
    [unknown] = evidence_from_oui("0c:ff:ff:00:00:01")  # not in the IEEE registry
    assert "not in the IEEE registry" in unknown.fact
    assert unknown.suggests is None
    assert lookup("0c:ff:ff:00:00:01").organisation is None


def test_vendor_short_names() -> None:
    assert short_vendor("Hewlett-Packard") == "HP"
    assert short_vendor("Hewlett Packard Enterprise") == "HPE"
    assert short_vendor("Seiko Epson Corporation") == "Epson"
    assert short_vendor("EPSON") == "Epson"
    assert short_vendor("Brother Industries, Ltd.") == "Brother"
    assert short_vendor("Cisco Meraki") == "Cisco Meraki"
    assert short_vendor("American Power Conversion Corp.") == "APC"
    assert short_vendor("Totally Unknown Ltd") is None
    assert short_vendor(None) is None


def ports(
    open_ports: tuple[int, ...], banners: tuple[tuple[int, str], ...] = ()
) -> PortObservation:
    return PortObservation(ip=IPv4Address("198.18.0.21"), open_ports=open_ports, banners=banners)


def test_pjlink_greeting_is_strong_and_plain_port_weaker() -> None:
    greeted = evidence_from_ports(ports((4352,), ((4352, "PJLINK 1 4e2a8c1f"),)))
    assert [(e.suggests, e.weight) for e in greeted] == [(T.PROJECTOR, 90)]
    assert greeted[0].value == "PJLINK 1 4e2a8c1f"
    plain = evidence_from_ports(ports((4352,)))
    assert [(e.suggests, e.weight) for e in plain] == [(T.PROJECTOR, 50)]
    wrong = evidence_from_ports(ports((4352,), ((4352, "SSH-2.0-OpenSSH_9.2"),)))
    assert [e.weight for e in wrong] == [50]


@pytest.mark.parametrize(
    ("open_ports", "expected"),
    [
        ((9100,), T.UNKNOWN),  # one open port never decides alone
        ((9100, 515), T.PRINTER),
        ((515, 631), T.PRINTER),
        ((3389,), T.COMPUTER),  # below the minimum, but the evidence says Windows host
        ((135, 445, 3389), T.COMPUTER),
        ((22,), T.UNKNOWN),  # switches, APs and NASes accept SSH too
        ((548,), T.UNKNOWN),
        ((548, 445), T.UNKNOWN),
        ((80, 443), T.UNKNOWN),
    ],
)
def test_port_rows(open_ports: tuple[int, ...], expected: DeviceType) -> None:
    assert classify(evidence_from_ports(ports(open_ports))).device_type is expected


def test_smb_port_suggests_both_computer_and_nas() -> None:
    evidence = evidence_from_ports(ports((445,)))
    assert {e.suggests for e in evidence} == {T.COMPUTER, T.NAS}
