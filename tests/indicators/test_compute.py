"""Every indicator for 2025July on the hand-computed network of conftest.network."""

from datetime import date

import pytest

from tests.indicators.conftest import at

# 11 members in 2025July (delta suspended all year); 6 countries represented on 2026-06-30.
EXPECTED_2025 = {
    "2.4": (2, 2, None),       # juliet (consent withdrawn later), lima
    "2.5": (3, 3, None),       # alpha, hotel, lima (india's social media came later)
    "3.2": (2, 2, None),       # Nepal overview, Joint research (+ its French version)
    "3.4": (1, 1, None),       # Nepal overview
    "4.2": (18.2, 2, 11),      # alpha, foxtrot
    "4.2a": (18.2, 2, 11),     # alpha (lead), foxtrot (activity overlapping 1 July)
    "4.2b": (54.5, 6, 11),     # alpha, bravo, foxtrot (imported), golf, india, juliet
    "4.3": (50.0, 3, 6),       # KE, FR, NP (india's tags as they stood on 30 June)
    "4.4": (33.3, 2, 6),       # KE (alpha), US (lima)
    "4.5": (54.5, 6, 11),      # alpha, bravo, charlie, echo, foxtrot, golf
}


def login(client, person):
    response = client.post("/api/v1/auth/login",
                           json={"email": person.email, "password": person.password})
    assert response.status_code == 200


def figures(body):
    return {i["code"]: (i["value"], i["numerator"], i["denominator"])
            for i in body["indicators"]}


def test_every_indicator_matches_the_hand_computed_values(client, network, secretariat):
    login(client, secretariat)
    response = client.get("/api/v1/indicators?period=2025July")
    assert response.status_code == 200
    body = response.get_json()
    assert body["period"] == {"id": "2025July", "start": "2025-07-01", "end": "2026-06-30"}
    assert figures(body) == EXPECTED_2025
    units = {i["code"]: i["unit"] for i in body["indicators"]}
    assert units["4.5"] == "percent" and units["2.4"] == "count"
    assert all(i["breakdown"] == [] for i in body["indicators"])


def test_region_breakdown(client, network, secretariat):
    login(client, secretariat)
    body = client.get("/api/v1/indicators?period=2025July&by=region").get_json()
    usage = next(i for i in body["indicators"] if i["code"] == "4.5")
    rows = {r["region"]: (r["value"], r["numerator"], r["denominator"])
            for r in usage["breakdown"]}
    assert len(rows) == 10
    assert rows["east-southern-africa"] == (100.0, 2, 2)
    assert rows["east-asia"] == (100.0, 1, 1)          # delta, suspended, is not there
    assert rows["western-europe"] == (100.0, 2, 2)
    assert rows["latin-america"] == (50.0, 1, 2)
    assert rows["south-asia"] == (0.0, 0, 2)
    assert rows["north-america"] == (0.0, 0, 2)
    assert rows["mena"] == (None, 0, 0)
    survivors = next(i for i in body["indicators"] if i["code"] == "4.4")
    rows = {r["region"]: (r["value"], r["numerator"], r["denominator"])
            for r in survivors["breakdown"]}
    assert rows["east-southern-africa"] == (100.0, 1, 1)
    assert rows["south-asia"] == (0.0, 0, 1)
    stories = next(i for i in body["indicators"] if i["code"] == "2.4")
    assert {r["region"]: r["value"] for r in stories["breakdown"]}["south-asia"] == 1


def test_country_breakdown(client, network, secretariat):
    login(client, secretariat)
    body = client.get("/api/v1/indicators?period=2025July&by=country").get_json()
    usage = next(i for i in body["indicators"] if i["code"] == "4.5")
    rows = {r["country"]: (r["numerator"], r["denominator"]) for r in usage["breakdown"]}
    assert rows == {"BR": (1, 2), "FR": (2, 2), "KE": (2, 2), "NP": (0, 2), "TH": (1, 1),
                    "US": (0, 2)}


