"""Agent configuration: the documented sample loads, errors name the key, secrets stay secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.settings import Settings, SettingsError, load_settings, parse_settings

SAMPLE = Path(__file__).parents[3] / "packaging" / "agent.toml.sample"


def test_the_documented_sample_loads() -> None:
    settings = load_settings(SAMPLE)
    assert settings.school.id == "stmarys"
    # left to the collector's central settings; without them, the default "public"
    assert "v2c" not in settings.snmp.model_fields_set
    assert [c.name for c in settings.snmp.v2c] == ["public"]
    assert settings.checkin.interval_s == 120
    assert settings.scan.arp_rate_pps == 1000
    assert settings.privacy.redact_transient_names


def test_no_file_means_defaults() -> None:
    assert load_settings(None) == Settings()


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="no such configuration file"):
        load_settings(tmp_path / "nope.toml")


def test_broken_toml_says_so(tmp_path: Path) -> None:
    path = tmp_path / "agent.toml"
    path.write_text("[scan\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(path)


def test_every_bad_key_is_named() -> None:
    data = {"scan": {"arp_rate_pps": 0, "colour": "red"}, "snmp": {"v2c": [{"name": "x"}]}}
    with pytest.raises(SettingsError) as info:
        parse_settings(data)
    text = str(info.value)
    assert "scan.arp_rate_pps" in text
    assert "scan.colour: unknown key" in text
    assert "snmp.v2c.0.community" in text


def test_secrets_never_appear_in_errors_or_repr() -> None:
    v3 = {"name": "v3", "user": "u", "auth_protocol": "sha", "auth_key": "tiny7"}
    data = {"snmp": {"v3": [v3], "v2c": [{"name": "p", "community": "s3cret-community"}]}}
    with pytest.raises(SettingsError) as info:
        parse_settings(data)
    assert "tiny7" not in str(info.value)
    assert "s3cret" not in str(info.value)
    good = parse_settings({"snmp": {"v2c": [{"name": "p", "community": "s3cret-community"}]}})
    assert "s3cret" not in repr(good)


def test_projector_password_lives_under_pjlink() -> None:
    with pytest.raises(SettingsError, match=r"\[pjlink\]"):
        parse_settings({"health": {"pjlink_password": "x"}})
    settings = parse_settings({"pjlink": {"password": "room-12", "lamp_life_hours": 4000}})
    health = settings.health_settings()
    assert health.pjlink_password is not None
    assert health.pjlink_password.get_secret_value() == "room-12"
    assert health.lamp_life_hours == 4000


def test_thresholds_are_configurable() -> None:
    settings = parse_settings({"health": {"supply": {"warning": 25, "critical": 10}}})
    assert settings.health_settings().supply.warning == 25


def test_snmp_defaults_to_the_public_community_named_public() -> None:
    settings = parse_settings({})
    assert [c.name for c in settings.snmp.v2c] == ["public"]
    assert settings.snmp.v2c[0].community.get_secret_value() == "public"


def test_a_configured_v2c_list_replaces_the_default() -> None:
    data = {"snmp": {"v2c": [{"name": "school", "community": "s3cret"}]}}
    assert [c.name for c in parse_settings(data).snmp.v2c] == ["school"]
    assert parse_settings({"snmp": {"v2c": []}}).snmp.v2c == []
