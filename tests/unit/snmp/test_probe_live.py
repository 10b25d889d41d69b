"""probe_snmp and the pysnmp client against real agents: snmpsim and Debian's snmpd.

The peers run in a scratch network namespace (see ``peers``); the probe runs in a thread that
joined it. A recording served by snmpsim must give the same identity as the same recording
read offline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from ipaddress import IPv4Address

import pytest

from agent.discovery.observations import ProbeMiss, SnmpObservation
from agent.identify import identify_recording
from agent.knowledge.device import Facts, build_device
from agent.snmp.client import SnmpClient
from agent.snmp.credentials import Credential, V2cCredential, V3Credential
from agent.snmp.errors import SnmpError, SnmpErrorKind
from agent.snmp.identity import read_identity
from agent.snmp.probe import probe_snmp
from agent.snmp.recording import RecordingSource, load_recording
from schemas import DeviceType
from tests.unit.snmp.peers import V3, Peers, require_peers, run_in_netns, scratch_peers
from tests.unit.snmp.recordings import EXPECTED, SNMPREC_DIR

Result = tuple[list[SnmpObservation], list[ProbeMiss]]
pytestmark = pytest.mark.snmp_peers


@pytest.fixture(scope="module")
def peers() -> Iterator[Peers]:
    require_peers()
    with scratch_peers(SNMPREC_DIR) as running:
        yield running


def v2c(name: str, community: str | None = None) -> V2cCredential:
    return V2cCredential(name=name, community=community or name)


def v3(name: str = "lankeeper-v3", auth: str = V3["auth"], priv: str = V3["priv"]) -> V3Credential:
    return V3Credential(name=name, user=V3["user"], auth_protocol="sha", auth_key=auth,
                        priv_protocol="aes", priv_key=priv)  # fmt: skip


def probe(peers: Peers, ips: Sequence[str], credentials: Sequence[Credential]) -> Result:
    """probe_snmp in the peers' namespace; fails if anything reached the loop's error handler."""
    addresses = [IPv4Address(ip) for ip in ips]
    loop_errors: list[dict[str, object]] = []

    async def run() -> Result:
        asyncio.get_running_loop().set_exception_handler(lambda _, ctx: loop_errors.append(ctx))
        return await probe_snmp(
            addresses, credentials, timeout_s=1.5, retries=1, concurrency=16, port=peers.port
        )

    result = run_in_netns(peers.namespace, run)
    assert loop_errors == []
    return result


def test_whole_probe_over_a_small_network(peers: Peers) -> None:
    credentials: list[Credential] = [
        v2c("public"),
        v2c("printers", "jetdirect_m252dw"),
        v2c("lk-school"),
        v3(),
    ]
    ips = [peers.snmpsim_ip, peers.snmpsim_ip2, peers.garbage_ip, peers.silent_ip, peers.snmpd_ip]
    found, missed = probe(peers, ips, credentials)
    by_ip = {str(obs.ip): obs for obs in found}
    assert set(by_ip) == {peers.snmpsim_ip, peers.snmpsim_ip2, peers.snmpd_ip}
    printer = by_ip[peers.snmpsim_ip]
    assert (printer.credential, printer.version) == ("printers", "v2c")
    assert printer.identity.model == "HP Color LaserJet Pro M252dw"
    assert printer.identity.present_subtrees == ("1.3.6.1.2.1.43",)
    router = by_ip[peers.snmpd_ip]
    assert (router.credential, router.version) == ("lk-school", "v2c")  # v2c before v3
    assert (router.identity.sys_services, router.identity.sys_name) == (78, "lab-router")
    misses = {str(miss.ip): miss.detail for miss in missed}
    names = "public, printers, lk-school, lankeeper-v3"
    assert misses == {
        peers.garbage_ip: f"SNMP answer could not be decoded (tried {names})",
        peers.silent_ip: f"no answer to SNMP (tried {names})",
    }


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.file)
def test_live_identity_equals_offline_identity(peers: Peers, expected: object) -> None:
    community = expected.file.removesuffix(".snmprec")  # type: ignore[attr-defined]
    found, missed = probe(peers, [peers.snmpsim_ip], [v2c(community)])
    assert not missed
    [observation] = found
    offline_source = RecordingSource(load_recording(SNMPREC_DIR / expected.file))  # type: ignore[attr-defined]
    assert observation.identity == asyncio.run(read_identity(offline_source))
    live = build_device(Facts(mac=observation.identity.macs[0], snmp=observation))
    offline = asyncio.run(identify_recording(offline_source.recording, label="x"))
    assert (live.device_type, live.vendor, live.model, live.serial) == (
        offline.device_type, offline.vendor, offline.model, offline.serial
    )  # fmt: skip


def test_snmpv3_auth_priv_sha_aes(peers: Peers) -> None:
    found, missed = probe(peers, [peers.snmpd_ip], [v3()])
    assert not missed
    [observation] = found
    assert (observation.credential, observation.version) == ("lankeeper-v3", "v3")
    device = build_device(Facts(mac=None, ips=(observation.ip,), snmp=observation))
    assert device.device_type is DeviceType.ROUTER
    assert device.probes[0].credential == "lankeeper-v3"


def test_wrong_credentials_become_misses_with_reasons(peers: Peers) -> None:
    found, missed = probe(
        peers,
        [peers.snmpd_ip],
        [v2c("wrong-community", "nope"), v3("wrong-auth", auth="not-the-key")],
    )
    assert found == []
    [miss] = missed
    assert miss.detail == (
        "no answer to SNMP (tried wrong-community); authentication failed for wrong-auth"
    )
    assert miss.credential == "wrong-auth"
    _, [priv] = probe(peers, [peers.snmpd_ip], [v3("wrong-priv", priv="not-the-priv-key")])
    assert priv.detail.startswith(
        "SNMPv3 agent answered discovery but not the request for wrong-priv"
    )
    _, [user] = probe(
        peers, [peers.snmpd_ip],
        [V3Credential(name="stranger", user="nobody-here", auth_protocol="sha",
                      auth_key="whatever1", priv_protocol="aes", priv_key="whatever2")],
    )  # fmt: skip
    assert user.detail == "authentication failed for stranger"


def test_first_credential_in_config_order_wins(peers: Peers) -> None:
    credentials = [v2c("cisco", "ciscosb_cbs350"), v2c("hp", "jetdirect_m252dw")]
    [first], _ = probe(peers, [peers.snmpsim_ip], credentials)
    assert first.credential == "cisco"
    [second], _ = probe(peers, [peers.snmpsim_ip], list(reversed(credentials)))
    assert second.credential == "hp"


def test_client_errors_are_one_exception_type(peers: Peers) -> None:
    async def ask() -> list[SnmpErrorKind]:
        kinds = []
        async with SnmpClient(timeout_s=0.3, retries=0, port=peers.port) as client:
            for ip, credential in ((peers.silent_ip, v2c("public")),
                                   (peers.snmpd_ip, v3("bad", auth="bad-auth-key"))):  # fmt: skip
                try:
                    await client.session(IPv4Address(ip), credential).get(["1.3.6.1.2.1.1.1.0"])
                except SnmpError as exc:
                    kinds.append(exc.kind)
            good = client.session(IPv4Address(peers.snmpd_ip), v2c("lk-school"))
            rows = await good.walk("1.3.6.1.2.1.1", 3)
            assert [oid for oid, _ in rows] == [f"1.3.6.1.2.1.1.{n}.0" for n in (1, 2, 3)]
        return kinds

    assert run_in_netns(peers.namespace, ask) == [SnmpErrorKind.TIMEOUT, SnmpErrorKind.AUTH]
