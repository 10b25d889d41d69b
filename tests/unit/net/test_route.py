from ipaddress import IPv4Address
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from agent.net.route import default_route_interface, parse_routes

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text()


def test_single_default_route() -> None:
    routes = parse_routes(_read("proc_net_route_single.txt"))
    assert routes[0].interface == "eth0"
    assert routes[0].gateway == IPv4Address("192.0.2.1")
    assert routes[1].destination == IPv4Address("192.0.2.0")
    assert routes[1].mask == IPv4Address("255.255.255.0")
    assert default_route_interface(_read("proc_net_route_single.txt")) == "eth0"


def test_lowest_metric_default_wins() -> None:
    assert default_route_interface(_read("proc_net_route_two_defaults.txt")) == "enp3s0"


def test_no_default_route_in_a_lab_namespace() -> None:
    text = _read("proc_net_route_no_default.txt")
    assert [r.destination for r in parse_routes(text)] == [
        IPv4Address("198.18.1.0"),
        IPv4Address("224.0.0.0"),
    ]
    assert default_route_interface(text) is None


def test_down_default_route_is_ignored() -> None:
    header = _read("proc_net_route_single.txt").splitlines()[0]
    text = f"{header}\neth0\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"
    assert default_route_interface(text) is None


def test_garbage_lines_are_skipped() -> None:
    text = "Iface\tDestination\nbad\tZZZZ\t0\t1\t0\t0\t0\t0\neth0\tFFFFFFFFFF\t0\t1\t0\t0\t0\t0\n"
    assert parse_routes(text) == []


@given(st.text())
def test_never_raises(text: str) -> None:
    parse_routes(text)
    default_route_interface(text)
