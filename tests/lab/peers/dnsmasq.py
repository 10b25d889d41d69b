"""dnsmasq on the gateway, answering ``<hostname>.school.lan`` (and reverse) for the lab only.

Started only when dnsmasq is installed (Debian ``dnsmasq-base``); it has no upstream servers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence

from tests.lab.inventory import AGENT, HOSTS, Host
from tests.lab.peers.base import Daemon, LabContext, start_daemon, udp_bound
from tests.lab.specs import Dnsmasq


def available() -> bool:
    return shutil.which("dnsmasq") is not None


def hosts_file(hosts: Iterable[Host]) -> str:
    """``/etc/hosts``-style lines for every host that has a DNS name (pure)."""
    return "".join(f"{h.ip} {h.hostname}\n" for h in hosts if h.hostname)


def dnsmasq_conf(host: Host, spec: Dnsmasq, hosts_path: str) -> str:
    lines = (
        "no-resolv", "no-hosts", "no-poll", "bind-interfaces", "expand-hosts",
        f"listen-address={host.ip}", f"domain={spec.domain}", f"local=/{spec.domain}/",
        f"addn-hosts={hosts_path}", "pid-file=", "log-facility=-",
    )  # fmt: skip
    return "".join(f"{line}\n" for line in lines)


def start(ctx: LabContext, host: Host, spec: Dnsmasq, _started: Sequence[Daemon]) -> list[Daemon]:
    if not available():
        return []
    home = ctx.host_dir(host)
    (home / "lab-hosts").write_text(hosts_file((AGENT, *HOSTS)))
    conf = home / "dnsmasq.conf"
    conf.write_text(dnsmasq_conf(host, spec, str(home / "lab-hosts")))
    argv = ["dnsmasq", "--keep-in-foreground", f"--conf-file={conf}"]
    return [start_daemon(ctx, host, "dnsmasq", argv, udp_bound(53))]
