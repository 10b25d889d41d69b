from hypothesis import given
from hypothesis import strategies as st

from agent.ports.parse import (
    MAX_BANNER,
    PjlinkGreeting,
    SshBanner,
    describe_banner,
    first_line,
    parse_pjlink_greeting,
    parse_ssh_banner,
)


def test_pjlink_greetings() -> None:
    assert parse_pjlink_greeting(first_line(b"PJLINK 0\r")) == PjlinkGreeting(auth_required=False)
    assert parse_pjlink_greeting(first_line(b"PJLINK 1 498e4a67\r")) == PjlinkGreeting(True)
    assert parse_pjlink_greeting("PJLINK ERRA") is None
    assert parse_pjlink_greeting("PJLINK 2") is None
    assert describe_banner("PJLINK 1 498e4a67") == "pjlink, auth required: yes"
    assert describe_banner("PJLINK 0") == "pjlink, auth required: no"


def test_ssh_banners() -> None:
    line = first_line(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")
    assert parse_ssh_banner(line) == SshBanner("2.0", "OpenSSH_9.2p1", "Debian-2+deb12u3")
    assert parse_ssh_banner("SSH-1.99-Cisco-1.25") == SshBanner("1.99", "Cisco-1.25", None)
    assert parse_ssh_banner("HTTP/1.1 400 Bad Request") is None
    assert describe_banner("SSH-2.0-dropbear_2022.83") == "ssh 2.0, dropbear_2022.83"
    assert describe_banner("220 FTP ready") is None


def test_first_line_is_bounded_and_clean() -> None:
    assert first_line(b"a\x00b\x1b[0m\tc\r\nsecond") == "ab[0m\tc"
    assert len(first_line(b"x" * 1000)) == MAX_BANNER
    assert first_line(b"\xff\xfe") == "\ufffd\ufffd"
    assert first_line(b"") == ""


@given(st.binary(max_size=300))
def test_never_raise(data: bytes) -> None:
    line = first_line(data)
    assert len(line) <= MAX_BANNER
    assert "\r" not in line
    assert "\n" not in line
    parse_pjlink_greeting(line)
    parse_ssh_banner(line)
    describe_banner(line)
