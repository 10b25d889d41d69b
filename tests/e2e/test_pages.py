"""Dashboard pages through FastAPI's TestClient, on SQLite and PostgreSQL: login and cookies,
CSRF, who sees what, escaping, and what each page says."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Alert, AuditEntry, Device, UserSession
from collector.domain import AlertState
from collector.services.secrets import token_hash
from tests.e2e.helpers import csrf_of
from tests.e2e.world import (
    BLACK,
    BROTHER,
    CYAN,
    PASSWORD,
    XSS_HOSTNAME,
    XSS_SUMMARY,
    XSS_SUPPLY,
    XSS_SYSNAME,
    World,
)

AsUser = Callable[[str], TestClient]
PAGES = (
    "/",
    "/overview",
    "/schools/stmarys",
    "/schools/stmarys/visit",
    "/schools/stmarys/assets.csv",
    "/devices/1",
    "/alerts",
)


def device_id(factory: sessionmaker[Session], hostname: str) -> int:
    with factory.begin() as session:
        found = session.scalar(select(Device.id).where(Device.hostname == hostname))
    assert found is not None
    return found


def alert_of(factory: sessionmaker[Session], hostname: str) -> Alert:
    with factory.begin() as session:
        alert = session.scalar(
            select(Alert)
            .join(Device, Device.id == Alert.device_id)
            .where(Device.hostname == hostname)
        )
    assert alert is not None
    return alert


def text_of(html: str) -> str:
    """The page's visible text, roughly (tags dropped, whitespace squeezed, not unescaped)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', html, re.S)
    assert found, f"no section {name}"
    return found.group(1)


