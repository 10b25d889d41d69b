"""IPP over HTTP: POST a Get-Printer-Attributes request with ``requests`` in a worker thread.

The whole exchange has one deadline (``timeout_s``, checked between reads as well as by the
socket time-out), the reply is read to at most ``max_bytes``, and environment proxies are never
used (``trust_env`` off): the request goes straight to the printer or not at all.
"""

from __future__ import annotations

import asyncio
import logging
import time
from ipaddress import ip_address

import requests

from agent.ipp.decode import decode_response
from agent.ipp.encode import DEFAULT_REQUESTED, encode_get_printer_attributes
from agent.ipp.model import IppError, IppResponse, status_name

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 1024 * 1024
_CHUNK = 16 * 1024


class IppTransportError(IppError):
    """No usable HTTP answer: refused, reset, timed out, HTTP error status, too large."""

    def __init__(self, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.http_status = http_status


class IppTimeoutError(IppTransportError):
    """The printer did not answer completely within the deadline."""


class IppStatusError(IppError):
    """The printer answered with an IPP error status (e.g. client-error-not-found)."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f"printer answered {status_name(status_code)}")
        self.status_code = status_code


def printer_uri(host: str, port: int, path: str) -> str:
    try:
        shown = f"[{host}]" if ip_address(host).version == 6 else host
    except ValueError:
        shown = host
    return f"ipp://{shown}:{port}{path}"


async def get_printer_attributes(
    host: str,
    port: int = 631,
    path: str = "/ipp/print",
    *,
    timeout_s: float,
    requested: tuple[str, ...] = DEFAULT_REQUESTED,
    max_bytes: int = MAX_RESPONSE_BYTES,
    request_id: int = 1,
) -> IppResponse:
    """Ask one printer for its attributes; raise an ``IppError`` subclass on any failure."""
    uri = printer_uri(host, port, path)
    body = encode_get_printer_attributes(uri, request_id, requested)
    url = "http" + uri[3:]
    data = await asyncio.to_thread(_post, url, body, timeout_s, max_bytes)
    response = decode_response(data)
    if not response.ok:
        raise IppStatusError(response.status_code)
    return response


def _post(url: str, body: bytes, timeout_s: float, max_bytes: int) -> bytes:
    deadline = time.monotonic() + timeout_s
    with requests.Session() as session:
        session.trust_env = False
        try:
            reply = session.post(
                url,
                data=body,
                headers={"Content-Type": "application/ipp", "Accept": "application/ipp"},
                timeout=timeout_s,
                stream=True,
                allow_redirects=False,
            )
            with reply:
                _check_http(reply)
                return _read_bounded(reply, deadline, max_bytes)
        except requests.Timeout as exc:
            raise IppTimeoutError(f"no answer from {url} within {timeout_s:g} s") from exc
        except requests.RequestException as exc:
            raise IppTransportError(f"HTTP to {url} failed: {_short(exc)}") from exc


def _check_http(reply: requests.Response) -> None:
    if reply.status_code != 200:
        raise IppTransportError(f"HTTP {reply.status_code} from {reply.url}", reply.status_code)


def _read_bounded(reply: requests.Response, deadline: float, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in reply.iter_content(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise IppTransportError(f"IPP reply larger than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise IppTimeoutError("IPP reply not complete before the deadline")
        chunks.append(chunk)
    return b"".join(chunks)


def _short(exc: Exception) -> str:
    text = str(exc.__context__ or exc)
    return text[:200]
