"""Debian's Net-SNMP snmpd: a v2c community or a v3 authPriv-only user, never both by accident.

Each instance has its own config (``-C -c``: no system config files) and its own persistent
directory (``SNMP_PERSISTENT_DIR``), where ``createUser`` is turned into a localised USM key.
The view leaves out the process and package tables, which would list the whole machine.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from tests.lab.inventory import Host
from tests.lab.peers.base import Daemon, LabContext, start_daemon, udp_bound
from tests.lab.specs import Snmpd

VIEW = "lab"
VIEW_SUBTREES = (
    "1.3.6.1.2.1.1",  # system
    "1.3.6.1.2.1.2",  # interfaces
    "1.3.6.1.2.1.4",  # ip
    "1.3.6.1.2.1.25.1",  # hrSystem
    "1.3.6.1.2.1.25.2",  # hrStorage
    "1.3.6.1.2.1.31",  # ifMIB
    "1.3.6.1.6.3.10.2.1",  # snmpEngine
    "1.3.6.1.4.1.8072.1.3.2",  # NET-SNMP-EXTEND-MIB nsExtendObjects (only what spec.extends adds)
)


def _access(spec: Snmpd) -> list[str]:
    lines = []
    if spec.community:
        lines.append(f"rocommunity {spec.community} default -V {VIEW}")
    if spec.v3:
        v3 = spec.v3
        lines.append(f'createUser {v3.user} SHA "{v3.auth_key}" AES "{v3.priv_key}"')
        lines.append(f"rouser {v3.user} priv -V {VIEW}")
    return lines


def _override(oid: str, kind: str, value: str) -> str:
    shown = f'"{value}"' if kind == "octet_str" else value
    return f"override .{oid} {kind} {shown}"


def _extend(name: str, line: str) -> str:
    return f"extend {name} /bin/echo {shlex.quote(line)}"


def snmpd_conf(spec: Snmpd) -> str:
    """The whole snmpd.conf for one lab host (pure)."""
    names = spec.names
    lines = [
        f"sysName {names.name}",
        f"sysLocation {names.location}",
        f"sysContact {names.contact}",
        f"sysDescr {spec.sysdescr}",
        f"sysObjectID {spec.sysobjectid}",
        f"sysServices {spec.sysservices}",
        *(f"view {VIEW} included .{oid}" for oid in VIEW_SUBTREES),
        *(f"view {VIEW} included .{oid}" for oid, _, _ in spec.overrides),
        *(_override(oid, kind, value) for oid, kind, value in spec.overrides),
        *(_extend(name, line) for name, line in spec.extends),
        *_access(spec),
    ]
    return "".join(f"{line}\n" for line in lines)


def start(ctx: LabContext, host: Host, spec: Snmpd, _started: Sequence[Daemon]) -> list[Daemon]:
    home = ctx.host_dir(host)
    conf, persist = home / "snmpd.conf", home / "snmpd-persist"
    conf.write_text(snmpd_conf(spec))
    persist.mkdir(mode=0o700, exist_ok=True)
    argv = [
        "/usr/sbin/snmpd", "-f", "-C", "-c", str(conf), "-Lo", "-p", str(home / "snmpd.pid"),
        "-I", "-smux,mteTrigger,mteTriggerConf", f"udp:{host.ip}:161",
    ]  # fmt: skip
    env = {"SNMP_PERSISTENT_DIR": str(persist), "MIBS": ""}
    return [start_daemon(ctx, host, "snmpd", argv, udp_bound(161), env=env)]
