from ipaddress import IPv4Address

from hypothesis import given
from hypothesis import strategies as st
from scapy.layers.l2 import ARP, Ether

from agent.arp.frames import FRAME_LEN, arp_request, parse_arp_reply

OWN_MAC = "02:00:5e:10:01:0a"
OWN_IP = IPv4Address("198.18.1.10")


def test_request_matches_scapy() -> None:
    """scapy is the independent reference for the wire format."""
    ours = arp_request(OWN_MAC, OWN_IP, IPv4Address("198.18.1.21"))
    theirs = Ether(dst="ff:ff:ff:ff:ff:ff", src=OWN_MAC) / ARP(
        op=1, hwsrc=OWN_MAC, psrc=str(OWN_IP), hwdst="00:00:00:00:00:00", pdst="198.18.1.21"
    )
    assert ours == bytes(theirs)
    assert len(ours) == FRAME_LEN


def test_reply_built_by_scapy_parses() -> None:
    reply = Ether(dst=OWN_MAC, src="00:1b:a9:0b:01:15") / ARP(
        op=2, hwsrc="00:1b:a9:0b:01:15", psrc="198.18.1.21", hwdst=OWN_MAC, pdst=str(OWN_IP)
    )
    padded = bytes(reply) + b"\x00" * 18  # as received: padded to the 60-byte minimum
    assert parse_arp_reply(padded) == (IPv4Address("198.18.1.21"), "00:1b:a9:0b:01:15")


def test_requests_and_odd_replies_are_not_answers() -> None:
    request = arp_request(OWN_MAC, OWN_IP, IPv4Address("198.18.1.21"))
    assert parse_arp_reply(request) is None
    bogus = Ether(dst=OWN_MAC) / ARP(op=2, hwsrc="ff:ff:ff:ff:ff:ff", psrc="198.18.1.21")
    assert parse_arp_reply(bytes(bogus)) is None
    assert parse_arp_reply(bytes(Ether(type=0x0800) / (b"\x00" * 40))) is None
    assert parse_arp_reply(b"") is None


@given(st.binary(max_size=100))
def test_parse_never_raises(frame: bytes) -> None:
    result = parse_arp_reply(frame)
    if result is not None:
        assert int(result[1][:2], 16) & 1 == 0
