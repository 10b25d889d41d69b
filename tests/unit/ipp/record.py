"""Re-record the IPP fixtures in ``data/`` from a real ippeveprinter (CUPS 2.4).

    PYTHONPATH=. .venv/bin/python -m tests.unit.ipp.record

Each scenario starts ippeveprinter on 127.0.0.1 (see ``ippeve``), optionally drives its
/supplies form, POSTs one Get-Printer-Attributes request built by our encoder, and writes the
reply bytes exactly as received to ``data/<name>.ipp``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import requests

from agent.ipp.encode import DEFAULT_REQUESTED, encode_get_printer_attributes
from tests.unit.ipp.ippeve import DATA, running_ippeveprinter, set_supply_levels


@dataclass(frozen=True)
class Scenario:
    name: str
    attrs: str | None
    requested: tuple[str, ...] = DEFAULT_REQUESTED
    supply_form: dict[int, int] = field(default_factory=dict)


SCENARIOS = (
    Scenario("ippeve-default-all", None, ("all",)),
    Scenario("ippeve-lab-printer", "lab-printer.conf"),
    Scenario("ippeve-lab-mono-toner-low", "lab-mono.conf", supply_form={0: 10, 1: 5}),
    Scenario(
        "ippeve-lab-printer-toner-empty",
        "lab-printer.conf",
        supply_form={0: 35, 1: 0, 2: 3, 3: 50, 4: 80},
    ),
)


def fetch(port: int, requested: tuple[str, ...]) -> bytes:
    uri = f"ipp://localhost:{port}/ipp/print"
    body = encode_get_printer_attributes(uri, 42, requested)
    session = requests.Session()
    session.trust_env = False
    reply = session.post(
        f"http://127.0.0.1:{port}/ipp/print",
        data=body,
        headers={"Content-Type": "application/ipp"},
        timeout=10,
    )
    reply.raise_for_status()
    return reply.content


def record(scenario: Scenario, workdir: Path) -> Path:
    attrs = DATA / scenario.attrs if scenario.attrs else None
    with running_ippeveprinter(workdir, attrs) as port:
        if scenario.supply_form:
            set_supply_levels(port, scenario.supply_form)
        data = fetch(port, scenario.requested)
    target = DATA / f"{scenario.name}.ipp"
    target.write_bytes(data)
    return target


def main() -> None:
    for scenario in SCENARIOS:
        with tempfile.TemporaryDirectory(prefix="lkh-ipp-") as tmp:
            path = record(scenario, Path(tmp))
            print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