# ------------------------------------------------------------------ login, cookies, CSRF
@pytest.mark.parametrize("path", PAGES)
def test_pages_send_strangers_to_login(app: FastAPI, path: str) -> None:
    response = TestClient(app, follow_redirects=False).get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_login_sets_a_strict_httponly_cookie_and_lands_on_the_overview(
    app: FastAPI, world: World
) -> None:
    browser = TestClient(app, follow_redirects=False)
    form = browser.get("/login?next=/schools/stmarys")
    assert 'name="next" value="/schools/stmarys"' in form.text
    response = browser.post(
        "/login",
        data={
            "username": "tech",
            "password": PASSWORD,
            "csrf": csrf_of(form.text),
            "next": "/schools/stmarys",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/schools/stmarys"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("lankeeper_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/" in cookie
    assert browser.get("/").headers["location"] == "/overview"


def test_wrong_password_says_so_and_sets_no_session(app: FastAPI, world: World) -> None:
    browser = TestClient(app, follow_redirects=False)
    form = browser.get("/login")
    response = browser.post(
        "/login",
        data={"username": "tech", "password": "wrong password", "csrf": csrf_of(form.text)},
    )
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text
    assert 'value="tech"' in response.text  # the user name is kept, the password is not
    assert "lankeeper_session" not in response.headers.get("set-cookie", "")
    unknown = browser.post(
        "/login", data={"username": "nobody", "password": PASSWORD, "csrf": csrf_of(form.text)}
    )
    assert unknown.status_code == 401
    assert "Wrong user name or password" in unknown.text


def test_login_form_without_its_token_is_refused(app: FastAPI, world: World) -> None:
    browser = TestClient(app, follow_redirects=False)
    token = csrf_of(browser.get("/login").text)
    no_token = browser.post("/login", data={"username": "tech", "password": PASSWORD})
    wrong = browser.post(
        "/login", data={"username": "tech", "password": PASSWORD, "csrf": "x" + token}
    )
    cross_site = browser.post(
        "/login",
        data={"username": "tech", "password": PASSWORD, "csrf": token},
        headers={"Origin": "http://evil.example"},
    )
    for response in (no_token, wrong, cross_site):
        assert response.status_code == 403
        assert "This form has expired" in response.text
        assert "lankeeper_session" not in response.headers.get("set-cookie", "")
    fresh = TestClient(app, follow_redirects=False)  # no login cookie at all
    assert (
        fresh.post(
            "/login", data={"username": "tech", "password": PASSWORD, "csrf": token}
        ).status_code
        == 403
    )


def test_login_goes_back_only_to_local_pages(app: FastAPI, world: World) -> None:
    browser = TestClient(app, follow_redirects=False)
    token = csrf_of(browser.get("/login").text)
    response = browser.post(
        "/login",
        data={"username": "tech", "password": PASSWORD, "csrf": token, "next": "//evil.example/x"},
    )
    assert response.headers["location"] == "/"


def test_acknowledge_needs_the_sessions_csrf_token(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    tech, admin = as_user("tech"), as_user("admin")
    alert = alert_of(factory, "hall-projector")
    url = f"/alerts/{alert.id}/acknowledge"
    token = csrf_of(tech.get("/alerts").text)
    refused = [
        tech.post(url, data={"note": "on my way"}),
        tech.post(url, data={"note": "on my way", "csrf": ""}),
        admin.post(url, data={"note": "on my way", "csrf": token}),  # another session's token
        tech.post(
            url,
            data={"note": "on my way", "csrf": token},
            headers={"Origin": "http://evil.example"},
        ),
        tech.post(url, data={"note": "x", "csrf": token}, headers={"Sec-Fetch-Site": "cross-site"}),
    ]
    assert [r.status_code for r in refused] == [403] * 5
    assert "This form has expired" in refused[0].text
    assert alert_of(factory, "hall-projector").state is AlertState.OPEN
    done = tech.post(url, data={"note": "Lamp ordered, fitting Tuesday", "csrf": token})
    assert (done.status_code, done.headers["location"]) == (303, f"/alerts#alert-{alert.id}")
    after = alert_of(factory, "hall-projector")
    assert (after.state, after.acknowledged_by, after.ack_note) == (
        AlertState.ACKNOWLEDGED,
        "tech",
        "Lamp ordered, fitting Tuesday",
    )
    with factory.begin() as session:
        assert (
            session.scalar(select(AuditEntry.actor).where(AuditEntry.action == "alert.acknowledge"))
            == "tech"
        )
    page = tech.get("/alerts").text
    assert "Lamp ordered, fitting Tuesday" in section(page, "acknowledged")
    assert f'data-alert="{alert.id}"' not in section(page, "open")


def test_acknowledge_needs_a_note(as_user: AsUser, factory: sessionmaker[Session]) -> None:
    tech = as_user("tech")
    alert = alert_of(factory, "hall-projector")
    token = csrf_of(tech.get("/alerts").text)
    response = tech.post(f"/alerts/{alert.id}/acknowledge", data={"note": "   ", "csrf": token})
    assert response.status_code == 400
    assert "Write a short note" in response.text
    assert alert_of(factory, "hall-projector").state is AlertState.OPEN


def test_logout_needs_its_token_and_ends_the_session(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    tech = as_user("tech")
    cookie = tech.cookies.get("lankeeper_session")
    assert cookie
    assert tech.post("/logout", data={"csrf": ""}).status_code == 403
    assert tech.get("/overview").status_code == 200
    token = csrf_of(tech.get("/overview").text)
    response = tech.post("/logout", data={"csrf": token})
    assert (response.status_code, response.headers["location"]) == (303, "/login")
    with factory.begin() as session:
        hashes = set(session.scalars(select(UserSession.token_hash)))
    assert token_hash(cookie) not in hashes
    again = TestClient(tech.app, follow_redirects=False, cookies={"lankeeper_session": cookie})
    assert again.get("/overview").status_code == 303  # the old cookie is dead


def test_forged_session_cookie_goes_to_login(app: FastAPI, world: World) -> None:
    browser = TestClient(app, follow_redirects=False, cookies={"lankeeper_session": "lks_forged"})
    assert browser.get("/overview").headers["location"] == "/login?next=%2Foverview"


# ------------------------------------------------------------------ who sees what
def test_technician_overview_worst_first_own_cluster_only(as_user: AsUser) -> None:
    page = as_user("tech").get("/overview")
    assert page.status_code == 200
    assert re.findall(r'data-school="([^"]+)"', page.text) == ["stmarys", "elmwood", "oakhill"]
    assert "Riverside" not in page.text
    row = re.search(r'<tr class="level-critical" data-school="elmwood">(.*?)</tr>', page.text, re.S)
    assert row
    assert "Silent" in row.group(1)
    stmarys = re.search(r'data-school="stmarys">(.*?)</tr>', page.text, re.S)
    assert stmarys
    cells = re.findall(
        r'<td class="num (?:critical|warning|unknown|ok)(?: zero)?">(\d+)</td>', stmarys.group(1)
    )
    assert cells == ["1", "3", "0", "3"]  # office printer; staffroom printer, projector, odd device


def test_admin_sees_every_cluster(as_user: AsUser) -> None:
    page = as_user("admin").get("/overview").text
    assert "North cluster" in page
    assert "South cluster" in page
    assert 'data-school="riverside"' in page


def test_principal_sees_only_their_school(as_user: AsUser, factory: sessionmaker[Session]) -> None:
    head = as_user("head")
    assert head.get("/").headers["location"] == "/schools/stmarys"
    assert head.get("/overview").headers["location"] == "/schools/stmarys"
    for path in (
        "/schools/riverside",
        "/schools/oakhill",
        "/schools/nowhere",
        f"/devices/{device_id(factory, 'core-switch')}",
        "/schools/riverside/assets.csv",
        "/alerts?school=riverside",
        "/devices/not-a-number",
    ):
        response = head.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in response.text
    visit = head.get("/schools/stmarys/visit")
    assert visit.status_code == 403
    assert "This is for the IT technicians" in visit.text
    alerts = head.get("/alerts").text
    assert "/acknowledge" not in alerts
    assert ">Acknowledge</button>" not in alerts
    assert "<textarea" not in alerts
    assert "Riverside" not in alerts
    school = head.get("/schools/stmarys").text
    assert "Pre-visit sheet" not in school
    assert "North cluster" not in school  # no breadcrumb into the cluster


def test_principal_cannot_acknowledge(as_user: AsUser, factory: sessionmaker[Session]) -> None:
    head = as_user("head")
    alert = alert_of(factory, "office-printer")
    token = csrf_of(head.get("/schools/stmarys").text)
    response = head.post(f"/alerts/{alert.id}/acknowledge", data={"note": "fine", "csrf": token})
    assert response.status_code == 403
    assert alert_of(factory, "office-printer").state is AlertState.OPEN


def test_technician_cannot_reach_another_cluster(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    tech = as_user("tech")
    assert tech.get("/schools/riverside").status_code == 404
    assert tech.get(f"/devices/{device_id(factory, 'core-switch')}").status_code == 404
    alert = alert_of(factory, "core-switch")
    token = csrf_of(tech.get("/alerts").text)
    response = tech.post(
        f"/alerts/{alert.id}/acknowledge", data={"note": "mine now", "csrf": token}
    )
    assert response.status_code == 404
    assert alert_of(factory, "core-switch").state is AlertState.OPEN


# ------------------------------------------------------------------ escaping
def test_what_devices_say_is_escaped_everywhere(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    tech = as_user("tech")
    odd = device_id(factory, XSS_HOSTNAME)
    for path in ("/schools/stmarys", f"/devices/{odd}", "/alerts", "/schools/stmarys/visit"):
        response = tech.get(path)
        html = response.text
        assert response.status_code == 200
        for raw in (XSS_HOSTNAME, XSS_SYSNAME, XSS_SUPPLY, "<img src=x"):
            assert raw not in html, (path, raw)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "script-src" not in csp
    device_page = tech.get(f"/devices/{odd}").text
    assert "&lt;img src=x onerror=alert(2)&gt;" in device_page  # sys_name, as text
    assert "Ping &lt;img src=x onerror=alert(3)&gt; lost &#34;50 %&#34; &amp; more" in device_page
    assert XSS_SUMMARY not in device_page


# ------------------------------------------------------------------ what the pages say
def test_school_page_puts_problems_first_in_plain_words(as_user: AsUser) -> None:
    html = as_user("tech").get("/schools/stmarys").text
    order = [
        html.index(f'<section id="{name}">')
        for name in ("attention", "supplies", "devices", "changes")
    ]
    assert order == sorted(order)
    attention = text_of(section(html, "attention"))
    assert (
        "Urgent office-printer : Black toner almost empty (4 %) — cartridge HP CF400X" in attention
    )
    assert "hall-projector : Lamp at 92 % of its life" in attention
    devices = text_of(section(html, "devices"))
    assert re.search(r"Printers \(3\).*Projectors \(1\).*Wi-Fi access points \(1\)", devices)
    assert "HP Color LaserJet Pro M252dw" in devices
    assert "198.18.0.43" in devices  # the projector's new address
    supplies = text_of(section(html, "supplies"))
    assert BLACK in supplies
    assert CYAN in supplies
    assert BROTHER not in supplies  # 60 %: not low
    changes = text_of(section(html, "changes"))
    assert "Firmware changed from 6.5.28 to 6.6.55" in changes
    assert "Address changed from 198.18.0.13 to 198.18.0.43" in changes


def test_device_page_shows_identity_trends_and_before_after(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    tech = as_user("tech")
    printer = tech.get(f"/devices/{device_id(factory, 'staffroom-printer')}").text
    identity = text_of(section(printer, "identity"))
    for fact in (
        "VNB3R00123",
        "3c:a8:2a:f6:38:ac",
        "198.18.0.10",
        "answers the Printer-MIB",
        "Hewlett Packard",
    ):
        assert fact in identity
    supplies = section(printer, "supplies")
    assert BLACK in supplies
    assert supplies.count("<polyline") == 2  # one sparkline per supply: 30 → 20 → 12 %
    history = text_of(section(printer, "history"))
    assert "Black toner at 30 %" in history
    assert "Black toner at 12 %" in history
    ap = tech.get(f"/devices/{device_id(factory, 'ap-staffroom')}").text
    changes = text_of(section(ap, "changes"))
    assert "Firmware changed from 6.5.28 to 6.6.55 firmware: 6.5.28 firmware: 6.6.55" in changes


def test_visit_sheet_lists_supplies_to_bring_by_part(as_user: AsUser) -> None:
    html = as_user("tech").get("/schools/stmarys/visit").text
    rows = re.findall(
        r'<td class="num count">(\d+)</td><td class="supply-name">([^<]+)</td>',
        section(html, "bring"),
    )
    assert (
        "2",
        BLACK,
    ) in rows  # the office printer (4 %) and the staffroom printer (12 %)
    assert ("1", CYAN) in rows
    assert all(BROTHER not in name for _count, name in rows)
    problems = text_of(section(html, "problems"))
    assert problems.index("Urgent") < problems.index("Soon")
    assert "@media print" in as_user("tech").get("/static/lankeeper.css").text


def test_visit_sheet_changes_since_a_date(as_user: AsUser) -> None:
    tech = as_user("tech")
    recent = tech.get("/schools/stmarys/visit", params={"since": "2999-01-01"}).text
    assert "Nothing changed since then." in recent
    default = text_of(section(tech.get("/schools/stmarys/visit").text, "changed"))
    assert "New device found" in default
    odd = tech.get("/schools/stmarys/visit", params={"since": "yesterday"}).text
    assert "That date could not be read" in odd


def test_asset_register_downloads_with_the_cookie(as_user: AsUser) -> None:
    response = as_user("head").get("/schools/stmarys/assets.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0].startswith("type,vendor,model,serial")
    assert "VNB3R00123" in response.text


def test_api_still_wants_a_bearer_token_not_the_cookie(as_user: AsUser) -> None:
    tech = as_user("tech")
    assert tech.get("/api/v1/schools").status_code == 401
