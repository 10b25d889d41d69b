"""probe_snmp's pure parts: what a miss says, and the trivial calls."""

from __future__ import annotations

import asyncio
from ipaddress import IPv4Address

from agent.snmp.credentials import Credential, V2cCredential, V3Credential
from agent.snmp.errors import SnmpError, SnmpErrorKind
from agent.snmp.probe import Answer, miss, probe_snmp

IP = IPv4Address("198.18.0.131")
PUBLIC = V2cCredential(name="public", community="public")
SCHOOL = V2cCredential(name="lk-school", community="lk-school")
V3 = V3Credential(name="lankeeper-v3", user="lankeeper", auth_protocol="sha",
                  auth_key="auth-key-1", priv_protocol="aes", priv_key="priv-key-1")  # fmt: skip
ALL: list[Credential] = [PUBLIC, SCHOOL, V3]


def error(kind: SnmpErrorKind) -> SnmpError:
    return SnmpError(kind, "x")


def detail(answers: list[Answer], *, garbage: bool = False, spoke: bool = False) -> str:
    return miss(IP, ALL, answers, garbage=garbage, spoke=spoke).detail


def test_silent_host() -> None:
    timeouts: list[Answer] = [error(SnmpErrorKind.TIMEOUT)] * 3
    assert detail(timeouts) == "no answer to SNMP (tried public, lk-school, lankeeper-v3)"
    assert detail(timeouts, garbage=True) == (
        "SNMP answer could not be decoded (tried public, lk-school, lankeeper-v3)"
    )


def test_auth_failure_names_the_credential() -> None:
    answers: list[Answer] = [error(SnmpErrorKind.TIMEOUT)] * 2 + [error(SnmpErrorKind.AUTH)]
    result = miss(IP, ALL, answers, garbage=False, spoke=True)
    assert result.detail == (
        "no answer to SNMP (tried public, lk-school); authentication failed for lankeeper-v3"
    )
    assert result.credential == "lankeeper-v3"


def test_v3_silent_after_discovery_points_at_the_privacy_key() -> None:
    assert detail([error(SnmpErrorKind.TIMEOUT)] * 3, spoke=True) == (
        "no answer to SNMP (tried public, lk-school); SNMPv3 agent answered discovery but not "
        "the request for lankeeper-v3 (wrong privacy key or protocol?)"
    )


def test_agent_errors_and_undecodable_values() -> None:
    answers: list[Answer] = [
        error(SnmpErrorKind.AGENT), error(SnmpErrorKind.UNDECODABLE), error(SnmpErrorKind.OTHER)
    ]  # fmt: skip
    assert detail(answers) == (
        "SNMP agent answered public with an error or without sysDescr/sysObjectID; "
        "SNMP answer could not be decoded (tried lk-school); SNMP failed for lankeeper-v3"
    )


def test_no_credentials_or_addresses_probe_nothing() -> None:
    nothing = probe_snmp([], [PUBLIC], timeout_s=1, retries=0, concurrency=1)
    assert asyncio.run(nothing) == ([], [])
    no_credentials = probe_snmp([IP], [], timeout_s=1, retries=0, concurrency=1)
    assert asyncio.run(no_credentials) == ([], [])
