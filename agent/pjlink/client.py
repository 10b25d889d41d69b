"""Ask one projector everything the health check needs over one PJLink TCP connection.

The queries are rows (command, class, field, parser), sent one at a time; the first carries
the MD5 digest when the greeting asks for a password. The whole batch has one deadline;
every line read is bounded. A reading the projector refuses (``ERR1``-``ERR4``) or garbles is
left ``None`` with its reason in ``ProjectorStatus.errors``; connection-level trouble raises
(see the error tree in ``agent.pjlink``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from agent.pjlink.model import (
    ERROR_TEXT,
    ErrorCode,
    Greeting,
    PjlinkAuthError,
    PjlinkBusyError,
    PjlinkParseError,
    PjlinkTimeoutError,
    PjlinkUnreachableError,
    ProjectorStatus,
    Reply,
)
from agent.pjlink.parse import (
    MAX_LINE,
    auth_digest,
    encode_command,
    parse_class,
    parse_error_status,
    parse_greeting,
    parse_hours,
    parse_lamps,
    parse_power,
    parse_reply,
    parse_text,
)

log = logging.getLogger(__name__)

PJLINK_PORT = 4352


@dataclass(frozen=True)
class Query:
    command: str
    pjlink_class: int
    field: str  # ProjectorStatus field the parsed value goes to
    parse: Callable[[str], object]


CLASS1_QUERIES = (
    Query("POWR", 1, "power", parse_power),
    Query("ERST", 1, "health", parse_error_status),
    Query("LAMP", 1, "lamps", parse_lamps),
    Query("NAME", 1, "name", parse_text),
    Query("INF1", 1, "manufacturer", parse_text),
    Query("INF2", 1, "product", parse_text),
    Query("INFO", 1, "info", parse_text),
    Query("CLSS", 1, "pjlink_class", parse_class),
)
CLASS2_QUERIES = (
    Query("SNUM", 2, "serial", parse_text),
    Query("SVER", 2, "software_version", parse_text),
    Query("FILT", 2, "filter_hours", parse_hours),
)


async def query_projector(
    host: str, port: int = PJLINK_PORT, *, password: SecretStr | None, timeout_s: float
) -> ProjectorStatus:
    """One connection, all queries; raise a ``PjlinkError`` subclass when it cannot be done."""
    try:
        async with asyncio.timeout(timeout_s):
            reader, writer = await asyncio.open_connection(host, port, limit=MAX_LINE)
            try:
                return await _session(reader, writer, password)
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
    except TimeoutError as exc:
        raise PjlinkTimeoutError(f"no PJLink answer from {host} within {timeout_s:g} s") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PjlinkUnreachableError(f"PJLink port {port} on {host}: {reason}") from exc


async def _session(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, password: SecretStr | None
) -> ProjectorStatus:
    prefix = _auth_prefix(parse_greeting(await _read_line(reader)), password)
    status = await _run(reader, writer, CLASS1_QUERIES, prefix)
    if status.pjlink_class == 2:
        status = await _run(reader, writer, CLASS2_QUERIES, "", status)
    return status


def _auth_prefix(greeting: Greeting, password: SecretStr | None) -> str:
    if not greeting.auth_required or greeting.random is None:
        return ""
    if password is None:
        raise PjlinkAuthError("projector wants a PJLink password and none is configured")
    return auth_digest(greeting.random, password.get_secret_value())


async def _run(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    queries: tuple[Query, ...],
    prefix: str,
    status: ProjectorStatus | None = None,
) -> ProjectorStatus:
    status = status or ProjectorStatus()
    for position, query in enumerate(queries):
        head = prefix if position == 0 else ""
        writer.write(head.encode("ascii") + encode_command(query.command, "?", query.pjlink_class))
        await writer.drain()
        reply = parse_reply(await _read_line(reader))
        if reply.command != query.command:
            raise PjlinkParseError(f"asked {query.command}, projector answered {reply.command}")
        if query is CLASS1_QUERIES[0] and reply.error is ErrorCode.UNAVAILABLE_TIME:
            raise PjlinkBusyError(ERROR_TEXT[ErrorCode.UNAVAILABLE_TIME])
        status = _apply(status, query, reply)
    return status


def _apply(status: ProjectorStatus, query: Query, reply: Reply) -> ProjectorStatus:
    if reply.error is not None:
        errors = {**status.errors, query.command: ERROR_TEXT[reply.error]}
        updates: dict[str, Any] = {"errors": errors}
        if query.command == "LAMP" and reply.error is ErrorCode.UNDEFINED_COMMAND:
            updates["lamps"] = ()  # no lamp: a laser or LED projector
        return dataclasses.replace(status, **updates)
    try:
        value = query.parse(reply.value)
    except PjlinkParseError as exc:
        log.debug("PJLink %s reply unusable: %s", query.command, exc)
        return dataclasses.replace(status, errors={**status.errors, query.command: str(exc)})
    parsed: dict[str, Any] = {query.field: value}
    return dataclasses.replace(status, **parsed)


async def _read_line(reader: asyncio.StreamReader) -> bytes:
    try:
        return await reader.readuntil(b"\r")
    except asyncio.LimitOverrunError as exc:
        raise PjlinkParseError(f"PJLink line longer than {MAX_LINE} bytes") from exc
    except asyncio.IncompleteReadError as exc:
        if exc.partial:
            return exc.partial
        raise PjlinkUnreachableError("projector closed the PJLink connection") from exc
