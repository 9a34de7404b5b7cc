"""Targets, baselines and sign-offs: who may set them, what the API, dashboard and exports
say, and a signed-off period that stays as it was signed."""

import csv
import io
import json

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from hub.extensions import db
from hub.models import AuditEntry
from tests.helpers import submit_form
from tests.indicators.test_compute import EXPECTED_2025, login


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LOGIN_RATE_LIMIT": "10000 per minute"}


@pytest.fixture
def as_(app):
    clients = {}

    def get(person):
        key = None if person is None else person.id
        if key not in clients:
            clients[key] = app.test_client()
            if person is not None:
                login(clients[key], person)
        return clients[key]

    return get


def figures(client, query="period=2025July"):
    body = client.get(f"/api/v1/indicators?{query}").get_json()
    return body, {i["code"]: i for i in body["indicators"]}


def test_who_may_set_targets_sign_off_and_reopen(as_, make_user, secretariat, admin):
    target = {"baseline": 40, "target": 60}
    for person in (None, make_user("member"), make_user("focal_point")):
        expected = 401 if person is None else 403
        client = as_(person)
        assert client.put("/api/v1/indicators/targets/4.5/2025July", json=target) \
            .status_code == expected
        assert client.post("/api/v1/indicators/signoffs",
                           json={"period": "2025July"}).status_code == expected
        assert client.delete("/api/v1/indicators/signoffs/2025July",
                             json={"reason": "x"}).status_code == expected
    assert as_(secretariat).put("/api/v1/indicators/targets/4.5/2025July", json=target) \
        .status_code == 200
    assert as_(admin).put("/api/v1/indicators/targets/4.4/2025July", json=target) \
        .status_code == 200
    assert as_(secretariat).post("/api/v1/indicators/signoffs",
                                 json={"period": "2025July"}).status_code == 201
    # Only an admin reopens.
    assert as_(secretariat).delete("/api/v1/indicators/signoffs/2025July",
                                   json={"reason": "x"}).status_code == 403
    assert as_(admin).delete("/api/v1/indicators/signoffs/2025July",
                             json={"reason": "typo in an import"}).status_code == 204
    assert as_(admin).delete("/api/v1/indicators/signoffs/2025July",
                             json={"reason": "again"}).status_code == 404
    # The dashboard's forms follow the same rules.
    member = make_user("member")
    response = as_(member).post("/indicators/targets/4.5", data={"period": "2025July"})
    assert response.status_code in (400, 403)


