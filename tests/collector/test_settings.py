"""Collector settings: TOML < environment < flags; errors name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from collector.settings import SettingsError, build_settings


def test_sources_and_precedence(tmp_path: Path) -> None:
    config = tmp_path / "collector.toml"
    config.write_text(
        '[collector]\nport = 9000\nmissing_after_reports = 5\nwebhook_secret = "hunter2-webhook"\n'
    )
    environ = {"LANKEEPER_COLLECTOR_PORT": "9100", "UNRELATED": "x"}
    settings = build_settings(config, environ, overrides={"port": None, "host": "0.0.0.0"})
    assert (settings.port, settings.host, settings.missing_after_reports) == (9100, "0.0.0.0", 5)
    assert "hunter2" not in repr(settings)  # secrets never print
    assert build_settings(config, environ, overrides={"port": 9200}).port == 9200


def test_errors_name_the_key(tmp_path: Path) -> None:
    config = tmp_path / "collector.toml"
    config.write_text("[collector]\nmissing_after_report = 5\nport = 'eighty'\n")
    with pytest.raises(SettingsError) as caught:
        build_settings(config, {})
    message = str(caught.value)
    assert "missing_after_report" in message
    assert "unknown key" in message
    assert "port" in message
    with pytest.raises(SettingsError, match="no such configuration file"):
        build_settings(tmp_path / "absent.toml", {})
