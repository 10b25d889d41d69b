"""Hosts that answer only ARP/ICMP (nothing runs), optionally ignoring ping; and the two
"computers" whose UDP/161 either swallows every request or answers with malformed BER
(``tests.lab.snmp_junk``)."""

from __future__ import annotations

from collections.abc import Sequence

from tests.lab.inventory import Host
from tests.lab.peers.base import Daemon, LabContext, start_daemon, udp_bound
from tests.lab.specs import IgnorePing, SnmpJunk

IGNORE_PING_SYSCTLS = {"net.ipv4.icmp_echo_ignore_all": "1"}


def start_ignore_ping(
    _ctx: LabContext, _host: Host, _spec: IgnorePing, _started: Sequence[Daemon]
) -> list[Daemon]:
    return []  # all done by the namespace sysctl


def start_junk(
    ctx: LabContext, host: Host, spec: SnmpJunk, _started: Sequence[Daemon]
) -> list[Daemon]:
    argv = [ctx.python, "-m", "tests.lab.snmp_junk", spec.mode, "--host", str(host.ip)]
    return [start_daemon(ctx, host, f"snmp-{spec.mode}", argv, udp_bound(161))]