def test_targets_baselines_and_progress_everywhere(as_, network, secretariat):
    client = as_(secretariat)
    response = client.put("/api/v1/indicators/targets/4.5/2025July",
                          json={"baseline": 40, "target": 60})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["target"] == 60
    client.put("/api/v1/indicators/targets/2.4/2025July", json={"baseline": None, "target": 4})
    _, api = figures(client)
    assert (api["4.5"]["baseline"], api["4.5"]["target"]) == (40, 60)
    assert api["4.5"]["progress"] == 72.5   # 54.5 is 72.5% of the way from 40 to 60
    assert api["2.4"]["progress"] == 50.0   # 2 of 4
    assert api["3.2"]["target"] is None and api["3.2"]["progress"] is None
    # Another year has its own targets.
    assert figures(client, "period=2024July")[1]["4.5"]["target"] is None

    for bad, field in (({"target": 150}, "target"), ({"target": "lots"}, "target"),
                       ({"baseline": -1}, "baseline")):
        response = client.put("/api/v1/indicators/targets/4.5/2025July", json=bad)
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert client.put("/api/v1/indicators/targets/4.5/2025Q3", json={"target": 1}) \
        .status_code == 422
    assert client.put("/api/v1/indicators/targets/9.9/2025July", json={"target": 1}) \
        .status_code == 404
    assert figures(client)[1]["4.5"]["target"] == 60  # the refused writes changed nothing

    rows = list(csv.DictReader(io.StringIO(client.get(
        "/api/v1/indicators/export?period=2025July&format=csv").get_data(as_text=True)
        .lstrip("\ufeff"))))
    total = next(r for r in rows if r["code"] == "4.5" and r["breakdown"] == "total")
    assert (total["baseline"], total["target"], total["progress"]) == ("40.0", "60.0", "72.5")
    book = load_workbook(io.BytesIO(client.get(
        "/api/v1/indicators/export?period=2025July&format=xlsx").data))
    header = [c.value for c in book["Summary"][1]]
    summary = {r[0]: dict(zip(header, r, strict=True))
               for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["4.5"]["Target"] == pytest.approx(0.6)
    assert summary["4.5"]["Baseline"] == pytest.approx(0.4)
    assert summary["2.4"]["Target"] == 4
    exported = json.loads(client.get("/api/v1/indicators/export?period=2025July&format=json")
                          .data)
    assert {i["code"]: i["target"] for i in exported["indicators"]}["4.5"] == 60
    dhis2 = json.loads(client.get("/api/v1/indicators/export?period=2025July&format=dhis2")
                       .data)
    values = {(v["dataElement"], v["orgUnit"]): v["value"] for v in dhis2["dataValues"]}
    assert values[("ECPAT_4_5_TARGET", "ECPAT")] == "60.0"
    assert values[("ECPAT_4_5_BASELINE", "ECPAT")] == "40.0"

    html = client.get("/indicators?period=2025July").get_data(as_text=True)
    assert 'class="target"' in html and 'class="baseline"' in html  # the trend chart's lines
    assert "72.5%" in html


def test_signed_off_period_is_unchanged_after_late_import_and_profile_edit(
        app, as_, network, secretariat, admin, runner, tmp_path):
    client = as_(secretariat)
    client.put("/api/v1/indicators/targets/4.5/2025July", json={"baseline": 40, "target": 60})
    before, _ = figures(client, "period=2025July&by=region")
    explained = client.get("/api/v1/indicators/4.5/members?period=2025July").get_json()
    response = client.post("/api/v1/indicators/signoffs",
                           json={"period": "2025July", "note": "As reported to the Board"})
    assert response.status_code == 201, response.get_json()
    assert client.post("/api/v1/indicators/signoffs",
                       json={"period": "2025July"}).status_code == 409

    # Later: history imported from the old platform, a membership date corrected, a
    # definition and the target changed.
    history = tmp_path / "late.csv"
    history.write_text("month,member,event_type,count\n2025-08,kilo,search,5\n")
    result = runner.invoke(args=["usage", "import", str(history)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from hub.models import Member

        charlie = db.session.scalar(sa.select(Member.id).where(Member.slug == "charlie"))
    assert client.patch(f"/api/v1/members/{charlie}",
                        json={"joined_on": "2026-07-10"}).status_code == 200
    assert client.put("/api/v1/indicators/targets/4.5/2025July",
                      json={"baseline": 10, "target": 20}).status_code == 200

    after, after_api = figures(client, "period=2025July&by=region")
    assert after["signed_off"]["note"] == "As reported to the Board"
    assert after["signed_off"]["by"] == secretariat.email
    assert after["signed_off"]["at"]
    assert after["indicators"] == before["indicators"]
    for code, (value, numerator, denominator) in EXPECTED_2025.items():
        assert (after_api[code]["value"], after_api[code]["numerator"],
                after_api[code]["denominator"]) == (value, numerator, denominator)
    assert client.get("/api/v1/indicators/4.5/members?period=2025July").get_json()["items"] \
        == explained["items"]

    live, live_api = figures(client, "period=2025July&live=true")
    assert live["live"] is True and live["signed_off"]["note"] == "As reported to the Board"
    # kilo now counts (5 imported searches); charlie is no longer a member in the period.
    assert (live_api["4.5"]["numerator"], live_api["4.5"]["denominator"]) == (6, 10)
    assert live_api["4.5"]["signed_off_value"] == 54.5
    assert live_api["4.5"]["changed_since_signoff"] is True
    assert live_api["3.2"]["changed_since_signoff"] is False
    assert live_api["4.5"]["target"] == 20

    rows = list(csv.DictReader(io.StringIO(client.get(
        "/api/v1/indicators/export?period=2025July&format=csv").get_data(as_text=True)
        .lstrip("\ufeff"))))
    total = next(r for r in rows if r["code"] == "4.5" and r["breakdown"] == "total")
    assert (total["value"], total["target"], total["signed_off_by"]) == ("54.5", "60.0",
                                                                          secretariat.email)
    book = load_workbook(io.BytesIO(client.get(
        "/api/v1/indicators/export?period=2025July&format=xlsx").data))
    metadata = dict(book["Metadata"].iter_rows(min_row=2, values_only=True))
    assert metadata["Signed off"].startswith(f"signed off by {secretariat.email} on ")

    html = client.get("/indicators?period=2025July").get_data(as_text=True)
    assert "Signed off by" in html and 'data-changed=' not in html
    html = client.get("/indicators?period=2025July&live=true").get_data(as_text=True)
    assert 'data-changed="4.5"' in html and 'data-changed="3.2"' not in html

    # An admin reopens it with a reason: the live figures are served again, and the log says so.
    assert as_(admin).delete("/api/v1/indicators/signoffs/2025July", json={}).status_code == 422
    assert as_(admin).delete("/api/v1/indicators/signoffs/2025July",
                             json={"reason": "Import corrected"}).status_code == 204
    reopened, reopened_api = figures(client)
    assert reopened["signed_off"] is None and reopened_api["4.5"]["numerator"] == 6
    with app.app_context():
        rows = {r.action: r for r in db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.object_type.like("indicator_%")))}
    assert rows["indicator_signoff.create"].object_id == "2025July"
    assert rows["indicator_signoff.reopen"].note == "Import corrected"
    assert rows["indicator_signoff.reopen"].actor_id == admin.id
    assert rows["indicator_target.update"].changes["target"] == [60.0, 20.0]


def test_dashboard_forms_set_a_target_and_sign_off(as_, network, secretariat):
    client = as_(secretariat)
    response = submit_form(client, "/indicators/targets/4.5",
                           {"period": "2025July", "baseline": "40", "target": "60"},
                           page_url="/indicators?period=2025July")
    assert response.status_code == 302
    assert figures(client)[1]["4.5"]["target"] == 60
    response = submit_form(client, "/indicators/targets/4.5",
                           {"period": "2025July", "baseline": "", "target": "abc"},
                           page_url="/indicators?period=2025July", follow_redirects=True)
    assert "Give a number" in response.get_data(as_text=True)
    response = submit_form(client, "/indicators/signoffs",
                           {"period": "2025July", "note": "Board, December"},
                           page_url="/indicators?period=2025July", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Signed off by" in html and "Board, December" in html
    assert figures(client)[0]["signed_off"]["note"] == "Board, December"
