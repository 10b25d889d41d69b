"""Dashboard pages for central configuration and "scan now", through TestClient on SQLite and
PostgreSQL: who may press and change what, CSRF, and that no secret is ever written back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, text

from collector.services.secret_box import generate_key
from collector.settings import CollectorSettings
from tests.e2e.helpers import csrf_of
from tests.e2e.world import World

COMMUNITY = "page-test-Community-19af"
PJLINK = "page-test-Pjlink-77c0"
AsUser = Callable[[str], TestClient]


@pytest.fixture
def settings(database_url: str) -> CollectorSettings:
    return CollectorSettings(database_url=database_url, secret_key=SecretStr(generate_key()))


def scan_requests(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM scan_requests")).scalar() or 0)


def test_a_technician_presses_scan_now_and_the_page_says_it_waits(
    as_user: AsUser, world: World, engine: Engine
) -> None:
    tech = as_user("tech")
    page = tech.get("/schools/stmarys")
    assert "Scan now" in page.text
    assert "has not checked in yet" in page.text
    pressed = tech.post("/schools/stmarys/scan-now", data={"csrf": csrf_of(page.text)})
    assert (pressed.status_code, pressed.headers["location"]) == (303, "/schools/stmarys#scan")
    after = tech.get("/schools/stmarys").text
    assert "waiting for the agent" in after
    assert "by tech" in after
    assert scan_requests(engine) == 1


def test_principals_cannot_request_and_forms_need_the_token(
    as_user: AsUser, world: World, engine: Engine
) -> None:
    head = as_user("head")
    page = head.get("/schools/stmarys")
    assert page.status_code == 200
    assert "Scan now" not in page.text
    refused = head.post("/schools/stmarys/scan-now", data={"csrf": csrf_of(page.text)})
    assert refused.status_code == 403
    tech = as_user("tech")
    assert tech.post("/schools/stmarys/scan-now", data={"csrf": "forged"}).status_code == 403
    other = tech.post("/schools/riverside/scan-now", data={"csrf": csrf_of(page.text)})
    assert other.status_code in {403, 404}
    assert scan_requests(engine) == 0


def test_admin_sets_secrets_the_pages_say_set_and_never_show_them(
    as_user: AsUser, world: World, engine: Engine
) -> None:
    admin = as_user("admin")
    page = admin.get("/settings/clusters/north")
    token = csrf_of(page.text)
    value = f'[{{"name": "north", "community": "{COMMUNITY}"}}]'
    done = admin.post(
        "/settings/clusters/north/snmp_v2c", data={"csrf": token, "value": value, "action": "set"}
    )
    assert done.status_code == 303, done.text
    done = admin.post(
        "/settings/schools/stmarys/pjlink_password",
        data={"csrf": token, "value": PJLINK, "action": "set", "device": "198.18.0.50"},
    )
    assert done.headers["location"] == "/settings/schools/stmarys?device=ip:198.18.0.50"
    pages = [
        admin.get(path).text
        for path in (
            "/settings/clusters/north",
            "/settings/schools/stmarys",
            "/settings/schools/stmarys?device=ip:198.18.0.50",
            "/schools/stmarys",
        )
    ]
    assert all(COMMUNITY not in p and PJLINK not in p for p in pages)
    row = pages[1].split('data-key="snmp_v2c"')[1].split("</tr>")[0]
    assert ">set<" in row
    assert "<td>cluster</td>" in row
    assert "ip:198.18.0.50" in pages[1]  # listed under device overrides
    tech = as_user("tech").get("/settings/schools/stmarys").text
    assert 'data-key="subnets"' in tech
    assert 'data-key="snmp_v2c"' not in tech
    assert "Set subnets" not in tech  # technicians read, admins change


def test_a_bad_value_is_explained_and_nothing_is_stored(
    as_user: AsUser, world: World, engine: Engine
) -> None:
    admin = as_user("admin")
    token = csrf_of(admin.get("/settings/clusters/north").text)
    bad = admin.post(
        "/settings/clusters/north/snmp_v2c",
        data={"csrf": token, "value": f"{COMMUNITY} not json", "action": "set"},
    )
    assert bad.status_code == 400
    assert "write the value as JSON" in bad.text
    assert COMMUNITY not in bad.text
    tech = as_user("tech")
    forbidden = tech.post(
        "/settings/clusters/north/subnets",
        data={"csrf": csrf_of(tech.get("/settings").text), "value": '["198.18.0.0/24"]'},
    )
    assert forbidden.status_code == 403
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM central_settings")).scalar() == 0
