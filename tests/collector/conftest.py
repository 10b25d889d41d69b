"""Fixtures: every collector test runs twice, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from collector.app import create_app
from collector.contracts import ClusterCreate, EnrollRequest, SchoolCreate, UserCreate
from collector.db.engine import make_engine, make_session_factory
from collector.domain import Role
from collector.services import credentials, tenancy
from collector.settings import CollectorSettings
from tests.collector.databases import (
    fresh_sqlite,
    pg_session_database,
    sqlite_template,
    truncate_all,
)

BACKENDS = ("sqlite", "postgresql")
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    yield from pg_session_database()


@pytest.fixture(scope="session")
def sqlite_template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("collector-template"))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return fresh_sqlite(request.getfixturevalue("sqlite_template_path"), tmp_path)
    url: str = request.getfixturevalue("pg_url")
    engine = make_engine(url)
    truncate_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, missing_after_reports=2)


@pytest.fixture
def app(settings: CollectorSettings, engine: Engine) -> FastAPI:
    return create_app(settings, engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class World:
    """Clusters north (alpha, beta; every day a school day) and south (gamma)."""

    tokens: dict[str, str] = field(default_factory=dict)  # school slug -> agent token
    agents: dict[str, str] = field(default_factory=dict)  # school slug -> agent id


def build_world(factory: sessionmaker[Session]) -> World:
    now = datetime.now(UTC) - timedelta(days=30)
    world = World()
    with factory.begin() as session:
        tenancy.create_cluster(
            session, ClusterCreate(slug="north", name="North", weekend_days=[]), now
        )
        tenancy.create_cluster(session, ClusterCreate(slug="south", name="South"), now)
        for slug, cluster in (("alpha", "north"), ("beta", "north"), ("gamma", "south")):
            tenancy.create_school(
                session, SchoolCreate(cluster=cluster, slug=slug, name=slug.title()), now
            )
            code, _ = credentials.create_enrollment_code(
                session, slug, timedelta(hours=1), now, "test"
            )
            enrolled = credentials.enroll(
                session, EnrollRequest(code=code, agent_name=f"{slug}-pc", hostname="pc"), now
            )
            world.tokens[slug] = enrolled.token
            world.agents[slug] = enrolled.agent_id
    return world


@pytest.fixture
def world(factory: sessionmaker[Session]) -> World:
    return build_world(factory)


def add_people(factory: sessionmaker[Session]) -> None:
    now = datetime.now(UTC)
    people = (
        ("admin", Role.ADMIN, None, None, None),
        ("tech-north", Role.TECHNICIAN, "north", None, "tech@north.example"),
        ("tech-south", Role.TECHNICIAN, "south", None, "tech@south.example"),
        ("head-alpha", Role.PRINCIPAL, None, "alpha", None),
    )
    with factory.begin() as session:
        for username, role, cluster, school, email in people:
            data = UserCreate(
                username=username,
                password=SecretStr(PASSWORD),
                role=role,
                cluster=cluster,
                school=school,
                email=email,
            )
            tenancy.create_user(session, data, now)


@pytest.fixture
def people(world: World, factory: sessionmaker[Session], client: TestClient) -> dict[str, str]:
    """Session tokens by user name (logged in through the API)."""
    add_people(factory)
    tokens = {}
    for username in ("admin", "tech-north", "tech-south", "head-alpha"):
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        tokens[username] = response.json()["token"]
    return tokens
