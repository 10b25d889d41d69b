"""snmpsim serving a real device walk (community ``public``) on the host's address.

snmpsim refuses to run as root and drops privileges *before* binding udp/161, so the namespace
allows unprivileged ports from 0 (``SYSCTLS``) and the data/cache directories must be readable and
writable by the process user.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from tests.lab.inventory import RECORDING_POOL, Host
from tests.lab.peers.base import Daemon, LabContext, start_daemon, udp_bound
from tests.lab.recording import rewrite_recording
from tests.lab.specs import Snmpsim

PROCESS_USER, PROCESS_GROUP = "nobody", "nogroup"
SYSCTLS = {"net.ipv4.ip_unprivileged_port_start": "0"}


def write_data(ctx: LabContext, host: Host, spec: Snmpsim) -> Path:
    """The per-run copy of the recording, as ``<data>/public.snmprec``; returns ``<data>``."""
    source = ctx.snmprec_dir / f"{spec.recording}.snmprec"
    text = source.read_bytes().decode("utf-8", "surrogateescape")
    copy = rewrite_recording(text, host.ip, spec.names, RECORDING_POOL)
    data = ctx.host_dir(host) / "snmpsim-data"
    data.mkdir(exist_ok=True)
    (data / "public.snmprec").write_bytes(copy.encode("utf-8", "surrogateescape"))
    return data


def _cache_dir(ctx: LabContext, host: Host) -> Path:
    cache = ctx.host_dir(host) / "snmpsim-cache"
    cache.mkdir(exist_ok=True)
    import pwd  # Unix only; imported here so the lab package imports anywhere

    user = pwd.getpwnam(PROCESS_USER)
    os.chown(cache, user.pw_uid, user.pw_gid)
    return cache


def start(ctx: LabContext, host: Host, spec: Snmpsim, _started: Sequence[Daemon]) -> list[Daemon]:
    argv = [
        ctx.snmpsim,
        f"--data-dir={write_data(ctx, host, spec)}",
        f"--cache-dir={_cache_dir(ctx, host)}",
        f"--agent-udpv4-endpoint={host.ip}:161",
        f"--process-user={PROCESS_USER}",
        f"--process-group={PROCESS_GROUP}",
    ]
    return [start_daemon(ctx, host, "snmpsim", argv, udp_bound(161))]
