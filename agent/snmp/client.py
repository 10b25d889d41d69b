"""The SNMP client: the only module that imports pysnmp (7.x, asyncio API).

One ``SnmpClient`` per run owns one ``SnmpEngine`` (and so one UDP socket); ``session(ip,
credential)`` gives an ``SnmpSource`` for one agent. pysnmp's error tuple
``(errorIndication, errorStatus, errorIndex, varBinds)`` becomes one exception, ``SnmpError``,
whose ``kind`` says timeout / auth / undecodable / agent error. Every request also runs under
an asyncio deadline, in case pysnmp's own timer never fires.

The client notes which addresses sent it any datagram at all, so a probe can tell "silent"
from "answered with something pysnmp could not decode" (pysnmp drops such datagrams and
the request simply times out).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from ipaddress import IPv4Address
from types import TracebackType
from typing import Any

from pyasn1.error import PyAsn1Error
from pysnmp.carrier.asyncio.dispatch import AsyncioDispatcher
from pysnmp.error import PySnmpError
from pysnmp.hlapi.v3arch.asyncio import (
    USM_AUTH_HMAC96_MD5,
    USM_AUTH_HMAC96_SHA,
    USM_AUTH_HMAC128_SHA224,
    USM_AUTH_HMAC192_SHA256,
    USM_AUTH_HMAC256_SHA384,
    USM_AUTH_HMAC384_SHA512,
    USM_PRIV_CBC56_DES,
    USM_PRIV_CBC168_3DES,
    USM_PRIV_CFB128_AES,
    USM_PRIV_CFB192_AES,
    USM_PRIV_CFB192_AES_BLUMENTHAL,
    USM_PRIV_CFB256_AES,
    USM_PRIV_CFB256_AES_BLUMENTHAL,
    CommunityData,
    ContextData,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    bulk_cmd,
    get_cmd,
)
from pysnmp.proto import errind
from pysnmp.proto.errind import ErrorIndication

from agent.snmp.credentials import Credential, V2cCredential, V3Credential
from agent.snmp.errors import SnmpError, SnmpErrorKind
from agent.snmp.values import Tag, Value, from_asn1, is_numeric_oid, tag_of

log = logging.getLogger(__name__)

AUTH_PROTOCOLS = {
    "md5": USM_AUTH_HMAC96_MD5,
    "sha": USM_AUTH_HMAC96_SHA,
    "sha224": USM_AUTH_HMAC128_SHA224,
    "sha256": USM_AUTH_HMAC192_SHA256,
    "sha384": USM_AUTH_HMAC256_SHA384,
    "sha512": USM_AUTH_HMAC384_SHA512,
}
PRIV_PROTOCOLS = {
    "des": USM_PRIV_CBC56_DES,
    "3des": USM_PRIV_CBC168_3DES,
    "aes": USM_PRIV_CFB128_AES,
    "aes192": USM_PRIV_CFB192_AES,
    "aes256": USM_PRIV_CFB256_AES,
    "aes192-blumenthal": USM_PRIV_CFB192_AES_BLUMENTHAL,
    "aes256-blumenthal": USM_PRIV_CFB256_AES_BLUMENTHAL,
}
AUTH_FAILURES = (
    errind.UnknownUserName,
    errind.WrongDigest,
    errind.DecryptionError,
    errind.UnknownSecurityName,
    errind.UnsupportedSecurityLevel,
    errind.AuthenticationError,
    errind.AuthenticationFailure,
    errind.NotInTimeWindow,
    errind.UnknownEngineID,
)
UNDECODABLE = (errind.SerializationError, errind.DeserializationError, errind.EmptyResponse)
MAX_REPETITIONS = 25
RECEIVE_ID = "lankeeper"
# What pysnmp/pyasn1 have been seen to raise while decoding a malformed datagram.
MALFORMED = (PyAsn1Error, PySnmpError, TypeError, ValueError, IndexError, KeyError, AttributeError)
# pysnmp execution points reached only by a datagram that decoded as an SNMP message.
DECODED_POINTS = (
    "rfc2576.prepareDataElements:response",
    "rfc2576.prepareDataElements:sm-failure",
    "rfc3412.prepareDataElements:response",
    "rfc3412.prepareDataElements:internal",
    "rfc3412.prepareDataElements:sm-failure",
)


class SnmpClient:
    """One SNMP engine for a run. Use ``async with SnmpClient(...) as client``."""

    def __init__(self, *, timeout_s: float, retries: int, port: int = 161) -> None:
        self.timeout_s = timeout_s
        self.retries = retries
        self.port = port
        self._engine: SnmpEngine | None = None
        self._heard: set[str] = set()
        self._decoded: set[str] = set()

    async def __aenter__(self) -> SnmpClient:
        self.engine()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def engine(self) -> SnmpEngine:
        """The run's engine, created on first use inside the running event loop."""
        if self._engine is None:
            self._engine = SnmpEngine()
            dispatcher = AsyncioDispatcher()
            self._engine.register_transport_dispatcher(dispatcher)
            dispatcher.register_routing_callback(self._route)
            dispatcher.register_recv_callback(self._receive, RECEIVE_ID)
            self._engine.observer.register_observer(self._note_decoded, *DECODED_POINTS)
        return self._engine

    def _route(self, domain: Any, address: Any, message: Any) -> str:
        """Every datagram passes here first: note its sender, then hand it to ``_receive``."""
        self._heard.add(str(address[0]))
        return RECEIVE_ID

    def _receive(self, dispatcher: Any, domain: Any, address: Any, message: bytes) -> None:
        """The engine's own receive path, minus pysnmp's exceptions on malformed datagrams.

        A garbled reply from a cheap device is dropped (the request then times out) instead of
        surfacing as an error in the event loop; ``sent_garbage`` reports it per address.
        """
        engine = self.engine()
        try:
            engine.message_dispatcher.receive_message(engine, domain, address, message)
        except MALFORMED as exc:
            log.debug("dropped an undecodable SNMP datagram from %s (%s)", address[0], exc)

    def _note_decoded(
        self, engine: Any, point: str, variables: dict[str, Any], context: Any
    ) -> None:
        address = variables.get("transportAddress")
        if address:
            self._decoded.add(str(address[0]))

    def sent_garbage(self, ip: IPv4Address) -> bool:
        """True when datagrams came from ``ip`` but none of them decoded as SNMP."""
        return str(ip) in self._heard and str(ip) not in self._decoded

    def decoded_from(self, ip: IPv4Address) -> bool:
        """True when at least one SNMP message from ``ip`` decoded (e.g. v3 discovery)."""
        return str(ip) in self._decoded

    def session(self, ip: IPv4Address, credential: Credential) -> SnmpSession:
        return SnmpSession(self, ip, credential)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close_dispatcher()
            self._engine = None

    @property
    def deadline_s(self) -> float:
        """Longest a request may take: every retry's time-out, plus slack."""
        return self.timeout_s * (self.retries + 1) + 1.0


