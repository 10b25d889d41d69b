"""Helpers for the dashboard tests: seed a collector, log a TestClient in, read form tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from collector.services.tick import tick
from collector.settings import CollectorSettings
from schemas import Report
from tests.e2e.world import PASSWORD, World, build_tenancy, ingest_all

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def seed(
    factory: sessionmaker[Session],
    settings: CollectorSettings,
    post: Callable[[str, Report], int],
) -> World:
    """Tenancy in the database, reports through ``post`` (the API), then one ``tick``."""
    world = build_tenancy(factory)
    ingest_all(world, post)
    tick(factory, settings, datetime.now(UTC))  # Elmwood's agent never reported: silent
    return world


def login(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    browser = TestClient(app, follow_redirects=False)
    form = browser.get("/login")
    response = browser.post(
        "/login",
        data={"username": username, "password": password, "csrf": csrf_of(form.text), "next": "/"},
    )
    assert response.status_code == 303, response.text
    return browser
