"""``create_app(settings)``: the FastAPI application, with its engine and session factory.

Nothing is built at import time; everything per process hangs off ``app.state`` and no
state that another replica would need is kept in memory.
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from collector import web
from collector.api import (
    admin,
    admin_notifications,
    admin_users,
    agents,
    errors,
    health,
    ingest,
    read,
    users,
)
from collector.db.engine import make_engine, make_session_factory
from collector.db.migrate import head_revision
from collector.settings import CollectorSettings

DESCRIPTION = """The lankeeper collector keeps the inventory, history and alerts of every school
in a technical support cluster. Agents enroll with a one-time code and post nightly reports
with their bearer token; people log in at `/api/v1/auth/login` and use the session token."""


def create_app(settings: CollectorSettings, engine: Engine | None = None) -> FastAPI:
    app = FastAPI(title="lankeeper collector", version="1", description=DESCRIPTION)
    engine = engine or make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.head_revision = head_revision()
    errors.install(app)
    routers = (health, agents, ingest, users, read, admin, admin_users, admin_notifications)
    for module in routers:
        app.include_router(module.router)
    web.install(app)
    return app
