"""Ask projectors that greeted the port probe with ``PJLINK`` who they are (INF1, INF2, …).

Many projectors tell their make and model only over PJLink. A projector that refuses the
password, is busy or falls silent becomes a ``ProbeMiss`` with the reason, never an error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from pydantic import SecretStr

from agent.discovery.merge import DeviceObservations
from agent.discovery.observations import ProbeMiss
from agent.knowledge.describe import PjlinkInfo
from agent.pjlink.client import query_projector
from agent.pjlink.model import PjlinkError
from agent.ports.parse import parse_pjlink_greeting
from schemas import Method

PJLINK_PORT = 4352


def speaks_pjlink(group: DeviceObservations) -> bool:
    if group.ports is None:
        return False
    return any(
        port == PJLINK_PORT and parse_pjlink_greeting(line) for port, line in group.ports.banners
    )


async def identify_projectors(
    groups: Sequence[DeviceObservations],
    *,
    password: SecretStr | None,
    timeout_s: float,
    password_for: Callable[[DeviceObservations], SecretStr | None] | None = None,
) -> dict[int, PjlinkInfo]:
    """PJLink identity by index into ``groups``; failures are appended to the group's misses.
    ``password_for`` gives a device its own password (a device override)."""
    asked = [i for i, group in enumerate(groups) if speaks_pjlink(group)]

    def secret(group: DeviceObservations) -> SecretStr | None:
        return password_for(group) if password_for is not None else password

    answers = await asyncio.gather(
        *(_ask(groups[i], password=secret(groups[i]), timeout_s=timeout_s) for i in asked)
    )
    return {i: info for i, info in zip(asked, answers, strict=True) if info is not None}


async def _ask(
    group: DeviceObservations, *, password: SecretStr | None, timeout_s: float
) -> PjlinkInfo | None:
    assert group.ports is not None
    ip = group.ports.ip
    try:
        status = await query_projector(str(ip), password=password, timeout_s=timeout_s)
    except PjlinkError as exc:
        group.misses.append(ProbeMiss(Method.PJLINK, ip, str(exc)))
        return None
    return PjlinkInfo(
        manufacturer=status.manufacturer,
        product=status.product,
        serial=status.serial,
        firmware=status.software_version,
    )
