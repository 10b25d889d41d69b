"""The server-rendered dashboard: login, cluster → school → device pages, pre-visit sheet, alerts.

``install(app)`` adds it to the collector's FastAPI app. Pages are Jinja2 templates with
autoescape on everything; there is no JavaScript. A page's session is the API's session token
in an HttpOnly, SameSite=Strict cookie; every form POST carries a CSRF token (``security``).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from collector.web import (
    alerts,
    api_docs,
    audit,
    central,
    compare,
    evaluation,
    login,
    own_password,
    pages,
    people,
    work,
)
from collector.web.render import STATIC, Pages, make_environment


def install(app: FastAPI) -> None:
    app.state.pages = Pages(make_environment())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (
        login,
        pages,
        alerts,
        work,
        evaluation,
        audit,
        central,
        compare,
        people,
        own_password,
    ):
        app.include_router(module.router)
    app.include_router(api_docs.router)
    app.include_router(api_docs.pages)
