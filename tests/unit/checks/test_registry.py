"""The explicit registry: every per-device check module is registered, and only those."""

from __future__ import annotations

import importlib
import pkgutil

import agent.checks
from agent.checks.registry import CHECKS, checks_for
from schemas.report import DeviceType


def _modules_with_a_driver() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(agent.checks.__path__):
        module = importlib.import_module(f"agent.checks.{info.name}")
        if hasattr(module, "APPLIES_TO") or hasattr(module, "run"):
            found.add(module.__name__)
    return found


def test_every_check_module_is_registered() -> None:
    assert _modules_with_a_driver() == {m.__name__ for m in CHECKS}  # type: ignore[attr-defined]


def test_registry_order_and_contract() -> None:
    names = [m.NAME for m in CHECKS]
    assert names == ["printer", "projector", "access_point", "switch", "ups", "computer"]
    for module in CHECKS:
        assert module.PRIMARY_CHECK.startswith(module.NAME + ".")
        assert module.APPLIES_TO


def test_checks_for_device_types() -> None:
    assert [m.NAME for m in checks_for(DeviceType.PRINTER)] == ["printer"]
    assert [m.NAME for m in checks_for(DeviceType.ROUTER)] == ["switch"]
    assert [m.NAME for m in checks_for(DeviceType.NAS)] == ["computer"]
    assert checks_for(DeviceType.PHONE_TABLET) == ()
