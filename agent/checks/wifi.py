"""Wi-Fi clients and radios from the vendor tables in ``net_rows`` (UniFi, Cisco, Aruba,
Ruckus), else what any AP says in IF-MIB (ieee80211 interfaces: radios, no client count). Pure.
"""

from __future__ import annotations

from collections import Counter

from agent.checks import net_rows as n
from agent.checks.base import metric, result, slug
from agent.checks.interfaces import Interface
from agent.checks.snmp_data import Rows, number, table, text
from schemas.health import CheckResult, CheckStatus, Metric


def client_counts(values: Rows) -> tuple[str, Counter[str]] | None:
    """(vendor, clients per radio band or "all") from the first vendor table that answers."""
    for spec in n.WIFI_TABLES:
        columns = (spec.clients,) if spec.radio is None else (spec.clients, spec.radio)
        rows = table(values, spec.entry, columns)
        counts: Counter[str] = Counter()
        for row in rows.values():
            clients = number(row.get(spec.clients))
            if clients is not None and clients >= 0:
                counts[_band(text(row.get(spec.radio), 16)) if spec.radio else "all"] += clients
        if rows:
            return spec.vendor, counts
    for vendor, oid in n.WIFI_SCALARS:
        total = number(values.get(oid))
        if total is not None and total >= 0:
            return vendor, Counter({"all": total})
    return None


def _band(radio: str | None) -> str:
    return n.RADIO_BANDS.get(radio or "", radio or "radio")


def radio_count(values: Rows, interfaces: list[Interface]) -> tuple[int, int]:
    """(radios, radios up): UniFi's radio table when present, else ieee80211 interfaces."""
    unifi = table(values, n.UNIFI_RADIO_ENTRY, (3,))
    if unifi:
        return len(unifi), len(unifi)
    radios = [i for i in interfaces if i.if_type in n.WIFI_TYPES]
    return len(radios), sum(1 for i in radios if i.oper == n.UP)


def wifi_result(values: Rows, interfaces: list[Interface], prefix: str) -> CheckResult | None:
    counted = client_counts(values)
    radios, up = radio_count(values, interfaces)
    if counted is None and radios == 0:
        return None
    status = CheckStatus.WARNING if radios and up == 0 else CheckStatus.OK
    metrics: list[Metric] = [metric("radios", radios), metric("radios_up", up)]
    if counted is None:
        summary = f"{up} of {radios} Wi-Fi radios up (client count not available)"
        return result(f"{prefix}.wifi", status, summary, metrics=metrics)
    vendor, counts = counted
    total = sum(counts.values())
    metrics.append(metric("clients", total))
    metrics += [
        metric(f"clients.{slug(band)}", count)
        for band, count in sorted(counts.items())
        if band != "all"
    ]
    bands = ", ".join(f"{band}: {count}" for band, count in sorted(counts.items()) if band != "all")
    summary = f"{total} Wi-Fi client{'s' if total != 1 else ''}" + (f" ({bands})" if bands else "")
    if radios and up == 0:
        summary += "; all radios down"
    return result(f"{prefix}.wifi", status, summary, metrics=metrics, evidence={"source": vendor})
