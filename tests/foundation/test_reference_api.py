"""/api/v1/regions, /api/v1/countries and /healthz."""


def test_regions_are_named_in_the_request_language(client):
    items = client.get("/api/v1/regions?lang=fr").get_json()["items"]
    assert [r["code"] for r in items][:3] == ["latin-america", "north-america",
                                              "east-southern-africa"]
    mena = next(r for r in items if r["code"] == "mena")
    assert mena["name"] == "Moyen-Orient et Afrique du Nord"
    assert "EG" in mena["countries"]


def test_countries_have_localised_names_and_filter_by_region(client):
    items = client.get("/api/v1/countries?region=south-asia&lang=es").get_json()["items"]
    names = {c["code"]: c["name"] for c in items}
    assert names["IN"] == "India" and names["NP"] == "Nepal"
    assert all(c["region"] == "south-asia" for c in items)
    germany = [c for c in client.get("/api/v1/countries?lang=fr").get_json()["items"]
               if c["code"] == "DE"]
    assert germany[0]["name"] == "Allemagne"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_reports_a_failing_check(app, client):
    from hub.health import register_check

    register_check(app, "index", lambda: "index directory missing")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["problems"] == {"index": "index directory missing"}
