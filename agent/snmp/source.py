"""The interface identification reads SNMP through: a live agent or a recording.

``agent.snmp.client.SnmpSession`` (pysnmp) and ``agent.snmp.recording.RecordingSource`` (a
parsed ``.snmprec`` / ``snmpwalk -On`` file) both implement it, so ``read_identity`` and its
tests never know which one they talk to. OIDs are numeric and dotted, without a leading dot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from agent.snmp.values import Value


class SnmpSource(Protocol):
    async def get(self, oids: Sequence[str]) -> dict[str, Value]:
        """The values of ``oids`` that exist; absent ones (noSuchObject, ...) are left out.

        Raises ``SnmpError`` when the agent cannot be asked at all (time-out, auth failure).
        """
        ...

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Value]]:
        """Up to ``max_rows`` (oid, value) rows strictly under ``prefix``, in OID order.

        With ``start``, only rows after it (GETNEXT from ``start``): a walk can skip a subtree.

        Raises ``SnmpError`` like ``get``; an empty subtree is an empty list.
        """
        ...


class PrefetchedSource:
    """An ``SnmpSource`` that answers ``get`` from values already read, asking only for the rest.

    The probe reads the system group to pick a credential; identification then asks for it
    again, and this serves that from memory instead of a second round trip.
    """

    def __init__(self, inner: SnmpSource, asked: Sequence[str], values: dict[str, Value]) -> None:
        self._inner = inner
        self._asked = frozenset(asked)
        self._values = values

    async def get(self, oids: Sequence[str]) -> dict[str, Value]:
        missing = [oid for oid in oids if oid not in self._asked]
        found = await self._inner.get(missing) if missing else {}
        known = {oid: self._values[oid] for oid in oids if oid in self._values}
        return {**known, **found}

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Value]]:
        return await self._inner.walk(prefix, max_rows, start)
