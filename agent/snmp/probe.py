"""SNMP discovery: which live addresses answer SNMP, to which credential, and who they are.

``probe_snmp`` asks every address for its system group with all configured credentials at
once (v2c communities and v3 users, so a silent host costs one time-out, not one per
credential), keeps the first credential in configuration order that answered, then reads
the device's identity with it. Whatever goes wrong with one address becomes a ``ProbeMiss``
with a sentence a technician can act on; ``probe_snmp`` itself does not raise for a device.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from ipaddress import IPv4Address

from agent.discovery.observations import ProbeMiss, SnmpObservation
from agent.knowledge.snmp_tables import PROBE_SUBTREE_PREFIXES
from agent.snmp.client import SnmpClient, SnmpSession
from agent.snmp.credentials import Credential
from agent.snmp.errors import SnmpError, SnmpErrorKind
from agent.snmp.identity import read_identity
from agent.snmp.identity_build import SYS_DESCR, SYS_OBJECT_ID, SYSTEM_OIDS
from agent.snmp.source import PrefetchedSource
from agent.snmp.values import Value, as_oid, as_text
from schemas import Method

log = logging.getLogger(__name__)

GRACE_S = 0.2  # how long an earlier credential may still answer after a later one did

Answer = dict[str, Value] | SnmpError
Outcome = SnmpObservation | ProbeMiss


async def probe_snmp(
    ips: Sequence[IPv4Address],
    credentials: Sequence[Credential],
    *,
    timeout_s: float,
    retries: int,
    concurrency: int,
    subtrees: Sequence[str] = PROBE_SUBTREE_PREFIXES,
    port: int = 161,
    client: SnmpClient | None = None,
    credentials_for: Callable[[IPv4Address], Sequence[Credential]] | None = None,
) -> tuple[list[SnmpObservation], list[ProbeMiss]]:
    """Probe ``ips`` (at most ``concurrency`` at a time); observations and misses, by IP.

    Pass the run's ``client`` to share its SNMP engine; without one, a client is made (and
    closed) here with ``timeout_s``, ``retries`` and ``port``. ``credentials_for`` (a host's
    own credentials, e.g. a device override) replaces ``credentials`` where given.
    """
    targets = sorted(set(ips))

    def pick(ip: IPv4Address) -> Sequence[Credential]:
        return credentials_for(ip) if credentials_for is not None else credentials

    if not targets or not (credentials or credentials_for):
        return [], []
    gate = asyncio.Semaphore(max(1, concurrency))
    async with contextlib.AsyncExitStack() as stack:
        if client is None:
            client = await stack.enter_async_context(
                SnmpClient(timeout_s=timeout_s, retries=retries, port=port)
            )
        outcomes = await asyncio.gather(
            *(_probe_one(client, gate, ip, pick(ip), subtrees) for ip in targets if pick(ip))
        )
    found = [outcome for outcome in outcomes if isinstance(outcome, SnmpObservation)]
    missed = [outcome for outcome in outcomes if isinstance(outcome, ProbeMiss)]
    log.info("SNMP: %d of %d addresses answered", len(found), len(targets))
    return found, missed


async def _probe_one(
    client: SnmpClient,
    gate: asyncio.Semaphore,
    ip: IPv4Address,
    credentials: Sequence[Credential],
    subtrees: Sequence[str],
) -> Outcome:
    async with gate:
        sessions = [client.session(ip, credential) for credential in credentials]
        answers = await first_answer(sessions)
        winner = next((i for i, answer in enumerate(answers) if isinstance(answer, dict)), None)
        if winner is None:
            garbage, spoke = client.sent_garbage(ip), client.decoded_from(ip)
            return miss(ip, credentials, answers, garbage=garbage, spoke=spoke)
        return await _identify(sessions[winner], answers[winner], subtrees)


async def _identify(session: SnmpSession, system: Answer, subtrees: Sequence[str]) -> Outcome:
    assert isinstance(system, dict)
    identity = await read_identity(PrefetchedSource(session, SYSTEM_OIDS, system), subtrees)
    credential = session.credential
    log.debug("SNMP %s answered %s (%s)", session.ip, credential.name, credential.version)
    return SnmpObservation(
        ip=session.ip, credential=credential.name, version=credential.version, identity=identity
    )


async def first_answer(sessions: Sequence[SnmpSession]) -> list[Answer]:
    """Ask all sessions at once; stop once the first in order that can answer has answered.

    Entries that were cancelled because an earlier credential won are timeouts in the list.
    """
    tasks = [asyncio.create_task(ask_system(session)) for session in sessions]
    try:
        await _settle(tasks)
    finally:
        for task in tasks:
            task.cancel()
    return [_answer(task) for task in tasks]


async def _settle(tasks: list[asyncio.Task[dict[str, Value]]]) -> None:
    pending = set(tasks)
    while pending:
        _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        best = _best(tasks)
        if best is not None:
            earlier = [task for task in tasks[:best] if not task.done()]
            if earlier:
                await asyncio.wait(earlier, timeout=GRACE_S)
            return


def _best(tasks: Sequence[asyncio.Task[dict[str, Value]]]) -> int | None:
    for index, task in enumerate(tasks):
        if task.done() and not task.cancelled() and task.exception() is None:
            return index
    return None


def _answer(task: asyncio.Task[dict[str, Value]]) -> Answer:
    if task.cancelled() or not task.done():
        return SnmpError(SnmpErrorKind.TIMEOUT, "not needed: an earlier credential answered")
    error = task.exception()
    if error is None:
        return task.result()
    if isinstance(error, SnmpError):
        return error
    raise error


async def ask_system(session: SnmpSession) -> dict[str, Value]:
    """The system group, or ``SnmpError`` when it is missing or not what SNMP says it is."""
    values = await session.get(SYSTEM_OIDS)
    if as_text(values.get(SYS_DESCR)) or as_oid(values.get(SYS_OBJECT_ID)):
        return values
    if values:
        raise SnmpError(SnmpErrorKind.UNDECODABLE, "sysDescr/sysObjectID are not text / an OID")
    raise SnmpError(SnmpErrorKind.AGENT, "answered without sysDescr or sysObjectID")


def miss(
    ip: IPv4Address,
    credentials: Sequence[Credential],
    answers: Sequence[Answer],
    *,
    garbage: bool,
    spoke: bool,
) -> ProbeMiss:
    """One ProbeMiss saying, per kind of failure, which credentials it concerns.

    ``garbage``: datagrams came back but none decoded as SNMP. ``spoke``: some did (an SNMPv3
    agent answers discovery even when the keys are wrong).
    """
    by_reason: dict[str, list[str]] = {}
    for credential, answer in zip(credentials, answers, strict=True):
        by_reason.setdefault(_reason(credential, answer, garbage, spoke), []).append(
            credential.name
        )
    detail = "; ".join(template.format(", ".join(names)) for template, names in by_reason.items())
    auth = by_reason.get(AUTH_FAILED, [])
    return ProbeMiss(
        method=Method.SNMP,
        ip=ip,
        detail=detail[:1024],
        credential=auth[0] if len(auth) == 1 else None,
    )


AUTH_FAILED = "authentication failed for {}"
V3_SILENT = (
    "SNMPv3 agent answered discovery but not the request for {} (wrong privacy key or protocol?)"
)


def _reason(credential: Credential, answer: Answer, garbage: bool, spoke: bool) -> str:
    kind = answer.kind if isinstance(answer, SnmpError) else SnmpErrorKind.OTHER
    if kind is SnmpErrorKind.UNDECODABLE or (kind is SnmpErrorKind.TIMEOUT and garbage):
        return "SNMP answer could not be decoded (tried {})"
    if kind is SnmpErrorKind.TIMEOUT and spoke and credential.version == "v3":
        return V3_SILENT
    if kind is SnmpErrorKind.TIMEOUT:
        return "no answer to SNMP (tried {})"
    if kind is SnmpErrorKind.AUTH:
        return AUTH_FAILED
    if kind is SnmpErrorKind.AGENT:
        return "SNMP agent answered {} with an error or without sysDescr/sysObjectID"
    return "SNMP failed for {}"
