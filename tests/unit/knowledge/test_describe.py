"""describe(): vendor / model / serial / firmware in the documented priority order."""

from __future__ import annotations

import pytest

from agent.discovery.observations import SnmpIdentity
from agent.knowledge.descr_fields import own_model
from agent.knowledge.describe import (
    PjlinkInfo,
    clean_firmware,
    clean_model,
    descr_maker,
    describe,
    pjlink_from_banners,
    sys_descr_fields,
    without_serial,
)
from schemas import MdnsService


def ipp(txt: dict[str, str]) -> MdnsService:
    return MdnsService(service_type="_ipp._tcp", instance="Printer", port=631, txt=txt)


def test_snmp_manufacturer_beats_everything_else() -> None:
    identity = SnmpIdentity(manufacturer="Hewlett-Packard", model="HP LaserJet 400")
    result = describe(identity, [ipp({"usb_MFG": "Brother"})], mac="00:1b:a9:0b:a7:52")
    assert (result.vendor, result.model) == ("HP", "LaserJet 400")


def test_sys_object_id_vendor_unless_it_is_snmp_software() -> None:
    assert describe(SnmpIdentity(sys_object_id="1.3.6.1.4.1.2435.2.3.9.1")).vendor == "Brother"
    assert describe(SnmpIdentity(sys_object_id="1.3.6.1.4.1.11.99")).vendor == "HP"  # PEN only
    linux = SnmpIdentity(sys_object_id="1.3.6.1.4.1.8072.3.2.10", sys_descr="Linux nas 4.4")
    assert describe(linux, mac="00:11:32:8e:4a:d2").vendor == "Synology"  # from the OUI


def test_sys_descr_extraction() -> None:
    descr = "HP ETHERNET MULTI-ENVIRONMENT,SN:CNB1234567,FN:1F31B6C,PID:HP LaserJet Pro M404dn"
    assert sys_descr_fields(descr) == {"serial": "CNB1234567", "model": "HP LaserJet Pro M404dn"}
    result = describe(SnmpIdentity(sys_descr=descr))
    assert (result.vendor, result.model, result.serial) == (
        "HP",
        "LaserJet Pro M404dn",
        "CNB1234567",
    )
    assert sys_descr_fields("UAP-AC-Pro-Gen2 6.5.28.14491") == {
        "model": "UAP-AC-Pro-Gen2", "firmware": "6.5.28.14491"
    }  # fmt: skip
    assert sys_descr_fields(None) == {}


def test_mdns_printer_txt() -> None:
    txt = {"ty": "Kyocera ECOSYS P5026cdw", "usb_MFG": "Kyocera", "usb_MDL": "ECOSYS P5026cdw",
           "product": "(ECOSYS P5026cdw)", "rp": "ipp/print"}  # fmt: skip
    result = describe(None, [ipp(txt)])
    assert (result.vendor, result.model) == ("Kyocera", "ECOSYS P5026cdw")
    only_ty = describe(None, [ipp({"ty": "EPSON ET-2850 Series"})])
    assert (only_ty.vendor, only_ty.model) == ("Epson", "ET-2850")


def test_apple_and_cast_models() -> None:
    raop = MdnsService(service_type="_raop._tcp", instance="x", port=7000,
                       txt={"md": "0,1,2", "am": "AppleTV6,2"})  # fmt: skip
    result = describe(None, [raop])
    assert (result.vendor, result.model) == ("Apple", "AppleTV6,2")
    cast = MdnsService(service_type="_googlecast._tcp", instance="x", port=8009,
                       txt={"md": "Chromecast", "fn": "Hall TV"})  # fmt: skip
    assert (describe(None, [cast]).vendor, describe(None, [cast]).model) == ("Google", "Chromecast")


def test_pjlink_then_oui() -> None:
    pj = PjlinkInfo(manufacturer="NEC", product="ME401W")
    result = describe(None, pjlink=pj, mac="00:30:13:5c:8a:41")
    assert (result.vendor, result.model) == ("NEC", "ME401W")
    assert describe(None, mac="00:30:13:5c:8a:41").vendor == "NEC"
    assert describe(None, mac="0c:ff:ff:00:00:01").vendor is None
    assert describe(None) == describe(None, [], pjlink=None, mac=None)