class SnmpSession:
    """An ``SnmpSource`` for one agent and one credential."""

    def __init__(self, client: SnmpClient, ip: IPv4Address, credential: Credential) -> None:
        self.client = client
        self.ip = ip
        self.credential = credential
        self._auth = auth_data(credential)
        self._target: UdpTransportTarget | None = None

    async def get(self, oids: Sequence[str]) -> dict[str, Value]:
        objects = [ObjectType(ObjectIdentity(oid.lstrip("."))) for oid in oids]
        answer = await self._request(get_cmd, *objects)
        found = (_converted(name, value) for name, value in answer)
        return {oid: value for oid, value in found if value is not None}

    async def walk(
        self, prefix: str, max_rows: int, start: str | None = None
    ) -> list[tuple[str, Value]]:
        prefix = prefix.lstrip(".")
        rows: list[tuple[str, Value]] = []
        current = start.lstrip(".") if start else prefix
        while len(rows) < max_rows and is_numeric_oid(current):
            wanted = min(MAX_REPETITIONS, max_rows - len(rows))
            answer = await self._request(bulk_cmd, 0, wanted, ObjectType(ObjectIdentity(current)))
            current = _collect_rows(answer, prefix, current, rows, max_rows)
        return rows

    async def _request(self, command: Any, *args: Any) -> Sequence[tuple[Any, Any]]:
        engine = self.client.engine()
        try:
            target = await self._transport()
            async with asyncio.timeout(self.client.deadline_s):
                result = await command(
                    engine, self._auth, target, ContextData(), *args, lookupMib=False
                )
        except TimeoutError as exc:
            raise SnmpError(SnmpErrorKind.TIMEOUT, f"no answer from {self.ip}") from exc
        except (PySnmpError, PyAsn1Error) as exc:
            raise SnmpError(
                SnmpErrorKind.UNDECODABLE, f"SNMP exchange with {self.ip} failed ({exc})"
            ) from exc
        return self._checked(result)

    async def _transport(self) -> UdpTransportTarget:
        if self._target is None:
            self._target = await UdpTransportTarget.create(
                (str(self.ip), self.client.port),
                timeout=self.client.timeout_s,
                retries=self.client.retries,
            )
        return self._target

    def _checked(self, result: tuple[Any, Any, Any, Sequence[Any]]) -> Sequence[tuple[Any, Any]]:
        indication, status, index, var_binds = result
        if indication:
            raise translate(indication, self.ip)
        if status and int(status):
            raise SnmpError(
                SnmpErrorKind.AGENT,
                f"{self.ip} answered with error {status.prettyPrint()} at #{index}",
            )
        return [(var_bind[0], var_bind[1]) for var_bind in var_binds]


