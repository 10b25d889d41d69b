"""Interface selection inside a lab namespace (no default route there)."""

from collections.abc import Iterator

import pytest

from tests.unit.net.scratch import ScratchLan, ns_json, scratch_lan

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lan() -> Iterator[ScratchLan]:
    with scratch_lan("lkl-n", n_hosts=1) as built:
        yield built


def test_selects_the_only_usable_interface(lan: ScratchLan) -> None:
    out = ns_json(lan.agent.ns, ["iface"])
    assert out["result"] == {
        "name": "eth0",
        "mac": lan.agent.mac,
        "ip": str(lan.agent.ip),
        "network": "198.18.1.0/24",
        "networks": ["198.18.1.0/24"],
    }
