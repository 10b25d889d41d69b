"""The configuration texts the lab writes for its peers (pure functions)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.lab.agent_config import agent_config_toml, write_agent_config
from tests.lab.inventory import HOSTS, host
from tests.lab.peers.avahi import daemon_conf, service_xml
from tests.lab.peers.dnsmasq import hosts_file
from tests.lab.peers.ipp import ipp_attributes, supplies_query
from tests.lab.peers.snmpd import snmpd_conf
from tests.lab.specs import IppPrinter, MdnsService, Snmpd, SupplyLevels


def _snmpd(suffix: str) -> Snmpd:
    return next(p for p in host(suffix).peers if isinstance(p, Snmpd))


def test_v2c_snmpd_has_a_community_and_no_user() -> None:
    conf = snmpd_conf(_snmpd("fileserver"))
    assert "rocommunity lk-school default -V lab" in conf
    assert "createUser" not in conf
    assert "public" not in conf


def test_the_file_server_publishes_its_dmi_identity_the_librenms_way() -> None:
    conf = snmpd_conf(_snmpd("fileserver"))
    assert "extend hardware /bin/echo 'PowerEdge T150'" in conf
    assert "extend manufacturer /bin/echo 'Dell Inc.'" in conf
    assert "view lab included .1.3.6.1.4.1.8072.1.3.2" in conf


def test_v3_snmpd_has_an_auth_priv_user_and_no_community() -> None:
    conf = snmpd_conf(_snmpd("nas"))
    assert 'createUser lankeeper SHA "lankeeper-auth-key" AES "lankeeper-priv-key"' in conf
    assert "rouser lankeeper priv -V lab" in conf
    assert "community" not in conf
    assert 'override .1.3.6.1.4.1.6574.1.5.1.0 octet_str "DS920+"' in conf


def test_router_snmpd_claims_routing() -> None:
    conf = snmpd_conf(_snmpd("gw"))
    assert "sysServices 78" in conf
    assert "override .1.3.6.1.2.1.4.1.0 integer 1" in conf


def test_service_file_is_valid_xml_with_escaped_txt() -> None:
    service = MdnsService("_airplay._tcp", "Tom & Jerry's TV", 7000, (("model", "AppleTV6,2"),))
    root = ElementTree.fromstring(service_xml(service).split("\n", 2)[2])
    assert root.findtext("name") == "Tom & Jerry's TV"
    assert root.findtext("service/type") == "_airplay._tcp"
    assert [t.text for t in root.iter("txt-record")] == ["model=AppleTV6,2"]


def test_avahi_publishes_ipv4_only_on_eth0() -> None:
    conf = daemon_conf("Emmas-iPhone")
    assert "host-name=Emmas-iPhone" in conf
    assert "use-ipv6=no" in conf
    assert "allow-interfaces=eth0" in conf


def test_ipp_attributes_follow_the_levels() -> None:
    spec = next(p for p in host("kyocera").peers if isinstance(p, IppPrinter))
    levels = SupplyLevels(waste=95, black=5, cyan=0, magenta=50, yellow=60)
    text = ipp_attributes(spec, levels)
    assert "ATTR integer marker-levels 95,5,0,50,60" in text
    assert 'printer-make-and-model "Kyocera ECOSYS P5026cdw"' in text
    assert text.count("index=") == 5
    assert "level=0;colorantname=cyan;" in text
    assert "media-col-default" in text
    assert supplies_query(levels) == "supply0=95&supply1=5&supply2=0&supply3=50&supply4=60"


def test_dns_hosts_leave_the_phone_out() -> None:
    text = hosts_file(HOSTS)
    assert "198.18.0.10 staffroom-printer\n" in text
    assert "198.18.0.42" not in text


def test_agent_config_has_the_three_credentials() -> None:
    config = tomllib.loads(agent_config_toml())
    assert config["scan"] == {"interface": "eth0", "subnets": ["198.18.0.0/24"]}
    assert [c["name"] for c in config["snmp"]["v2c"]] == ["public", "lk-school"]
    (v3,) = config["snmp"]["v3"]
    assert (v3["name"], v3["user"], v3["auth_protocol"], v3["priv_protocol"]) == (
        "lankeeper-v3", "lankeeper", "sha", "aes",
    )  # fmt: skip
    assert config["pjlink"]["password"] == "lk-projector"


def test_agent_config_loads_with_the_agent_settings(tmp_path: Path) -> None:
    settings = pytest.importorskip("agent.settings")
    loaded = settings.load_settings(write_agent_config(tmp_path / "agent.toml"))
    assert [c.name for c in loaded.snmp.v2c] == ["public", "lk-school"]
    assert [c.name for c in loaded.snmp.v3] == ["lankeeper-v3"]