def test_cleanups() -> None:
    assert clean_model("Brother HL-5370DW series", "Brother") == "HL-5370DW"
    assert clean_model("EPSON WF-C5790BA", "Epson") == "WF-C5790BA"
    assert clean_model("Epson", "Epson") == "Epson"
    assert clean_model("UAP-nanoHD", "Ubiquiti") == "UAP-nanoHD"
    assert clean_model(None, "HP") is None
    assert clean_firmware("Firmware Ver.1.01 (08.12.12)") == "1.01 (08.12.12)"
    assert clean_firmware("DSM 7.2.2-72806") == "DSM 7.2.2-72806"


def test_pjlink_answers_in_banners() -> None:
    banners = ((4352, "PJLINK 0"), (4352, "%1INF1=EPSON"), (4352, "%1INF2=EB-4770W"),
               (4352, "%2SNUM=ERR1"))  # fmt: skip
    assert pjlink_from_banners(banners) == PjlinkInfo("EPSON", "EB-4770W", None, None)
    assert pjlink_from_banners(((4352, "PJLINK 0"),)) is None


def test_category_words_banners_and_the_makers_name_are_never_models() -> None:
    # entPhysicalModelName "CHASSIS" gives way to the model the description names
    chassis = SnmpIdentity(manufacturer="Ubiquoss", model="CHASSIS", sys_descr="C9500")
    assert describe(chassis).model == "C9500"
    # a model that is only the maker's name says nothing
    maker = SnmpIdentity(manufacturer="Nimble Storage", model="Nimble Storage")
    assert describe(maker).model is None


def test_a_description_that_is_the_product_name_comes_last() -> None:
    smartzone = SnmpIdentity(sys_object_id="1.3.6.1.4.1.25053.3.1.11.1", sys_descr="SmartZone")
    assert describe(smartzone).model == "SmartZone"
    labelled = SnmpIdentity(model="SZ104", sys_descr="SmartZone")
    assert describe(labelled).model == "SZ104"  # any other source first
    assert describe(SnmpIdentity(sys_descr="Ethernet Switch")).model is None


def test_a_sys_descr_model_beats_one_made_from_a_mib_leaf_name() -> None:
    # 6027.1.3.30 is DELL-NETWORKING-PRODUCTS-MIB's s4048t: the leaf name says less than
    # the sysDescr's "Series: S4048T-ON"; with no model in sysDescr the leaf name's stays.
    dell = "1.3.6.1.4.1.6027.1.3.30"
    descr = "Dell EMC Networking OS\r\nOperating System Version: 2.0\r\nSeries: S4048T-ON\r\n"
    assert describe(SnmpIdentity(sys_object_id=dell, sys_descr=descr)).model == "S4048T-ON"
    assert describe(SnmpIdentity(sys_object_id=dell, sys_descr="Dell EMC Networking OS")).model == (
        "S4048T"
    )
    # a version is no model: the leaf name's model stays (AT-PRODUCT-MIB atx23028GP)
    allied = SnmpIdentity(
        sys_object_id="1.3.6.1.4.1.207.1.4.230",
        sys_descr="Allied Telesis router/switch, AW+ v5.4.7-2.5",
    )
    assert describe(allied).model == "AT-x23028GP"


def test_a_product_named_in_sys_descr_beats_a_registry_family_name() -> None:
    # GLPI names Ubiquiti's 41112.1.5 after the family ("EdgeMax": no model number); an
    # EdgeRouter that says what it is keeps its own name, one that does not keeps the family's
    ubiquiti = "1.3.6.1.4.1.41112.1.5"
    lite = SnmpIdentity(sys_object_id=ubiquiti, sys_descr="EdgeRouter Lite")
    assert describe(lite).model == "EdgeRouter Lite"
    plain = SnmpIdentity(sys_object_id=ubiquiti, sys_descr="EdgeOS v1.8.0.4853089.160219.1607")
    assert describe(plain).model == "EdgeMax"
    # when both name the same product, the registry's spelling stays ("VMX", not "vmx")
    juniper = SnmpIdentity(
        sys_object_id="1.3.6.1.4.1.2636.1.1.1.2.108",
        sys_descr="Juniper Networks, Inc. vmx internet router, kernel JUNOS 18.2R1.9",
    )
    assert describe(juniper).model == "VMX"


