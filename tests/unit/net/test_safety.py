from ipaddress import IPv4Address, IPv4Network

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.net.errors import ScanTargetError
from agent.net.safety import PRIVATE_LIKE, check_rate, check_scan_targets, scan_addresses


def _nets(*texts: str) -> list[IPv4Network]:
    return [IPv4Network(t) for t in texts]


@pytest.mark.parametrize(
    "net", ["10.1.2.0/24", "172.16.0.0/22", "192.168.1.0/24", "100.64.3.0/24", "198.18.0.0/24"]
)
def test_private_like_ranges_are_allowed(net: str) -> None:
    assert check_scan_targets(_nets(net)) == _nets(net)


def test_public_range_is_refused_with_the_key_to_change() -> None:
    with pytest.raises(ScanTargetError) as caught:
        check_scan_targets(_nets("8.8.8.0/24"))
    assert caught.value.key == "scan.subnets"
    assert str(caught.value) == (
        "scan.subnets: 8.8.8.0/24 is not a private range (10/8, 172.16/12, 192.168/16, "
        "100.64/10, 198.18/15). Scan only your own LAN, or set scan.allow_public = true"
    )


def test_public_range_allowed_explicitly() -> None:
    assert check_scan_targets(_nets("8.8.8.0/24"), allow_public=True) == _nets("8.8.8.0/24")


def test_partly_private_counts_as_public() -> None:
    with pytest.raises(ScanTargetError, match="not a private range"):
        check_scan_targets(_nets("172.0.0.0/11"), force=True)


@pytest.mark.parametrize(
    ("net", "why"),
    [
        ("127.0.0.0/24", "loopback"),
        ("169.254.1.0/24", "link-local"),
        ("224.0.0.0/24", "multicast"),
        ("255.255.255.255/32", "reserved (and broadcast)"),
        ("0.0.0.0/24", "'this network' (0.0.0.0/8)"),
    ],
)
def test_never_scanned_even_when_public_allowed(net: str, why: str) -> None:
    with pytest.raises(ScanTargetError) as caught:
        check_scan_targets(_nets(net), allow_public=True, force=True)
    assert str(caught.value) == f"scan.subnets: {net} is {why}; it cannot be scanned. Remove it"


def test_larger_than_a_slash_22_needs_force() -> None:
    with pytest.raises(ScanTargetError) as caught:
        check_scan_targets(_nets("10.0.0.0/16"))
    assert str(caught.value) == (
        "scan.subnets: 10.0.0.0/16 has 65,536 addresses; the limit is a /22 (1,024). "
        "Narrow it or set scan.force_large = true"
    )
    assert check_scan_targets(_nets("10.0.0.0/16"), force=True) == _nets("10.0.0.0/16")


def test_slash_22_is_fine_without_force() -> None:
    assert check_scan_targets(_nets("10.0.0.0/22")) == _nets("10.0.0.0/22")


def test_the_limit_applies_to_the_total() -> None:
    with pytest.raises(ScanTargetError, match="together the subnets have 2,048 addresses"):
        check_scan_targets(_nets("10.0.0.0/22", "10.9.0.0/22"))


def test_more_than_a_slash_16_is_never_scanned() -> None:
    with pytest.raises(ScanTargetError, match=r"more than a /16 \(65,536\) is never scanned"):
        check_scan_targets(_nets("10.0.0.0/15"), force=True)


def test_duplicates_and_overlaps_collapse() -> None:
    merged = check_scan_targets(_nets("10.0.0.0/24", "10.0.0.128/25", "10.0.1.0/24"))
    assert merged == _nets("10.0.0.0/23")


def test_empty_list_is_refused() -> None:
    with pytest.raises(ScanTargetError, match="nothing to scan"):
        check_scan_targets([])


def test_rate_cap() -> None:
    assert check_rate(500) == 500
    with pytest.raises(ScanTargetError) as caught:
        check_rate(5000)
    assert caught.value.key == "scan.arp_rate_pps"
    assert str(caught.value) == (
        "scan.arp_rate_pps: 5,000 packets/s is above the limit of 1,000. "
        "Lower it or set scan.force_large = true"
    )
    assert check_rate(5000, force=True) == 5000
    with pytest.raises(ScanTargetError, match="never allowed"):
        check_rate(20000, force=True)
    with pytest.raises(ScanTargetError, match="give a positive rate"):
        check_rate(0)


def test_targets_and_rate_checked_together() -> None:
    with pytest.raises(ScanTargetError) as caught:
        check_scan_targets(_nets("10.0.0.0/24"), rate_pps=2000)
    assert caught.value.key == "scan.arp_rate_pps"
    assert check_scan_targets(_nets("10.0.0.0/24"), rate_pps=2000, force=True) == _nets(
        "10.0.0.0/24"
    )


def test_scan_addresses_skip_network_broadcast_and_self() -> None:
    found = scan_addresses(_nets("198.18.1.0/29"), exclude=[IPv4Address("198.18.1.3")])
    assert [str(a) for a in found] == [f"198.18.1.{i}" for i in (1, 2, 4, 5, 6)]


def test_scan_addresses_of_tiny_networks() -> None:
    assert scan_addresses(_nets("198.18.1.8/31")) == [
        IPv4Address("198.18.1.8"),
        IPv4Address("198.18.1.9"),
    ]
    assert scan_addresses(_nets("198.18.1.8/32")) == [IPv4Address("198.18.1.8")]


@given(
    st.lists(
        st.builds(
            IPv4Network,
            st.tuples(st.integers(0, 2**32 - 1), st.integers(8, 32)),
            strict=st.just(False),
        ),
        max_size=4,
    ),
    st.booleans(),
    st.booleans(),
)
def test_accepts_or_refuses_never_crashes(
    nets: list[IPv4Network], allow_public: bool, force: bool
) -> None:
    try:
        merged = check_scan_targets(nets, allow_public=allow_public, force=force)
    except ScanTargetError as exc:
        refused: ScanTargetError | None = exc
    else:
        refused = None
        assert sum(n.num_addresses for n in merged) <= (65536 if force else 1024)
        assert all(allow_public or any(n.subnet_of(b) for b in PRIVATE_LIKE) for n in merged)
    assert refused is None or refused.key == "scan.subnets"
