"""Dashboard pages for the work (SQLite and PostgreSQL): reporting a problem, recording a
visit, acknowledging and resolving, the evaluation report, the audit log, people's time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from collector.db.models import Cluster, Device, Incident, School, Visit
from collector.domain_ops import IncidentOrigin, IncidentStatus, VisitKind
from collector.services import incidents
from tests.e2e.helpers import csrf_of
from tests.e2e.world import XSS_HOSTNAME

AsUser = Callable[[str], TestClient]
HOSTILE = '<script>alert("report")</script> & <b>bold</b>'


def section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}"[^>]*>(.*?)</section>', html, re.S)
    assert found, f"no section {name}"
    return found.group(1)


def _incidents(factory: sessionmaker[Session]) -> list[Incident]:
    with factory() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def _report(client: TestClient, slug: str, **fields: str) -> int:
    token = csrf_of(client.get(f"/schools/{slug}").text)
    return client.post(f"/schools/{slug}/incidents", data={"csrf": token} | fields).status_code


def test_principal_reports_a_problem_and_the_technician_sees_the_device(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    head, tech = as_user("head"), as_user("tech")
    with factory() as session:
        printer = session.scalars(select(Device).where(Device.hostname == "office-printer")).one()
    before = len(_incidents(factory))
    status = _report(
        head, "stmarys", title=HOSTILE, description="since Monday", device=str(printer.id)
    )
    assert status == 303
    (reported,) = [i for i in _incidents(factory) if i.origin is IncidentOrigin.SCHOOL]
    assert len(_incidents(factory)) == before + 1
    assert (reported.title, reported.device_id, reported.status) == (
        HOSTILE,
        printer.id,
        IncidentStatus.OPEN,
    )
    for client in (head, tech):
        html = section(client.get("/schools/stmarys").text, "incidents")
        assert (
            "&lt;script&gt;alert(&#34;report&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
            in html
        )
        assert "<script>" not in html
        assert "Reported by the school" in html
        assert "What the monitoring sees of" in html  # the agent's view of the printer
    sheet = section(tech.get("/schools/stmarys/visit").text, "reported")
    assert "since Monday" in sheet
    assert "What the monitoring sees of" in sheet
    assert "office-printer" in sheet


def test_reporting_needs_the_token_text_and_the_own_school(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    head = as_user("head")
    before = len(_incidents(factory))
    assert head.post("/schools/stmarys/incidents", data={"title": "x"}).status_code == 403
    assert _report(head, "stmarys", title="   ") == 400
    token = csrf_of(head.get("/schools/stmarys").text)
    other = head.post("/schools/riverside/incidents", data={"csrf": token, "title": "x"})
    assert other.status_code == 404
    with factory() as session:
        foreign = session.scalars(select(Device).where(Device.hostname == "core-switch")).one()
    assert _report(head, "stmarys", title="x", device=str(foreign.id)) == 404
    assert len(_incidents(factory)) == before


def test_principal_cannot_acknowledge_resolve_or_record(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    head = as_user("head")
    assert _report(head, "stmarys", title="Wi-Fi down in the hall") == 303
    incident = _incidents(factory)[-1]
    token = csrf_of(head.get("/schools/stmarys").text)
    for action in ("acknowledge", "resolve"):
        response = head.post(f"/incidents/{incident.id}/{action}", data={"csrf": token})
        assert response.status_code == 403
    visit = {"csrf": token, "visited_on": "2026-12-01", "hours": "1", "minutes": "0"}
    assert head.post("/schools/stmarys/visits", data=visit).status_code == 403
    html = head.get("/schools/stmarys").text
    assert "Record a visit" not in html
    assert "/acknowledge" not in section(html, "incidents")
    assert _incidents(factory)[-1].status is IncidentStatus.OPEN


def test_technician_acknowledges_then_resolves_with_who_and_when(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    assert _report(as_user("head"), "stmarys", title="Projector flickers") == 303
    incident = _incidents(factory)[-1]
    tech = as_user("tech")
    token = csrf_of(tech.get("/schools/stmarys").text)
    assert (
        tech.post(f"/incidents/{incident.id}/acknowledge", data={"csrf": token}).status_code == 303
    )
    assert (
        tech.post(
            f"/incidents/{incident.id}/resolve", data={"csrf": token, "note": "new cable"}
        ).status_code
        == 303
    )
    done = _incidents(factory)[-1]
    assert done.status is IncidentStatus.RESOLVED
    assert done.acknowledged_at is not None and done.resolved_at is not None  # noqa: PT018
    row = section(tech.get("/schools/stmarys").text, "incidents")
    assert "by tech" in row
    assert "new cable" in row
    assert "after " in row  # the time it took


def test_technician_records_a_visit_and_the_sheet_counts_from_it(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    tech = as_user("tech")
    first = tech.get("/schools/stmarys/visit").text
    assert "No visit recorded yet: showing the last 30 days" in first
    with factory() as session:
        alert_id = (
            session.execute(select(Incident.alert_id).where(Incident.alert_id.is_not(None)))
            .scalars()
            .first()
        )
    form = {
        "csrf": csrf_of(first),
        "back": "sheet",
        "kind": "visit",
        "visited_on": "2026-11-20",
        "hours": "1",
        "minutes": "45",
        "notes": f"Swapped toner {XSS_HOSTNAME}",
        "alert": str(alert_id),
    }
    response = tech.post("/schools/stmarys/visits", data=form)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/schools/stmarys/visit#visit-")
    with factory() as session:
        visit = session.scalars(select(Visit)).one()
    assert (visit.kind, visit.minutes, visit.visited_on.isoformat()) == (
        VisitKind.VISIT,
        105,
        "2026-11-20",
    )
    sheet = tech.get("/schools/stmarys/visit").text
    assert "Since the last visit, on 20 November 2026 (tech)." in sheet
    assert 'value="2026-11-20"' in sheet
    school = tech.get("/schools/stmarys").text
    visits = section(school, "visits")
    assert "20/11/2026" in visits
    assert "1 h 45 min" in visits
    assert "&lt;script&gt;" in visits and "<script>" not in visits  # noqa: PT018
    bad = dict(form, hours="30")
    assert tech.post("/schools/stmarys/visits", data=bad).status_code == 400


def test_times_are_shown_in_the_clusters_zone(
    as_user: AsUser, factory: sessionmaker[Session]
) -> None:
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    with factory.begin() as session:
        session.execute(
            update(Cluster).where(Cluster.slug == "north").values(timezone="Asia/Tokyo")
        )
        school = session.scalars(select(School).where(School.slug == "stmarys")).one()
        incidents.report_by_school(
            session,
            school_id=school.id,
            user_id=None,
            title="Clock test",
            description="",
            device_id=None,
            now=moment,
        )
    html = as_user("head").get("/schools/stmarys").text
    assert "01/12/2026 08:30" in section(html, "incidents")  # Tokyo is UTC+9
    assert "times in Asia/Tokyo" in html
    assert "UTC" not in section(html, "incidents")


def test_evaluation_page_for_staff_with_charts_and_csv(as_user: AsUser) -> None:
    tech = as_user("tech")
    page = tech.get(
        "/clusters/north/evaluation", params={"since": "2026-09-01", "until": "2026-12-31"}
    )
    assert page.status_code == 200
    html = page.text
    assert "From 1 September 2026 to 31 December 2026" in html
    assert html.count('<svg class="chart"') == 4
    assert "<script" not in html
    assert "How each figure is computed" in html
    assert 'data-school="stmarys"' in html and 'data-school="riverside"' not in html  # noqa: PT018
    odd = tech.get("/clusters/north/evaluation", params={"since": "soon"})
    assert "showing the school year so far" in odd.text
    csv = tech.get(
        "/clusters/north/evaluation.csv", params={"since": "2026-09-01", "until": "2026-12-31"}
    )
    assert csv.status_code == 200
    assert csv.text.splitlines()[0].startswith("school,name,incidents_agent")
    assert as_user("head").get("/clusters/north/evaluation").status_code == 403
    assert as_user("tech-south").get("/clusters/north/evaluation").status_code == 404


def test_audit_log_for_admins_only(as_user: AsUser) -> None:
    head = as_user("head")
    assert _report(head, "stmarys", title="Audit me") == 303
    admin = as_user("admin")
    html = admin.get("/audit").text
    assert 'data-action="incident.report"' in html
    assert "head" in html
    filtered = admin.get("/audit", params={"action": "incident.report"}).text
    assert 'data-action="alert.acknowledge"' not in filtered
    assert as_user("tech").get("/audit").status_code == 403
    assert head.get("/audit").status_code == 403
