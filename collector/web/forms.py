"""Read a small ``application/x-www-form-urlencoded`` body (the dashboard's only forms)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import Depends, Request

from collector.api.ingest import read_bounded
from collector.errors import BadRequestError

MAX_FORM_BYTES = 16 * 1024
MAX_FIELDS = 16
MAX_LIST_FIELDS = 400
FORM_TYPE = "application/x-www-form-urlencoded"


async def read_form(request: Request) -> dict[str, str]:
    """The form's fields (the first value of each); 400 for anything but a small plain form."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        raise BadRequestError("send the form as application/x-www-form-urlencoded")
    body = await read_bounded(request, MAX_FORM_BYTES)
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            max_num_fields=MAX_FIELDS,
            strict_parsing=False,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequestError("the form could not be read") from exc
    if any("\x00" in name or "\x00" in value for name, value in pairs):
        raise BadRequestError("the form contains a NUL character")
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields


async def read_form_lists(request: Request) -> dict[str, list[str]]:
    """Like ``read_form`` but keeps every value (multi-selects, check boxes)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        raise BadRequestError("send the form as application/x-www-form-urlencoded")
    body = await read_bounded(request, MAX_FORM_BYTES)
    try:
        pairs = parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_LIST_FIELDS
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequestError("the form could not be read") from exc
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


FormDep = Annotated[dict[str, str], Depends(read_form)]
FormListsDep = Annotated[dict[str, list[str]], Depends(read_form_lists)]
