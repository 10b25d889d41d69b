"""An agent configuration (TOML) for scanning the lab from its agent namespace.

Three SNMP credentials, by name: v2c ``public``, v2c ``lk-school`` (only the file server answers
it) and v3 ``lankeeper-v3`` (authPriv SHA/AES; only the NAS answers it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from ipaddress import IPv4Network
from pathlib import Path

from tests.lab.inventory import PJLINK_PASSWORD, SUBNET, V3_USER

SNMP_V2C = (("public", "public"), ("lk-school", "lk-school"))
SNMP_V3_NAME = "lankeeper-v3"
LAB_NETWORK = '\n[network]\ngateway = "198.18.0.1"\ndns_name = "gw.school.lan"\n'
"""``extra`` for the network checks: the lab has no default route, its gateway runs dnsmasq."""


def _q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def agent_config_toml(
    *,
    interface: str = "eth0",
    subnets: Sequence[IPv4Network] = (SUBNET,),
    pjlink_password: str | None = PJLINK_PASSWORD,
    extra: str = "",
) -> str:
    """The TOML text; ``extra`` is appended verbatim (e.g. a ``[privacy]`` table)."""
    lines = [
        "[school]",
        'id = "lab-school"',
        'name = "Lab Primary School"',
        "",
        "[scan]",
        f"interface = {_q(interface)}",
        f"subnets = [{', '.join(_q(str(s)) for s in subnets)}]",
    ]
    for name, community in SNMP_V2C:
        lines += ["", "[[snmp.v2c]]", f"name = {_q(name)}", f"community = {_q(community)}"]
    lines += [
        "",
        "[[snmp.v3]]",
        f"name = {_q(SNMP_V3_NAME)}",
        f"user = {_q(V3_USER.user)}",
        'auth_protocol = "sha"',
        f"auth_key = {_q(V3_USER.auth_key)}",
        'priv_protocol = "aes"',
        f"priv_key = {_q(V3_USER.priv_key)}",
    ]
    if pjlink_password:
        lines += ["", "[pjlink]", f"password = {_q(pjlink_password)}"]
    return "\n".join(lines) + "\n" + extra


def write_agent_config(
    path: Path,
    *,
    interface: str = "eth0",
    subnets: Sequence[IPv4Network] = (SUBNET,),
    pjlink_password: str | None = PJLINK_PASSWORD,
    extra: str = "",
) -> Path:
    """Write ``agent_config_toml(...)`` to ``path`` and return it."""
    text = agent_config_toml(
        interface=interface, subnets=subnets, pjlink_password=pjlink_password, extra=extra
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