def members_of(client, code, period="2025July"):
    response = client.get(f"/api/v1/indicators/{code}/members?period={period}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_usage_explanations_member_by_member(client, network, secretariat):
    login(client, secretariat)
    body = members_of(client, "4.5")
    assert body["total"] == 11 and body["indicator"]["numerator"] == 6
    items = {i["member"]["slug"]: i for i in body["items"]}
    assert "delta" not in items  # suspended the whole year
    # Boundaries: 1 July 00:00 and 30 June 23:59:59 are in; the instants outside are not.
    # bravo: 2 searches in the year + 1 story submission; sign-ins never count.
    assert items["bravo"]["qualifying_actions"] == 3 and items["bravo"]["counted"]
    assert items["alpha"]["qualifying_actions"] == 4
    assert items["alpha"]["reason"] == "4 qualifying actions"
    assert items["echo"]["qualifying_actions"] == 4  # a pruned month (rollup)
    # imported July searches + a raw event + an imported resource; June and sign-ins not.
    assert items["foxtrot"]["qualifying_actions"] == 4
    assert items["golf"]["qualifying_actions"] == 3  # API use counts
    assert items["hotel"]["counted"] is False
    assert items["hotel"]["reason"] == "2 qualifying actions; 3 needed"
    assert items["charlie"]["counted"]  # joined mid-year


def test_capacity_explanations_name_activities_and_contributions(client, network, secretariat):
    login(client, secretariat)
    items = {i["member"]["slug"]: i for i in members_of(client, "4.2")["items"]}
    assert items["alpha"]["counted"] and items["alpha"]["a"] and items["alpha"]["b"]
    assert ("led \u2018Webinar on live streaming\u2019 on 2025-09-12"
            in items["alpha"]["reason"])
    assert "uploaded \u2018Country Overview: Nepal\u2019" in items["alpha"]["reason"]
    # A self-reported participation not yet confirmed does not count.
    assert items["bravo"]["a"] is False and items["bravo"]["b"] is True
    assert "submitted 1 story" in items["bravo"]["reason"]
    assert items["golf"]["a"] is False  # its activity ended on 30 June 2025
    assert "author of \u2018Joint research\u2019" in items["golf"]["reason"]
    assert items["foxtrot"]["counted"]


def test_country_and_resource_explanations(client, network, secretariat):
    login(client, secretariat)
    body = members_of(client, "4.3")
    items = {i["country"]: i for i in body["items"]}
    assert set(items) == {"KE", "TH", "FR", "BR", "NP", "US"}
    assert items["NP"]["counted"] and not items["TH"]["counted"]
    assert items["BR"]["reason"].startswith("2 of 5 manifestations covered")
    body = members_of(client, "3.2")
    assert [i["resource"]["title"] for i in body["items"]] == [
        "Country Overview: Nepal", "Joint research"]
    assert body["items"][1]["resource"]["languages"] == ["en", "fr"]
    stories = {i["member"]["slug"]: i for i in members_of(client, "2.4")["items"]}
    assert stories["juliet"]["counted"] and "consent withdrawn" in stories["juliet"]["reason"]
    assert not stories["kilo"]["counted"]


def test_region_filter_and_pages(client, network, secretariat):
    login(client, secretariat)
    body = client.get("/api/v1/indicators/4.5/members?period=2025July&region=south-asia"
                      "&per_page=1&page=2").get_json()
    assert body["total"] == 2 and body["page"] == 2 and len(body["items"]) == 1
    assert client.get("/api/v1/indicators/4.5/members?per_page=500").status_code == 422
    assert client.get("/api/v1/indicators/9.9/members").status_code == 404


def test_old_period_unchanged_after_later_profile_edits(client, network, secretariat, app):
    login(client, secretariat)
    before = client.get("/api/v1/indicators?period=2024July&by=region").get_json()
    assert figures(before)["4.5"][2] == 11  # delta was active until 2024-12-31
    for slug, patch in (("kilo", {"survivor_led": True, "tags": [
                            {"slug": t} for t in ("ocse", "sectt", "child-marriage")]}),
                        ("juliet", {"social_media": [{"platform": "x",
                                                      "url": "https://x.example/j"}]}),
                        ("alpha", {"country": "FR", "survivor_led": False})):
        response = client.patch(f"/api/v1/members/{slug}", json=patch)
        assert response.status_code == 200, response.get_json()
    after = client.get("/api/v1/indicators?period=2024July&by=region").get_json()
    assert after["indicators"] == before["indicators"]
    # The same edits do show for a period that ends after them.
    now = client.get("/api/v1/indicators?start=2026-01-01&end=2099-12-31").get_json()
    assert figures(now)["2.5"][0] == 5  # + india (added in 2026-08) and juliet (now)


def test_threshold_changed_between_two_years(client, network, secretariat):
    login(client, secretariat)
    response = client.post("/api/v1/indicators/definitions/4.5",
                           json={"params": {"threshold": 2}, "valid_from": "2025-07-01",
                                 "note": "Board decision"})
    assert response.status_code == 201
    assert response.get_json()["version"] == 2
    body = client.get("/api/v1/indicators?period=2025July").get_json()
    usage = next(i for i in body["indicators"] if i["code"] == "4.5")
    assert (usage["value"], usage["numerator"], usage["definition_version"]) == (63.6, 7, 2)
    assert "at least 2 qualifying actions" in usage["definition"]
    old = client.get("/api/v1/indicators?period=2024July").get_json()
    old_usage = next(i for i in old["indicators"] if i["code"] == "4.5")
    assert old_usage["definition_version"] == 1 and old_usage["params"] == {"threshold": 3}
    definitions = client.get("/api/v1/indicators/definitions").get_json()["items"]
    usage_def = next(d for d in definitions if d["code"] == "4.5")
    assert [v["version"] for v in usage_def["versions"]] == [1, 2]


@pytest.mark.parametrize("body", [
    {"params": {"threshold": 0}},
    {"params": {"threshold": "five"}},
    {"params": {"colour": 3}},
    {"params": {}},
    {"params": {"threshold": 4}, "valid_from": "tomorrow"},
])
def test_bad_definition_changes_are_refused(client, secretariat, body):
    login(client, secretariat)
    response = client.post("/api/v1/indicators/definitions/4.5", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]
    assert client.post("/api/v1/indicators/definitions/4.2a",
                       json={"params": {"threshold": 4}}).status_code == 422
    definitions = client.get("/api/v1/indicators/definitions").get_json()["items"]
    assert all(len(d["versions"]) == 1 for d in definitions)


@pytest.mark.parametrize("query", [
    "period=2025June", "period=2025Q5", "start=2025-05-01&end=2025-04-30", "start=2025-05-01",
    "period=2025July&start=2025-01-01&end=2025-02-01", "by=continent",
])
def test_bad_periods_answer_422(client, secretariat, query):
    login(client, secretariat)
    for url in ("/api/v1/indicators", "/api/v1/indicators/4.5/members",
                "/api/v1/indicators/export"):
        response = client.get(f"{url}?{query}")
        if "by=" in query and url != "/api/v1/indicators":
            continue
        assert response.status_code == 422, url
        assert response.get_json()["error"]["code"] == "invalid"


def test_periods_other_than_years(client, network, secretariat):
    login(client, secretariat)
    quarter = figures(client.get("/api/v1/indicators?period=2025Q3").get_json())
    # Jul-Sep 2025: alpha 4, foxtrot (imported July searches + September review) 3, echo 4.
    assert quarter["4.5"] == (30.0, 3, 10)
    month = figures(client.get("/api/v1/indicators?period=202507").get_json())
    assert month["4.5"][1] == 0  # nobody reached 3 actions in July alone
    # A range that cuts July: its monthly rows (foxtrot's) are left out, raw events stay.
    part = client.get("/api/v1/indicators/4.5/members?start=2025-07-02&end=2025-09-30")
    items = {i["member"]["slug"]: i for i in part.get_json()["items"]}
    assert items["foxtrot"]["qualifying_actions"] == 1
    assert at(2025, 7, 1).date() == date(2025, 7, 1)
