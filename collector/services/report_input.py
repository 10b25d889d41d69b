"""Turn an untrusted request body into a validated Report, or a clear 4xx error (pure).

Size is bounded twice: the body as sent and, for gzip, the body after decompression — the
decompressor never produces more than ``limit + 1`` bytes, so a gzip bomb costs nothing.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from collector.errors import (
    BadRequestError,
    FieldError,
    InvalidReportError,
    PayloadTooLargeError,
    UnsupportedEncodingError,
)
from schemas import SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS, Report

_GZIP_WBITS = 16 + zlib.MAX_WBITS


def decode_body(body: bytes, content_encoding: str | None, limit: int) -> bytes:
    encoding = (content_encoding or "identity").strip().lower()
    if len(body) > limit:
        raise PayloadTooLargeError(f"report body is over the limit of {limit} bytes")
    if encoding == "identity":
        return body
    if encoding != "gzip":
        raise UnsupportedEncodingError(f"Content-Encoding {encoding!r} is not supported; use gzip")
    return gunzip_bounded(body, limit)


def gunzip_bounded(body: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(_GZIP_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise BadRequestError(f"body is not valid gzip ({exc})") from exc
    if len(data) > limit or inflater.unconsumed_tail:
        raise PayloadTooLargeError(f"report is over the limit of {limit} bytes once decompressed")
    if not inflater.eof:
        raise BadRequestError("gzip body is truncated")
    return data


def parse_report(data: bytes) -> Report:
    """Validate ``data`` straight from JSON (fast path); explain a failure precisely.

    Only a document that fails is parsed a second time, the slow way, so that a bad body gets
    the same answer whichever path found it: 400 for JSON, a version message, or field paths.
    """
    try:
        document = Report.model_validate_json(data)
    except ValidationError:
        document = _parse_slowly(data)
    _refuse_non_finite(document)
    return document


def _parse_slowly(data: bytes) -> Report:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequestError(f"body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise BadRequestError("body is nested too deeply to be a report") from exc
    _check_version(document)
    try:
        return Report.model_validate(document)
    except ValidationError as exc:
        errors = [_field_error(error) for error in exc.errors(include_url=False)]
        raise InvalidReportError(_summary(errors, exc.error_count()), errors) from exc


def _refuse_non_finite(document: Report) -> None:
    """NaN and Infinity are not JSON: the schema's floats accept them, the JSON columns that
    store metrics and method timings cannot (PostgreSQL would fail the whole ingest)."""
    errors = [
        FieldError(path, "must be a finite number (NaN and Infinity are not JSON)", "finite")
        for path, value in _stored_floats(document)
        if not math.isfinite(value)
    ]
    if errors:
        raise InvalidReportError(_summary(errors, len(errors)), errors)


def _stored_floats(document: Report) -> Iterator[tuple[str, float]]:
    for i, run in enumerate(document.scan.methods):
        yield f"scan.methods.{i}.duration_s", run.duration_s
    for c, check in enumerate(document.host_checks):
        for m, metric in enumerate(check.metrics):
            yield f"host_checks.{c}.metrics.{m}.value", metric.value
    for d, device in enumerate(document.devices):
        for c, check in enumerate(device.checks):
            for m, metric in enumerate(check.metrics):
                yield f"devices.{d}.checks.{c}.metrics.{m}.value", metric.value


def _check_version(document: Any) -> None:
    if not isinstance(document, dict):
        message = "the report must be a JSON object"
        raise InvalidReportError(message, [FieldError("(root)", message, "type")])
    version = document.get("schema_version", SCHEMA_VERSION)  # absent: the model's default
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        message = (
            f"schema_version {version!r} is not supported; this collector accepts "
            f"{', '.join(SUPPORTED_SCHEMA_VERSIONS)}"
        )
        raise InvalidReportError(message, [FieldError("schema_version", message, "version")])


def _field_error(error: Any) -> FieldError:
    path = ".".join(str(part) for part in error["loc"]) or "(root)"
    return FieldError(path=path, message=str(error["msg"]), kind=str(error["type"]))


def _summary(errors: list[FieldError], count: int) -> str:
    shown = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
    more = f" (and {count - 5} more)" if count > 5 else ""
    return f"the report does not match schema: {shown}{more}"
