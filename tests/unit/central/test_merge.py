"""The merge rule: the local file wins wherever it sets a key; central settings fill the rest;
a central value the agent cannot use is skipped with the reason, never fatal."""

from __future__ import annotations

from datetime import time
from ipaddress import IPv4Address, IPv4Network
from typing import Any

import pytest
from pydantic import SecretStr

from agent.central.merge import merge
from agent.checks.config import HealthSettings, Threshold
from agent.settings import SettingsError, parse_settings
from schemas.checkin import THRESHOLD_NAMES, CentralSettings

CENTRAL = CentralSettings.model_validate(
    {
        "snmp_v2c": [{"name": "cluster", "community": "central-community"}],
        "snmp_v3": [
            {
                "name": "v3",
                "user": "monitor",
                "auth_protocol": "sha",
                "auth_key": "central-auth-key",
                "priv_protocol": "aes",
                "priv_key": "central-priv-key",
            }
        ],
        "pjlink_password": "central-pjlink",
        "subnets": ["10.20.0.0/24"],
        "nightly_time": "02:30",
        "thresholds": {
            "supply": {"warning": 30, "critical": 10},
            "uptime_days": {"warning": 7, "critical": 30},
        },
    }
)


def plain(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def local(toml: dict[str, Any]) -> Any:
    return parse_settings(toml)


def test_an_empty_local_file_takes_every_central_value() -> None:
    merged = merge(local({}), CENTRAL)
    s = merged.settings
    assert [(c.name, c.community.get_secret_value()) for c in s.snmp.v2c] == [
        ("cluster", "central-community")
    ]
    assert s.snmp.v3[0].security_level == "authPriv"
    assert plain(s.snmp.v3[0].priv_key) == "central-priv-key"
    assert plain(s.pjlink.password) == "central-pjlink"
    assert s.health_settings().pjlink_password == s.pjlink.password
    assert s.scan.subnets == [IPv4Network("10.20.0.0/24")]
    assert s.schedule.nightly_time == time(2, 30)
    assert s.health.supply == Threshold(warning=30, critical=10)
    assert s.health.uptime_days == Threshold(warning=7, critical=30, direction="above")
    assert sorted(merged.taken) == sorted(
        [
            "snmp_v2c",
            "snmp_v3",
            "pjlink_password",
            "subnets",
            "nightly_time",
            "threshold.supply",
            "threshold.uptime_days",
        ]
    )
    assert merged.skipped == {}


def test_the_local_file_wins_wherever_it_sets_a_key() -> None:
    mine = local(
        {
            "snmp": {"v2c": [{"name": "mine", "community": "local-community"}]},
            "pjlink": {"password": "local-pjlink"},
            "scan": {"subnets": ["192.168.1.0/24"]},
            "health": {"supply": {"warning": 20, "critical": 2}},
        }
    )
    merged = merge(mine, CENTRAL)
    s = merged.settings
    assert [c.community.get_secret_value() for c in s.snmp.v2c] == ["local-community"]
    assert plain(s.pjlink.password) == "local-pjlink"
    assert s.scan.subnets == [IPv4Network("192.168.1.0/24")]
    assert s.health.supply == Threshold(warning=20, critical=2)
    # what the file does not set still comes from the centre
    assert [c.name for c in s.snmp.v3] == ["v3"]
    assert s.health.uptime_days.warning == 7
    assert {"snmp_v2c", "threshold.supply"}.isdisjoint(merged.taken)


def test_an_explicit_empty_local_list_also_wins() -> None:
    merged = merge(local({"snmp": {"v2c": []}}), CENTRAL)
    assert merged.settings.snmp.v2c == []


def test_nothing_central_leaves_the_local_settings_as_they_are() -> None:
    mine = local({"scan": {"subnets": ["192.168.1.0/24"]}})
    merged = merge(mine, CentralSettings())
    assert merged.settings == mine
    assert merged.taken == []


def test_a_central_value_the_agent_cannot_use_is_skipped_with_the_reason() -> None:
    bad = CentralSettings.model_validate(
        {
            "thresholds": {
                "supply": {"warning": 5, "critical": 30},  # critical before warning
                "from_a_newer_collector": {"warning": 1, "critical": 2},
            },
            "a_key_from_a_newer_collector": True,
            "snmp_v3": [
                {"name": "v3", "user": "u", "priv_protocol": "aes", "priv_key": "12345678"}
            ],
            "subnets": ["198.18.0.0/24"],
        }
    )
    merged = merge(local({}), bad)
    assert set(merged.skipped) == {
        "threshold.supply",
        "threshold.from_a_newer_collector",
        "snmp_v3",
    }
    assert merged.settings.health.supply == HealthSettings().supply
    assert merged.settings.snmp.v3 == []
    assert merged.taken == ["subnets"]
    assert "12345678" not in repr(merged)


def test_central_thresholds_are_exactly_the_agents_thresholds() -> None:
    agent_thresholds = {
        name for name, info in HealthSettings.model_fields.items() if info.annotation is Threshold
    }
    assert set(THRESHOLD_NAMES) == agent_thresholds


def test_device_overrides_replace_only_what_they_set_and_local_devices_win() -> None:
    central = CentralSettings.model_validate(
        {
            "snmp_v2c": [{"name": "school", "community": "school-community"}],
            "pjlink_password": "school-pjlink",
            "devices": [
                {
                    "ip": "198.18.0.5",
                    "snmp_v2c": [{"name": "dev", "community": "device-community"}],
                },
                {"mac": "00:11:22:33:44:55", "pjlink_password": "device-pjlink"},
                {"ip": "198.18.0.9", "pjlink_password": "central-for-9"},
            ],
        }
    )
    mine = local({"devices": [{"ip": "198.18.0.9", "pjlink_password": "local-for-9"}]})
    merged = merge(mine, central)
    plan = merged.settings.credential_plan()
    assert "devices" in merged.taken
    assert [c.name for c in plan.snmp_for(IPv4Address("198.18.0.5"), None)] == ["dev"]
    assert [c.name for c in plan.snmp_for(IPv4Address("198.18.0.6"), None)] == ["school"]
    assert plain(plan.pjlink_for(IPv4Address("198.18.0.5"), None)) == "school-pjlink"
    by_mac = plan.pjlink_for(IPv4Address("198.18.0.7"), "00:11:22:33:44:55")
    assert plain(by_mac) == "device-pjlink"
    # the MAC wins over the address, and the local [[devices]] entry over the central one
    assert plain(plan.pjlink_for(IPv4Address("198.18.0.9"), None)) == "local-for-9"
    assert [c.name for c in plan.snmp_for(IPv4Address("198.18.0.5"), "00:11:22:33:44:55")] == [
        "school"
    ]


def test_a_local_device_entry_names_exactly_one_match() -> None:
    with pytest.raises(SettingsError, match="exactly one of mac or ip"):
        parse_settings({"devices": [{"pjlink_password": "x"}]})