def translate(indication: ErrorIndication | str, ip: IPv4Address) -> SnmpError:
    """pysnmp's errorIndication → ``SnmpError`` with a kind and a sentence."""
    if isinstance(indication, errind.RequestTimedOut):
        return SnmpError(SnmpErrorKind.TIMEOUT, f"no answer from {ip}")
    if isinstance(indication, AUTH_FAILURES):
        return SnmpError(SnmpErrorKind.AUTH, f"{ip} refused the credentials ({indication})")
    if isinstance(indication, UNDECODABLE):
        return SnmpError(
            SnmpErrorKind.UNDECODABLE, f"{ip} answered something undecodable ({indication})"
        )
    return SnmpError(SnmpErrorKind.OTHER, f"SNMP request to {ip} failed ({indication})")


def auth_data(credential: Credential) -> CommunityData | UsmUserData:
    """pysnmp authentication data for a configured credential (v2c community or v3 user)."""
    if isinstance(credential, V2cCredential):
        # v2c is what most school devices speak; the configuration chooses it, not this code.
        return CommunityData(credential.community.get_secret_value(), mpModel=1)  # noqa: S508
    return _usm(credential)


def _usm(credential: V3Credential) -> UsmUserData:
    options: dict[str, Any] = {}
    if credential.auth_protocol and credential.auth_key:
        options["authKey"] = credential.auth_key.get_secret_value()
        options["authProtocol"] = AUTH_PROTOCOLS[credential.auth_protocol]
    if credential.priv_protocol and credential.priv_key:
        options["privKey"] = credential.priv_key.get_secret_value()
        options["privProtocol"] = PRIV_PROTOCOLS[credential.priv_protocol]
    return UsmUserData(credential.user, **options)  # noqa: S509 - the config sets the level


def _converted(name: Any, value: Any) -> tuple[str, Value | None]:
    return str(name), from_asn1(value)


def _collect_rows(
    answer: Sequence[tuple[Any, Any]],
    prefix: str,
    current: str,
    rows: list[tuple[str, Value]],
    max_rows: int,
) -> str:
    """Append the rows of one GETBULK answer; return the next OID to ask for ("" = done)."""
    last = _key(current)
    for name, value in answer:
        oid = str(name)
        if tag_of(value) == Tag.END_OF_MIB_VIEW or not _under(oid, prefix) or _key(oid) <= last:
            return ""
        converted = from_asn1(value)
        if converted is not None:
            rows.append((oid, converted))
        last, current = _key(oid), oid
        if len(rows) >= max_rows:
            return ""
    return current if answer else ""


def _under(oid: str, prefix: str) -> bool:
    return oid.startswith(prefix + ".")


def _key(oid: str) -> tuple[int, ...]:
    return tuple(int(part) for part in oid.split(".") if part.isdigit())
