"""Pure parsing of service greetings (banners); never raises on odd input.

* PJLink (TCP 4352) speaks first: ``PJLINK 0\\r`` (no password), ``PJLINK 1 <8 chars>\\r``
  (password, the 8 characters are the MD5 salt), ``PJLINK ERRA\\r`` (auth error/locked).
* SSH (TCP 22) speaks first: ``SSH-2.0-<software>[ <comments>]\\r\\n`` (RFC 4253 §4.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BANNER = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PJLINK = re.compile(r"^PJLINK ([01])(?: (\S{1,32}))?\s*$")
_SSH = re.compile(r"^SSH-(\d+\.\d+)-(\S+)(?: (.*))?$")


@dataclass(frozen=True)
class PjlinkGreeting:
    auth_required: bool


@dataclass(frozen=True)
class SshBanner:
    protocol: str
    software: str
    comments: str | None


def first_line(data: bytes, limit: int = MAX_BANNER) -> str:
    """The first line of a greeting (ends at CR or LF), decoded, controls removed, bounded."""
    text = data[:limit].decode("utf-8", errors="replace")
    line = re.split(r"[\r\n]", text, maxsplit=1)[0]
    return _CONTROL.sub("", line).strip()


def parse_pjlink_greeting(line: str) -> PjlinkGreeting | None:
    """``PJLINK 0`` -> no password; ``PJLINK 1 xxxxxxxx`` -> password; else None."""
    match = _PJLINK.match(line.strip())
    if match is None:
        return None
    return PjlinkGreeting(auth_required=match.group(1) == "1")


def parse_ssh_banner(line: str) -> SshBanner | None:
    """``SSH-2.0-OpenSSH_9.2p1 Debian-2`` -> (``2.0``, ``OpenSSH_9.2p1``, ``Debian-2``)."""
    match = _SSH.match(line.strip())
    if match is None:
        return None
    return SshBanner(match.group(1), match.group(2), match.group(3) or None)


def describe_banner(line: str) -> str | None:
    """A short human reading of a greeting, e.g. ``pjlink, auth required: yes``."""
    pjlink = parse_pjlink_greeting(line)
    if pjlink is not None:
        return f"pjlink, auth required: {'yes' if pjlink.auth_required else 'no'}"
    ssh = parse_ssh_banner(line)
    if ssh is not None:
        return f"ssh {ssh.protocol}, {ssh.software}"
    return None
