"""Read API: scopes per role, school summaries, device filters, detail, CSV, OpenAPI."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from schemas import DeviceType
from tests.collector.conftest import World
from tests.collector.helpers import bearer, get_json
from tests.collector.reports import check, device, phone, report
from tests.collector.test_ingest import night, send


def fill(client: TestClient, world: World) -> None:
    alpha = [
        device(1, checks=[check("printer.status")]),
        device(2, checks=[check("printer.supply.1", "warning", "Toner low")]),
        device(
            3,
            device_type=DeviceType.SWITCH,
            vendor="Cisco",
            hostname="core-switch",
            serial="FOC1234X0AB",
        ),
        device(4, device_type=DeviceType.PROJECTOR, vendor="Epson", hostname="=HYPERLINK(1)"),
        phone(1),
    ]
    send(client, world, report("alpha", alpha, started=night(1)))
    send(client, world, report("beta", [device(1)], started=night(1)), school="beta")


def test_schools_are_scoped_per_role(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    fill(client, world)

    def slugs(user: str) -> list[str]:
        return [s["slug"] for s in get_json(client, "/api/v1/schools", people[user])["items"]]

    assert slugs("admin") == ["alpha", "beta", "gamma"]
    assert slugs("tech-north") == ["alpha", "beta"]
    assert slugs("tech-south") == ["gamma"]
    assert slugs("head-alpha") == ["alpha"]
    clusters = get_json(client, "/api/v1/clusters", people["tech-north"])
    assert [c["slug"] for c in clusters] == ["north"]


def test_school_summary_counts(client: TestClient, world: World, people: dict[str, str]) -> None:
    fill(client, world)
    alpha = get_json(client, "/api/v1/schools/alpha", people["head-alpha"])
    assert alpha["device_count"] == 5  # four devices and the agent's own PC
    assert alpha["transient_count"] == 1
    assert alpha["status_counts"]["ok"] == 1
    assert alpha["status_counts"]["warning"] == 1
    assert alpha["status_counts"]["unchecked"] == 3
    assert alpha["open_alerts"] == 1
    assert alpha["last_report_at"] is not None
    page = get_json(client, "/api/v1/schools", people["admin"], limit=1, offset=1)
    assert (page["total"], [s["slug"] for s in page["items"]]) == (3, ["beta"])


def test_devices_filter_search_and_page(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    fill(client, world)
    token = people["tech-north"]
    path = "/api/v1/schools/alpha/devices"
    assert get_json(client, path, token)["total"] == 6  # with the phone and the agent's PC
    printers = get_json(client, path, token, type="printer")
    assert {d["hostname"] for d in printers["items"]} == {"printer-1", "printer-2"}
    assert [d["hostname"] for d in get_json(client, path, token, status="warning")["items"]] == [
        "printer-2"
    ]
    assert get_json(client, path, token, q="CISCO")["items"][0]["serial"] == "FOC1234X0AB"
    assert get_json(client, path, token, q="100%")["total"] == 0  # wildcards are literal
    assert get_json(client, path, token, include_transient="false")["total"] == 5
    page = get_json(client, path, token, limit=2, offset=2)
    assert (page["total"], len(page["items"])) == (6, 2)


def test_other_scopes_look_missing(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    fill(client, world)
    principal = bearer(people["head-alpha"])
    assert client.get("/api/v1/schools/beta", headers=principal).status_code == 404
    assert client.get("/api/v1/schools/beta/devices", headers=principal).status_code == 404
    assert client.get("/api/v1/schools/beta/assets.csv", headers=principal).status_code == 404
    beta_device = get_json(client, "/api/v1/schools/beta/devices", people["admin"])["items"][0]
    assert client.get(f"/api/v1/devices/{beta_device['id']}", headers=principal).status_code == 404
    assert client.get("/api/v1/schools", headers={}).status_code == 401


def test_device_detail_has_checks_history_events(
    client: TestClient, world: World, people: dict[str, str]
) -> None:
    fill(client, world)
    token = people["head-alpha"]
    items = get_json(client, "/api/v1/schools/alpha/devices", token, status="warning")["items"]
    detail = get_json(client, f"/api/v1/devices/{items[0]['id']}", token)
    assert [c["check_id"] for c in detail["checks"]] == ["printer.supply.1"]
    assert detail["history"][0]["summary"] == "Toner low"
    assert [e["kind"] for e in detail["events"]] == ["new"]
    assert detail["details"]["evidence"][0]["fact"] == "sysObjectID"


def test_asset_register_csv(client: TestClient, world: World, people: dict[str, str]) -> None:
    fill(client, world)
    response = client.get("/api/v1/schools/alpha/assets.csv", headers=bearer(people["head-alpha"]))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 5  # the phone is not an asset; the agent's PC is
    assert set(rows[0]) >= {
        "type",
        "vendor",
        "model",
        "serial",
        "mac",
        "ip",
        "firmware",
        "first_seen",
        "last_seen",
        "status",
    }
    projector = next(r for r in rows if r["type"] == "projector")
    assert projector["hostname"] == "'=HYPERLINK(1)"  # no formula injection


def test_openapi_documents_the_api(client: TestClient, people: dict[str, str]) -> None:
    spec = client.get("/openapi.json", headers=bearer(people["tech-north"])).json()
    for path in (
        "/api/v1/reports",
        "/api/v1/enroll",
        "/api/v1/schools/{school}/devices",
        "/api/v1/devices/{device_id}",
        "/api/v1/alerts",
        "/api/v1/schools/{school}/assets.csv",
    ):
        assert path in spec["paths"]
    assert {"SchoolPublic", "DevicePublic", "DeviceDetailPublic", "AlertPublic"} <= set(
        spec["components"]["schemas"]
    )
    assert "422" in spec["paths"]["/api/v1/reports"]["post"]["responses"]


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