def test_glpi_product_names_keep_their_place_before_sys_descr() -> None:
    # GLPI's curated name for 9.1.1257 wins over the token sysDescr names ("C2960S")
    cisco = SnmpIdentity(
        sys_object_id="1.3.6.1.4.1.9.1.1257",
        sys_descr="Cisco IOS Software, C2960S Software (C2960S-UNIVERSALK9-M), Version 15.0(2)SE",
    )
    assert describe(cisco).model == "Catalyst 2960S-24TS-S"


def test_a_curated_maker_named_in_sys_descr_is_the_vendor_under_its_canonical_name() -> None:
    net_snmp = "1.3.6.1.4.1.8072.3.2.10"  # SNMP software: its enterprise names no maker
    spam = describe(SnmpIdentity(sys_object_id=net_snmp, sys_descr="Barracuda Spam Firewall"))
    assert spam.vendor == "Barracuda Networks"
    assert descr_maker("open-e") == "Open-E"
    assert descr_maker("A QUANTUM CORP. tape library") == "Quantum"
    assert descr_maker("UPS by Tripp Lite") == "Tripp Lite"


def test_a_free_text_word_is_never_a_vendor() -> None:
    # the generic word "storage" names no maker; "barcode" is not Barco; no curated maker
    for descr in ("Generic storage server", "ZebraNet barcode print server", "Acme Widget 9"):
        assert descr_maker(descr) is None
        assert describe(SnmpIdentity(sys_descr=descr)).vendor is None


def test_the_sys_object_id_vendor_comes_before_the_maker_named_in_sys_descr() -> None:
    identity = SnmpIdentity(sys_object_id="1.3.6.1.4.1.12356.101.1.1004", sys_descr="Barracuda")
    assert describe(identity).vendor == "Fortinet"
    behind_software = SnmpIdentity(sys_object_id="1.3.6.1.4.1.8072.3.2.10", sys_descr="Barracuda")
    assert describe(behind_software, mac="00:11:32:8e:4a:d2").vendor == "Barracuda Networks"


def test_a_model_never_carries_the_units_serial_number() -> None:
    # recorded: dell-laser_s5830dn.snmprec hrDeviceDescr and prtGeneralSerialNumber
    printer = SnmpIdentity(
        manufacturer="Dell",
        model="Dell S5830dn 7XQ1R92 LW62.DN4.P636",
        serial="7XQ1R92-132-13",
        sys_descr="Dell S5830dn version NH62.YS.N636 kernel 3.0.0 All-N-1",
    )
    assert describe(printer).model == "S5830dn"
    assert describe(printer).serial == "7XQ1R92-132-13"
    # a model whose tokens are not the serial's beginning stays whole
    assert without_serial("Color LaserJet Pro M252dw", "VNB3K12345") == "Color LaserJet Pro M252dw"
    assert without_serial("HL-5370DW", None) == "HL-5370DW"
    # the first token is the model itself, never cut away
    assert without_serial("ABC12345", "ABC12345XY") == "ABC12345"


def test_dell_emc_is_the_makers_name_not_the_models() -> None:
    assert clean_model("DELL EMC ME4084", "Dell") == "ME4084"  # connUnitProduct, recorded
    assert clean_model("Dell EMC", "Dell") == "Dell EMC"  # nothing left: keep what was said


@pytest.mark.parametrize(
    ("descr", "model"),
    [("GS1900-8", "GS1900-8"), ("USG20W-VPN", "USG20W-VPN"), ("XS3700-24", "XS3700-24")],
)
def test_a_sys_descr_that_is_only_a_model_beats_a_shared_registry_name(
    descr: str, model: str
) -> None:
    # recorded: Zyxel answers 890.1.15 on switches, firewalls and access points alike and
    # GLPI names that OID "ZyWall USG 100"; the device's own one-token sysDescr names it
    zyxel = SnmpIdentity(sys_object_id="1.3.6.1.4.1.890.1.15", sys_descr=descr)
    assert describe(zyxel).model == model
    assert own_model("Linux host 5.4 mips") is None
    assert own_model("NWA-") is None  # no digit: not a model designation
