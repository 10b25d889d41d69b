"""Schemathesis over the whole OpenAPI with every role's credentials: zero 5xx (SQLite and
PostgreSQL). A few examples per operation here; ``benchmarks/fuzz_collector.py`` runs 10,000+."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.collector.conftest import World
from tests.collector.fuzz import Role, fuzz


def test_no_request_gets_a_server_error(
    app: FastAPI, client: TestClient, world: World, people: dict[str, str]
) -> None:
    roles = [
        Role("admin", people["admin"]),
        Role("technician", people["tech-north"]),
        Role("principal", people["head-alpha"]),
        Role("agent", world.tokens["alpha"], school="alpha"),
        Role("anonymous", None),
    ]
    tally = fuzz(app, client, roles, examples=3, report_weight=5)
    assert tally.requests > 300
    assert tally.server_errors == []
    assert tally.by_class["2xx"] > 0  # some requests got through, not only refusals
