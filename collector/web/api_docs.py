"""The API reference behind login: ``/docs`` (a plain page) and ``/openapi.json``.

Swagger UI is not served: it needs scripts (the dashboard's Content-Security-Policy allows
none) and would load from a CDN or a bundle nobody keeps up to date. The page lists every
operation from the OpenAPI document, server-rendered from local files; ``/openapi.json`` is
the machine-readable version (for code generators and fuzzers). Both are for the provider's
staff only (admins and technicians): the map of the API is not for strangers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from collector.api.deps import Credentials, FactoryDep, utcnow
from collector.errors import UnauthorizedError
from collector.services.access import require_role
from collector.services.credentials import UserPrincipal, authenticate_user
from collector.services.secrets import SESSION_TOKEN_PREFIX
from collector.web.pages import page
from collector.web.security import SESSION_COOKIE
from collector.web.viewer import STAFF, PageRoute, StaffDep

router = APIRouter(include_in_schema=False)
pages = APIRouter(route_class=PageRoute, include_in_schema=False)
_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    parameters: list[str]
    body: str | None
    responses: list[tuple[str, str]]


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation in ``spec``, grouped by tag then path (pure)."""
    found = [
        _operation(method, path, item)
        for path, methods in spec.get("paths", {}).items()
        for method, item in methods.items()
        if method in _METHODS
    ]
    return sorted(found, key=lambda op: (op.tag, op.path, _METHODS.index(op.method.lower())))


def _operation(method: str, path: str, item: dict[str, Any]) -> Operation:
    params = [f"{p['name']} ({p['in']})" for p in item.get("parameters", [])]
    content: dict[str, Any] = item.get("requestBody", {}).get("content", {})
    first: dict[str, Any] = next(iter(content.values()), {})
    reference: str = first.get("schema", {}).get("$ref", "")
    body = reference.rsplit("/", 1)[-1] or next(iter(content), None)
    return Operation(
        method=method.upper(),
        path=path,
        summary=item.get("summary", ""),
        description=item.get("description", ""),
        tag=(item.get("tags") or ["other"])[0],
        parameters=params,
        body=body,
        responses=[(code, r.get("description", "")) for code, r in item["responses"].items()],
    )


def staff_reader(request: Request, credentials: Credentials, factory: FactoryDep) -> UserPrincipal:
    """A staff member by bearer session token, or by the dashboard's session cookie."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    if not token or not token.startswith(SESSION_TOKEN_PREFIX):
        raise UnauthorizedError("log in: the API reference is for admins and technicians")
    with factory.begin() as session:
        user = authenticate_user(session, token, utcnow())
    require_role(user, *STAFF)
    return user


@router.get("/openapi.json")
def openapi_json(
    request: Request, _user: Annotated[UserPrincipal, Depends(staff_reader)]
) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@pages.get("/docs")
def docs_page(request: Request, found: StaffDep) -> Response:
    return page(request, "docs.html", found, operations=operations(request.app.openapi()))
