"""The indicators read what the real features record: the usage log written by requests,
`flask usage import`, activities created through the API, the Secretariat's prune."""

from datetime import date

from tests.indicators.test_compute import login

PERIOD = "start=2020-01-01&end=2099-12-31"


def usage_item(client, slug):
    body = client.get(f"/api/v1/indicators/4.5/members?{PERIOD}").get_json()
    return next(i for i in body["items"] if i["member"]["slug"] == slug)


def test_actions_logged_by_requests_count_and_signing_in_does_not(app, make_member, make_user,
                                                                  secretariat):
    member_id = make_member("kenya-shield", country="KE", joined_on=date(2020, 1, 1))
    staff = make_user("member", member_id=member_id)
    user_client, admin_client = app.test_client(), app.test_client()
    login(user_client, staff)
    login(admin_client, secretariat)
    assert usage_item(admin_client, "kenya-shield")["qualifying_actions"] == 0
    for word in ("tourism", "online"):
        assert user_client.get(f"/api/v1/members?q={word}").status_code == 200
    item = usage_item(admin_client, "kenya-shield")
    assert item["qualifying_actions"] == 2 and item["counted"] is False
    user_client.get("/api/v1/resources/search?q=justice")
    assert usage_item(admin_client, "kenya-shield")["counted"] is True


def test_imported_history_and_activities(app, runner, make_member, client, secretariat,
                                         tmp_path):
    first = make_member("andes-ninez", country="PE", joined_on=date(2020, 1, 1))
    second = make_member("voix-libres", country="BJ", joined_on=date(2020, 1, 1))
    history = tmp_path / "history.csv"
    history.write_text("month,member,event_type,count\n2025-07,andes-ninez,resource_create,1\n"
                       "2025-08,andes-ninez,search,5\n2025-08,voix-libres,sign_in,9\n")
    result = runner.invoke(args=["usage", "import", str(history)])
    assert result.exit_code == 0, result.output
    login(client, secretariat)
    response = client.post("/api/v1/activities", json={
        "title": "Regional training on SECTT", "kind": "training", "themes": [],
        "starts_on": "2025-10-01", "ends_on": "2025-10-03", "mode": "in_person",
        "lead_members": [first], "participant_members": [second]})
    assert response.status_code == 201, response.get_json()
    body = client.get("/api/v1/indicators?period=2025July").get_json()
    figures = {i["code"]: (i["value"], i["numerator"], i["denominator"])
               for i in body["indicators"]}
    assert figures["4.5"] == (50.0, 1, 2)      # andes: 6 imported actions; voix: sign-ins only
    assert figures["4.2a"] == (100.0, 2, 2)
    assert figures["4.2b"] == (50.0, 1, 2)
    assert figures["4.2"] == (50.0, 1, 2)
    items = {i["member"]["slug"]: i for i in client.get(
        "/api/v1/indicators/4.2/members?period=2025July").get_json()["items"]}
    assert "led \u2018Regional training on SECTT\u2019 on 2025-10-01" in items["andes-ninez"][
        "reason"]
    assert "created 1 resource" in items["andes-ninez"]["reason"]
