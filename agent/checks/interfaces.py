"""IF-MIB: which ports are connected, and error counters against traffic. Pure.

Error counters are cumulative since the device started; a share of errors is judged only when
the interface also reports packet counters (64-bit ``ifHC*`` preferred, else 32-bit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent.checks import net_rows as n
from agent.checks.base import against, metric, result, worst
from agent.checks.config import HealthSettings
from agent.checks.snmp_data import Rows, index_key, number, table, text
from agent.snmp.values import Value
from schemas.health import CheckResult, CheckStatus

MAX_INTERFACES = 1024
MIN_PACKETS = 1000  # below this much traffic a share of errors means nothing


@dataclass(frozen=True)
class Interface:
    index: str
    name: str
    alias: str | None
    if_type: int | None
    admin: int | None
    oper: int | None
    in_errors: int | None
    out_errors: int | None
    packets: int | None  # in + out, all casts

    @property
    def errors(self) -> int:
        return (self.in_errors or 0) + (self.out_errors or 0)


def parse_interfaces(values: Rows) -> list[Interface]:
    base = table(values, n.IF_ENTRY, n.IF_COLUMNS)
    extra = table(values, n.IFX_ENTRY, n.IFX_COLUMNS)
    indexes = sorted(base, key=index_key)[:MAX_INTERFACES]
    return [_interface(index, base[index], extra.get(index, {})) for index in indexes]


def _interface(index: str, row: dict[int, Value], ext: dict[int, Value]) -> Interface:
    return Interface(
        index=index,
        name=text(ext.get(1), 64) or text(row.get(2), 64) or f"if{index}",
        alias=text(ext.get(18), 64),
        if_type=number(row.get(3)),
        admin=number(row.get(7)),
        oper=number(row.get(8)),
        in_errors=number(row.get(14)),
        out_errors=number(row.get(20)),
        packets=_sum(ext, (7, 8, 9, 11, 12, 13)) if 7 in ext else _sum(row, (11, 12, 17, 18)),
    )


def _sum(row: dict[int, Value], columns: Sequence[int]) -> int | None:
    counts = [number(row.get(column)) for column in columns]
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


def ports_result(interfaces: Sequence[Interface], prefix: str) -> CheckResult | None:
    """Ethernet ports enabled by the admin: how many are connected (down is normal: unused)."""
    ports = [i for i in interfaces if i.if_type in n.ETHERNET_TYPES and i.admin == n.ADMIN_UP]
    if not ports:
        return None
    up = [i for i in ports if i.oper == n.UP]
    down = [i.name for i in ports if i.oper != n.UP]
    metrics = [
        metric("ports_up", len(up)),
        metric("ports_down", len(down)),
        metric("ports", len(ports)),
    ]
    evidence = {"down": ", ".join(down) or "none"}
    summary = f"{len(up)} of {len(ports)} ports connected"
    return result(f"{prefix}.ports", CheckStatus.OK, summary, metrics=metrics, evidence=evidence)


def errors_result(
    interfaces: Sequence[Interface], settings: HealthSettings, prefix: str
) -> CheckResult | None:
    counted = [i for i in interfaces if i.in_errors is not None or i.out_errors is not None]
    if not counted:
        return None
    total = sum(i.errors for i in counted)
    noisy = [i for i in counted if i.errors]
    judged = [(i, _share(i)) for i in noisy]
    status = worst(
        against(share, settings.interface_error_percent) for _, share in judged if share is not None
    )
    metrics = [
        metric("errors_in", sum(i.in_errors or 0 for i in counted)),
        metric("errors_out", sum(i.out_errors or 0 for i in counted)),
    ]
    evidence = {f"if.{i.name}": _describe(i, share) for i, share in judged[:32]}
    return result(
        f"{prefix}.errors",
        status,
        _errors_summary(total, judged, status),
        metrics=metrics,
        evidence=evidence,
    )


def _share(interface: Interface) -> float | None:
    if interface.packets is None or interface.packets + interface.errors < MIN_PACKETS:
        return None
    return 100 * interface.errors / (interface.packets + interface.errors)


def _describe(interface: Interface, share: float | None) -> str:
    ratio = f", {share:.2f} % of packets" if share is not None else ""
    return f"{interface.in_errors or 0} in / {interface.out_errors or 0} out errors{ratio}"


def _errors_summary(
    total: int, judged: list[tuple[Interface, float | None]], status: CheckStatus
) -> str:
    if total == 0:
        return "No interface errors"
    if all(share is None for _, share in judged):
        return f"{total:,} interface errors since start-up (too little traffic counted to judge)"
    if status is CheckStatus.OK:
        return f"{total:,} interface errors since start-up, a small share of traffic"
    worst_if, share = max(judged, key=lambda item: item[1] or 0)
    return f"Interface {worst_if.name}: {share or 0:.1f} % of packets with errors"
