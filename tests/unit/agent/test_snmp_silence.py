"""The scan says so when SNMP was asked and no credential answered anywhere."""

from __future__ import annotations

from ipaddress import IPv4Address

from agent.discovery.observations import Observations, ProbeMiss, SnmpIdentity, SnmpObservation
from agent.run import snmp_silence
from agent.settings import parse_settings
from schemas import Method

IP = IPv4Address("198.18.0.30")
MISS = ProbeMiss(method=Method.SNMP, ip=IP, detail="no answer to SNMP (tried public)")


def test_no_answer_anywhere_is_one_problem_naming_the_credentials_not_secrets() -> None:
    settings = parse_settings({})
    problems = snmp_silence(settings, Observations(misses=[MISS]))
    assert [p.code for p in problems] == ["snmp.no_credential_answered"]
    assert "(public)" in problems[0].message
    assert "[[snmp.v2c]]" in problems[0].message


def test_secret_community_never_in_the_message() -> None:
    settings = parse_settings({"snmp": {"v2c": [{"name": "school", "community": "Zx9-secret"}]}})
    message = snmp_silence(settings, Observations(misses=[MISS]))[0].message
    assert "school" in message
    assert "Zx9-secret" not in message


def test_one_answer_or_nothing_asked_is_no_problem() -> None:
    settings = parse_settings({})
    answered = SnmpObservation(ip=IP, credential="public", version="v2c", identity=SnmpIdentity())
    assert snmp_silence(settings, Observations(snmp=[answered], misses=[MISS])) == []
    assert snmp_silence(settings, Observations()) == []
    assert snmp_silence(parse_settings({"snmp": {"v2c": []}}), Observations(misses=[MISS])) == []
