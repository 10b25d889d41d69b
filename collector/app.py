"""``create_app(settings)``: the FastAPI application, with its engine and session factory.

Nothing is built at import time; everything per process hangs off ``app.state`` and no
state that another replica would need is kept in memory.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from collector import web
from collector.api import (
    admin,
    admin_notifications,
    admin_users,
    agents,
    central,
    errors,
    figures,
    health,
    ingest,
    read,
    users,
    work,
)
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import head_revision
from collector.edge.headers import SecurityHeadersMiddleware
from collector.edge.limits import BodyLimitMiddleware, RouteLimit
from collector.settings import CollectorSettings
from schemas import Report

DESCRIPTION = """The lankeeper collector keeps the inventory, history and alerts of every school
in a technical support cluster. Agents enroll with a one-time code and post nightly reports
with their bearer token; people log in at `/api/v1/auth/login` and use the session token."""


def create_app(settings: CollectorSettings, engine: Engine | None = None) -> FastAPI:
    app = FastAPI(
        title="lankeeper collector",
        version="1",
        description=DESCRIPTION,
        docs_url=None,  # collector.web.api_docs serves /docs and /openapi.json behind login
        redoc_url=None,
        openapi_url=None,
    )
    engine = engine or make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.head_revision = head_revision()
    errors.install(app)
    routers = (health, agents, ingest, users, read, admin, admin_users, admin_notifications)
    for module in (*routers, work, central, figures):
        app.include_router(module.router)
    web.install(app)
    _install_edge(app, settings)
    app.openapi = lambda: _openapi_with_report(app)  # type: ignore[method-assign]
    return app


def _openapi_with_report(app: FastAPI) -> dict[str, Any]:
    """The generated OpenAPI document plus the report model that ``POST /api/v1/reports``
    reads (from ``schemas``), so the docs and API fuzzers know the ingest body too."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        report = Report.model_json_schema(ref_template="#/components/schemas/{model}")
        components = document.setdefault("components", {}).setdefault("schemas", {})
        components.update(report.pop("$defs", {}))
        components["Report"] = report
        app.openapi_schema = document
    return app.openapi_schema


def _install_edge(app: FastAPI, settings: CollectorSettings) -> None:
    """Outermost last: headers go on everything, including the limits' own refusals."""
    limits = [RouteLimit("/api/v1/reports", settings.max_body_bytes)]
    app.add_middleware(BodyLimitMiddleware, limits=limits, default=settings.max_request_bytes)
    behind_tls = settings.public_url.startswith("https://")
    app.add_middleware(SecurityHeadersMiddleware, behind_tls=behind_tls)
