"""Power over Ethernet (POWER-ETHERNET-MIB, RFC 3621): budget, PSE state, port faults. Pure."""

from __future__ import annotations

from agent.checks import net_rows as n
from agent.checks.base import against, metric, result, worst
from agent.checks.config import HealthSettings
from agent.checks.snmp_data import Rows, index_key, number, table
from schemas.health import CheckResult, CheckStatus


def poe_result(values: Rows, settings: HealthSettings, prefix: str) -> CheckResult | None:
    pses = table(values, n.PSE_ENTRY, (2, 3, 4))
    ports = table(values, n.POE_PORT_ENTRY, (3, 6))
    if not pses and not ports:
        return None
    budget = sum(number(row.get(2)) or 0 for row in pses.values())
    used = sum(number(row.get(4)) or 0 for row in pses.values())
    faulty = [i for i in sorted(pses, key=index_key) if number(pses[i].get(3)) == 3]
    powered = sum(1 for row in ports.values() if number(row.get(6)) == n.POE_DELIVERING)
    faults = [i for i in sorted(ports, key=index_key) if number(ports[i].get(6)) in n.POE_FAULTS]
    statuses = [CheckStatus.CRITICAL] if faulty else []
    statuses += [CheckStatus.WARNING] if faults else []
    if budget > 0:
        statuses.append(against(100 * used / budget, settings.poe_budget_percent))
    summary = _summary(budget, used, powered, faults, faulty)
    metrics = [
        metric("poe_used", used, "W"),
        metric("poe_budget", budget, "W"),
        metric("poe_ports_powered", powered),
    ]
    evidence = {
        "faulty_pse": ", ".join(faulty) or "none",
        "fault_ports": ", ".join(faults) or "none",
    }
    return result(f"{prefix}.poe", worst(statuses), summary, metrics=metrics, evidence=evidence)


def _summary(budget: int, used: int, powered: int, faults: list[str], faulty: list[str]) -> str:
    parts = [f"PoE: {used} W of {budget} W used" if budget else "PoE", f"{powered} devices powered"]
    if faults:
        parts.append(f"fault on port {', '.join(faults[:8])}")
    if faulty:
        parts.append("power supply faulty")
    return "; ".join(parts)
